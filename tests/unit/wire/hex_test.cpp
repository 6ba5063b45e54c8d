#include "agent/core/wire/hex.h"

#include <doctest/doctest.h>

TEST_SUITE("wire.hex") {

    TEST_CASE("hex text with spaces and comments becomes bytes") {
        auto b = lw::wire::from_hex("0a FF # a comment 12\n 10");
        REQUIRE(b.has_value());
        CHECK(lw::wire::to_hex(*b) == "0aff10");
    }

    TEST_CASE("malformed hex text is refused") {
        CHECK_FALSE(lw::wire::from_hex("abc").has_value());
        CHECK_FALSE(lw::wire::from_hex("zz").has_value());
    }
}
