#include "agent/core/mailcheck/hostname.h"

#include <array>
#include <cstddef>

namespace lw::mailcheck {

namespace {

constexpr std::size_t kMaxLabel = 63;
constexpr std::size_t kMaxName = 255;

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_hex(char c) noexcept {
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool ends_with(std::string_view s, std::string_view suffix) noexcept {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

} // namespace

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

bool valid_hostname(std::string_view name) noexcept {
    if (name.empty() || name.size() > kMaxName) {
        return false;
    }
    std::size_t label = 0;
    bool numeric = true;
    for (std::size_t i = 0; i < name.size(); ++i) {
        char c = name[i];
        bool last = i + 1 == name.size();
        if (is_alpha(c) || is_digit(c) || c == '_') {
            if (++label > kMaxLabel) {
                return false;
            }
            numeric = numeric && is_digit(c);
        } else if (c == '.') {
            if (label == 0 || last) {
                return false;
            }
            label = 0;
        } else if (c == '-') {
            // Neither the first nor the last character of a label.
            numeric = false;
            if (++label == 1 || last || name[i + 1] == '.') {
                return false;
            }
        } else {
            return false;
        }
    }
    return !numeric;
}

bool valid_ipv4_hostaddr(std::string_view addr) noexcept {
    if (addr.empty()) {
        return false;
    }
    int parts = 0;
    int value = 0;
    bool in_part = false;
    for (std::size_t i = 0; i < addr.size(); ++i) {
        char c = addr[i];
        if (is_digit(c)) {
            if (!in_part) {
                in_part = true;
                value = 0;
                ++parts;
            }
            value = value * 10 + (c - '0');
            if (value > 255) {
                return false;
            }
        } else if (c == '.') {
            if (!in_part || i + 1 == addr.size()) {
                return false;
            }
            // "0.1.2.3" is refused, "0.0.0.0" is not.
            if (parts == 1 && value == 0 &&
                addr.find_first_not_of("0.") != std::string_view::npos) {
                return false;
            }
            in_part = false;
        } else {
            return false;
        }
    }
    return parts == 4 || addr == "0";
}

bool valid_ipv6_hostaddr(std::string_view addr) noexcept {
    int colons = 0;
    int gap_at = 0; // the colon count where "::" was seen, 0 for none
    std::size_t run = 0;
    std::size_t i = 0;
    while (true) {
        if (i == addr.size()) {
            // A trailing colon is fine only as the end of "::".
            return colons >= 2 && (run != 0 || gap_at == colons - 1);
        }
        char c = addr[i];
        if (c == '.') {
            if (colons < 2 || colons > 6) {
                return false;
            }
            return valid_ipv4_hostaddr(addr.substr(i - run));
        }
        if (c == ':') {
            bool next_alnum = i + 1 < addr.size() &&
                              (is_alpha(addr[i + 1]) || is_digit(addr[i + 1]));
            if (colons == 0 && run == 0 && next_alnum) {
                return false; // a lone leading colon
            }
            if (++colons > 7) {
                return false;
            }
            ++i;
            run = 0;
            if (i < addr.size() && addr[i] == ':') {
                if (gap_at > 0) {
                    return false;
                }
                gap_at = colons;
            }
            continue;
        }
        run = 0;
        while (i + run < addr.size() && is_hex(addr[i + run])) {
            ++run;
        }
        if (run == 0 || run > 4) {
            return false;
        }
        i += run;
    }
}

bool valid_hostaddr(std::string_view addr) noexcept {
    if (addr.find(':') != std::string_view::npos) {
        return valid_ipv6_hostaddr(addr);
    }
    return valid_ipv4_hostaddr(addr);
}

bool valid_mailhost_addr(std::string_view addr) noexcept {
    constexpr std::string_view kPrefix = "ipv6:";
    if (addr.size() >= kPrefix.size() && ascii_lower(addr.substr(0, kPrefix.size())) == kPrefix) {
        return valid_ipv6_hostaddr(addr.substr(kPrefix.size()));
    }
    return valid_ipv4_hostaddr(addr);
}

std::string_view strip_one_trailing_dot(std::string_view name) noexcept {
    if (name.size() > 1 && name.back() == '.' && name[name.size() - 2] != '.') {
        name.remove_suffix(1);
    }
    return name;
}

std::string store_helo_name(std::string_view argument) {
    constexpr std::string_view kSpace = " \t\v\f\r\n";
    constexpr std::string_view kNeutered = " <>()\\\";@";
    std::string joined;
    std::size_t i = 0;
    while (i < argument.size()) {
        std::size_t start = argument.find_first_not_of(kSpace, i);
        if (start == std::string_view::npos) {
            break;
        }
        std::size_t end = argument.find_first_of(kSpace, start);
        if (end == std::string_view::npos) {
            end = argument.size();
        }
        if (!joined.empty()) {
            joined.push_back(' ');
        }
        joined.append(argument.substr(start, end - start));
        i = end;
    }
    for (char& c : joined) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u > 0x7e || kNeutered.find(c) != std::string_view::npos) {
            c = '?';
        }
    }
    return joined;
}

std::optional<std::string> private_name_reason(std::string_view name) {
    std::string n = ascii_lower(strip_one_trailing_dot(name));
    if (n == "localhost" || n == "localhost.localdomain") {
        return "\"" + n + "\" names the sending machine itself";
    }
    if (n.find('.') == std::string::npos) {
        return "a single label with no domain";
    }
    static constexpr std::array<std::string_view, 8> kSuffixes = {
        ".local", ".lan", ".localdomain", ".home.arpa",
        ".internal", ".home", ".corp", ".localhost",
    };
    for (std::string_view suffix : kSuffixes) {
        if (ends_with(n, suffix)) {
            return "under \"" + std::string(suffix.substr(1)) +
                   "\", a private domain that public DNS does not serve";
        }
    }
    return std::nullopt;
}

} // namespace lw::mailcheck
