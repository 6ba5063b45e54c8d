// lanwarden status [--json] [--socket PATH] [-c FILE]
#include <cerrno>
#include <cstdio>
#include <string>

#include "agent/app/args.h"
#include "agent/app/cli.h"
#include "agent/app/status_text.h"
#include "agent/app/verb_config.h"
#include "agent/app/verbs.h"
#include "agent/io/control_server.h"

namespace lw::app {

namespace {

constexpr const char* kHelp =
    "usage: lanwarden status [--json] [--socket PATH] [-c FILE]\n"
    "\n"
    "Asks the running daemon what it knows: each workgroup's master browser,\n"
    "its servers and elections, and the findings that explain what is wrong.\n"
    "\n"
    "  --json               the daemon's answer as JSON (keys in README)\n"
    "  --socket PATH        the daemon's control socket (default: from the\n"
    "                       configuration, else /var/run/lanwarden.sock)\n"
    "  -c, --config FILE    configuration to take the socket path from\n"
    "                       (default /etc/config/lanwarden)\n"
    "\n"
    "Exit codes: 0 answered, 3 no daemon answered.\n";

} // namespace

int verb_status(VerbArgs argv) {
    bool json = false;
    std::optional<std::string> socket;
    std::string config_path(config::kDefaultConfigPath);
    bool config_given = false;
    Args args(argv);
    while (!args.done()) {
        if (args.flag({"-h", "--help"})) {
            std::fputs(kHelp, stdout);
            return kExitOk;
        }
        if (args.flag({"--json", "-j"})) {
            json = true;
        } else if (auto s = args.value({"--socket"})) {
            socket = *s;
        } else if (auto c = args.value({"-c", "--config"})) {
            config_path = *c;
            config_given = true;
        } else {
            return verb_usage_error("status", args.error().empty() ? args.unknown() : args.error());
        }
    }
    if (!socket) {
        ConfigFile file = load_config_file(config_path);
        config::ConfigResult& r = file.result;
        if (file.read_errno == ENOENT && !config_given) {
            r = config::ConfigResult{config::default_config(), 0, {}};
        }
        if (!r.ok()) {
            for (const auto& e : r.errors) {
                std::fprintf(stderr, "lanwarden status: %s\n", e.to_string().c_str());
            }
            return kExitUsage;
        }
        socket = r.config.agent.control_socket;
    }

    nlohmann::json answer;
    std::string error;
    if (!io::control_request(*socket, {{"method", "status"}}, answer, error)) {
        std::fprintf(stderr, "lanwarden status: %s\n", error.c_str());
        return kExitRuntime;
    }
    if (answer.contains("error")) {
        std::fprintf(stderr, "lanwarden status: the daemon says: %s\n",
                     answer["error"].dump().c_str());
        return kExitRuntime;
    }
    if (json) {
        std::printf("%s\n", answer.dump(2).c_str());
    } else {
        std::fputs(status_text(answer).c_str(), stdout);
    }
    return kExitOk;
}

} // namespace lw::app
