// lanwarden's configuration: typed values checked against one schema.
//
// The schema is a table in config.cpp, one row per option (name, type,
// default, where the value goes, a line of help).  The help of
// `lanwarden config check`, the JSON form and the defaults all come from
// that table, so adding an option is one row plus its struct member.
//
// UCI meaning, as OpenWrt's tools read it: an `option` given with an empty
// value counts as not set (the default applies); `option` on a list option
// gives its items separated by blanks (`option interface 'br-lan br-guest'`).
// Stricter than UCI: an unknown section type or option, a repeated
// `option`, or a repeated named section is an error, so that a typo never
// passes silently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "agent/core/config/uci.h"
#include "agent/core/net/ipv4.h"

namespace lw::config {

inline constexpr std::string_view kDefaultConfigPath = "/etc/config/lanwarden";

enum class LogLevel : std::uint8_t { Error, Warning, Notice, Info, Debug };
enum class BrowserMode : std::uint8_t { Monitor, Master };

std::string_view log_level_name(LogLevel level) noexcept;
std::string_view browser_mode_name(BrowserMode mode) noexcept;

/// host[:port] as configured; host is a DNS name or a dotted quad.
struct Endpoint {
    std::string host;       ///< empty: not configured
    std::uint16_t port = 0; ///< 0: the service's usual port

    bool empty() const noexcept { return host.empty(); }
    std::string to_string() const; ///< "host" or "host:port"

    friend bool operator==(const Endpoint&, const Endpoint&) = default;
};

/// Where a section came from, for messages and status.
struct Origin {
    std::string name;     ///< section name; empty when anonymous
    std::size_t line = 0; ///< 0 for a section the file does not have
};

// The members are set from the schema's defaults (default_config(),
// load_config()), not by initializers here, so each default is written once.

struct AgentConfig {
    Origin origin;
    LogLevel log_level{};
    std::string control_socket;
    std::string state_dir;
};

/// One LAN: the interfaces it spans and how the agent behaves in it.
struct BrowserConfig {
    Origin origin;
    std::vector<std::string> interfaces; ///< empty: every IPv4 interface that is up
    std::string workgroup;
    std::uint32_t max_servers{};
    bool confirm{};
    BrowserMode mode{};
    std::string netbios_name; ///< empty: default_netbios_name(host name)
    std::uint32_t os_level{};
    bool preferred_master{};
    std::string server_string;
    std::uint32_t election_storm_count{};
    std::uint32_t election_storm_minutes{};
    std::uint32_t scan_interval{}; ///< seconds; 0: no periodic scan
};

struct MailcheckConfig {
    Origin origin;
    bool enabled{};
    std::optional<net::Ipv4> ip; ///< unset: the address of wan_interface
    std::string helo;
    Endpoint smtp;
    std::string sender;
    Endpoint dns; ///< host is a dotted quad; empty: the system's resolvers
    std::string wan_interface;
    std::uint32_t interval{}; ///< seconds
    std::string maillog;      ///< empty: no log scan
};

struct ReportConfig {
    Origin origin;
    bool enabled{};
    std::string url;
    std::string ca_file;
    std::string cert_file;
    std::string key_file;
    std::vector<std::string> pin_sha256; ///< lower-case hex, 64 digits each
    std::uint32_t interval{};            ///< seconds
    std::string spool_dir;
    std::uint32_t spool_max_kb{};
    std::string agent_id; ///< empty: derived from the host
};

struct Config {
    AgentConfig agent;
    std::vector<BrowserConfig> browsers;
    MailcheckConfig mailcheck;
    ReportConfig report;
};

struct ConfigResult {
    Config config;            ///< meaningful only when ok()
    std::size_t sections = 0; ///< sections in the file
    std::vector<Diagnostic> errors;

    bool ok() const noexcept { return errors.empty(); }
};

/// The configuration without a file: every default, and one browser
/// section that watches every IPv4 interface in monitor mode.  (A file
/// without a browser section means no browser at all.)
Config default_config();

/// Checks a parsed document against the schema.
ConfigResult load_config(const UciDocument& doc, std::string_view file);

/// parse_uci() and load_config() in one step: the syntax errors and the
/// problems of the sections that could be read, in line order.
ConfigResult parse_config(std::string_view text, std::string_view file);

/// The effective configuration, keys named as the options are:
/// {"agent": {...}, "browser": [{"section": ..., ...}], "mailcheck": {...},
///  "report": {...}}.
nlohmann::json to_json(const Config& config);

/// The NetBIOS name used when netbios_name is empty: the host name up to
/// its first dot, upper-cased, cut to 15 characters.
std::string default_netbios_name(std::string_view host_name);

/// The schema as text, for help output and tests.
struct OptionInfo {
    std::string_view name;
    bool list = false;
    std::string type;          ///< "integer 0-255", "monitor|master"; a list's items
    std::string_view fallback; ///< the default as written in the file
    std::string_view help;
};

struct SectionInfo {
    std::string_view type;
    bool many = false; ///< may appear more than once
    std::string_view help;
    std::vector<OptionInfo> options;
};

std::vector<SectionInfo> schema();

/// Edit distance with transpositions (optimal string alignment), for the
/// "did you mean" hints.
std::size_t edit_distance(std::string_view a, std::string_view b);

} // namespace lw::config
