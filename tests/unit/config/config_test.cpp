#include "agent/core/config/config.h"

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace lw::config;

namespace {

ConfigResult load(std::string_view text) {
    return parse_config(text, "lanwarden.conf");
}

/// The configuration of a file that must be valid.
Config valid(std::string_view text) {
    ConfigResult r = load(text);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.errors.front().to_string()));
    return r.config;
}

std::vector<std::string> errors_of(std::string_view text) {
    std::vector<std::string> out;
    for (const auto& e : load(text).errors) {
        out.push_back(e.to_string());
    }
    return out;
}

std::string only_error(std::string_view text) {
    const auto errors = errors_of(text);
    REQUIRE_MESSAGE(errors.size() == 1,
                    "errors: " << errors.size() << (errors.empty() ? "" : ", first: " + errors[0]));
    return errors[0];
}

/// The problem reported for `option NAME 'VALUE'` in a section of type.
std::string problem(std::string_view type, std::string_view name, std::string_view value) {
    const std::string text = "config " + std::string(type) + "\n\toption " + std::string(name) +
                             " '" + std::string(value) + "'\n";
    const std::string prefix = "lanwarden.conf:2: option '" + std::string(name) + "' in config " +
                               std::string(type) + ": ";
    const std::string e = only_error(text);
    REQUIRE(e.starts_with(prefix));
    return e.substr(prefix.size());
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read " << path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

const std::string kShippedConfig = LW_TEST_DATA_DIR "/../../openwrt/files/lanwarden.config";

} // namespace

TEST_SUITE("config.config") {

    TEST_CASE("without a file every default applies and one browser watches every interface") {
        const Config c = default_config();
        CHECK(c.agent.log_level == LogLevel::Notice);
        CHECK(c.agent.control_socket == "/var/run/lanwarden.sock");
        CHECK(c.agent.state_dir == "/var/lib/lanwarden");

        REQUIRE(c.browsers.size() == 1);
        const BrowserConfig& b = c.browsers[0];
        CHECK(b.interfaces.empty());
        CHECK(b.workgroup == "WORKGROUP");
        CHECK(b.max_servers == 1024);
        CHECK_FALSE(b.confirm);
        CHECK(b.mode == BrowserMode::Monitor);
        CHECK(b.netbios_name.empty());
        CHECK(b.os_level == 20);
        CHECK_FALSE(b.preferred_master);
        CHECK(b.server_string == "lanwarden");
        CHECK(b.election_storm_count == 5);
        CHECK(b.election_storm_minutes == 10);
        CHECK(b.scan_interval == 0);

        const MailcheckConfig& m = c.mailcheck;
        CHECK_FALSE(m.enabled);
        CHECK_FALSE(m.ip.has_value());
        CHECK(m.helo.empty());
        CHECK(m.smtp.empty());
        CHECK(m.sender.empty());
        CHECK(m.dns.empty());
        CHECK(m.wan_interface == "wan");
        CHECK(m.interval == 21600);
        CHECK(m.maillog.empty());

        const ReportConfig& r = c.report;
        CHECK_FALSE(r.enabled);
        CHECK(r.url.empty());
        CHECK(r.ca_file.empty());
        CHECK(r.cert_file.empty());
        CHECK(r.key_file.empty());
        CHECK(r.pin_sha256.empty());
        CHECK(r.interval == 300);
        CHECK(r.spool_dir == "/var/lib/lanwarden/spool");
        CHECK(r.spool_max_kb == 256);
        CHECK(r.agent_id.empty());
    }

    TEST_CASE("an empty file has the defaults but no browser") {
        const ConfigResult r = load("# nothing here\n");
        REQUIRE(r.ok());
        CHECK(r.sections == 0);
        CHECK(r.config.browsers.empty());
        CHECK(r.config.agent.state_dir == "/var/lib/lanwarden");
        CHECK(r.config.report.interval == 300);
    }

    TEST_CASE("every option of a full file lands in its member") {
        const ConfigResult r = load(R"(
config agent 'main'
	option log_level 'debug'
	option control_socket '/tmp/lw.sock'
	option state_dir '/tmp/lw'

config browser 'lan'
	list interface 'br-lan'
	list interface 'eth1'
	option workgroup 'OFFICE'
	option max_servers '65536'
	option confirm 'yes'
	option mode 'master'
	option netbios_name 'ROUTER'
	option os_level '255'
	option preferred_master 'on'
	option server_string 'Router in the hall'
	option election_storm_count '7'
	option election_storm_minutes '30'
	option scan_interval '3600'

config browser 'guest'
	option interface 'br-guest'

config mailcheck
	option enabled '1'
	option ip '192.0.2.25'
	option helo 'mail.example.net'
	option smtp 'mail.example.net:587'
	option sender 'postmaster@example.net'
	option dns '192.0.2.53:5353'
	option wan_interface 'wan6'
	option interval '3600'
	option maillog '/var/log/mail.log'

config report
	option enabled 'true'
	option url 'https://collector.example.net:8443/v1/reports'
	option ca_file '/etc/lanwarden/ca.pem'
	option cert_file '/etc/lanwarden/agent.crt'
	option key_file '/etc/lanwarden/agent.key'
	list pin_sha256 '0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef'
	option interval '60'
	option spool_dir '/mnt/usb/spool'
	option spool_max_kb '1024'
	option agent_id 'router-7.hall'
)");
        REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.errors[0].to_string()));
        CHECK(r.sections == 5);
        const Config& c = r.config;
        CHECK(c.agent.log_level == LogLevel::Debug);
        CHECK(c.agent.origin.name == "main");
        CHECK(c.agent.origin.line == 2);
        CHECK(c.agent.control_socket == "/tmp/lw.sock");
        CHECK(c.agent.state_dir == "/tmp/lw");

        REQUIRE(c.browsers.size() == 2);
        const BrowserConfig& b = c.browsers[0];
        CHECK(b.origin.name == "lan");
        CHECK(b.interfaces == std::vector<std::string>{"br-lan", "eth1"});
        CHECK(b.workgroup == "OFFICE");
        CHECK(b.max_servers == 65536);
        CHECK(b.confirm);
        CHECK(b.mode == BrowserMode::Master);
        CHECK(b.netbios_name == "ROUTER");
        CHECK(b.os_level == 255);
        CHECK(b.preferred_master);
        CHECK(b.server_string == "Router in the hall");
        CHECK(b.election_storm_count == 7);
        CHECK(b.election_storm_minutes == 30);
        CHECK(b.scan_interval == 3600);
        CHECK(c.browsers[1].interfaces == std::vector<std::string>{"br-guest"});
        CHECK(c.browsers[1].workgroup == "WORKGROUP"); // defaults per section

        const MailcheckConfig& m = c.mailcheck;
        CHECK(m.enabled);
        REQUIRE(m.ip.has_value());
        CHECK(m.ip->to_string() == "192.0.2.25");
        CHECK(m.helo == "mail.example.net");
        CHECK(m.smtp == Endpoint{"mail.example.net", 587});
        CHECK(m.sender == "postmaster@example.net");
        CHECK(m.dns == Endpoint{"192.0.2.53", 5353});
        CHECK(m.wan_interface == "wan6");
        CHECK(m.interval == 3600);
        CHECK(m.maillog == "/var/log/mail.log");

        const ReportConfig& rp = c.report;
        CHECK(rp.enabled);
        CHECK(rp.url == "https://collector.example.net:8443/v1/reports");
        CHECK(rp.ca_file == "/etc/lanwarden/ca.pem");
        CHECK(rp.cert_file == "/etc/lanwarden/agent.crt");
        CHECK(rp.key_file == "/etc/lanwarden/agent.key");
        CHECK(rp.pin_sha256 ==
              std::vector<std::string>{
                  "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"});
        CHECK(rp.interval == 60);
        CHECK(rp.spool_dir == "/mnt/usb/spool");
        CHECK(rp.spool_max_kb == 1024);
        CHECK(rp.agent_id == "router-7.hall");
    }

    TEST_CASE("a value error names file, line, option, section and the rule") {
        CHECK(only_error("config agent\n\n\n\nconfig browser\n\toption workgroup HOME\n"
                         "\toption os_level '300'\n") ==
              "lanwarden.conf:7: option 'os_level' in config browser: '300' is not an integer "
              "from 0 to 255");
        CHECK(only_error("config browser 'lan'\n\toption os_level '-1'\n") ==
              "lanwarden.conf:2: option 'os_level' in config browser 'lan': '-1' is not an "
              "integer from 0 to 255");
        CHECK(only_error("config browser\n\tlist interface 'a/b'\n") ==
              "lanwarden.conf:2: list 'interface' in config browser: 'a/b' is not an interface "
              "name (1 to 15 characters, no '/', ':' or blanks)");
    }

    TEST_CASE("booleans take the words OpenWrt's config_get_bool takes") {
        for (const char* yes : {"1", "yes", "on", "true", "enabled"}) {
            CAPTURE(yes);
            CHECK(valid(std::string("config browser\noption confirm ") + yes).browsers[0].confirm);
        }
        for (const char* no : {"0", "no", "off", "false", "disabled"}) {
            CAPTURE(no);
            CHECK_FALSE(
                valid(std::string("config browser\noption confirm ") + no).browsers[0].confirm);
        }
        for (const char* bad : {"2", "YES", "True", "y", "maybe", " 1"}) {
            CAPTURE(bad);
            CHECK(problem("browser", "confirm", bad) ==
                  "'" + std::string(bad) + "' is not a boolean (1/0, yes/no, on/off, true/false)");
        }
    }

    TEST_CASE("integers are plain decimals inside their range") {
        CHECK(valid("config browser\noption os_level 0").browsers[0].os_level == 0);
        CHECK(valid("config browser\noption os_level 255").browsers[0].os_level == 255);
        CHECK(valid("config browser\noption os_level 007").browsers[0].os_level == 7);
        CHECK(valid("config browser\noption max_servers 1").browsers[0].max_servers == 1);
        for (const char* bad : {"256", "-1", "+5", "1e2", "0x10", "20 ", "4294967296",
                                "99999999999999999999", "twenty"}) {
            CAPTURE(bad);
            CHECK(problem("browser", "os_level", bad) ==
                  "'" + std::string(bad) + "' is not an integer from 0 to 255");
        }
        CHECK(problem("browser", "max_servers", "0") == "'0' is not an integer from 1 to 65536");
        CHECK(problem("browser", "max_servers", "65537") ==
              "'65537' is not an integer from 1 to 65536");
    }

    TEST_CASE("choices are one of their words, lower-case") {
        CHECK(valid("config agent\noption log_level error").agent.log_level == LogLevel::Error);
        CHECK(valid("config agent\noption log_level warning").agent.log_level == LogLevel::Warning);
        CHECK(valid("config agent\noption log_level info").agent.log_level == LogLevel::Info);
        CHECK(problem("agent", "log_level", "DEBUG") ==
              "'DEBUG' is not one of error|warning|notice|info|debug");
        CHECK(problem("browser", "mode", "slave") == "'slave' is not one of monitor|master");
    }

    TEST_CASE("IPv4 addresses, hosts and ports") {
        CHECK(problem("mailcheck", "ip", "192.0.2") == "'192.0.2' is not an IPv4 address");
        CHECK(problem("mailcheck", "ip", "mail.example.net") ==
              "'mail.example.net' is not an IPv4 address");

        CHECK(valid("config mailcheck\noption smtp 192.0.2.25").mailcheck.smtp ==
              Endpoint{"192.0.2.25", 0});
        CHECK(valid("config mailcheck\noption smtp mx-1.example.net:25").mailcheck.smtp ==
              Endpoint{"mx-1.example.net", 25});
        CHECK(problem("mailcheck", "smtp", "mx:0") == "'mx:0' has no valid port (1 to 65535)");
        CHECK(problem("mailcheck", "smtp", "mx:65536") ==
              "'mx:65536' has no valid port (1 to 65535)");
        CHECK(problem("mailcheck", "smtp", "mx:") == "'mx:' has no valid port (1 to 65535)");
        for (const char* bad : {"-mx.example.net", "mx-.example.net", "mx..example.net",
                                "mx_1.example.net", "999.1.1.1", ":25", "a b"}) {
            CAPTURE(bad);
            CHECK(problem("mailcheck", "smtp", bad) ==
                  "'" + std::string(bad) + "' is not host[:port]");
        }
        CHECK(problem("mailcheck", "smtp", "2001:db8::1") ==
              "'2001:db8::1' is not host[:port] (IPv6 addresses are not supported yet)");

        CHECK(valid("config mailcheck\noption dns 192.0.2.53").mailcheck.dns ==
              Endpoint{"192.0.2.53", 0});
        CHECK(problem("mailcheck", "dns", "dns.example.net:53") ==
              "'dns.example.net:53' is not IPv4[:port]");
    }

    TEST_CASE("paths are absolute, URLs are https") {
        CHECK(problem("agent", "state_dir", "var/lib") == "'var/lib' is not an absolute path");
        CHECK(problem("mailcheck", "maillog", "mail.log") == "'mail.log' is not an absolute path");

        CHECK(valid("config report\noption url HTTPS://c.example.net").report.url ==
              "HTTPS://c.example.net");
        CHECK(valid("config report\noption url https://192.0.2.9:8443/in?x=1").report.url ==
              "https://192.0.2.9:8443/in?x=1");
        CHECK(problem("report", "url", "http://c.example.net/") ==
              "'http://c.example.net/' is not an https:// URL");
        CHECK(problem("report", "url", "https://") ==
              "'https://' has no valid host[:port] after https://");
        CHECK(problem("report", "url", "https://user@c.example.net/") ==
              "'https://user@c.example.net/' has no valid host[:port] after https://");
        CHECK(problem("report", "url", "https://c.example.net/a b") ==
              "'https://c.example.net/a b' contains a blank");
    }

    TEST_CASE("NetBIOS names: at most 15 characters, none that Windows refuses") {
        CHECK(valid("config browser\noption workgroup 'MY GROUP'").browsers[0].workgroup ==
              "MY GROUP");
        CHECK(valid("config browser\noption workgroup 'FIFTEEN-CHARS-X'").browsers[0].workgroup ==
              "FIFTEEN-CHARS-X");
        CHECK(problem("browser", "workgroup", "SIXTEEN-CHARS-XY") ==
              "'SIXTEEN-CHARS-XY' is longer than 15 characters");
        CHECK(problem("browser", "netbios_name", "A*B") ==
              "'A*B' contains '*', which NetBIOS names may not contain");
        CHECK(problem("browser", "workgroup", "BÜRO") == "'BÜRO' is not ASCII");
    }

    TEST_CASE("text, words, identifiers and interface names") {
        CHECK(problem("browser", "server_string", std::string(44, 'x')) ==
              "'" + std::string(44, 'x') + "' is longer than 43 characters");
        CHECK(valid("config browser\noption server_string '" + std::string(43, 'x') + "'")
                  .browsers[0]
                  .server_string.size() == 43);
        CHECK(problem("mailcheck", "helo", "mail server") ==
              "'mail server' is not one word of at most 255 characters");
        // The HELO name is what the check judges, so a bad one is accepted.
        CHECK(valid("config mailcheck\noption helo mailsrv02").mailcheck.helo == "mailsrv02");
        CHECK(problem("report", "agent_id", "router 7") ==
              "'router 7' is not 1 to 64 letters, digits, '.', '_' or '-'");
        CHECK(problem("mailcheck", "wan_interface", "this-is-sixteen!") ==
              "'this-is-sixteen!' is not an interface name (1 to 15 characters, no '/', ':' or "
              "blanks)");
        CHECK(problem("mailcheck", "wan_interface", "..") ==
              "'..' is not an interface name (1 to 15 characters, no '/', ':' or blanks)");
    }

    TEST_CASE("SHA-256 pins are read as hex or base64 and kept as lower-case hex") {
        // SHA-256 of the empty string, in both spellings.
        const std::string hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        const std::string b64 = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
        CHECK(valid("config report\nlist pin_sha256 " + hex).report.pin_sha256[0] == hex);
        CHECK(valid("config report\nlist pin_sha256 " + b64).report.pin_sha256[0] == hex);
        CHECK(valid("config report\nlist pin_sha256 sha256//" + b64).report.pin_sha256[0] == hex);
        const Config two = valid("config report\noption pin_sha256 '" + hex + " " + b64 + "'");
        CHECK(two.report.pin_sha256 == std::vector<std::string>{hex, hex});
        for (const std::string& bad :
             {hex.substr(1), hex.substr(1) + "g", b64.substr(0, 43) + "x",
              std::string("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFV=") /* spare bits set */}) {
            CAPTURE(bad);
            CHECK(problem("report", "pin_sha256", bad) ==
                  "'" + bad + "' is not a SHA-256 pin (64 hex digits or 44 base64 characters)");
        }
    }

    TEST_CASE("an empty option value means not set, as in UCI, so the default stays") {
        const Config c = valid("config browser\noption workgroup ''\noption os_level \"\"\n");
        CHECK(c.browsers[0].workgroup == "WORKGROUP");
        CHECK(c.browsers[0].os_level == 20);
    }

    TEST_CASE("a list may be given as one option with blank-separated items") {
        CHECK(valid("config browser\noption interface 'br-lan  eth1\tbr-iot'")
                  .browsers[0]
                  .interfaces == std::vector<std::string>{"br-lan", "eth1", "br-iot"});
        CHECK(valid("config browser\noption interface ''").browsers[0].interfaces.empty());
    }

    TEST_CASE("unknown options and section types are errors with the closest name") {
        CHECK(only_error("config browser\n\toption wrkgroup OFFICE\n") ==
              "lanwarden.conf:2: unknown option 'wrkgroup' in config browser, did you mean "
              "'workgroup'?");
        CHECK(only_error("config browser\n\tlist interfaces eth0\n") ==
              "lanwarden.conf:2: unknown list 'interfaces' in config browser, did you mean "
              "'interface'?");
        CHECK(only_error("config browser\n\toption os_levle 33\n") ==
              "lanwarden.conf:2: unknown option 'os_levle' in config browser, did you mean "
              "'os_level'?");
        CHECK(only_error("config browsr\n") ==
              "lanwarden.conf:1: unknown section type 'browsr', did you mean 'browser'?");
        CHECK(only_error("config samba\n") ==
              "lanwarden.conf:1: unknown section type 'samba' (known: agent, browser, mailcheck, "
              "report)");
        CHECK(only_error("config browser\n\toption colour blue\n") ==
              "lanwarden.conf:2: unknown option 'colour' in config browser");
        CHECK(only_error("config mailcheck\n\toption url https://x.example\n") ==
              "lanwarden.conf:2: unknown option 'url' in config mailcheck (it belongs in config "
              "report)");
    }

    TEST_CASE("edit distance counts a swap of neighbours as one edit") {
        CHECK(edit_distance("", "") == 0);
        CHECK(edit_distance("abc", "") == 3);
        CHECK(edit_distance("", "abc") == 3);
        CHECK(edit_distance("workgroup", "wrkgroup") == 1);
        CHECK(edit_distance("os_level", "os_levle") == 1);
        CHECK(edit_distance("kitten", "sitting") == 3);
        CHECK(edit_distance("mode", "mode") == 0);
    }

    TEST_CASE("repetitions that UCI would silently merge are errors") {
        CHECK(only_error("config browser\n\toption os_level 20\n\toption os_level 33\n") ==
              "lanwarden.conf:3: option 'os_level' in config browser is set twice (first on "
              "line 2)");
        CHECK(only_error("config browser\n\tlist workgroup OFFICE\n") ==
              "lanwarden.conf:2: list 'workgroup' in config browser takes one value: write "
              "'option workgroup', not 'list'");
        CHECK(only_error("config browser\n\tlist interface a\n\toption interface b\n") ==
              "lanwarden.conf:3: option 'interface' in config browser repeats list on line 2 "
              "(use either one option or list lines)");
        CHECK(only_error("config agent\nconfig agent 'again'\n") ==
              "lanwarden.conf:2: config agent may appear only once (first on line 1)");
        CHECK(only_error(
                  "config browser lan\nlist interface a\nconfig browser lan\nlist interface b\n") ==
              "lanwarden.conf:3: config browser 'lan' is defined twice (first on line 1)");
    }

    TEST_CASE("each interface belongs to one browser section") {
        CHECK(valid("config browser\nlist interface a\nconfig browser\nlist interface b\n")
                  .browsers.size() == 2);
        CHECK(only_error("config browser lan\nlist interface a\nconfig browser\nlist interface "
                         "b\nlist interface a\n") ==
              "lanwarden.conf:3: config browser: interface 'a' is already in the config browser "
              "on line 1");
        CHECK(only_error("config browser\nlist interface a\nlist interface a\n") ==
              "lanwarden.conf:1: config browser: interface 'a' is already in the config browser "
              "on line 1");
        CHECK(only_error("config browser\nconfig browser guest\nlist interface b\n") ==
              "lanwarden.conf:1: config browser has no list 'interface', so it takes every "
              "interface and must be the only config browser");
    }

    TEST_CASE("reporting needs a URL, and a client certificate needs its key") {
        CHECK(only_error("config report\n\toption enabled 1\n") ==
              "lanwarden.conf:1: config report: enabled, but option 'url' is not set");
        CHECK(only_error("config report\n\toption cert_file /etc/a.crt\n") ==
              "lanwarden.conf:1: config report: option 'cert_file' and option 'key_file' go "
              "together, but only one is set");
        CHECK(valid("config report\n\toption url https://c.example\n").report.url ==
              "https://c.example");
    }

    TEST_CASE("syntax errors and value problems come together in line order") {
        const auto errors = errors_of("config browser\n"
                                      "\toption os_level 300\n"
                                      "\toption workgroup 'OFFICE\n"
                                      "\toption mode slave\n");
        REQUIRE(errors.size() == 3);
        CHECK(errors[0] == "lanwarden.conf:2: option 'os_level' in config browser: '300' is not "
                           "an integer from 0 to 255");
        CHECK(errors[1] == "lanwarden.conf:3: unterminated quote in option 'workgroup'");
        CHECK(errors[2] == "lanwarden.conf:4: option 'mode' in config browser: 'slave' is not "
                           "one of monitor|master");
    }

    TEST_CASE("the JSON form names every option as the file does") {
        const Config c = valid("config browser lan\nlist interface br-lan\noption mode master\n"
                               "config mailcheck\noption smtp mx.example.net:25\n");
        const nlohmann::json j = to_json(c);
        CHECK(j["agent"]["log_level"] == "notice");
        CHECK(j["agent"]["state_dir"] == "/var/lib/lanwarden");
        REQUIRE(j["browser"].is_array());
        REQUIRE(j["browser"].size() == 1);
        CHECK(j["browser"][0]["section"] == "lan");
        CHECK(j["browser"][0]["interface"] == nlohmann::json::array({"br-lan"}));
        CHECK(j["browser"][0]["mode"] == "master");
        CHECK(j["browser"][0]["os_level"] == 20);
        CHECK(j["browser"][0]["confirm"] == false);
        CHECK(j["mailcheck"]["smtp"] == "mx.example.net:25");
        CHECK(j["mailcheck"]["ip"].is_null());
        CHECK(j["mailcheck"]["dns"].is_null());
        CHECK(j["report"]["pin_sha256"] == nlohmann::json::array());
        CHECK(j["report"]["spool_max_kb"] == 256);
        CHECK_FALSE(j["agent"].contains("section"));

        // Every option of the schema, no more.
        for (const SectionInfo& s : schema()) {
            CAPTURE(s.type);
            const nlohmann::json& obj = s.many ? j[std::string(s.type)][0] : j[std::string(s.type)];
            CHECK(obj.size() == s.options.size() + (s.many ? 1 : 0));
            for (const OptionInfo& o : s.options) {
                CAPTURE(o.name);
                CHECK(obj.contains(std::string(o.name)));
            }
        }
    }

    TEST_CASE("an anonymous browser section has a null section name in JSON") {
        CHECK(to_json(default_config())["browser"][0]["section"].is_null());
    }

    TEST_CASE("the default NetBIOS name is the host name's first label, upper-cased, cut to 15") {
        CHECK(default_netbios_name("router") == "ROUTER");
        CHECK(default_netbios_name("nas.lan.example") == "NAS");
        CHECK(default_netbios_name("a-very-long-host-name") == "A-VERY-LONG-HOS");
        CHECK(default_netbios_name("") == "");
    }

    TEST_CASE("the schema describes every section and option with a type and help") {
        const auto s = schema();
        REQUIRE(s.size() == 4);
        CHECK(s[0].type == "agent");
        CHECK(s[1].type == "browser");
        CHECK(s[1].many);
        CHECK(s[2].type == "mailcheck");
        CHECK(s[3].type == "report");
        std::size_t options = 0;
        for (const SectionInfo& section : s) {
            for (const OptionInfo& o : section.options) {
                CAPTURE(o.name);
                CHECK_FALSE(o.type.empty());
                CHECK_FALSE(o.help.empty());
                ++options;
            }
        }
        CHECK(options == 3 + 12 + 9 + 10);
        CHECK(s[1].options[0].name == "interface");
        CHECK(s[1].options[0].list);
        CHECK(s[1].options[0].type == "interface name");
        CHECK(s[1].options[6].type == "integer 0-255");
        CHECK(s[1].options[6].fallback == "20");
    }

    TEST_CASE("every default, written into a file, is a valid value") {
        for (const SectionInfo& s : schema()) {
            for (const OptionInfo& o : s.options) {
                if (o.fallback.empty()) {
                    continue;
                }
                CAPTURE(o.name);
                const std::string text = "config " + std::string(s.type) + "\n" +
                                         (o.list ? "list " : "option ") + std::string(o.name) +
                                         " '" + std::string(o.fallback) + "'\n";
                const ConfigResult r = load(text);
                CHECK_MESSAGE(r.ok(), (r.ok() ? "" : r.errors[0].to_string()));
            }
        }
    }

    TEST_CASE("the shipped OpenWrt file is valid and shows every option with its default") {
        const std::string text = read_file(kShippedConfig);
        const ConfigResult r = parse_config(text, "lanwarden.config");
        REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.errors[0].to_string()));
        REQUIRE(r.config.browsers.size() == 1);
        CHECK(r.config.browsers[0].interfaces == std::vector<std::string>{"br-lan"});
        CHECK(r.config.browsers[0].mode == BrowserMode::Monitor);
        CHECK_FALSE(r.config.mailcheck.enabled);
        CHECK_FALSE(r.config.report.enabled);

        // Taking every commented-out option line back in must give a valid
        // file, and a line of an option with a default must show it.
        std::set<std::string> shown;
        std::string section;
        std::string uncommented;
        std::istringstream lines(text);
        for (std::string line; std::getline(lines, line);) {
            const std::size_t start = line.find_first_not_of(" \t#");
            const std::string statement = start == std::string::npos ? "" : line.substr(start);
            const bool commented = line.find('#') < start;
            if (!commented && statement.starts_with("config ")) {
                section = statement.substr(7, statement.find_first_of(" \t", 7) - 7);
            }
            const UciParse p = parse_uci("config x\n" + statement, "line");
            if (!p.ok() || p.document.sections.size() != 1 ||
                p.document.sections[0].options.size() != 1) {
                uncommented += line + "\n"; // prose, blank or config line
                continue;
            }
            uncommented += "\t" + statement + "\n";
            const UciOption& o = p.document.sections[0].options[0];
            CAPTURE(line);
            shown.insert(section + "." + o.name);
            for (const SectionInfo& s : schema()) {
                for (const OptionInfo& info : s.options) {
                    if (commented && s.type == section && info.name == o.name &&
                        !info.fallback.empty()) {
                        CHECK(o.value == info.fallback);
                    }
                }
            }
        }
        const ConfigResult all = parse_config(uncommented, "uncommented");
        CHECK_MESSAGE(all.ok(), (all.ok() ? "" : all.errors[0].to_string()));
        for (const SectionInfo& s : schema()) {
            for (const OptionInfo& o : s.options) {
                CHECK_MESSAGE(shown.count(std::string(s.type) + "." + std::string(o.name)) == 1,
                              "not shown: " << s.type << "." << o.name);
            }
        }
    }
}
