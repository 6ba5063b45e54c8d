// Fuzzes the pcap file reader and, through it, the frame decoder: every
// record it returns must lie inside the input, in order, and a UDP payload
// must lie inside its record's captured bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <functional>

#include "agent/core/pcap/reader.h"

namespace {

bool inside(lw::wire::Bytes part, lw::wire::Bytes whole) {
    // Compare addresses through std::less so that unrelated pointers are
    // ordered too.
    std::less<const std::uint8_t*> before;
    return part.empty() || (!before(part.data(), whole.data()) &&
                            !before(whole.data() + whole.size(), part.data() + part.size()));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    lw::wire::Bytes file(data, size);
    auto reader = lw::pcap::Reader::open(file);
    if (!reader.ok()) {
        return 0;
    }
    std::size_t last_offset = 0;
    for (std::size_t n = 1;; ++n) {
        auto next = reader->next();
        if (!next.ok()) {
            // An error names a place in the file.
            if (next.error().offset > size) {
                std::abort();
            }
            return 0;
        }
        if (!next->has_value()) {
            return 0;
        }
        const lw::pcap::Record& r = **next;
        if (r.number != n || r.offset < last_offset + (n > 1 ? 16 : 0) || !inside(r.data, file) ||
            r.ts_nsec >= 1000000000u || r.data.size() > lw::pcap::kMaxCaplen) {
            std::abort();
        }
        if (r.udp.has_value() != (r.skip == lw::pcap::Skip::None)) {
            std::abort();
        }
        if (r.udp && !inside(r.udp->payload, r.data)) {
            std::abort();
        }
        (void)r.time();
        last_offset = r.offset;
    }
}
