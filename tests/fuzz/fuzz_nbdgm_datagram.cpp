// Fuzzes the datagram decoder and the composed browse decoder.  A datagram
// that decodes must re-encode and decode to the same datagram (names are
// written in full, so only DGM_LENGTH and the user data's position may
// change), and the summaries and JSON must build.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "agent/core/browser/browse_datagram.h"
#include "agent/core/nbdgm/datagram.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    lw::wire::Bytes bytes(data, size);

    auto browse = lw::browser::decode_browse_datagram(bytes);
    (void)lw::browser::summary(browse);
    (void)lw::browser::to_json(browse).dump();

    auto d = lw::nbdgm::decode_datagram(bytes);
    if (!d.ok()) {
        return 0;
    }
    (void)lw::nbdgm::summary(*d);
    (void)lw::nbdgm::to_json(*d).dump();

    auto encoded = lw::nbdgm::encode_datagram(*d);
    if (!encoded) {
        std::abort();
    }
    auto back = lw::nbdgm::decode_datagram(*encoded);
    if (!back.ok()) {
        std::abort();
    }
    lw::nbdgm::Datagram expect = *d;
    expect.dgm_length = back->dgm_length;
    expect.user_data_offset = back->user_data_offset;
    if (!(*back == expect)) {
        std::abort();
    }
    if (lw::nbdgm::carries_data(back->type) &&
        back->dgm_length != encoded->size() - lw::nbdgm::kDataHeaderSize) {
        std::abort();
    }
    return 0;
}
