#include "agent/core/net/ipv4.h"

#include <charconv>

namespace lw::net {

namespace {

// One decimal part 0..limit with no sign, no leading zero, no spaces.
std::optional<std::uint32_t> parse_part(std::string_view s, std::uint32_t limit) noexcept {
    if (s.empty() || s.size() > 3 || (s.size() > 1 && s[0] == '0')) {
        return std::nullopt;
    }
    std::uint32_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || end != s.data() + s.size() || v > limit) {
        return std::nullopt;
    }
    return v;
}

} // namespace

std::optional<Ipv4> Ipv4::parse(std::string_view text) noexcept {
    std::uint32_t value = 0;
    for (int i = 0; i < 4; ++i) {
        std::size_t dot = text.find('.');
        if ((i < 3) == (dot == std::string_view::npos)) {
            return std::nullopt;
        }
        auto part = parse_part(text.substr(0, dot), 255);
        if (!part) {
            return std::nullopt;
        }
        value = value << 8 | *part;
        text = i < 3 ? text.substr(dot + 1) : std::string_view{};
    }
    return Ipv4{value};
}

std::string Ipv4::to_string() const {
    std::string out;
    for (int shift = 24; shift >= 0; shift -= 8) {
        out += std::to_string(value >> shift & 0xff);
        if (shift > 0) {
            out.push_back('.');
        }
    }
    return out;
}

std::optional<Ipv4Prefix> Ipv4Prefix::parse(std::string_view text) noexcept {
    std::size_t slash = text.find('/');
    auto addr = Ipv4::parse(text.substr(0, slash));
    if (!addr) {
        return std::nullopt;
    }
    if (slash == std::string_view::npos) {
        return Ipv4Prefix{*addr, 32};
    }
    auto len = parse_part(text.substr(slash + 1), 32);
    if (!len) {
        return std::nullopt;
    }
    return Ipv4Prefix{*addr, static_cast<std::uint8_t>(*len)};
}

std::string Ipv4Prefix::to_string() const {
    return address.to_string() + "/" + std::to_string(length);
}

} // namespace lw::net
