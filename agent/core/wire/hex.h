// Hex text to bytes and back: test vectors, debug logs and JSON dumps.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lw::wire {

/// The value of one hex digit (either case), or -1.
int hex_digit(char c) noexcept;

/// Parses pairs of hex digits; spaces, newlines and '#'-to-end-of-line
/// comments are ignored.  nullopt on any other character or an odd count.
std::optional<std::vector<std::uint8_t>> from_hex(std::string_view text);

/// Text that came off the wire, safe for logs, JSON and terminals: control
/// bytes and bytes above 0x7e become \xNN, everything else stays as it is
/// (so "\MAILSLOT\BROWSE" keeps its backslashes).  Not reversible.
std::string escape_text(std::string_view bytes);

/// Lowercase hex, no separators.
std::string to_hex(std::span<const std::uint8_t> bytes);

} // namespace lw::wire
