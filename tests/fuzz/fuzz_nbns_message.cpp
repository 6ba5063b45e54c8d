// Fuzzes the name service message decoder.  A message that decodes must
// encode (with full names, so it may grow), decode again to the same
// content, and re-encode to the same bytes; its summary and JSON must build.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "agent/core/nbns/describe.h"
#include "agent/core/nbns/message.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto msg = lw::nbns::decode_message({data, size});
    if (!msg.ok()) {
        if (msg.error().offset > size) {
            std::abort();
        }
        return 0;
    }
    (void)lw::nbns::summary(*msg);
    (void)lw::nbns::to_json(*msg).dump();

    std::vector<std::uint8_t> bytes = lw::nbns::encode_message(*msg);
    if (bytes.size() != lw::nbns::encoded_size(*msg)) {
        std::abort();
    }
    auto back = lw::nbns::decode_message(bytes);
    if (!back.ok() || back->trailing != 0 || !lw::nbns::same_content(*back, *msg)) {
        std::abort();
    }
    if (lw::nbns::encode_message(*back) != bytes) {
        std::abort();
    }
    return 0;
}
