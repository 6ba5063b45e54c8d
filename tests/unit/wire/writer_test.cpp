#include "agent/core/wire/writer.h"

#include <array>
#include <doctest/doctest.h>

#include "agent/core/wire/hex.h"
#include "agent/core/wire/reader.h"

using lw::wire::Reader;
using lw::wire::Writer;

TEST_SUITE("wire.writer") {

    TEST_CASE("writes integers in the byte order its name says") {
        std::array<std::uint8_t, 16> buf{};
        Writer out(buf);
        out.u16be(0x1234);
        out.u16le(0x1234);
        out.u32be(0x01020304);
        out.u32le(0x01020304);
        out.chars("AB");
        CHECK_FALSE(out.failed());
        CHECK(lw::wire::to_hex(out.written()) == "1234341201020304040302014142");
    }

    TEST_CASE("what the writer writes the reader reads back") {
        std::array<std::uint8_t, 11> buf{};
        Writer out(buf);
        out.u8(7);
        out.u16be(0xbeef);
        out.u16le(0xcafe);
        out.u32be(0xdeadbeef);
        out.u16le(0x0102);
        Reader in(out.written());
        CHECK(in.u8() == 7);
        CHECK(in.u16be() == 0xbeef);
        CHECK(in.u16le() == 0xcafe);
        CHECK(in.u32be() == 0xdeadbeefu);
        CHECK(in.u16le() == 0x0102);
        CHECK(in.at_end());
    }

    TEST_CASE("a write that does not fit fails and writes nothing") {
        std::array<std::uint8_t, 3> buf{};
        Writer out(buf);
        out.u16be(0xaabb);
        out.u16be(0xccdd);
        CHECK(out.failed());
        CHECK(out.size() == 2);
        out.u8(1); // sticky: even a byte that fits is refused
        CHECK(out.size() == 2);
    }

    TEST_CASE("rewind drops a record that did not fit") {
        std::array<std::uint8_t, 4> buf{};
        Writer out(buf);
        out.u16be(0x0102);
        auto m = out.mark();
        out.u32be(0x03040506);
        CHECK(out.failed());
        out.rewind(m);
        CHECK_FALSE(out.failed());
        out.u16be(0x0708);
        CHECK(lw::wire::to_hex(out.written()) == "01020708");
    }

    TEST_CASE("patch fills in a length written before its field") {
        std::array<std::uint8_t, 8> buf{};
        Writer out(buf);
        std::size_t at = out.size();
        out.u16le(0);
        out.chars("abc");
        out.patch_u16le(at, static_cast<std::uint16_t>(out.size() - at - 2));
        out.patch_u16be(out.size(), 1); // outside what was written
        CHECK(out.failed());
        CHECK(lw::wire::to_hex(out.written()) == "0300616263");
    }
}
