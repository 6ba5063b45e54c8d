#include "agent/core/netbios/name.h"

#include <array>
#include <doctest/doctest.h>

#include "agent/core/wire/hex.h"
#include "tests/support/test_util.h"

using lw::netbios::Name;
using lw::netbios::read_name;
using lw::netbios::write_name;
using lw::wire::Errc;
using lw::wire::Reader;
using lw::wire::Writer;

namespace {

std::string encode(const Name& n) {
    std::array<std::uint8_t, 300> buf{};
    Writer out(buf);
    write_name(out, n);
    REQUIRE_FALSE(out.failed());
    CHECK(out.size() == lw::netbios::encoded_size(n));
    return std::string(out.written().begin(), out.written().end());
}

lw::wire::Result<Name> decode(const std::vector<std::uint8_t>& bytes, std::size_t start = 0) {
    Reader in(bytes);
    in.seek(start);
    return read_name(in);
}

}  // namespace

TEST_SUITE("netbios.name") {

    TEST_CASE("first-level encoding matches RFC 1002 and the reference vectors") {
        struct Row {
            const char* text;
            std::uint8_t suffix;
            const char* letters;
        };
        const Row rows[] = {
            {"*", 0x00, "CKAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
            {"ALPHA", 0x00, "EBEMFAEIEBCACACACACACACACACACAAA"},
            {"LABGRP", 0x1e, "EMEBECEHFCFACACACACACACACACACABO"},
        };
        for (const Row& row : rows) {
            CAPTURE(row.text);
            auto n = Name::make(row.text, row.suffix);
            REQUIRE(n.has_value());
            std::string wire = encode(*n);
            CHECK(wire.size() == 34);
            CHECK(wire[0] == 0x20);
            CHECK(wire.substr(1, 32) == row.letters);
            CHECK(wire[33] == 0);
        }
    }

    TEST_CASE("names are upper-cased and padded with spaces, the wildcard with NULs") {
        auto n = Name::make("nas01", 0x20);
        REQUIRE(n.has_value());
        CHECK(n->text() == "NAS01");
        CHECK(n->raw()[5] == 0x20);
        CHECK(n->suffix() == 0x20);
        auto star = Name::make("*", 0x00);
        REQUIRE(star.has_value());
        CHECK(star->raw()[1] == 0x00);
        CHECK(*star == Name());
    }

    TEST_CASE("a name longer than 15 characters or with a bad scope is refused") {
        CHECK_FALSE(Name::make("ABCDEFGHIJKLMNOP", 0).has_value());
        CHECK(Name::make("ABCDEFGHIJKLMNO", 0).has_value());
        CHECK_FALSE(Name::make("A", 0, "bad..scope").has_value());
        CHECK_FALSE(Name::make("A", 0, ".scope").has_value());
        CHECK_FALSE(Name::make("A", 0, std::string(64, 'x')).has_value());
        CHECK_FALSE(Name::make("A", 0, std::string(230, 'x')).has_value());
    }

    TEST_CASE("a decoded name re-encodes to the same bytes, scope included") {
        auto n = Name::make("SPRINGFIELD", 0x1d, "corp.example");
        REQUIRE(n.has_value());
        std::string wire = encode(*n);
        std::vector<std::uint8_t> bytes(wire.begin(), wire.end());
        auto back = decode(bytes);
        REQUIRE(back.ok());
        CHECK(*back == *n);
        CHECK(back->scope() == "corp.example");
        CHECK(encode(*back) == wire);
    }

    TEST_CASE("__MSBROWSE__ prints with its control bytes escaped") {
        Name m = Name::msbrowse();
        CHECK(m.suffix() == 0x01);
        CHECK(m.printable() == "\\x01\\x02__MSBROWSE__\\x02<01>");
        CHECK(Name::make("SPRINGFIELD", 0x1d)->printable() == "SPRINGFIELD<1d>");
        CHECK(Name::make("A\tB\x7f", 0x00)->printable_text() == "A\\x09B\\x7f");
        CHECK(Name::make("GROUPE DE TRAVA", 0x00)->text() == "GROUPE DE TRAVA");
    }

    TEST_CASE("names compare without regard to case") {
        auto raw = Name::make("WORKGROUP", 0)->raw();
        raw[1] = 'o';
        Name lower = Name::from_raw(raw);
        CHECK(lower.same_as(*Name::make("WORKGROUP", 0)));
        CHECK_FALSE(lower.same_as(*Name::make("WORKGROUP", 0x1e)));
        CHECK_FALSE(Name::make("A", 0, "x")->same_as(*Name::make("A", 0)));
    }

    TEST_CASE("a compression pointer to an earlier name is followed") {
        // Samba's registration requests name the additional record C0 0C:
        // a pointer to the question name at offset 12.
        std::string wire = encode(*Name::make("NAS01", 0x20));
        std::vector<std::uint8_t> msg(12, 0);
        msg.insert(msg.end(), wire.begin(), wire.end());
        std::size_t ptr_at = msg.size();
        msg.push_back(0xc0);
        msg.push_back(0x0c);
        msg.push_back(0x99);  // the field after the name

        Reader in(msg);
        in.seek(ptr_at);
        auto n = read_name(in);
        REQUIRE(n.ok());
        CHECK(n->text() == "NAS01");
        CHECK(in.pos() == ptr_at + 2);  // resumes after the pointer
        CHECK(in.u8() == 0x99);
    }

    TEST_CASE("hostile names fail with the right error at the right offset") {
        std::string good = encode(*Name::make("NAS01", 0x20));
        std::vector<std::uint8_t> g(good.begin(), good.end());

        SUBCASE("a pointer that points forward") {
            auto bytes = lw::test::hex("c0 02 20");
            auto r = decode(bytes);
            REQUIRE_FALSE(r.ok());
            CHECK(r.error() == lw::wire::ParseError{Errc::BadPointer, 0});
        }
        SUBCASE("a pointer to itself") {
            auto bytes = lw::test::hex("00 00 c0 02");
            auto r = decode(bytes, 2);
            REQUIRE_FALSE(r.ok());
            CHECK(r.error() == lw::wire::ParseError{Errc::BadPointer, 2});
        }
        SUBCASE("a pointer back to the start of its own name") {
            // The 32-letter label is read again and again as a scope label
            // until the name outgrows 255 bytes.
            std::vector<std::uint8_t> bytes = g;
            bytes.pop_back();  // drop the terminator: labels run on into...
            bytes.push_back(0xc0);
            bytes.push_back(0x00);  // ...a pointer back to the start
            auto r = decode(bytes);
            REQUIRE_FALSE(r.ok());
            CHECK(r.error().code == Errc::NameTooLong);
        }
        SUBCASE("a scope loop through a backward pointer is cut by the hop limit") {
            // 0: label "a", pointer to 0 -> backward from 2, loops forever
            auto bytes = lw::test::hex("01 61 c0 00");
            std::vector<std::uint8_t> msg = g;
            msg.pop_back();
            std::size_t loop_at = msg.size();
            msg.insert(msg.end(), bytes.begin(), bytes.end());
            msg[msg.size() - 1] = static_cast<std::uint8_t>(loop_at);
            auto r = decode(msg);
            REQUIRE_FALSE(r.ok());
            CHECK(r.error().code == Errc::PointerLoop);
        }
        SUBCASE("reserved label types 01 and 10") {
            auto r1 = decode(lw::test::hex("40 00"));
            auto r2 = decode(lw::test::hex("80 00"));
            CHECK(r1.error() == lw::wire::ParseError{Errc::BadLabel, 0});
            CHECK(r2.error() == lw::wire::ParseError{Errc::BadLabel, 0});
        }
        SUBCASE("a first label that is not 32 bytes") {
            auto r = decode(lw::test::hex("03 41 41 41 00"));
            CHECK(r.error() == lw::wire::ParseError{Errc::BadName, 0});
            auto empty = decode(lw::test::hex("00"));
            CHECK(empty.error() == lw::wire::ParseError{Errc::BadName, 0});
        }
        SUBCASE("a letter outside A-P") {
            std::vector<std::uint8_t> bytes = g;
            bytes[7] = 'Z';
            auto r = decode(bytes);
            CHECK(r.error() == lw::wire::ParseError{Errc::BadName, 7});
        }
        SUBCASE("a name longer than 255 bytes") {
            std::vector<std::uint8_t> bytes = g;
            bytes.pop_back();
            for (int i = 0; i < 4; ++i) {
                bytes.push_back(63);
                bytes.insert(bytes.end(), 63, 'x');
            }
            bytes.push_back(0);
            auto r = decode(bytes);
            CHECK(r.error().code == Errc::NameTooLong);
        }
        SUBCASE("a dot inside a scope label") {
            std::vector<std::uint8_t> bytes = g;
            bytes.pop_back();
            bytes.insert(bytes.end(), {3, 'a', '.', 'b', 0});
            CHECK(decode(bytes).error() == lw::wire::ParseError{Errc::BadLabel, 33});
        }
    }

    TEST_CASE("every prefix of an encoded name fails as truncated") {
        std::string wire = encode(*Name::make("NAS01", 0x20, "lan"));
        for (std::size_t len = 0; len < wire.size(); ++len) {
            CAPTURE(len);
            std::vector<std::uint8_t> bytes(wire.begin(), wire.begin() + static_cast<long>(len));
            auto r = decode(bytes);
            REQUIRE_FALSE(r.ok());
            CHECK(r.error().code == Errc::Truncated);
            // The read that fails starts at the missing field: the length
            // byte at 0, the 32 letters at 1, the scope label's length at 33,
            // "lan" at 34, the terminator at 37.
            std::size_t expected = len == 0    ? 0
                                   : len <= 32 ? 1
                                   : len == 33 ? 33
                                   : len <= 36 ? 34
                                               : 37;
            CHECK(r.error().offset == expected);
        }
    }
}
