// Helpers shared by the unit tests.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lw::test {

/// Bytes from hex text (spaces and '#' comments allowed); fails the current
/// test on a malformed literal.
std::vector<std::uint8_t> hex(std::string_view text);

/// The bytes of a hex file below tests/data/.
std::vector<std::uint8_t> hex_file(const std::string& relative_path);

} // namespace lw::test

namespace lw::test {

/// The raw bytes of a file below tests/data/.
std::vector<std::uint8_t> data_file(const std::string& relative_path);

} // namespace lw::test
