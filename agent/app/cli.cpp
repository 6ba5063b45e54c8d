#include "agent/app/cli.h"

#include <cstdio>
#include <string>

#include "agent/app/build_info.h"
#include "agent/app/verb_config.h"
#include "agent/app/verbs.h"
#include "agent/io/versions.h"

namespace lw::app {

namespace {

struct Verb {
    std::string_view name;
    std::string_view summary;
    int (*run)(std::span<const std::string_view> args);
};

int verb_version(std::span<const std::string_view> args);
int verb_help(std::span<const std::string_view> args);

constexpr Verb kVerbs[] = {
    {"run", "run the daemon (listens to NetBIOS browsing on the LAN)", verb_run},
    {"status", "ask the running daemon what it knows", verb_status},
    {"analyze", "run a pcap capture through the browse model, as the daemon would", verb_analyze},
    {"decode", "print every NetBIOS packet of a pcap capture", verb_decode},
    {"config", "check the configuration file", verb_config},
    {"version", "print the versions of lanwarden and its libraries", verb_version},
    {"help", "print this text", verb_help},
};

void print_usage(std::FILE* out) {
    std::fprintf(out, "usage: lanwarden VERB [OPTIONS] [ARGS]\n"
                      "\n"
                      "lanwarden watches NetBIOS browsing on a LAN and checks a mail\n"
                      "server's DNS set-up the way a receiving Postfix would.\n"
                      "\n"
                      "verbs:\n");
    for (const Verb& v : kVerbs) {
        std::fprintf(out, "  %-10.*s %.*s\n", static_cast<int>(v.name.size()), v.name.data(),
                     static_cast<int>(v.summary.size()), v.summary.data());
    }
    std::fprintf(out, "\n"
                      "Run 'lanwarden VERB --help' for the options of a verb.\n"
                      "Exit codes: 0 success, 1 problems found, 2 usage or configuration\n"
                      "error, 3 runtime failure.\n");
}

/// True when args hold only --help/-h; prints the verb's help to stdout.
bool wants_help(std::span<const std::string_view> args, const char* help) {
    if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
        std::fputs(help, stdout);
        return true;
    }
    return false;
}

int usage_error(const std::string& message) {
    std::fprintf(stderr, "lanwarden: %s\n\n", message.c_str());
    print_usage(stderr);
    return kExitUsage;
}

int verb_version(std::span<const std::string_view> args) {
    if (wants_help(args, "usage: lanwarden version\n\n"
                         "Prints the version of lanwarden and of the libuv, mbedTLS and\n"
                         "c-ares libraries it runs with.\n")) {
        return kExitOk;
    }
    if (!args.empty()) {
        return usage_error("version: unexpected argument '" + std::string(args[0]) + "'");
    }
    std::printf("lanwarden %s\n%s\n", kVersion, io::library_versions().c_str());
    return kExitOk;
}

int verb_help(std::span<const std::string_view> args) {
    if (!args.empty()) {
        for (const Verb& v : kVerbs) {
            if (v.name == args[0]) {
                const std::string_view help[] = {"--help"};
                return v.run(std::span<const std::string_view>(help));
            }
        }
        return usage_error("help: unknown verb '" + std::string(args[0]) + "'");
    }
    print_usage(stdout);
    return kExitOk;
}

} // namespace

int run_cli(std::span<const std::string_view> args) {
    if (args.empty()) {
        return usage_error("no verb given");
    }
    std::string_view verb = args[0];
    if (verb == "--help" || verb == "-h") {
        print_usage(stdout);
        return kExitOk;
    }
    if (verb == "--version" || verb == "-V") {
        return verb_version({});
    }
    for (const Verb& v : kVerbs) {
        if (v.name == verb) {
            return v.run(args.subspan(1));
        }
    }
    if (verb.starts_with("-")) {
        return usage_error("unknown option '" + std::string(verb) + "'");
    }
    return usage_error("unknown verb '" + std::string(verb) + "'");
}

} // namespace lw::app
