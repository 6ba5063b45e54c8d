// Client addresses for the mail check: IPv4 or IPv6 as a plain value, with
// the text forms a receiving Postfix prints ("[IP]" in its replies) and the
// reverse-lookup names (in-addr.arpa, ip6.arpa).  No socket headers: parsing
// and formatting are done here by hand.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "agent/core/net/ipv4.h"

namespace lw::mailcheck {

enum class Family : std::uint8_t { V4, V6 };

/// An IPv4 or IPv6 address.  For V4 the address is in bytes[0..3] and the
/// rest is zero, so two equal addresses compare equal byte for byte.
struct IpAddress {
    Family family = Family::V4;
    std::array<std::uint8_t, 16> bytes{};

    static IpAddress v4(net::Ipv4 a) noexcept;

    /// A dotted quad (strict: four parts 0-255, no leading zeros) or an
    /// RFC 4291 IPv6 text form, with "::" and a trailing dotted quad
    /// allowed.  No brackets, no zone ("%eth0"), no prefix length.
    static std::optional<IpAddress> parse(std::string_view text) noexcept;

    /// The text glibc's inet_ntop() gives, which is what Postfix shows:
    /// lowercase hex, no leading zeros, the longest run of two or more
    /// zero groups as "::", and "::a.b.c.d" / "::ffff:a.b.c.d" for the
    /// IPv4-compatible and IPv4-mapped forms.
    std::string to_string() const;

    /// "d.c.b.a.in-addr.arpa" or the 32 nibbles of ip6.arpa, without a
    /// trailing dot.
    std::string ptr_name() const;

    bool is_v4_mapped() const noexcept;
    /// An IPv4-mapped IPv6 address (::ffff:a.b.c.d) as the IPv4 address;
    /// Postfix treats such a peer as IPv4.  Anything else unchanged.
    IpAddress unmapped() const noexcept;

    friend constexpr bool operator==(const IpAddress&, const IpAddress&) = default;
    friend constexpr auto operator<=>(const IpAddress&, const IpAddress&) = default;
};

} // namespace lw::mailcheck
