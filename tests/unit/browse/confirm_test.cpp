#include "agent/core/browse/confirm.h"

#include <algorithm>
#include <doctest/doctest.h>

#include "agent/core/nbns/builders.h"
#include "agent/core/nbns/message.h"

using namespace lw::browse;
using lw::net::Ipv4;
namespace nbns = lw::nbns;
using lw::netbios::Name;

namespace {

const Ipv4 kBroadcast = Ipv4::from_octets(192, 0, 2, 255);
const Ipv4 kNas01 = Ipv4::from_octets(192, 0, 2, 11);

struct Fixture {
    Model model;
    std::uint16_t next_id = 0x1000;
    Confirmer confirmer{kBroadcast, [this] { return next_id++; }};
    std::vector<std::string> groups{"SPRINGFIELD"};
};

nbns::Message decoded(const Send& s) {
    auto m = nbns::decode_message(s.bytes);
    REQUIRE(m.ok());
    return *m;
}

bool finding(const Model& m, const std::string& id, Millis now) {
    auto fs = m.findings(now);
    return std::any_of(fs.begin(), fs.end(), [&](const Finding& f) { return f.id == id; });
}

} // namespace

TEST_SUITE("browse.confirm") {

    TEST_CASE("a round asks the broadcast address for WORKGROUP<1d>, three times") {
        Fixture f;
        auto sends = f.confirmer.tick(f.model, f.groups, 0);
        REQUIRE(sends.size() == 1);
        CHECK(sends[0].to == kBroadcast);
        CHECK(sends[0].port == 137);
        nbns::Message q = decoded(sends[0]);
        CHECK(q.flags.word() == 0x0110); // query, RD, broadcast
        REQUIRE(q.questions.size() == 1);
        CHECK(q.questions[0].name.printable() == "SPRINGFIELD<1d>");

        CHECK(f.confirmer.tick(f.model, f.groups, 100).empty()); // not yet
        CHECK(f.confirmer.next_wakeup(100) == 250);
        auto retry = f.confirmer.tick(f.model, f.groups, 250);
        REQUIRE(retry.size() == 1);
        CHECK(decoded(retry[0]).transaction_id == q.transaction_id);
        CHECK(f.confirmer.tick(f.model, f.groups, 500).size() == 1);
        CHECK(f.confirmer.counters().queries == 3);

        // Nobody answered: no master browser, at once.
        CHECK_FALSE(finding(f.model, "no_master_browser", 700));
        CHECK(f.confirmer.tick(f.model, f.groups, 750).empty());
        CHECK(f.confirmer.counters().unanswered == 1);
        CHECK(finding(f.model, "no_master_browser", 800));

        // The next round comes after the interval, not before.
        CHECK(f.confirmer.tick(f.model, f.groups, kConfirmIntervalMs - 1).empty());
        CHECK(f.confirmer.tick(f.model, f.groups, kConfirmIntervalMs).size() == 1);
    }

    TEST_CASE("an answer leads to a node status query that names the master") {
        Fixture f;
        nbns::Message q = decoded(f.confirmer.tick(f.model, f.groups, 0)[0]);

        auto wg1d = *Name::make("SPRINGFIELD", 0x1d);
        nbns::NbAddress entry{nbns::NbFlags(false, nbns::NodeType::B), kNas01};
        auto answer = nbns::encode_message(
            nbns::positive_query_response(q.transaction_id, wg1d, 259200, {&entry, 1}));
        auto next = f.confirmer.on_datagram(f.model, answer, kNas01, 10);
        REQUIRE(next.size() == 1);
        CHECK(next[0].to == kNas01);
        nbns::Message status_q = decoded(next[0]);
        CHECK(status_q.questions[0].type == nbns::RrType::Nbstat);
        // Already known by address.
        REQUIRE(f.model.workgroups().at("SPRINGFIELD").master.has_value());
        CHECK(f.model.workgroups().at("SPRINGFIELD").master->name.empty());

        std::vector<nbns::NodeName> names = {
            {*Name::make("NAS01", 0x00), nbns::NameFlags(false, nbns::NodeType::B)},
            {*Name::make("SPRINGFIELD", 0x00), nbns::NameFlags(true, nbns::NodeType::B)},
            {wg1d, nbns::NameFlags(false, nbns::NodeType::B)},
        };
        // A reply from another address does not count.
        auto reply = nbns::encode_message(
            nbns::node_status_response(status_q.transaction_id, Name(), names));
        f.confirmer.on_datagram(f.model, reply, Ipv4::from_octets(192, 0, 2, 66), 20);
        CHECK(f.confirmer.counters().unmatched == 1);
        f.confirmer.on_datagram(f.model, reply, kNas01, 30);
        CHECK(f.model.workgroups().at("SPRINGFIELD").master->name == "NAS01");
        CHECK_FALSE(finding(f.model, "no_master_browser", 40));
    }

    TEST_CASE("an answer with the wrong transaction id is ignored") {
        Fixture f;
        nbns::Message q = decoded(f.confirmer.tick(f.model, f.groups, 0)[0]);
        nbns::NbAddress entry{nbns::NbFlags(false, nbns::NodeType::B), kNas01};
        auto forged = nbns::encode_message(
            nbns::positive_query_response(static_cast<std::uint16_t>(q.transaction_id + 1),
                                          *Name::make("SPRINGFIELD", 0x1d), 0, {&entry, 1}));
        CHECK(f.confirmer.on_datagram(f.model, forged, kNas01, 10).empty());
        CHECK(f.confirmer.counters().unmatched == 1);
        CHECK(f.model.workgroups().count("SPRINGFIELD") == 0);
    }
}
