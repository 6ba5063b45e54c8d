#include "agent/core/browser/browse_datagram.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "tests/support/test_util.h"

using namespace lw::browser;
using lw::wire::Errc;
using lw::wire::ParseError;

namespace {

// The Samba 4.17 RequestElection datagram (reference §2.6); the user data
// starts at 82, the frame at 82 + 86 = 168.
const char* const kSambaElection =
    "11 0a 37 03 0a 63 00 01 00 8a 00 ae 00 00"
    "20 4542454d46414549454243414341434143414341434143414341434143414141 00"
    "20 454d45424543454846434641434143414341434143414341434143414341424f 00"
    "ff 53 4d 42 25 00000000 00 0000 0000 0000000000000000 0000 0000 0000 0000 0000"
    "11 0000 1400 0000 0000 00 00 0000 00000000 0000 0000 0000 1400 5600 03 00"
    "0100 0100 0200 2500"
    "5c 4d 41 49 4c 53 4c 4f 54 5c 42 52 4f 57 53 45 00"
    "08 01 02 0f 01 14 70 17 00 00 00 00 00 00 41 4c 50 48 41 00";

constexpr std::size_t kSmbAt = 82;
constexpr std::size_t kFrameAt = 168;

lw::nbdgm::Datagram agent_datagram() {
    return lw::nbdgm::make_data_datagram(
        lw::nbdgm::MsgType::DirectGroup, 0x0101, lw::net::Ipv4::from_octets(192, 0, 2, 1),
        *lw::netbios::Name::make("LW", 0x00), *lw::netbios::Name::make("LABGRP", 0x1e), {});
}

} // namespace

TEST_SUITE("browser.browse_datagram") {

    TEST_CASE("the Samba election datagram decodes through all three layers") {
        BrowseDatagram b = decode_browse_datagram(lw::test::hex(kSambaElection));
        REQUIRE(b.ok());
        REQUIRE(b.datagram.has_value());
        REQUIRE(b.mailslot.has_value());
        REQUIRE(b.payload.has_value());
        CHECK(b.datagram->destination_name.printable() == "LABGRP<1e>");
        CHECK(b.mailslot->mailslot == "\\MAILSLOT\\BROWSE");
        const auto& frame = std::get<Frame>(*b.payload);
        const auto& e = std::get<RequestElection>(frame);
        CHECK(e.criteria.value == 0x14010f02);
        CHECK(e.server_name == "ALPHA");
    }

    TEST_CASE("an error in a layer names the layer and the datagram offset") {
        auto bytes = lw::test::hex(kSambaElection);

        SUBCASE("DataOffset outside the datagram") {
            bytes[kSmbAt + 57] = 0xff;
            BrowseDatagram b = decode_browse_datagram(bytes);
            REQUIRE(b.error.has_value());
            CHECK(*b.error == LayerError{Layer::Mailslot, {Errc::BadLength, kSmbAt + 57}});
            CHECK(b.datagram.has_value());
            CHECK_FALSE(b.mailslot.has_value());
        }
        SUBCASE("DataCount larger than what is there") {
            bytes[kSmbAt + 55] = 21;
            BrowseDatagram b = decode_browse_datagram(bytes);
            REQUIRE(b.error.has_value());
            CHECK(*b.error == LayerError{Layer::Mailslot, {Errc::BadLength, kSmbAt + 55}});
        }
        SUBCASE("an unknown browser opcode") {
            bytes[kFrameAt] = 0x05;
            BrowseDatagram b = decode_browse_datagram(bytes);
            REQUIRE(b.error.has_value());
            CHECK(*b.error == LayerError{Layer::Browser, {Errc::Unsupported, kFrameAt}});
            CHECK(b.mailslot.has_value());
            CHECK_FALSE(b.payload.has_value());
        }
        SUBCASE("the election's name without its NUL") {
            bytes.pop_back();
            bytes[kSmbAt + 55] = 19; // DataCount
            bytes[kSmbAt + 67] = 36; // ByteCount
            bytes[11] = 173;         // DGM_LENGTH
            BrowseDatagram b = decode_browse_datagram(bytes);
            REQUIRE(b.error.has_value());
            CHECK(*b.error == LayerError{Layer::Browser, {Errc::Truncated, kFrameAt + 14}});
        }
        SUBCASE("another mailslot") {
            bytes[kSmbAt + 79] = 'X'; // \MAILSLOT\BROWXE
            BrowseDatagram b = decode_browse_datagram(bytes);
            REQUIRE(b.error.has_value());
            CHECK(*b.error == LayerError{Layer::Mailslot, {Errc::Unsupported, kSmbAt + 69}});
        }
        SUBCASE("a fragment") {
            bytes[1] = 0x0b;
            BrowseDatagram b = decode_browse_datagram(bytes);
            REQUIRE(b.error.has_value());
            CHECK(*b.error == LayerError{Layer::Datagram, {Errc::Unsupported, 1}});
            CHECK_FALSE(b.datagram.has_value());
        }
    }

    TEST_CASE("a query datagram is decoded but reported as carrying no frame") {
        lw::nbdgm::Datagram q;
        q.type = lw::nbdgm::MsgType::QueryRequest;
        q.destination_name = *lw::netbios::Name::make("LABGRP", 0x1d);
        auto bytes = lw::nbdgm::encode_datagram(q);
        REQUIRE(bytes.has_value());
        BrowseDatagram b = decode_browse_datagram(*bytes);
        REQUIRE(b.error.has_value());
        CHECK(*b.error == LayerError{Layer::Datagram, {Errc::Unsupported, 0}});
        REQUIRE(b.datagram.has_value());
        CHECK(b.datagram->destination_name == q.destination_name);
    }

    TEST_CASE("a LANMAN announcement is decoded from its own mailslot") {
        lw::nbdgm::Datagram d = agent_datagram();
        auto frame = lw::test::hex("0100 039a8100 06 01 3c00 425241564f00 6e617300");
        auto smb =
            lw::smb::encode_mailslot(lw::smb::make_mailslot_write("\\mailslot\\lanman", frame));
        REQUIRE(smb.has_value());
        d.user_data = *smb;
        auto bytes = lw::nbdgm::encode_datagram(d);
        REQUIRE(bytes.has_value());
        BrowseDatagram b = decode_browse_datagram(*bytes);
        REQUIRE(b.ok());
        const auto& a = std::get<LanmanAnnouncement>(*b.payload);
        CHECK(a.server_name == "BRAVO");
        CHECK(a.periodicity_s == 60);
    }

    TEST_CASE("what the agent encodes decodes to the same frame") {
        LocalMasterAnnouncement lmb;
        lmb.periodicity_ms = 60000;
        lmb.server_name = "LW";
        lmb.type = ServerType{ServerType::kWorkstation | ServerType::kMasterBrowser};
        lmb.comment = "lanwarden";
        auto bytes = encode_browse_datagram(agent_datagram(), lmb);
        REQUIRE(bytes.has_value());
        CHECK(bytes->size() <= lw::nbdgm::kMaxDatagram);
        BrowseDatagram b = decode_browse_datagram(*bytes);
        REQUIRE(b.ok());
        CHECK(std::get<Frame>(*b.payload) == Frame{lmb});
        CHECK(b.mailslot->mailslot == "\\MAILSLOT\\BROWSE");
        CHECK(b.mailslot->mailslot_class == 2);
    }

    TEST_CASE("every prefix of the datagram fails without a payload") {
        auto bytes = lw::test::hex(kSambaElection);
        for (std::size_t len = 0; len < bytes.size(); ++len) {
            CAPTURE(len);
            BrowseDatagram b = decode_browse_datagram(lw::wire::Bytes(bytes).first(len));
            REQUIRE(b.error.has_value());
            CHECK(b.error->layer == Layer::Datagram);
            CHECK_FALSE(b.payload.has_value());
        }
    }

    TEST_CASE("summary and JSON carry every layer and the error") {
        BrowseDatagram b = decode_browse_datagram(lw::test::hex(kSambaElection));
        CHECK(summary(b) ==
              "direct_group 10.99.0.1:138 ALPHA<00> -> LABGRP<1e> id=0x3703 user_data=106 | "
              "mailslot \\MAILSLOT\\BROWSE data=20 | request_election ALPHA version=1 "
              "criteria=0x14010f02 os_level=20 standby uptime=6000ms");
        nlohmann::json j = to_json(b);
        CHECK(j["datagram"]["source_ip"] == "10.99.0.1");
        CHECK(j["smb"]["mailslot"] == "\\MAILSLOT\\BROWSE");
        CHECK(j["browser"]["frame"] == "request_election");
        CHECK_FALSE(j.contains("error"));

        auto bytes = lw::test::hex(kSambaElection);
        bytes[kSmbAt + 57] = 0xff;
        BrowseDatagram bad = decode_browse_datagram(bytes);
        CHECK(summary(bad).find(" | error mailslot bad_length at 139") != std::string::npos);
        nlohmann::json e = to_json(bad);
        CHECK(e["error"]["layer"] == "mailslot");
        CHECK(e["error"]["code"] == "bad_length");
        CHECK(e["error"]["offset"] == kSmbAt + 57);
        CHECK_FALSE(e.contains("smb"));
    }
}
