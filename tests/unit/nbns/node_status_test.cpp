#include "agent/core/nbns/node_status.h"

#include <doctest/doctest.h>
#include <string>
#include <vector>

#include "agent/core/nbns/message.h"
#include "tests/support/test_util.h"
#include "tests/unit/nbns/vectors.h"

using lw::nbns::decode_message;
using lw::nbns::NodeStatus;
using lw::nbns::NodeType;
using lw::nbns::read_node_status;
using lw::netbios::Name;
using lw::test::hex;
using lw::wire::Errc;
using lw::wire::ParseError;
using lw::wire::Reader;
namespace v = lw::test::nbns;

namespace {

// RDATA of one name, FILE01<20> unique, H-node, active, permanent, then
// `tail`.
std::vector<std::uint8_t> rdata_with(const std::string& tail) {
    return hex("01 46494c453031 202020202020202020 20 6600 " + tail);
}

// A statistics block in which every field has its own value, so that a
// field read at the wrong place shows.
constexpr const char* kWindowsStatistics = "001a2b3c4d5e 01 02 0302 0405 0607 0809 0a0b 0c0d "
                                           "0e0f1011 12131415 1617 1819 1a1b 1c1d 1e1f 2021 "
                                           "2223 2425 2627";

} // namespace

TEST_SUITE("nbns.node_status") {

    TEST_CASE("decodes Samba's seven-name answer of an LMB") {
        auto packet = hex(v::kSambaNodeStatus);
        REQUIRE(packet.size() == 229);
        auto msg = decode_message(packet);
        REQUIRE(msg.ok());
        CHECK(msg->flags.word() == 0x8400);
        CHECK(msg->questions.empty());
        const NodeStatus* status = msg->node_status();
        REQUIRE(status != nullptr);
        REQUIRE(status->names.size() == 7);

        struct Row {
            const char* text;
            std::uint8_t suffix;
            bool group;
        };
        const Row rows[] = {
            {"BRAVO", 0x00, false}, {"BRAVO", 0x03, false}, {"BRAVO", 0x20, false},
            {"", 0x01, true},       {"LABGRP", 0x00, true}, {"LABGRP", 0x1d, false},
            {"LABGRP", 0x1e, true},
        };
        for (std::size_t i = 0; i < 7; ++i) {
            CAPTURE(i);
            const auto& entry = status->names[i];
            if (rows[i].suffix == 0x01) {
                CHECK(entry.name == Name::msbrowse());
            } else {
                CHECK(entry.name == *Name::make(rows[i].text, rows[i].suffix));
            }
            CHECK(entry.flags.group() == rows[i].group);
            CHECK(entry.flags.active());
            CHECK(entry.flags.owner_type() == NodeType::B);
            CHECK_FALSE(entry.flags.conflict());
            CHECK_FALSE(entry.flags.deregistering());
            CHECK_FALSE(entry.flags.permanent());
        }

        REQUIRE(status->statistics.has_value());
        CHECK(*status->statistics == lw::nbns::Statistics{});
        REQUIRE(status->mac().has_value());
        CHECK(lw::nbns::mac_to_string(*status->mac()) == "00:00:00:00:00:00");
        CHECK(status->extra.empty());
    }

    TEST_CASE("Samba's answer re-encodes to the same 229 bytes") {
        auto packet = hex(v::kSambaNodeStatus);
        auto msg = decode_message(packet);
        REQUIRE(msg.ok());
        CHECK(lw::nbns::encode_message(*msg) == packet);
    }

    TEST_CASE("reads every statistics field in wire order, big-endian") {
        auto rdata = rdata_with(kWindowsStatistics);
        Reader in(rdata, 56);
        auto status = read_node_status(in);
        REQUIRE(status.ok());
        CHECK(status->names[0].name == *Name::make("FILE01", 0x20));
        CHECK(status->names[0].flags.owner_type() == NodeType::H);
        CHECK(status->names[0].flags.active());
        CHECK(status->names[0].flags.permanent());
        REQUIRE(status->statistics.has_value());
        const auto& s = *status->statistics;
        CHECK(lw::nbns::mac_to_string(s.unit_id) == "00:1a:2b:3c:4d:5e");
        CHECK(s.jumpers == 0x01);
        CHECK(s.test_result == 0x02);
        CHECK(s.version_number == 0x0302);
        CHECK(s.period_of_statistics == 0x0405);
        CHECK(s.crc_errors == 0x0607);
        CHECK(s.alignment_errors == 0x0809);
        CHECK(s.collisions == 0x0a0b);
        CHECK(s.send_aborts == 0x0c0d);
        CHECK(s.good_sends == 0x0e0f1011);
        CHECK(s.good_receives == 0x12131415);
        CHECK(s.retransmits == 0x1617);
        CHECK(s.no_resource_conditions == 0x1819);
        CHECK(s.free_command_blocks == 0x1a1b);
        CHECK(s.total_command_blocks == 0x1c1d);
        CHECK(s.max_total_command_blocks == 0x1e1f);
        CHECK(s.pending_sessions == 0x2021);
        CHECK(s.max_pending_sessions == 0x2223);
        CHECK(s.max_total_sessions == 0x2425);
        CHECK(s.session_data_packet_size == 0x2627);
        CHECK(in.at_end());
    }

    TEST_CASE("a short or absent statistics block leaves the MAC unknown") {
        SUBCASE("absent") {
            auto rdata = rdata_with("");
            Reader in(rdata);
            auto status = read_node_status(in);
            REQUIRE(status.ok());
            CHECK(status->names.size() == 1);
            CHECK_FALSE(status->statistics.has_value());
            CHECK_FALSE(status->mac().has_value());
            CHECK(status->extra.empty());
        }
        SUBCASE("45 of 46 bytes") {
            auto rdata = rdata_with(kWindowsStatistics);
            rdata.pop_back();
            Reader in(rdata);
            auto status = read_node_status(in);
            REQUIRE(status.ok());
            CHECK_FALSE(status->mac().has_value());
            CHECK(status->extra.size() == 45);
        }
    }

    TEST_CASE("bytes after the statistics are kept and re-encoded") {
        auto rdata = rdata_with(std::string(kWindowsStatistics) + "0000 0000");
        Reader in(rdata);
        auto status = read_node_status(in);
        REQUIRE(status.ok());
        REQUIRE(status->statistics.has_value());
        CHECK(status->extra.size() == 4);
        CHECK(lw::nbns::encoded_size(*status) == rdata.size());

        std::vector<std::uint8_t> buf(rdata.size());
        lw::wire::Writer out(buf);
        CHECK(lw::nbns::write_node_status(out, *status));
        CHECK(buf == rdata);
    }

    TEST_CASE("a NUM_NAMES the RDATA cannot hold is BadLength at the first entry that "
              "does not fit") {
        auto packet = hex(v::kSambaNodeStatus);
        SUBCASE("255 names announced, 172 bytes of entries and statistics") {
            packet[56] = 0xff;
            // 9 whole entries fit in 172 bytes; the 10th starts at 57 + 162.
            CHECK(decode_message(packet).error() == ParseError{Errc::BadLength, 219});
        }
        SUBCASE("8 names announced, 7 present and no statistics") {
            packet.resize(57 + 7 * 18);
            packet[55] = static_cast<std::uint8_t>(1 + 7 * 18);
            packet[56] = 8;
            CHECK(decode_message(packet).error() == ParseError{Errc::BadLength, 57 + 7 * 18});
        }
        SUBCASE("empty RDATA has no NUM_NAMES") {
            packet.resize(56);
            packet[54] = 0;
            packet[55] = 0;
            CHECK(decode_message(packet).error() == ParseError{Errc::BadLength, 56});
        }
    }

    TEST_CASE("writing more than 255 names is refused") {
        NodeStatus status;
        status.names.resize(256);
        std::vector<std::uint8_t> buf(8000);
        lw::wire::Writer out(buf);
        CHECK_FALSE(lw::nbns::write_node_status(out, status));
    }
}
