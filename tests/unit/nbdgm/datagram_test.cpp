#include "agent/core/nbdgm/datagram.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "tests/support/test_util.h"

using lw::nbdgm::Datagram;
using lw::nbdgm::decode_datagram;
using lw::nbdgm::encode_datagram;
using lw::nbdgm::ErrorCode;
using lw::nbdgm::Flags;
using lw::nbdgm::MsgType;
using lw::nbdgm::NodeType;
using lw::netbios::Name;
using lw::wire::Errc;
using lw::wire::ParseError;

namespace {

// The RequestElection datagram of the Samba 4.17 lab capture (reference
// §2.6): header, ALPHA<00> -> LABGRP<1e>, the mailslot write, the frame.
const char* const kSambaElection =
    "11 0a 37 03 0a 63 00 01 00 8a 00 ae 00 00"                              // header
    "20 4542454d46414549454243414341434143414341434143414341434143414141 00" // ALPHA<00>
    "20 454d45424543454846434641434143414341434143414341434143414341424f 00" // LABGRP<1e>
    "ff 53 4d 42 25 00000000 00 0000 0000 0000000000000000 0000 0000 0000 0000 0000"
    "11 0000 1400 0000 0000 00 00 0000 00000000 0000 0000 0000 1400 5600 03 00"
    "0100 0100 0200 2500"
    "5c 4d 41 49 4c 53 4c 4f 54 5c 42 52 4f 57 53 45 00" // \MAILSLOT\BROWSE
    "08 01 02 0f 01 14 70 17 00 00 00 00 00 00 41 4c 50 48 41 00";

Name name(const char* text, std::uint8_t suffix) {
    auto n = Name::make(text, suffix);
    REQUIRE(n.has_value());
    return *n;
}

// The offset a truncated read reports: the start of the field the data
// ends in.
std::size_t field_at(std::initializer_list<std::size_t> starts, std::size_t length) {
    std::size_t at = 0;
    for (std::size_t s : starts) {
        if (s <= length) {
            at = s;
        }
    }
    return at;
}

Datagram round_trip(const Datagram& d) {
    auto bytes = encode_datagram(d);
    REQUIRE(bytes.has_value());
    CHECK(bytes->size() == lw::nbdgm::encoded_size(d));
    auto back = decode_datagram(*bytes);
    REQUIRE(back.ok());
    return *back;
}

} // namespace

TEST_SUITE("nbdgm.datagram") {

    TEST_CASE("the Samba election datagram decodes to the documented header fields") {
        auto bytes = lw::test::hex(kSambaElection);
        REQUIRE(bytes.size() == 188);
        auto d = decode_datagram(bytes);
        REQUIRE(d.ok());
        CHECK(d->type == MsgType::DirectGroup);
        CHECK(d->flags.bits == 0x0a);
        CHECK(d->flags.first());
        CHECK_FALSE(d->flags.more());
        CHECK(d->flags.node_type() == NodeType::M);
        CHECK(d->id == 0x3703);
        CHECK(d->source_ip.to_string() == "10.99.0.1");
        CHECK(d->source_port == 138);
        CHECK(d->dgm_length == 174);
        CHECK(d->packet_offset == 0);
        CHECK(d->source_name.printable() == "ALPHA<00>");
        CHECK(d->destination_name.printable() == "LABGRP<1e>");
        CHECK(d->user_data_offset == 82);
        CHECK(d->user_data.size() == 106);
        CHECK(d->user_data[0] == 0xff);
        CHECK(d->user_data.back() == 0x00);
    }

    TEST_CASE("the Samba datagram re-encodes to the same bytes") {
        auto bytes = lw::test::hex(kSambaElection);
        auto d = decode_datagram(bytes);
        REQUIRE(d.ok());
        auto again = encode_datagram(*d);
        REQUIRE(again.has_value());
        CHECK(*again == bytes);
    }

    TEST_CASE("every datagram type survives a round trip") {
        Datagram base;
        base.flags = Flags::whole(NodeType::B);
        base.id = 0xbeef;
        base.source_ip = lw::net::Ipv4::from_octets(192, 0, 2, 7);
        base.source_port = 138;

        for (MsgType t : {MsgType::DirectUnique, MsgType::DirectGroup, MsgType::Broadcast}) {
            CAPTURE(lw::nbdgm::msg_type_name(t));
            Datagram d = base;
            d.type = t;
            d.source_name = name("NAS01", 0x00);
            d.destination_name = name("LABGRP", 0x1d);
            d.user_data = {1, 2, 3, 4, 5};
            Datagram back = round_trip(d);
            CHECK(back.dgm_length == 34 + 34 + 5);
            CHECK(back.user_data_offset == 14 + 68);
            back.dgm_length = 0;
            back.user_data_offset = 0;
            CHECK(back == d);
        }
        for (ErrorCode code : {ErrorCode::DestinationNameNotPresent, ErrorCode::InvalidSourceName,
                               ErrorCode::InvalidDestinationName}) {
            Datagram d = base;
            d.type = MsgType::Error;
            d.error_code = code;
            CHECK(lw::nbdgm::encoded_size(d) == 11);
            CHECK(round_trip(d) == d);
        }
        for (MsgType t : {MsgType::QueryRequest, MsgType::PositiveQueryResponse,
                          MsgType::NegativeQueryResponse}) {
            CAPTURE(lw::nbdgm::msg_type_name(t));
            Datagram d = base;
            d.type = t;
            d.destination_name = name("LABGRP", 0x1d);
            CHECK(lw::nbdgm::encoded_size(d) == 44);
            CHECK(round_trip(d) == d);
        }
    }

    TEST_CASE("a scoped name and an empty user data round-trip") {
        Datagram d = lw::nbdgm::make_data_datagram(
            MsgType::Broadcast, 7, lw::net::Ipv4::from_octets(192, 0, 2, 1),
            *Name::make("A", 0x00, "corp.example"), Name::msbrowse(), {});
        Datagram back = round_trip(d);
        CHECK(back.source_name.scope() == "corp.example");
        CHECK(back.destination_name == Name::msbrowse());
        CHECK(back.user_data.empty());
    }

    TEST_CASE("the agent's datagrams are whole, from a B node, from port 138") {
        Datagram d = lw::nbdgm::make_data_datagram(MsgType::DirectGroup, 0x1234,
                                                   lw::net::Ipv4::from_octets(192, 0, 2, 1),
                                                   name("LW", 0x00), name("LABGRP", 0x1e), {0xaa});
        auto bytes = encode_datagram(d);
        REQUIRE(bytes.has_value());
        CHECK((*bytes)[0] == 0x11);
        CHECK((*bytes)[1] == 0x02);
        CHECK((*bytes)[8] == 0x00);
        CHECK((*bytes)[9] == 0x8a);
        CHECK((*bytes)[10] == 0x00);
        CHECK((*bytes)[11] == 34 + 34 + 1);
    }

    TEST_CASE("fragments are recognised and refused as unsupported at the flags byte") {
        auto bytes = lw::test::hex(kSambaElection);
        for (std::uint8_t flags : {0x0b, 0x08, 0x09, 0x01, 0x00}) {
            CAPTURE(flags);
            bytes[1] = flags;
            auto d = decode_datagram(bytes);
            REQUIRE_FALSE(d.ok());
            CHECK(d.error() == ParseError{Errc::Unsupported, 1});
        }
        bytes[1] = 0x02; // whole, B node
        CHECK(decode_datagram(bytes).ok());
    }

    TEST_CASE("a DGM_LENGTH larger than the datagram is refused at its offset") {
        auto bytes = lw::test::hex(kSambaElection);
        bytes[11] = 0xaf; // 175, one more than follows the header
        auto d = decode_datagram(bytes);
        REQUIRE_FALSE(d.ok());
        CHECK(d.error() == ParseError{Errc::BadLength, 10});
        bytes[10] = 0xff;
        bytes[11] = 0xff;
        CHECK(decode_datagram(bytes).error() == ParseError{Errc::BadLength, 10});
    }

    TEST_CASE("a DGM_LENGTH smaller than the datagram is tolerated and kept") {
        auto bytes = lw::test::hex(kSambaElection);
        for (std::uint16_t length : {0, 68, 106, 173}) {
            CAPTURE(length);
            bytes[10] = static_cast<std::uint8_t>(length >> 8);
            bytes[11] = static_cast<std::uint8_t>(length);
            auto d = decode_datagram(bytes);
            REQUIRE(d.ok());
            CHECK(d->dgm_length == length);
            CHECK(d->user_data.size() == 106);
        }
    }

    TEST_CASE("every prefix of a datagram fails cleanly at the right offset") {
        auto bytes = lw::test::hex(kSambaElection);
        for (std::size_t len = 0; len < bytes.size(); ++len) {
            CAPTURE(len);
            auto d = decode_datagram(lw::wire::Bytes(bytes).first(len));
            REQUIRE_FALSE(d.ok());
            if (len < 14) {
                CHECK(d.error() ==
                      ParseError{Errc::Truncated, field_at({0, 1, 2, 4, 8, 10, 12}, len)});
            } else {
                // DGM_LENGTH promises more than is there.
                CHECK(d.error() == ParseError{Errc::BadLength, 10});
            }
        }
    }

    TEST_CASE("names cut short fail as truncated at the name's field") {
        auto bytes = lw::test::hex(kSambaElection);
        bytes[10] = 0;
        bytes[11] = 0; // DGM_LENGTH 0: the names are checked on their own
        for (std::size_t len = 14; len < 82; ++len) {
            CAPTURE(len);
            auto d = decode_datagram(lw::wire::Bytes(bytes).first(len));
            REQUIRE_FALSE(d.ok());
            CHECK(d.error() ==
                  ParseError{Errc::Truncated, field_at({14, 15, 47, 48, 49, 81}, len)});
        }
        CHECK(decode_datagram(lw::wire::Bytes(bytes).first(82)).ok());
    }

    TEST_CASE("error and query datagrams cut short fail as truncated") {
        auto error = lw::test::hex("13 02 00 01 c0 00 02 07 00 8a 82");
        REQUIRE(decode_datagram(error).ok());
        CHECK(decode_datagram(error)->error_code == ErrorCode::DestinationNameNotPresent);
        CHECK(decode_datagram(lw::wire::Bytes(error).first(10)).error() ==
              ParseError{Errc::Truncated, 10});

        Datagram q;
        q.type = MsgType::QueryRequest;
        q.destination_name = name("LABGRP", 0x1d);
        auto query = encode_datagram(q);
        REQUIRE(query.has_value());
        for (std::size_t len = 0; len < query->size(); ++len) {
            CAPTURE(len);
            auto d = decode_datagram(lw::wire::Bytes(*query).first(len));
            REQUIRE_FALSE(d.ok());
            CHECK(d.error() ==
                  ParseError{Errc::Truncated, field_at({0, 1, 2, 4, 8, 10, 11, 43}, len)});
        }
    }

    TEST_CASE("an unknown message type is refused at offset 0") {
        auto bytes = lw::test::hex(kSambaElection);
        for (std::uint8_t type : {0x00, 0x0f, 0x17, 0xff}) {
            CAPTURE(type);
            bytes[0] = type;
            CHECK(decode_datagram(bytes).error() == ParseError{Errc::BadValue, 0});
        }
    }

    TEST_CASE("a bad name is reported at the name's offset") {
        auto bytes = lw::test::hex(kSambaElection);
        SUBCASE("a label of the wrong length") {
            bytes[48] = 0x1f;
            CHECK(decode_datagram(bytes).error() == ParseError{Errc::BadName, 48});
        }
        SUBCASE("a letter outside A-P") {
            bytes[20] = 'Z';
            CHECK(decode_datagram(bytes).error() == ParseError{Errc::BadName, 19});
        }
        SUBCASE("a forward pointer") {
            bytes[48] = 0xc0;
            bytes[49] = 0x60;
            CHECK(decode_datagram(bytes).error() == ParseError{Errc::BadPointer, 48});
        }
    }

    TEST_CASE("summary and JSON name the type, the addresses and the names") {
        auto d = decode_datagram(lw::test::hex(kSambaElection));
        REQUIRE(d.ok());
        CHECK(lw::nbdgm::summary(*d) ==
              "direct_group 10.99.0.1:138 ALPHA<00> -> LABGRP<1e> id=0x3703 user_data=106");
        nlohmann::json j = lw::nbdgm::to_json(*d);
        CHECK(j["msg_type"] == "direct_group");
        CHECK(j["source_ip"] == "10.99.0.1");
        CHECK(j["source_port"] == 138);
        CHECK(j["node_type"] == "m");
        CHECK(j["dgm_length"] == 174);
        CHECK(j["source_name"] == "ALPHA<00>");
        CHECK(j["destination_name"] == "LABGRP<1e>");
        CHECK(j["user_data_length"] == 106);

        Datagram e;
        e.type = MsgType::Error;
        e.error_code = ErrorCode::InvalidSourceName;
        CHECK(lw::nbdgm::to_json(e)["error"] == "invalid_source_name");
        CHECK(lw::nbdgm::summary(e) == "error 0.0.0.0:138 code=invalid_source_name id=0x0000");
    }
}
