// Fuzzes the maillog line parser and the grouper behind it.  A line that
// parses as a reject must carry a client address and a reply text, and
// its reply must be part of the line.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "agent/core/mailcheck/maillog.h"
#include "agent/core/mailcheck/reject_groups.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string bytes(data, data + size);
    std::string_view text = bytes;
    lw::mailcheck::RejectGroups groups;
    // Each input line on its own, as the maillog verb reads a file.
    while (true) {
        std::size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        auto p = lw::mailcheck::parse_maillog_line(line);
        if (p.kind == lw::mailcheck::LineKind::Reject) {
            const auto& r = *p.reject;
            if (r.client_addr.empty() || r.text.empty() ||
                line.find(r.text) == std::string_view::npos) {
                std::abort();
            }
            (void)r.time.epoch();
        }
        groups.add_line(line);
        if (nl == std::string_view::npos) {
            break;
        }
        text.remove_prefix(nl + 1);
    }
    (void)groups.to_json().dump();
    return 0;
}
