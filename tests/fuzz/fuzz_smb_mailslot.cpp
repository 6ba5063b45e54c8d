// Fuzzes the mailslot write decoder.  A write that decodes must re-encode
// and decode to the same write, and the frame it found must lie inside the
// input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "agent/core/smb/mailslot.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto m = lw::smb::decode_mailslot({data, size});
    if (!m.ok()) {
        return 0;
    }
    if (m->data_position > size || m->data.size() > size - m->data_position) {
        std::abort();
    }
    (void)lw::smb::summary(*m);
    (void)lw::smb::to_json(*m).dump();

    auto encoded = lw::smb::encode_mailslot(*m);
    if (!encoded) {
        std::abort();
    }
    auto back = lw::smb::decode_mailslot(*encoded);
    if (!back.ok() || !(*back == *m)) {
        std::abort();
    }
    return 0;
}
