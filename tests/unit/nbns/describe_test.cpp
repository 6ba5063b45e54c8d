#include "agent/core/nbns/describe.h"

#include <doctest/doctest.h>
#include <vector>

#include "agent/core/nbns/builders.h"
#include "tests/support/test_util.h"
#include "tests/unit/nbns/vectors.h"

using lw::nbns::decode_message;
using lw::nbns::Flags;
using lw::nbns::NbAddress;
using lw::nbns::NbFlags;
using lw::nbns::NodeType;
using lw::nbns::Rcode;
using lw::nbns::summary;
using lw::nbns::to_json;
using lw::net::Ipv4;
using lw::netbios::Name;
using lw::test::hex;
namespace nbns = lw::nbns;
namespace v = lw::test::nbns;

namespace {

const Name kAlpha = *Name::make("ALPHA", 0x00);
const NbAddress kUnique{NbFlags(false, NodeType::B), Ipv4::from_octets(192, 0, 2, 11)};

} // namespace

TEST_SUITE("nbns.describe") {

    TEST_CASE("one line per message says what it is, about which name, and the trn") {
        struct Row {
            nbns::Message msg;
            const char* line;
        };
        Flags request{0x2910};
        std::vector<NbAddress> two{kUnique, {NbFlags(true, NodeType::H), Ipv4{0xc0000207}}};
        const Row rows[] = {
            {*decode_message(hex(v::kBroadcastQuery)), "name query NAS01<20> bcast trn=0x1a2b"},
            {*decode_message(hex(v::kPositiveResponse)),
             "name query response NAS01<20> 192.0.2.5 ttl=259200 trn=0x1a2b"},
            {nbns::positive_query_response(2, kAlpha, 0, two),
             "name query response ALPHA<00> 192.0.2.11,192.0.2.7(group) ttl=0 trn=0x0002"},
            {nbns::negative_query_response(3, kAlpha),
             "name query response ALPHA<00> nam_err trn=0x0003"},
            {*decode_message(hex(v::kSambaRegistration)),
             "name registration ALPHA<00> 192.0.2.11 bcast trn=0x0042"},
            {nbns::overwrite_demand(4, kAlpha, kUnique),
             "name overwrite ALPHA<00> 192.0.2.11 bcast trn=0x0004"},
            {nbns::registration_response(5, kAlpha, kUnique, 0, Rcode::ActErr),
             "name registration response ALPHA<00> 192.0.2.11 ttl=0 act_err trn=0x0005"},
            {nbns::conflict_demand(6, kAlpha, kUnique),
             "name conflict demand ALPHA<00> 192.0.2.11 ttl=0 cft_err trn=0x0006"},
            {nbns::release_request(7, kAlpha, kUnique),
             "name release ALPHA<00> 192.0.2.11 bcast trn=0x0007"},
            {nbns::refresh_request(8, kAlpha, kUnique, 60),
             "name refresh ALPHA<00> 192.0.2.11 trn=0x0008"},
            {nbns::wack(9, kAlpha, 10, request), "wack ALPHA<00> wait=10s trn=0x0009"},
            {*decode_message(hex(v::kNodeStatusRequest)), "node status request *<00> trn=0x0007"},
            {*decode_message(hex(v::kSambaNodeStatus)),
             "node status response 7 names mac=00:00:00:00:00:00 trn=0x0007"},
        };
        for (const Row& row : rows) {
            CHECK(summary(row.msg) == row.line);
        }
    }

    TEST_CASE("the summary flags trailing bytes and escapes control bytes in names") {
        auto padded = decode_message(hex(std::string(v::kBroadcastQuery) + "0000"));
        REQUIRE(padded.ok());
        CHECK(summary(*padded) == "name query NAS01<20> bcast trn=0x1a2b trailing=2");

        auto msb = nbns::name_query_request(1, Name::msbrowse(), true);
        CHECK(summary(msb) == "name query \\x01\\x02__MSBROWSE__\\x02<01> bcast trn=0x0001");
    }

    TEST_CASE("a node status response without statistics has an unknown MAC") {
        auto msg = nbns::node_status_response(1, Name(), {});
        std::get<nbns::NodeStatus>(msg.answers[0].rdata).statistics.reset();
        CHECK(summary(msg) == "node status response 0 names mac=unknown trn=0x0001");
        CHECK(to_json(msg)["answers"][0]["node_status"]["mac"].is_null());
    }

    TEST_CASE("JSON has snake_case keys, printable names and addresses as strings") {
        auto j = to_json(*decode_message(hex(v::kPositiveResponse)));
        CHECK(j["kind"] == "name query response");
        CHECK(j["transaction_id"] == 0x1a2b);
        CHECK(j["flags"]["word"] == 0x8580);
        CHECK(j["flags"]["opcode"] == "query");
        CHECK(j["flags"]["recursion_desired"] == true);
        CHECK(j["flags"]["broadcast"] == false);
        CHECK(j["flags"]["rcode"] == "ok");
        CHECK(j["questions"].empty());
        const auto& rr = j["answers"][0];
        CHECK(rr["name"] == "NAS01<20>");
        CHECK(rr["type"] == "nb");
        CHECK(rr["ttl"] == 259200);
        CHECK(rr["addresses"][0]["address"] == "192.0.2.5");
        CHECK(rr["addresses"][0]["group"] == false);
        CHECK(rr["addresses"][0]["node_type"] == "b");
        CHECK(j["trailing_bytes"] == 0);
    }

    TEST_CASE("JSON of a node status lists names with their flags and the statistics") {
        auto j = to_json(*decode_message(hex(v::kSambaNodeStatus)));
        const auto& status = j["answers"][0]["node_status"];
        REQUIRE(status["names"].size() == 7);
        CHECK(status["names"][3]["name"] == "\\x01\\x02__MSBROWSE__\\x02<01>");
        CHECK(status["names"][3]["group"] == true);
        CHECK(status["names"][5]["name"] == "LABGRP<1d>");
        CHECK(status["names"][5]["group"] == false);
        CHECK(status["names"][5]["active"] == true);
        CHECK(status["mac"] == "00:00:00:00:00:00");
        CHECK(status["statistics"]["session_data_packet_size"] == 0);
        CHECK(status["extra_bytes"] == 0);
    }

    TEST_CASE("JSON of a WACK and of raw RDATA") {
        auto wack = to_json(nbns::wack(1, kAlpha, 10, nbns::Flags{0x2910}));
        CHECK(wack["answers"][0]["request_flags"]["opcode"] == "registration");
        auto raw = to_json(*decode_message(
            hex("0001 8000 0000 0001 0000 0000 " LW_NAME_ALPHA_00 "00ff 0001 00000000 0002 abcd")));
        CHECK(raw["answers"][0]["type"] == "type_255");
        CHECK(raw["answers"][0]["rdata_hex"] == "abcd");
    }
}
