#include "agent/core/wire/result.h"

namespace lw::wire {

std::string_view errc_name(Errc code) noexcept {
    switch (code) {
    case Errc::Truncated: return "truncated";
    case Errc::BadLength: return "bad_length";
    case Errc::BadLabel: return "bad_label";
    case Errc::BadPointer: return "bad_pointer";
    case Errc::PointerLoop: return "pointer_loop";
    case Errc::NameTooLong: return "name_too_long";
    case Errc::BadName: return "bad_name";
    case Errc::BadValue: return "bad_value";
    case Errc::Unsupported: return "unsupported";
    case Errc::NoSpace: return "no_space";
    }
    return "unknown";
}

} // namespace lw::wire
