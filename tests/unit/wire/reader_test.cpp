#include "agent/core/wire/reader.h"

#include <doctest/doctest.h>
#include <limits>

#include "tests/support/test_util.h"

using lw::wire::Errc;
using lw::wire::Reader;

TEST_SUITE("wire.reader") {

    TEST_CASE("reads integers in the byte order its name says") {
        auto data = lw::test::hex("12 34 12 34 01 02 03 04 01 02 03 04 ff");
        Reader in(data);
        CHECK(in.u16be() == 0x1234);
        CHECK(in.u16le() == 0x3412);
        CHECK(in.u32be() == 0x01020304u);
        CHECK(in.u32le() == 0x04030201u);
        CHECK(in.u8() == 0xff);
        CHECK(in.at_end());
        CHECK_FALSE(in.failed());
    }

    TEST_CASE("a short read fails once and sticks at the offset it started") {
        auto data = lw::test::hex("aa bb cc");
        Reader in(data);
        CHECK(in.u16be() == 0xaabb);
        CHECK(in.u16be() == 0); // one byte left: fails
        CHECK(in.failed());
        CHECK(in.u8() == 0); // the byte is still there, but the reader is sticky
        CHECK(in.error().code == Errc::Truncated);
        CHECK(in.error().offset == 2);
        CHECK(in.remaining() == 0);
    }

    TEST_CASE("a length from the wire cannot wrap around the bounds check") {
        auto data = lw::test::hex("00 01 02 03");
        Reader in(data);
        in.u8();
        CHECK(in.bytes(std::numeric_limits<std::size_t>::max()).empty());
        CHECK(in.failed());
        CHECK(in.error().offset == 1);
    }

    TEST_CASE("a child reader keeps an overrun inside its field") {
        auto data = lw::test::hex("02 aa bb cc");
        Reader in(data);
        std::size_t len = in.u8();
        Reader field = in.sub(len);
        CHECK(field.offset() == 1);
        CHECK(field.u16be() == 0xaabb);
        CHECK(field.u8() == 0);
        CHECK(field.failed());
        CHECK(field.error().offset == 3); // offsets count from the datagram start
        CHECK_FALSE(in.failed());
        CHECK(in.u8() == 0xcc);
    }

    TEST_CASE("a child longer than what remains fails the parent") {
        auto data = lw::test::hex("05 aa");
        Reader in(data);
        Reader field = in.sub(in.u8());
        CHECK(in.failed());
        CHECK(field.failed());
        CHECK(in.error().offset == 1);
    }

    TEST_CASE("seek stays inside the data") {
        auto data = lw::test::hex("01 02 03");
        Reader in(data);
        in.seek(2);
        CHECK(in.u8() == 3);
        in.seek(4);
        CHECK(in.failed());
    }
}
