// lanwarden decode FILE.pcap [--json]
// lanwarden analyze FILE.pcap [--json]
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "agent/app/args.h"
#include "agent/app/build_info.h"
#include "agent/app/cli.h"
#include "agent/app/status_text.h"
#include "agent/app/verb_config.h"
#include "agent/app/verbs.h"
#include "agent/core/capture/capture.h"
#include "agent/core/config/config.h"
#include "platform/linux/files.h"

namespace lw::app {

namespace {

// A router's tcpdump capture of browsing is kilobytes; this is a limit for
// a wrong file, not for a real capture.
constexpr std::size_t kMaxCaptureBytes = 256u * 1024 * 1024;

constexpr const char* kDecodeHelp =
    "usage: lanwarden decode FILE.pcap [--json]\n"
    "\n"
    "Prints every NetBIOS packet of a capture (UDP 137 name service, UDP 138\n"
    "datagram service with its browser frame), one line each; a malformed\n"
    "packet is marked MALFORMED with the layer, error and byte offset.  Other\n"
    "packets are skipped and counted.  Take the capture with\n"
    "  tcpdump -i br-lan -w FILE.pcap udp port 137 or udp port 138\n"
    "(classic pcap; in Wireshark save as 'pcap', not pcapng).\n"
    "\n"
    "  --json    one JSON object per packet, one per line\n"
    "\n"
    "Exit codes: 0 decoded (malformed packets included), 2 usage, 3 the file\n"
    "cannot be read or is not a pcap file.\n";

constexpr const char* kAnalyzeHelp =
    "usage: lanwarden analyze FILE.pcap [--json] [-c FILE]\n"
    "\n"
    "Runs a capture through the same browse model as the daemon, on the\n"
    "capture's own timestamps, and prints what the daemon would have said at\n"
    "its last packet: workgroups, master browsers, servers, elections and\n"
    "findings.  No daemon is needed.\n"
    "\n"
    "  --json             the status JSON (the shape of 'lanwarden status --json')\n"
    "  -c, --config FILE  take max_servers and the election storm limits from\n"
    "                     the first browser section of FILE\n"
    "\n"
    "Exit codes: 0 analysed, 2 usage, 3 the file cannot be read or is not pcap.\n";

struct CaptureArgs {
    std::string file;
    bool json = false;
    std::optional<std::string> config;
};

/// Parses FILE [--json] [-c FILE]; returns an exit code when done early.
std::optional<int> parse(std::string_view verb, VerbArgs argv, const char* help, bool config_ok,
                         CaptureArgs& out) {
    Args args(argv);
    while (!args.done()) {
        if (args.flag({"-h", "--help"})) {
            std::fputs(help, stdout);
            return kExitOk;
        }
        if (args.flag({"--json", "-j"})) {
            out.json = true;
            continue;
        }
        if (config_ok) {
            if (auto c = args.value({"-c", "--config"})) {
                out.config = *c;
                continue;
            }
        }
        auto p = args.positional();
        if (p && out.file.empty()) {
            out.file = *p;
            continue;
        }
        return verb_usage_error(verb, args.error().empty() ? args.unknown() : args.error());
    }
    if (out.file.empty()) {
        return verb_usage_error(verb, "say which capture to read: lanwarden " + std::string(verb) +
                                          " FILE.pcap");
    }
    return std::nullopt;
}

bool read_capture(std::string_view verb, const std::string& path, std::string& bytes) {
    if (!platform::read_file_limited(path, kMaxCaptureBytes, bytes)) {
        std::fprintf(stderr, "lanwarden %.*s: %s: %s\n", static_cast<int>(verb.size()), verb.data(),
                     path.c_str(), errno == EFBIG ? "larger than 256 MiB" : std::strerror(errno));
        return false;
    }
    return true;
}

int file_error(std::string_view verb, const std::string& path, const wire::ParseError& e) {
    std::string why = e.code == wire::Errc::Unsupported && e.offset == 0
                          ? "pcapng is not supported; save the capture as classic pcap "
                            "(tcpdump -w, or tshark/Wireshark with -F pcap)"
                          : std::string("not a readable pcap file: ") +
                                std::string(wire::errc_name(e.code)) + " at byte " +
                                std::to_string(e.offset);
    std::fprintf(stderr, "lanwarden %.*s: %s: %s\n", static_cast<int>(verb.size()), verb.data(),
                 path.c_str(), why.c_str());
    return kExitRuntime;
}

} // namespace

int verb_decode(VerbArgs argv) {
    CaptureArgs a;
    if (auto done = parse("decode", argv, kDecodeHelp, false, a)) {
        return *done;
    }
    std::string bytes;
    if (!read_capture("decode", a.file, bytes)) {
        return kExitRuntime;
    }
    wire::Bytes file(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    auto stats = capture::decode(file, [&](const capture::Packet& p) {
        if (a.json) {
            std::printf("%s\n", capture::packet_json(p)
                                    .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                                    .c_str());
        } else {
            std::printf("%s\n", capture::packet_line(p).c_str());
        }
    });
    if (!stats.ok()) {
        std::fflush(stdout);
        return file_error("decode", a.file, stats.error());
    }
    if (!a.json) {
        std::printf("%zu records: %zu NetBIOS packets (%zu malformed), %zu other packets "
                    "skipped\n",
                    stats->records, stats->netbios, stats->malformed, stats->skipped);
    }
    return kExitOk;
}

int verb_analyze(VerbArgs argv) {
    CaptureArgs a;
    if (auto done = parse("analyze", argv, kAnalyzeHelp, true, a)) {
        return *done;
    }
    browse::Limits limits;
    if (a.config) {
        ConfigFile cf = load_config_file(*a.config);
        if (!cf.result.ok()) {
            for (const auto& e : cf.result.errors) {
                std::fprintf(stderr, "lanwarden analyze: %s\n", e.to_string().c_str());
            }
            return kExitUsage;
        }
        if (!cf.result.config.browsers.empty()) {
            const config::BrowserConfig& b = cf.result.config.browsers.front();
            limits.max_servers = b.max_servers;
            limits.election_storm_count = b.election_storm_count;
            limits.election_storm_minutes = b.election_storm_minutes;
        }
    }
    std::string bytes;
    if (!read_capture("analyze", a.file, bytes)) {
        return kExitRuntime;
    }
    wire::Bytes file(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    auto analysis = capture::analyze(file, limits);
    if (!analysis.ok()) {
        return file_error("analyze", a.file, analysis.error());
    }
    nlohmann::json status = capture::analysis_json(*analysis, a.file, kVersion);
    if (a.json) {
        std::printf("%s\n",
                    status.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    } else {
        std::fputs(status_text(status).c_str(), stdout);
    }
    return kExitOk;
}

} // namespace lw::app
