// Fuzzes the configuration reader: UCI syntax, then the schema.  Any bytes
// must give a result without crashing; a file that parses must come back
// the same through format_uci(), and every error must point at a line of
// the input.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "agent/core/config/config.h"
#include "agent/core/config/uci.h"

namespace {

lw::config::UciDocument without_lines(lw::config::UciDocument doc) {
    for (auto& s : doc.sections) {
        s.line = 0;
        for (auto& o : s.options) {
            o.line = 0;
        }
    }
    return doc;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // The bytes as text, the way the app reads a file.
    const std::string text(data, data + size);
    const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;

    const lw::config::UciParse parsed = lw::config::parse_uci(text, "fuzz");
    if (parsed.errors.size() > lw::config::kMaxUciErrors + 1) {
        std::abort();
    }
    for (const auto& e : parsed.errors) {
        if (e.line == 0 || e.line > lines || e.message.empty()) {
            std::abort();
        }
    }
    if (parsed.ok()) {
        const lw::config::UciParse again =
            lw::config::parse_uci(lw::config::format_uci(parsed.document), "again");
        if (!again.ok() || without_lines(again.document) != without_lines(parsed.document)) {
            std::abort();
        }
    }

    const lw::config::ConfigResult r = lw::config::load_config(parsed.document, "fuzz");
    if (r.ok()) {
        (void)lw::config::to_json(r.config).dump(-1, ' ', false,
                                                 nlohmann::json::error_handler_t::replace);
    }
    return 0;
}
