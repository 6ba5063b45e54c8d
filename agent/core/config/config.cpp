#include "agent/core/config/config.h"

#include <algorithm>
#include <array>
#include <map>
#include <span>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>

#include <nlohmann/json.hpp>

namespace lw::config {

namespace {

// ---- value types ---------------------------------------------------------

enum class Kind : std::uint8_t {
    Text,     // any text without control characters, max = length limit
    Token,    // text without blanks (a HELO name, a sender): judged later
    Bool,     // 1/0 yes/no on/off true/false enabled/disabled
    UInt,     // decimal, min..max
    Choice,   // one of choices
    Ipv4,     // dotted quad
    HostPort, // host name or dotted quad, optional :port
    AddrPort, // dotted quad, optional :port
    Path,     // absolute path
    Url,      // https://host[:port][/path]
    NbName,   // NetBIOS name: 1-15 characters
    Ident,    // letters, digits, '.', '_', '-'
    IfName,   // a Linux interface or netifd name
    Pin,      // SHA-256 as 64 hex digits or 44 base64 characters
};

struct Type {
    Kind kind;
    std::uint32_t min = 0;
    std::uint32_t max = 0;
    std::span<const std::string_view> choices{};
};

constexpr Type text(std::uint32_t max_chars = 0) {
    return {Kind::Text, 0, max_chars};
}
constexpr Type token() {
    return {Kind::Token, 0, 255};
}
constexpr Type boolean() {
    return {Kind::Bool};
}
constexpr Type uint_in(std::uint32_t lo, std::uint32_t hi) {
    return {Kind::UInt, lo, hi};
}
constexpr Type choice(std::span<const std::string_view> c) {
    return {Kind::Choice, 0, 0, c};
}
constexpr Type of(Kind kind) {
    return {kind};
}

constexpr std::string_view kLogLevels[] = {"error", "warning", "notice", "info", "debug"};
constexpr std::string_view kModes[] = {"monitor", "master"};
static_assert(std::size(kLogLevels) == static_cast<std::size_t>(LogLevel::Debug) + 1);
static_assert(std::size(kModes) == static_cast<std::size_t>(BrowserMode::Master) + 1);

/// Index into Type::choices (a type of its own: size_t is uint32_t on
/// 32-bit targets).
struct ChoiceIndex {
    std::size_t index;
};

using Value = std::variant<std::string, bool, std::uint32_t, ChoiceIndex, Endpoint, net::Ipv4>;

/// A checked value, or what is wrong with the text.
struct Checked {
    std::optional<Value> value;
    std::string problem;
};

// ---- the schema ------------------------------------------------------------

template <class S>
using Field =
    std::variant<std::string S::*, bool S::*, std::uint32_t S::*, std::vector<std::string> S::*,
                 Endpoint S::*, std::optional<net::Ipv4> S::*, LogLevel S::*, BrowserMode S::*>;

template <class S> struct Row {
    std::string_view name;
    Type type;
    std::string_view fallback; ///< default, as the file would write it
    Field<S> field;
    std::string_view help;
};

template <class S> struct Table {
    std::string_view type;
    bool many;
    std::string_view help;
    std::span<const Row<S>> rows;
    S& (*add)(Config&);                       ///< the struct a new section fills
    std::span<const S> (*all)(const Config&); ///< every section of this type
};

using A = AgentConfig;
const Row<A> kAgentRows[] = {
    {"log_level", choice(kLogLevels), "notice", &A::log_level,
     "least severe message that is logged"},
    {"control_socket", of(Kind::Path), "/var/run/lanwarden.sock", &A::control_socket,
     "Unix socket that 'lanwarden status' asks"},
    {"state_dir", of(Kind::Path), "/var/lib/lanwarden", &A::state_dir,
     "where state is kept across restarts"},
};

using B = BrowserConfig;
const Row<B> kBrowserRows[] = {
    {"interface", of(Kind::IfName), "", &B::interfaces,
     "LAN interfaces; none: every IPv4 interface that is up"},
    {"workgroup", of(Kind::NbName), "WORKGROUP", &B::workgroup,
     "workgroup (or domain) browsed on this LAN"},
    {"max_servers", uint_in(1, 65536), "1024", &B::max_servers, "most servers kept on this LAN"},
    {"confirm", boolean(), "0", &B::confirm,
     "ask for each workgroup's master browser every 5 minutes; off: listen only"},
    {"mode", choice(kModes), "monitor", &B::mode,
     "monitor: only watch; master: become the master browser"},
    {"netbios_name", of(Kind::NbName), "", &B::netbios_name,
     "our NetBIOS name; empty: the host name, upper-cased"},
    {"os_level", uint_in(0, 255), "20", &B::os_level,
     "OS level in elections (Samba's default is 20)"},
    {"preferred_master", boolean(), "0", &B::preferred_master,
     "claim to be the preferred master in elections"},
    {"server_string", text(43), "lanwarden", &B::server_string,
     "comment in our host announcements"},
    {"election_storm_count", uint_in(2, 1000), "5", &B::election_storm_count,
     "elections within election_storm_minutes that make a storm"},
    {"election_storm_minutes", uint_in(1, 1440), "10", &B::election_storm_minutes,
     "window of election_storm_count"},
    {"scan_interval", uint_in(0, 604800), "0", &B::scan_interval,
     "seconds between node status scans of the LAN; 0: none"},
};

using M = MailcheckConfig;
const Row<M> kMailcheckRows[] = {
    {"enabled", boolean(), "0", &M::enabled, "check the mail set-up periodically"},
    {"ip", of(Kind::Ipv4), "", &M::ip, "sending address; empty: the address of wan_interface"},
    {"helo", token(), "", &M::helo, "HELO name the mail server announces"},
    {"smtp", of(Kind::HostPort), "", &M::smtp, "mail server to talk to, host[:port]"},
    {"sender", token(), "", &M::sender, "envelope sender whose domain is checked"},
    {"dns", of(Kind::AddrPort), "", &M::dns, "resolver to ask, IPv4[:port]; empty: the system's"},
    {"wan_interface", of(Kind::IfName), "wan", &M::wan_interface,
     "interface whose address sends the mail"},
    {"interval", uint_in(60, 604800), "21600", &M::interval, "seconds between checks"},
    {"maillog", of(Kind::Path), "", &M::maillog, "Postfix log to scan for rejects; empty: none"},
};

using R = ReportConfig;
const Row<R> kReportRows[] = {
    {"enabled", boolean(), "0", &R::enabled, "send findings to the collector"},
    {"url", of(Kind::Url), "", &R::url, "collector, https://host[:port]/path"},
    {"ca_file", of(Kind::Path), "", &R::ca_file,
     "CA certificates the collector's certificate must chain to"},
    {"cert_file", of(Kind::Path), "", &R::cert_file, "client certificate (mutual TLS)"},
    {"key_file", of(Kind::Path), "", &R::key_file, "private key of cert_file"},
    {"pin_sha256", of(Kind::Pin), "", &R::pin_sha256,
     "SHA-256 of the collector's public key (SPKI); two for a key change"},
    {"interval", uint_in(10, 86400), "300", &R::interval, "seconds between status reports"},
    {"spool_dir", of(Kind::Path), "/var/lib/lanwarden/spool", &R::spool_dir,
     "where reports wait until the collector has them"},
    {"spool_max_kb", uint_in(16, 65536), "256", &R::spool_max_kb,
     "spool size limit in KiB; the oldest reports go first"},
    {"agent_id", of(Kind::Ident), "", &R::agent_id,
     "this agent's name in reports; empty: derived from the host"},
};

template <class S> std::span<const S> one(const S& s) {
    return {&s, 1};
}

const auto kTables = std::tuple{
    Table<A>{"agent", false, "the daemon itself", kAgentRows,
             [](Config& c) -> A& { return c.agent; }, [](const Config& c) { return one(c.agent); }},
    Table<B>{"browser", true, "one LAN: NetBIOS browsing on its interfaces", kBrowserRows,
             [](Config& c) -> B& { return c.browsers.emplace_back(); },
             [](const Config& c) { return std::span<const B>(c.browsers); }},
    Table<M>{"mailcheck", false, "the check of the mail server's DNS set-up", kMailcheckRows,
             [](Config& c) -> M& { return c.mailcheck; },
             [](const Config& c) { return one(c.mailcheck); }},
    Table<R>{"report", false, "sending findings to a collector over TLS", kReportRows,
             [](Config& c) -> R& { return c.report; },
             [](const Config& c) { return one(c.report); }},
};

template <class F> void for_each_table(F&& f) {
    std::apply([&](const auto&... table) { (f(table), ...); }, kTables);
}

template <class S> bool is_list(const Row<S>& row) {
    return std::holds_alternative<std::vector<std::string> S::*>(row.field);
}

// ---- checking values --------------------------------------------------------

std::string in_quotes(std::string_view s) {
    constexpr std::size_t kShown = 100;
    std::string out = "'";
    out.append(s.substr(0, kShown));
    if (s.size() > kShown) {
        out += "...";
    }
    out += '\'';
    return out;
}

bool has_control(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && c != '\t') || u == 0x7f;
    });
}

bool has_blank(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
    });
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

std::optional<std::uint32_t> parse_uint(std::string_view s) {
    if (s.empty() || s.size() > 10) {
        return std::nullopt;
    }
    std::uint64_t v = 0;
    for (char c : s) {
        if (!is_digit(c)) {
            return std::nullopt;
        }
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (v > 0xffffffffu) {
        return std::nullopt;
    }
    return static_cast<std::uint32_t>(v);
}

// RFC 1123 host name: dot-separated labels of letters, digits and '-',
// no label starting or ending with '-'.  A name of digits and dots only
// must be a dotted quad.
bool valid_host_name(std::string_view s) {
    if (s.empty() || s.size() > 253) {
        return false;
    }
    bool numeric = true;
    std::size_t label = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        if (i == s.size() || s[i] == '.') {
            if (label == 0 || label > 63 || s[i - 1] == '-' || s[i - label] == '-') {
                return false;
            }
            label = 0;
            continue;
        }
        if (!is_alpha(s[i]) && !is_digit(s[i]) && s[i] != '-') {
            return false;
        }
        numeric = numeric && is_digit(s[i]);
        ++label;
    }
    return !numeric || net::Ipv4::parse(s).has_value();
}

/// host[:port] into e; the problem when it is not one.
std::string parse_endpoint(std::string_view s, bool address_only, Endpoint& e) {
    const std::string what = address_only ? "IPv4[:port]" : "host[:port]";
    const std::size_t colon = s.find(':');
    if (colon != std::string_view::npos && s.find(':', colon + 1) != std::string_view::npos) {
        // TODO(lanwarden): accept [IPv6]:port once the resolver and SMTP
        // client speak IPv6; a dual-stack mail host cannot be named by
        // address until then.
        return in_quotes(s) + " is not " + what + " (IPv6 addresses are not supported yet)";
    }
    const std::string_view host = s.substr(0, colon);
    if (colon != std::string_view::npos) {
        const auto port = parse_uint(s.substr(colon + 1));
        if (!port || *port == 0 || *port > 65535) {
            return in_quotes(s) + " has no valid port (1 to 65535)";
        }
        e.port = static_cast<std::uint16_t>(*port);
    }
    if (address_only ? !net::Ipv4::parse(host) : !valid_host_name(host)) {
        return in_quotes(s) + " is not " + what;
    }
    e.host = std::string(host);
    return "";
}

std::string check_url(std::string_view s) {
    constexpr std::string_view kScheme = "https://";
    std::string lower(s.substr(0, kScheme.size()));
    std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    });
    if (lower != kScheme) {
        return in_quotes(s) + " is not an https:// URL";
    }
    if (has_blank(s)) {
        return in_quotes(s) + " contains a blank";
    }
    const std::string_view rest = s.substr(kScheme.size());
    const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
    Endpoint e;
    if (authority.find('@') != std::string_view::npos ||
        !parse_endpoint(authority, false, e).empty()) {
        return in_quotes(s) + " has no valid host[:port] after https://";
    }
    return "";
}

int base64_digit(char c) {
    if (is_alpha(c)) {
        return c <= 'Z' ? c - 'A' : c - 'a' + 26;
    }
    if (is_digit(c)) {
        return c - '0' + 52;
    }
    return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/// A SHA-256 pin as 64 lower-case hex digits, from hex or from base64
/// (with or without curl's "sha256//" prefix).
std::optional<std::string> parse_pin(std::string_view s) {
    constexpr char kHex[] = "0123456789abcdef";
    if (s.starts_with("sha256//")) {
        s.remove_prefix(8);
    }
    std::string hex;
    if (s.size() == 64) {
        for (char c : s) {
            const char l = c >= 'A' && c <= 'F' ? static_cast<char>(c - 'A' + 'a') : c;
            if (!is_digit(l) && !(l >= 'a' && l <= 'f')) {
                return std::nullopt;
            }
            hex += l;
        }
        return hex;
    }
    // 32 bytes are 43 base64 digits and one '=': 258 bits, the last two 0.
    if (s.size() != 44 || s[43] != '=') {
        return std::nullopt;
    }
    std::uint32_t bits = 0;
    int have = 0;
    for (char c : s.substr(0, 43)) {
        const int d = base64_digit(c);
        if (d < 0) {
            return std::nullopt;
        }
        bits = bits << 6 | static_cast<std::uint32_t>(d);
        have += 6;
        if (have >= 8) {
            have -= 8;
            const auto byte = (bits >> have) & 0xffu;
            hex += kHex[byte >> 4];
            hex += kHex[byte & 0xf];
        }
    }
    if ((bits & ((1u << have) - 1)) != 0) {
        return std::nullopt;
    }
    return hex;
}

bool valid_if_name(std::string_view s) {
    // Linux: 1-15 bytes, not "." or "..", no '/', ':' or blank.
    return !s.empty() && s.size() <= 15 && s != "." && s != ".." && !has_blank(s) &&
           s.find_first_of("/:") == std::string_view::npos;
}

std::string type_text(const Type& t) {
    switch (t.kind) {
    case Kind::Text: return t.max ? "text (" + std::to_string(t.max) + " chars)" : "text";
    case Kind::Token: return "word (no blanks)";
    case Kind::Bool: return "boolean";
    case Kind::UInt: return "integer " + std::to_string(t.min) + "-" + std::to_string(t.max);
    case Kind::Choice: {
        std::string out;
        for (std::string_view c : t.choices) {
            out += out.empty() ? "" : "|";
            out += c;
        }
        return out;
    }
    case Kind::Ipv4: return "IPv4 address";
    case Kind::HostPort: return "host[:port]";
    case Kind::AddrPort: return "IPv4[:port]";
    case Kind::Path: return "absolute path";
    case Kind::Url: return "https:// URL";
    case Kind::NbName: return "NetBIOS name (15 chars)";
    case Kind::Ident: return "name of letters, digits, '.', '_', '-'";
    case Kind::IfName: return "interface name";
    case Kind::Pin: return "SHA-256, 64 hex digits or base64";
    }
    return "";
}

Checked fail(std::string problem) {
    return {std::nullopt, std::move(problem)};
}

Checked check(const Type& t, std::string_view s) {
    if (has_control(s)) {
        return fail(in_quotes(s) + " contains a control character");
    }
    switch (t.kind) {
    case Kind::Text:
        if (t.max != 0 && s.size() > t.max) {
            return fail(in_quotes(s) + " is longer than " + std::to_string(t.max) + " characters");
        }
        return {std::string(s), ""};
    case Kind::Token:
        if (has_blank(s) || s.size() > t.max) {
            return fail(in_quotes(s) + " is not one word of at most " + std::to_string(t.max) +
                        " characters");
        }
        return {std::string(s), ""};
    case Kind::Bool:
        // The words OpenWrt's config_get_bool understands.
        for (std::string_view yes : {"1", "yes", "on", "true", "enabled"}) {
            if (s == yes) {
                return {true, ""};
            }
        }
        for (std::string_view no : {"0", "no", "off", "false", "disabled"}) {
            if (s == no) {
                return {false, ""};
            }
        }
        return fail(in_quotes(s) + " is not a boolean (1/0, yes/no, on/off, true/false)");
    case Kind::UInt: {
        const auto v = parse_uint(s);
        if (!v || *v < t.min || *v > t.max) {
            return fail(in_quotes(s) + " is not an integer from " + std::to_string(t.min) + " to " +
                        std::to_string(t.max));
        }
        return {*v, ""};
    }
    case Kind::Choice:
        for (std::size_t i = 0; i < t.choices.size(); ++i) {
            if (s == t.choices[i]) {
                return {ChoiceIndex{i}, ""};
            }
        }
        return fail(in_quotes(s) + " is not one of " + type_text(t));
    case Kind::Ipv4:
        if (auto a = net::Ipv4::parse(s)) {
            return {*a, ""};
        }
        return fail(in_quotes(s) + " is not an IPv4 address");
    case Kind::HostPort:
    case Kind::AddrPort: {
        Endpoint e;
        std::string problem = parse_endpoint(s, t.kind == Kind::AddrPort, e);
        if (!problem.empty()) {
            return fail(std::move(problem));
        }
        return {std::move(e), ""};
    }
    case Kind::Path:
        if (!s.starts_with('/')) {
            return fail(in_quotes(s) + " is not an absolute path");
        }
        return {std::string(s), ""};
    case Kind::Url: {
        std::string problem = check_url(s);
        if (!problem.empty()) {
            return fail(std::move(problem));
        }
        return {std::string(s), ""};
    }
    case Kind::NbName: {
        if (s.size() > 15) {
            return fail(in_quotes(s) + " is longer than 15 characters");
        }
        // Characters Windows refuses in computer and workgroup names.
        const std::size_t bad = s.find_first_of("\\/:*?\"<>|");
        if (bad != std::string_view::npos) {
            return fail(in_quotes(s) + " contains '" + std::string(1, s[bad]) +
                        "', which NetBIOS names may not contain");
        }
        if (std::any_of(s.begin(), s.end(), [](char c) { return (c & 0x80) != 0; })) {
            return fail(in_quotes(s) + " is not ASCII");
        }
        return {std::string(s), ""};
    }
    case Kind::Ident:
        if (s.empty() || s.size() > 64 || !std::all_of(s.begin(), s.end(), [](char c) {
                return is_alpha(c) || is_digit(c) || c == '.' || c == '_' || c == '-';
            })) {
            return fail(in_quotes(s) + " is not 1 to 64 letters, digits, '.', '_' or '-'");
        }
        return {std::string(s), ""};
    case Kind::IfName:
        if (!valid_if_name(s)) {
            return fail(in_quotes(s) + " is not an interface name (1 to 15 characters, no '/', ':' "
                                       "or blanks)");
        }
        return {std::string(s), ""};
    case Kind::Pin:
        if (auto hex = parse_pin(s)) {
            return {std::move(*hex), ""};
        }
        return fail(in_quotes(s) + " is not a SHA-256 pin (64 hex digits or 44 base64 characters)");
    }
    return fail("unknown type");
}

/// Stores a checked value in the member the row names; a list gets one
/// more item.  False when the row's type does not fit its member (a bug
/// in the table, which the unit tests would show).
template <class S> bool assign(S& s, const Field<S>& field, Value value) {
    return std::visit(
        [&](auto member) -> bool {
            using T = std::remove_reference_t<decltype(s.*member)>;
            if constexpr (std::is_same_v<T, std::vector<std::string>>) {
                if (auto* v = std::get_if<std::string>(&value)) {
                    (s.*member).push_back(std::move(*v));
                    return true;
                }
            } else if constexpr (std::is_enum_v<T>) {
                if (auto* v = std::get_if<ChoiceIndex>(&value)) {
                    s.*member = static_cast<T>(v->index);
                    return true;
                }
            } else if constexpr (std::is_same_v<T, std::optional<net::Ipv4>>) {
                if (auto* v = std::get_if<net::Ipv4>(&value)) {
                    s.*member = *v;
                    return true;
                }
            } else {
                if (auto* v = std::get_if<T>(&value)) {
                    s.*member = std::move(*v);
                    return true;
                }
            }
            return false;
        },
        field);
}

template <class S> void apply_defaults(const Table<S>& table, S& s) {
    for (const Row<S>& row : table.rows) {
        if (row.fallback.empty()) {
            continue; // members start empty, false or unset
        }
        Checked c = check(row.type, row.fallback);
        if (c.value) {
            assign(s, row.field, std::move(*c.value));
        }
    }
}

template <class S> nlohmann::json section_json(const Table<S>& table, const S& s) {
    nlohmann::json out = nlohmann::json::object();
    if (table.many) {
        out["section"] =
            s.origin.name.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.origin.name);
    }
    for (const Row<S>& row : table.rows) {
        out[std::string(row.name)] = std::visit(
            [&](auto member) -> nlohmann::json {
                const auto& v = s.*member;
                using T = std::remove_cvref_t<decltype(v)>;
                if constexpr (std::is_enum_v<T>) {
                    return row.type.choices[static_cast<std::size_t>(v)];
                } else if constexpr (std::is_same_v<T, std::optional<net::Ipv4>>) {
                    return v ? nlohmann::json(v->to_string()) : nlohmann::json(nullptr);
                } else if constexpr (std::is_same_v<T, Endpoint>) {
                    return v.empty() ? nlohmann::json(nullptr) : nlohmann::json(v.to_string());
                } else {
                    return v;
                }
            },
            row.field);
    }
    return out;
}

// ---- checking a document ---------------------------------------------------

/// Threshold for a "did you mean": one edit for short names, a third of
/// the length for longer ones.
std::string_view closest(std::string_view word, std::span<const std::string_view> known) {
    const std::size_t limit = std::max<std::size_t>(1, word.size() / 3);
    std::string_view best;
    std::size_t best_distance = limit + 1;
    for (std::string_view k : known) {
        const std::size_t d = edit_distance(word, k);
        if (d < best_distance) {
            best = k;
            best_distance = d;
        }
    }
    return best;
}

std::string section_label(const UciSection& s) {
    std::string out = "config " + s.type;
    if (!s.name.empty()) {
        out += " '" + s.name + "'";
    }
    return out;
}

class Loader {
  public:
    Loader(std::string_view file, ConfigResult& out) : file_(file), out_(out) {}

    void start() {
        for_each_table([&](const auto& table) {
            if (!table.many) {
                apply_defaults(table, table.add(out_.config));
            }
        });
    }

    void section(const UciSection& s) {
        bool known = false;
        for_each_table([&](const auto& table) {
            if (table.type == s.type) {
                known = true;
                load(table, s);
            }
        });
        if (!known) {
            std::vector<std::string_view> types;
            for_each_table([&](const auto& table) { types.push_back(table.type); });
            const std::string_view hint = closest(s.type, types);
            error(s.line, "unknown section type " + in_quotes(s.type) +
                              (hint.empty() ? " (known: agent, browser, mailcheck, report)"
                                            : ", did you mean '" + std::string(hint) + "'?"));
        }
    }

    /// Rules that span options or sections; only worth saying when each
    /// value on its own is right.
    void finish() {
        if (!out_.errors.empty()) {
            return;
        }
        const ReportConfig& r = out_.config.report;
        if (r.enabled && r.url.empty()) {
            error(r.origin.line, "config report: enabled, but option 'url' is not set");
        }
        if (r.cert_file.empty() != r.key_file.empty()) {
            error(r.origin.line, "config report: option 'cert_file' and option 'key_file' "
                                 "go together, but only one is set");
        }
        check_browser_interfaces();
        // TODO(lanwarden): once the mail check lands, require what it cannot
        // run without when enabled (a HELO name or an SMTP server to ask);
        // until then an enabled check with nothing to check passes here.
    }

  private:
    template <class S> void load(const Table<S>& table, const UciSection& sec) {
        const std::string key = std::string(table.type) + "\n" + sec.name;
        if (!table.many || !sec.name.empty()) {
            auto [it, fresh] =
                first_section_line_.try_emplace(table.many ? key : sec.type, sec.line);
            if (!fresh) {
                error(sec.line,
                      table.many ? section_label(sec) + " is defined twice (first on line " +
                                       std::to_string(it->second) + ")"
                                 : "config " + sec.type + " may appear only once (first on line " +
                                       std::to_string(it->second) + ")");
                return;
            }
        }
        S& s = table.add(out_.config);
        if (table.many) {
            apply_defaults(table, s);
        }
        s.origin = {sec.name, sec.line};

        std::map<std::string, const UciOption*, std::less<>> seen;
        for (const UciOption& o : sec.options) {
            const Row<S>* row = find_row(table, o.name);
            if (row == nullptr) {
                unknown_option(table, sec, o);
                continue;
            }
            const UciOption* first = nullptr;
            if (auto it = seen.find(o.name); it != seen.end()) {
                first = it->second;
            } else {
                seen.emplace(o.name, &o);
            }
            option(*row, sec, o, first, s);
        }
    }

    template <class S>
    void option(const Row<S>& row, const UciSection& sec, const UciOption& o,
                const UciOption* first, S& s) {
        const std::string where = std::string(o.is_list ? "list " : "option ") + in_quotes(o.name) +
                                  " in " + section_label(sec);
        if (!is_list(row)) {
            if (o.is_list) {
                error(o.line,
                      where + " takes one value: write 'option " + o.name + "', not 'list'");
            } else if (first != nullptr) {
                error(o.line,
                      where + " is set twice (first on line " + std::to_string(first->line) + ")");
            } else if (!o.value.empty()) { // empty: not set, as in UCI
                store(row, where, o, o.value, s);
            }
            return;
        }

        // A list: `list` lines add items, or one `option` gives them all.
        if (first != nullptr && (!o.is_list || !first->is_list)) {
            error(o.line, where + " repeats " + (first->is_list ? "list" : "option") + " on line " +
                              std::to_string(first->line) +
                              " (use either one option or list lines)");
            return;
        }
        if (first == nullptr) { // the file's items replace the default ones
            (s.*std::get<std::vector<std::string> S::*>(row.field)).clear();
        }
        if (o.is_list) {
            store(row, where, o, o.value, s);
            return;
        }
        std::string_view rest = o.value;
        while (!rest.empty()) {
            const std::size_t start = rest.find_first_not_of(" \t");
            if (start == std::string_view::npos) {
                break;
            }
            rest.remove_prefix(start);
            const std::size_t end = std::min(rest.find_first_of(" \t"), rest.size());
            store(row, where, o, rest.substr(0, end), s);
            rest.remove_prefix(end);
        }
    }

    template <class S>
    void store(const Row<S>& row, const std::string& where, const UciOption& o,
               std::string_view value, S& s) {
        Checked c = check(row.type, value);
        if (!c.value) {
            error(o.line, where + ": " + c.problem);
        } else if (!assign(s, row.field, std::move(*c.value))) {
            error(o.line, where + ": internal error: the schema's type does not fit");
        }
    }

    template <class S> const Row<S>* find_row(const Table<S>& table, std::string_view name) {
        for (const Row<S>& row : table.rows) {
            if (row.name == name) {
                return &row;
            }
        }
        return nullptr;
    }

    template <class S>
    void unknown_option(const Table<S>& table, const UciSection& sec, const UciOption& o) {
        std::vector<std::string_view> names;
        for (const Row<S>& row : table.rows) {
            names.push_back(row.name);
        }
        std::string message = std::string("unknown ") + (o.is_list ? "list " : "option ") +
                              in_quotes(o.name) + " in " + section_label(sec);
        const std::string_view hint = closest(o.name, names);
        if (!hint.empty()) {
            message += ", did you mean '" + std::string(hint) + "'?";
        } else {
            // Known elsewhere: say where it belongs.
            for_each_table([&](const auto& other) {
                if (other.type != table.type && find_row(other, o.name) != nullptr) {
                    message += " (it belongs in config " + std::string(other.type) + ")";
                }
            });
        }
        error(o.line, std::move(message));
    }

    // Each interface belongs to one LAN, and a section without interfaces
    // takes them all.
    void check_browser_interfaces() {
        const auto& browsers = out_.config.browsers;
        std::map<std::string, const BrowserConfig*, std::less<>> owner;
        for (const BrowserConfig& b : browsers) {
            const std::string label =
                b.origin.name.empty() ? "config browser" : "config browser '" + b.origin.name + "'";
            if (b.interfaces.empty() && browsers.size() > 1) {
                error(b.origin.line, label + " has no list 'interface', so it takes every "
                                             "interface and must be the only config browser");
            }
            for (const std::string& name : b.interfaces) {
                auto [it, fresh] = owner.try_emplace(name, &b);
                if (!fresh) {
                    error(b.origin.line, label + ": interface " + in_quotes(name) +
                                             " is already in the config browser on line " +
                                             std::to_string(it->second->origin.line));
                }
            }
        }
    }

    void error(std::size_t line, std::string message) {
        out_.errors.push_back({std::string(file_), line, std::move(message)});
    }

    std::string_view file_;
    ConfigResult& out_;
    std::map<std::string, std::size_t, std::less<>> first_section_line_;
};

} // namespace

std::string_view log_level_name(LogLevel level) noexcept {
    return kLogLevels[static_cast<std::size_t>(level)];
}

std::string_view browser_mode_name(BrowserMode mode) noexcept {
    return kModes[static_cast<std::size_t>(mode)];
}

std::string Endpoint::to_string() const {
    return port == 0 ? host : host + ":" + std::to_string(port);
}

Config default_config() {
    Config config;
    for_each_table([&](const auto& table) { apply_defaults(table, table.add(config)); });
    return config;
}

ConfigResult load_config(const UciDocument& doc, std::string_view file) {
    ConfigResult out;
    out.sections = doc.sections.size();
    Loader loader(file, out);
    loader.start();
    for (const UciSection& s : doc.sections) {
        loader.section(s);
    }
    loader.finish();
    return out;
}

ConfigResult parse_config(std::string_view text, std::string_view file) {
    UciParse parsed = parse_uci(text, file);
    ConfigResult out = load_config(parsed.document, file);
    if (!parsed.ok()) {
        // The sections that were read are still checked: all problems in
        // one go, in the order of the file.
        parsed.errors.insert(parsed.errors.end(), out.errors.begin(), out.errors.end());
        out.errors = std::move(parsed.errors);
        std::stable_sort(out.errors.begin(), out.errors.end(),
                         [](const Diagnostic& a, const Diagnostic& b) { return a.line < b.line; });
    }
    return out;
}

nlohmann::json to_json(const Config& config) {
    nlohmann::json out = nlohmann::json::object();
    for_each_table([&](const auto& table) {
        const auto sections = table.all(config);
        if (!table.many) {
            out[std::string(table.type)] = section_json(table, sections.front());
            return;
        }
        nlohmann::json list = nlohmann::json::array();
        for (const auto& s : sections) {
            list.push_back(section_json(table, s));
        }
        out[std::string(table.type)] = std::move(list);
    });
    return out;
}

std::string default_netbios_name(std::string_view host_name) {
    std::string out(host_name.substr(0, std::min(host_name.find('.'), std::size_t{15})));
    for (char& c : out) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 'a' + 'A');
        }
    }
    return out;
}

std::vector<SectionInfo> schema() {
    std::vector<SectionInfo> out;
    for_each_table([&](const auto& table) {
        SectionInfo info{table.type, table.many, table.help, {}};
        for (const auto& row : table.rows) {
            const bool list = is_list(row);
            info.options.push_back({row.name, list, type_text(row.type), row.fallback, row.help});
        }
        out.push_back(std::move(info));
    });
    return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    // Three rows of the usual table are enough with transpositions.
    std::vector<std::size_t> before(b.size() + 1);
    std::vector<std::size_t> prev(b.size() + 1);
    std::vector<std::size_t> cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        prev[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                cur[j] = std::min(cur[j], before[j - 2] + 1);
            }
        }
        std::swap(before, prev);
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

} // namespace lw::config
