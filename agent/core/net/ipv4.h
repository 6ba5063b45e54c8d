// IPv4 addresses and prefixes as plain values, for the pure core: no socket
// headers, so parsing and formatting are done here by hand.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lw::net {

/// An IPv4 address; value holds it in host order (192.0.2.1 is 0xc0000201).
struct Ipv4 {
    std::uint32_t value = 0;

    static constexpr Ipv4 from_octets(std::uint8_t a, std::uint8_t b, std::uint8_t c,
                                      std::uint8_t d) noexcept {
        return Ipv4{static_cast<std::uint32_t>(a) << 24 | static_cast<std::uint32_t>(b) << 16 |
                    static_cast<std::uint32_t>(c) << 8 | d};
    }
    /// Dotted quad, exactly four decimal parts 0-255 without leading zeros
    /// (so "010.1.1.1" is refused rather than read as octal or decimal).
    static std::optional<Ipv4> parse(std::string_view text) noexcept;
    std::string to_string() const;

    friend constexpr auto operator<=>(const Ipv4&, const Ipv4&) = default;
};

/// A prefix such as 192.0.2.0/24.  The address keeps its host bits, so an
/// interface's "192.0.2.11/24" stays what it is.
struct Ipv4Prefix {
    Ipv4 address;
    std::uint8_t length = 32;

    /// "a.b.c.d/n" or a bare address (/32).
    static std::optional<Ipv4Prefix> parse(std::string_view text) noexcept;
    std::string to_string() const;

    std::uint32_t mask() const noexcept {
        return length == 0 ? 0 : ~std::uint32_t{0} << (32 - length);
    }
    Ipv4 network() const noexcept { return Ipv4{address.value & mask()}; }
    Ipv4 broadcast() const noexcept { return Ipv4{address.value | ~mask()}; }
    bool contains(Ipv4 a) const noexcept { return (a.value & mask()) == network().value; }

    friend constexpr bool operator==(const Ipv4Prefix&, const Ipv4Prefix&) = default;
};

} // namespace lw::net
