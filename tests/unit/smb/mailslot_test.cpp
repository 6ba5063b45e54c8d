#include "agent/core/smb/mailslot.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "agent/core/wire/hex.h"
#include "tests/support/test_util.h"

using lw::smb::decode_mailslot;
using lw::smb::encode_mailslot;
using lw::smb::MailslotWrite;
using lw::wire::Errc;
using lw::wire::ParseError;

namespace {

// The user data of the Samba 4.17 election datagram (reference §2.2,
// §2.6): priority 1, timeout 0, DataOffset 86, DataCount 20.
const char* const kSambaMailslot =
    "ff 53 4d 42 25 00000000 00 0000 0000 0000000000000000 0000 0000 0000 0000 0000"
    "11 0000 1400 0000 0000 00 00 0000 00000000 0000 0000 0000 1400 5600 03 00"
    "0100 0100 0200 2500"
    "5c 4d 41 49 4c 53 4c 4f 54 5c 42 52 4f 57 53 45 00"
    "08 01 02 0f 01 14 70 17 00 00 00 00 00 00 41 4c 50 48 41 00";

void set_u16le(std::vector<std::uint8_t>& b, std::size_t at, std::uint16_t v) {
    b[at] = static_cast<std::uint8_t>(v);
    b[at + 1] = static_cast<std::uint8_t>(v >> 8);
}

std::size_t field_at(std::initializer_list<std::size_t> starts, std::size_t length) {
    std::size_t at = 0;
    for (std::size_t s : starts) {
        if (s <= length) {
            at = s;
        }
    }
    return at;
}

} // namespace

TEST_SUITE("smb.mailslot") {

    TEST_CASE("the Samba mailslot write decodes to its mailslot and frame") {
        auto bytes = lw::test::hex(kSambaMailslot);
        REQUIRE(bytes.size() == 106);
        auto m = decode_mailslot(bytes);
        REQUIRE(m.ok());
        CHECK(m->mailslot == "\\MAILSLOT\\BROWSE");
        CHECK(m->priority == 1);
        CHECK(m->mailslot_class == 2);
        CHECK(m->timeout == 0);
        CHECK(m->data_position == 86);
        CHECK(m->data ==
              lw::test::hex("08 01 02 0f 01 14 70 17 00 00 00 00 00 00 41 4c 50 48 41 00"));
    }

    TEST_CASE("the encoder computes the offsets and counts Samba sends") {
        auto bytes = lw::test::hex(kSambaMailslot);
        auto m = decode_mailslot(bytes);
        REQUIRE(m.ok());
        auto again = encode_mailslot(*m);
        REQUIRE(again.has_value());
        CHECK(*again == bytes);
    }

    TEST_CASE("a mailslot write with every field set round-trips") {
        MailslotWrite m = lw::smb::make_mailslot_write(lw::smb::kMailslotLanman, {1, 2, 3});
        m.header.status = 0x01020304;
        m.header.flags = 0x18;
        m.header.flags2 = 0xc801;
        m.header.pid_high = 7;
        m.header.signature = {1, 2, 3, 4, 5, 6, 7, 8};
        m.header.reserved = 9;
        m.header.tid = 10;
        m.header.pid_low = 11;
        m.header.uid = 12;
        m.header.mid = 13;
        m.max_parameter_count = 14;
        m.max_data_count = 15;
        m.max_setup_count = 16;
        m.flags = 17;
        m.timeout = 1000;
        m.priority = 0;
        m.mailslot_class = lw::smb::kClassReliable;
        auto bytes = encode_mailslot(m);
        REQUIRE(bytes.has_value());
        CHECK(bytes->size() == lw::smb::encoded_size(m));
        auto back = decode_mailslot(*bytes, 82);
        REQUIRE(back.ok());
        CHECK(*back == m);
        CHECK(back->data_position == 82 + 86);
    }

    TEST_CASE("an empty frame round-trips and has no data") {
        MailslotWrite m = lw::smb::make_mailslot_write(lw::smb::kMailslotBrowse, {});
        auto bytes = encode_mailslot(m);
        REQUIRE(bytes.has_value());
        auto back = decode_mailslot(*bytes);
        REQUIRE(back.ok());
        CHECK(back->data.empty());
    }

    TEST_CASE("the encoder refuses names it cannot write") {
        CHECK_FALSE(encode_mailslot(lw::smb::make_mailslot_write("", {})).has_value());
        CHECK_FALSE(
            encode_mailslot(lw::smb::make_mailslot_write(std::string("a\0b", 3), {})).has_value());
        CHECK_FALSE(
            encode_mailslot(lw::smb::make_mailslot_write(std::string(256, 'x'), {})).has_value());
        CHECK_FALSE(encode_mailslot(
                        lw::smb::make_mailslot_write("x", std::vector<std::uint8_t>(65536 - 70, 0)))
                        .has_value());
    }

    TEST_CASE("ParameterOffset, priority and timeout may hold anything") {
        auto bytes = lw::test::hex(kSambaMailslot);
        set_u16le(bytes, 53, 0xffff); // ParameterOffset
        set_u16le(bytes, 51, 0x0040); // ParameterCount
        set_u16le(bytes, 63, 0x1234); // priority
        set_u16le(bytes, 45, 0xffff); // timeout, low half
        auto m = decode_mailslot(bytes);
        REQUIRE(m.ok());
        CHECK(m->priority == 0x1234);
        CHECK(m->data.size() == 20);
    }

    TEST_CASE("the frame is located through DataOffset, not by assumption") {
        // Four bytes of padding between the name and the frame.
        auto bytes = lw::test::hex(kSambaMailslot);
        bytes.insert(bytes.begin() + 86, {0xee, 0xee, 0xee, 0xee});
        set_u16le(bytes, 57, 90);
        set_u16le(bytes, 67, 37 + 4);
        auto m = decode_mailslot(bytes, 82);
        REQUIRE(m.ok());
        CHECK(m->data.front() == 0x08);
        CHECK(m->data.size() == 20);
        CHECK(m->data_position == 82 + 90);
    }

    TEST_CASE("a name is matched against the mailslots without regard to case") {
        CHECK(lw::smb::is_mailslot("\\mailslot\\browse", lw::smb::kMailslotBrowse));
        CHECK(lw::smb::is_mailslot("\\MAILSLOT\\LANMAN", lw::smb::kMailslotLanman));
        CHECK_FALSE(lw::smb::is_mailslot("\\MAILSLOT\\NET\\NETLOGON", lw::smb::kMailslotBrowse));
        CHECK_FALSE(lw::smb::is_mailslot("\\MAILSLOT\\BROWS", lw::smb::kMailslotBrowse));
    }

    TEST_CASE("hostile counts and offsets fail at the field, offsets in datagram terms") {
        auto bytes = lw::test::hex(kSambaMailslot);
        constexpr std::size_t kBase = 82;

        SUBCASE("DataOffset past the end of the message") {
            set_u16le(bytes, 57, 107);
            CHECK(decode_mailslot(bytes, kBase).error() == ParseError{Errc::BadLength, 82 + 57});
            set_u16le(bytes, 57, 0xffff);
            CHECK(decode_mailslot(bytes, kBase).error() == ParseError{Errc::BadLength, 82 + 57});
        }
        SUBCASE("DataOffset inside the header") {
            set_u16le(bytes, 57, 10);
            CHECK(decode_mailslot(bytes, kBase).error() == ParseError{Errc::BadLength, 82 + 57});
        }
        SUBCASE("DataCount larger than what is there") {
            set_u16le(bytes, 55, 21);
            CHECK(decode_mailslot(bytes, kBase).error() == ParseError{Errc::BadLength, 82 + 55});
            set_u16le(bytes, 55, 0xffff);
            CHECK(decode_mailslot(bytes, kBase).error() == ParseError{Errc::BadLength, 82 + 55});
        }
        SUBCASE("DataOffset at the very end with DataCount 1") {
            set_u16le(bytes, 57, 106);
            set_u16le(bytes, 55, 1);
            CHECK(decode_mailslot(bytes, kBase).error() == ParseError{Errc::BadLength, 82 + 55});
        }
        SUBCASE("ByteCount past the end of the message") {
            set_u16le(bytes, 67, 38);
            CHECK(decode_mailslot(bytes, kBase).error() == ParseError{Errc::BadLength, 82 + 67});
        }
        SUBCASE("a mailslot name without its NUL") {
            set_u16le(bytes, 67, 16);
            CHECK(decode_mailslot(bytes, kBase).error() == ParseError{Errc::Truncated, 82 + 69});
        }
        SUBCASE("an empty mailslot name") {
            bytes[69] = 0;
            CHECK(decode_mailslot(bytes, kBase).error() == ParseError{Errc::BadValue, 82 + 69});
        }
        SUBCASE("not an SMB") {
            bytes[0] = 0xfe;
            CHECK(decode_mailslot(bytes, kBase).error() == ParseError{Errc::BadValue, 82});
        }
        SUBCASE("another SMB command") {
            bytes[4] = 0x32;
            CHECK(decode_mailslot(bytes, kBase).error() == ParseError{Errc::Unsupported, 82 + 4});
        }
        SUBCASE("a WordCount other than 17") {
            bytes[32] = 14;
            CHECK(decode_mailslot(bytes, kBase).error() == ParseError{Errc::BadValue, 82 + 32});
        }
        SUBCASE("a SetupCount other than 3") {
            bytes[59] = 2;
            CHECK(decode_mailslot(bytes, kBase).error() == ParseError{Errc::BadValue, 82 + 59});
        }
        SUBCASE("a transaction that is not a mailslot write") {
            bytes[61] = 2;
            CHECK(decode_mailslot(bytes, kBase).error() == ParseError{Errc::Unsupported, 82 + 61});
        }
    }

    TEST_CASE("every prefix of a mailslot write fails cleanly at the right offset") {
        auto bytes = lw::test::hex(kSambaMailslot);
        for (std::size_t len = 0; len < bytes.size(); ++len) {
            CAPTURE(len);
            auto m = decode_mailslot(lw::wire::Bytes(bytes).first(len), 5);
            REQUIRE_FALSE(m.ok());
            if (len < 69) {
                std::size_t at =
                    field_at({0,  4,  5,  9,  10, 12, 14, 22, 24, 26, 28, 30, 32, 33, 35, 37,
                              39, 41, 42, 43, 45, 49, 51, 55, 57, 59, 60, 61, 63, 65, 67},
                             len);
                CHECK(m.error() == ParseError{Errc::Truncated, 5 + at});
            } else {
                CHECK(m.error() == ParseError{Errc::BadLength, 5 + 67});
            }
        }
    }

    TEST_CASE("summary and JSON show the mailslot and the data size") {
        auto m = decode_mailslot(lw::test::hex(kSambaMailslot));
        REQUIRE(m.ok());
        CHECK(lw::smb::summary(*m) == "mailslot \\MAILSLOT\\BROWSE data=20");
        nlohmann::json j = lw::smb::to_json(*m);
        CHECK(j["mailslot"] == "\\MAILSLOT\\BROWSE");
        CHECK(j["priority"] == 1);
        CHECK(j["class"] == 2);
        CHECK(j["data_count"] == 20);
        CHECK(lw::wire::escape_text(std::string("A\x01\xff", 3)) == "A\\x01\\xff");
    }
}
