#include "agent/app/verb_config.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include <nlohmann/json.hpp>

#include "agent/app/cli.h"
#include "platform/linux/files.h"

namespace lw::app {

namespace {

constexpr char kUsage[] = "usage: lanwarden config check [-c FILE] [--json]\n";

std::string help_text() {
    std::string out = kUsage;
    out += "\n"
           "Checks the configuration file: its UCI syntax and every value.  Prints\n"
           "\"FILE: OK (N sections)\", or each problem as FILE:LINE: message.\n"
           "Exit code 0 when the file is valid, 2 when it is not or cannot be read.\n"
           "\n"
           "  -c, --config FILE  the file to check (default ";
    out += config::kDefaultConfigPath;
    out += ")\n"
           "  --json             print the result and the effective configuration\n"
           "                     as JSON on stdout\n"
           "\n"
           "The file has OpenWrt's UCI syntax:  config TYPE ['NAME'], then\n"
           "option NAME 'VALUE' and list NAME 'ITEM' lines.  An empty option value\n"
           "means the default.  Sections, options, types and defaults:\n";
    for (const config::SectionInfo& s : config::schema()) {
        out += "\nconfig ";
        out += s.type;
        out += ": ";
        out += s.help;
        out += s.many ? " (any number)\n" : " (at most one)\n";
        for (const config::OptionInfo& o : s.options) {
            std::string line = o.list ? "  list " : "  option ";
            line += o.name;
            line.resize(std::max<std::size_t>(line.size() + 1, 33), ' ');
            line += o.type;
            if (!o.fallback.empty()) {
                line += ", default '";
                line += o.fallback;
                line += "'";
            }
            out += line;
            out += "\n      ";
            out += o.help;
            out += "\n";
        }
    }
    return out;
}

int usage_error(const std::string& message) {
    std::fprintf(stderr, "lanwarden: config: %s\n%s", message.c_str(), kUsage);
    return kExitUsage;
}

int check(const std::string& path, bool json) {
    const ConfigFile file = load_config_file(path);
    const config::ConfigResult& r = file.result;
    for (const config::Diagnostic& d : r.errors) {
        std::fprintf(stderr, "%s\n", d.to_string().c_str());
    }
    if (json) {
        nlohmann::json out = {{"file", path}, {"valid", r.ok()}};
        if (r.ok()) {
            out["sections"] = r.sections;
            out["config"] = config::to_json(r.config);
        } else {
            nlohmann::json errors = nlohmann::json::array();
            for (const config::Diagnostic& d : r.errors) {
                errors.push_back({{"line", d.line}, {"message", d.message}});
            }
            out["errors"] = std::move(errors);
        }
        // Replace, not throw, on bytes that are not UTF-8 (they can come
        // from the file into a message).
        std::printf("%s\n",
                    out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    } else if (r.ok()) {
        std::printf("%s: OK (%zu section%s)\n", path.c_str(), r.sections,
                    r.sections == 1 ? "" : "s");
    }
    return r.ok() ? kExitOk : kExitUsage;
}

} // namespace

ConfigFile load_config_file(const std::string& path) {
    ConfigFile out;
    std::string text;
    if (!platform::read_file_limited(path, kMaxConfigBytes, text)) {
        out.read_errno = errno;
        const std::string why =
            errno == EFBIG ? "larger than 1 MiB, not a configuration file" : std::strerror(errno);
        out.result.errors.push_back({path, 0, "cannot read: " + why});
        return out;
    }
    out.result = config::parse_config(text, path);
    return out;
}

int verb_config(std::span<const std::string_view> args) {
    if (args.empty()) {
        return usage_error("say what to do: 'lanwarden config check'");
    }
    if (args[0] == "--help" || args[0] == "-h") {
        std::fputs(help_text().c_str(), stdout);
        return kExitOk;
    }
    if (args[0] != "check") {
        return usage_error("unknown command '" + std::string(args[0]) + "'");
    }

    std::string path(config::kDefaultConfigPath);
    bool json = false;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string_view a = args[i];
        if (a == "--help" || a == "-h") {
            std::fputs(help_text().c_str(), stdout);
            return kExitOk;
        }
        if (a == "--json") {
            json = true;
        } else if (a == "-c" || a == "--config") {
            if (i + 1 == args.size()) {
                return usage_error(std::string(a) + " needs a file name");
            }
            path = std::string(args[++i]);
        } else if (a.starts_with("--config=")) {
            path = std::string(a.substr(9));
        } else if (a.starts_with("-")) {
            return usage_error("unknown option '" + std::string(a) + "'");
        } else {
            return usage_error("unexpected argument '" + std::string(a) + "'");
        }
    }
    return check(path, json);
}

} // namespace lw::app
