// Host name and address syntax the way a receiving Postfix judges it
// (util/valid_hostname.c, smtpd's HELO handling), re-expressed here from
// the behaviour described in reference/mailcheck.md §1.4 and §5.
//
// Postfix's rules are looser or stricter than RFC 1123 in places, and the
// mail check must predict Postfix, not the RFC:
//   - an underscore is a valid host name character;
//   - a name made only of digits and dots ("1.2.3.4", "123.45") is not a
//     host name ("numeric");
//   - the IPv4 address check allows leading zeros and the lone "0";
//   - the IPv6 address check counts colons and "::" but does not require
//     eight groups.
//
// Not handled: the "*" wildcard label that Postfix's DNS lookup accepts in
// a name (DO_WILDCARD); such a name is treated as invalid, so no query is
// asked for it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lw::mailcheck {

/// Postfix's valid_hostname(): labels of [A-Za-z0-9_-], 1-63 characters,
/// no hyphen at either end of a label, no empty label (so no leading,
/// trailing or double dot), at most 255 characters, not all digits.
bool valid_hostname(std::string_view name) noexcept;

/// Postfix's valid_ipv4_hostaddr(): four decimal parts 0-255 separated by
/// dots (leading zeros allowed), or "0"; "0.x.y.z" is refused unless it
/// is all zeros.
bool valid_ipv4_hostaddr(std::string_view addr) noexcept;

/// Postfix's valid_ipv6_hostaddr(): hex groups of at most four digits,
/// 2-7 colons, at most one "::", an IPv4 tail allowed after 2-6 colons.
bool valid_ipv6_hostaddr(std::string_view addr) noexcept;

/// valid_ipv6_hostaddr() when the text holds a colon, else the IPv4 check.
bool valid_hostaddr(std::string_view addr) noexcept;

/// The address inside an SMTP address literal: "IPv6:" (any case) and an
/// IPv6 address, or an IPv4 address.
bool valid_mailhost_addr(std::string_view addr) noexcept;

/// Drops one trailing dot, but not from "." itself nor from a name that
/// ends in "..", as Postfix does before its syntax checks.
std::string_view strip_one_trailing_dot(std::string_view name) noexcept;

/// The HELO name as smtpd stores it from the command's argument text:
/// words separated by white space are joined with one space, then every
/// byte outside printable ASCII and every one of ` <>()\";@` becomes '?'.
/// So "a b" is stored as "a?b".  Empty when there is no argument (Postfix
/// then answers "501 Syntax: HELO hostname" and keeps no HELO name).
// TODO(lanwarden): with smtputf8_enable=yes Postfix may keep valid UTF-8
// in the stored name (printable() in UTF-8 mode); not verified, so any
// byte >= 0x80 becomes '?' here.  Only the reply text differs.
std::string store_helo_name(std::string_view argument);

/// Why a HELO name is private (never resolvable in public DNS), or
/// nothing: a single label, "localhost", or a name under .local, .lan,
/// .localdomain, .home.arpa, .internal, .home, .corp or .localhost.
/// Case-insensitive; one trailing dot is ignored.
std::optional<std::string> private_name_reason(std::string_view name);

/// ASCII lowercase copy.
std::string ascii_lower(std::string_view s);

} // namespace lw::mailcheck
