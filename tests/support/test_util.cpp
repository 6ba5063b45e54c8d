#include "tests/support/test_util.h"

#include <doctest/doctest.h>
#include <fstream>
#include <sstream>

#include "agent/core/wire/hex.h"

namespace lw::test {

std::vector<std::uint8_t> hex(std::string_view text) {
    auto bytes = wire::from_hex(text);
    REQUIRE_MESSAGE(bytes.has_value(), "malformed hex literal in test: " << text);
    return *bytes;
}

std::vector<std::uint8_t> hex_file(const std::string& relative_path) {
    std::string path = std::string(LW_TEST_DATA_DIR) + "/" + relative_path;
    std::ifstream in(path);
    REQUIRE_MESSAGE(in.good(), "cannot read test data " << path);
    std::stringstream text;
    text << in.rdbuf();
    return hex(text.str());
}

} // namespace lw::test

namespace lw::test {

std::vector<std::uint8_t> data_file(const std::string& relative_path) {
    std::string path = std::string(LW_TEST_DATA_DIR) + "/" + relative_path;
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read test data " << path);
    return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in),
                                     std::istreambuf_iterator<char>());
}

} // namespace lw::test
