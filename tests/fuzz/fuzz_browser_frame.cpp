// Fuzzes the browser frame and LANMAN announcement decoders with the same
// input.  Whatever decodes must re-encode and decode to the same frame,
// and its summary and JSON must build.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "agent/core/browser/frames.h"

namespace {

template <class T, class Decode, class Encode>
void round_trip(const T& value, Decode decode, Encode encode) {
    auto encoded = encode(value);
    if (!encoded) {
        std::abort();
    }
    auto back = decode(lw::wire::Bytes(*encoded), 0);
    if (!back.ok() || !(*back == value)) {
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    lw::wire::Bytes bytes(data, size);

    auto frame = lw::browser::decode_frame(bytes);
    if (frame.ok()) {
        (void)lw::browser::summary(*frame);
        (void)lw::browser::to_json(*frame).dump();
        round_trip(*frame, lw::browser::decode_frame,
                   [](const lw::browser::Frame& f) { return lw::browser::encode_frame(f); });
    }

    auto lanman = lw::browser::decode_lanman(bytes);
    if (lanman.ok()) {
        (void)lw::browser::summary(*lanman);
        (void)lw::browser::to_json(*lanman).dump();
        round_trip(
            *lanman, lw::browser::decode_lanman,
            [](const lw::browser::LanmanAnnouncement& a) { return lw::browser::encode_lanman(a); });
    }
    return 0;
}
