// lanwarden run [-c FILE] [-f] [--log-level LEVEL] [--socket PATH]
#include <cstdio>

#include "agent/app/args.h"
#include "agent/app/cli.h"
#include "agent/app/daemon.h"
#include "agent/app/verbs.h"
#include "agent/core/config/config.h"

namespace lw::app {

namespace {

constexpr const char* kHelp =
    "usage: lanwarden run [-c FILE] [-f] [--log-level LEVEL] [--socket PATH]\n"
    "\n"
    "Runs the daemon: listens to NetBIOS name and browser traffic (UDP 137\n"
    "and 138) on the configured LAN interfaces, keeps each workgroup's master\n"
    "browser, servers and elections, and answers 'lanwarden status' on its\n"
    "control socket.  Monitor mode sends nothing unless 'option confirm' is on.\n"
    "\n"
    "  -c, --config FILE    configuration in UCI syntax (default\n"
    "                       /etc/config/lanwarden; when that file is missing\n"
    "                       the defaults apply: every IPv4 interface, monitor)\n"
    "  -f, --foreground     log to stderr instead of syslog\n"
    "  --log-level LEVEL    error, warning, notice, info or debug\n"
    "                       (overrides 'option log_level')\n"
    "  --socket PATH        control socket (overrides 'option control_socket')\n"
    "\n"
    "Signals: SIGHUP reloads the configuration, SIGTERM and SIGINT stop.\n"
    "Check a configuration first with 'lanwarden config check -c FILE'.\n";

} // namespace

int verb_usage_error(std::string_view verb, const std::string& message) {
    std::fprintf(stderr, "lanwarden %.*s: %s\nTry 'lanwarden %.*s --help'.\n",
                 static_cast<int>(verb.size()), verb.data(), message.c_str(),
                 static_cast<int>(verb.size()), verb.data());
    return kExitUsage;
}

int verb_run(VerbArgs argv) {
    RunOptions opt;
    opt.config_path = std::string(config::kDefaultConfigPath);
    Args args(argv);
    while (!args.done()) {
        if (args.flag({"-h", "--help"})) {
            std::fputs(kHelp, stdout);
            return kExitOk;
        }
        if (args.flag({"-f", "--foreground"})) {
            opt.foreground = true;
        } else if (auto v = args.value({"-c", "--config"})) {
            opt.config_path = *v;
            opt.config_given = true;
        } else if (auto level = args.value({"--log-level"})) {
            platform::Level l;
            if (!platform::parse_level(*level, l)) {
                return verb_usage_error("run", "--log-level: '" + *level +
                                                   "' is not error, warning, notice, info or "
                                                   "debug");
            }
            opt.log_level = l;
        } else if (auto sock = args.value({"--socket"})) {
            opt.control_socket = *sock;
        } else {
            return verb_usage_error("run", args.error().empty() ? args.unknown() : args.error());
        }
    }
    return run_daemon(opt);
}

} // namespace lw::app
