#include "agent/core/mailcheck/text.h"

#include <cstddef>
#include <cstdint>
#include <utility>

namespace lw::mailcheck {

namespace {

// Length of the well-formed UTF-8 sequence at s[i], or 0 (RFC 3629 §4).
std::size_t sequence_length(std::string_view s, std::size_t i) noexcept {
    auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(s[k]); };
    std::uint8_t b0 = byte(i);
    if (b0 < 0x80) {
        return 1;
    }
    std::size_t n = 0;
    std::uint8_t lo = 0x80;
    std::uint8_t hi = 0xbf;
    if (b0 >= 0xc2 && b0 <= 0xdf) {
        n = 2;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
        n = 3;
        lo = b0 == 0xe0 ? 0xa0 : 0x80; // no overlong forms
        hi = b0 == 0xed ? 0x9f : 0xbf; // no surrogates
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
        n = 4;
        lo = b0 == 0xf0 ? 0x90 : 0x80;
        hi = b0 == 0xf4 ? 0x8f : 0xbf; // nothing above U+10FFFF
    } else {
        return 0;
    }
    if (s.size() - i < n) {
        return 0;
    }
    std::uint8_t b1 = byte(i + 1);
    if (b1 < lo || b1 > hi) {
        return 0;
    }
    for (std::size_t k = 2; k < n; ++k) {
        std::uint8_t b = byte(i + k);
        if (b < 0x80 || b > 0xbf) {
            return 0;
        }
    }
    return n;
}

} // namespace

std::string valid_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t n = sequence_length(text, i);
        if (n == 0) {
            out.push_back('?');
            ++i;
        } else {
            out.append(text.substr(i, n));
            i += n;
        }
    }
    return out;
}

void make_utf8(nlohmann::json& j) {
    if (j.is_string()) {
        j = valid_utf8(j.get_ref<const std::string&>());
    } else if (j.is_array()) {
        for (auto& x : j) {
            make_utf8(x);
        }
    } else if (j.is_object()) {
        nlohmann::json fixed = nlohmann::json::object();
        for (auto& [key, value] : j.items()) {
            make_utf8(value);
            fixed[valid_utf8(key)] = std::move(value);
        }
        j = std::move(fixed);
    }
}

} // namespace lw::mailcheck
