#include "agent/core/browse/model.h"

#include <algorithm>
#include <doctest/doctest.h>

using namespace lw::browse;
using lw::net::Ipv4;

namespace {

constexpr Millis kMin = 60'000;
const Ipv4 kNas01 = Ipv4::from_octets(192, 0, 2, 11);
const Ipv4 kNas02 = Ipv4::from_octets(192, 0, 2, 12);
const Ipv4 kPc = Ipv4::from_octets(192, 0, 2, 20);

Announcement host(const std::string& server, Ipv4 addr, std::uint32_t type = 0x00819a03,
                  std::uint32_t period = 12 * 60'000) {
    Announcement a;
    a.kind = AnnouncementKind::Host;
    a.workgroup = "SPRINGFIELD";
    a.server = server;
    a.address = addr;
    a.server_type = type;
    a.os_major = 6;
    a.os_minor = 1;
    a.comment = server + " comment";
    a.period_ms = period;
    return a;
}

Announcement local_master(const std::string& server, Ipv4 addr) {
    Announcement a = host(server, addr, 0x00849a03);
    a.kind = AnnouncementKind::LocalMaster;
    return a;
}

ElectionRequest election(const std::string& server, Ipv4 addr, std::uint32_t criteria) {
    return ElectionRequest{"SPRINGFIELD", server, addr, 1, criteria, 6000};
}

bool has_finding(const std::vector<Finding>& fs, const std::string& id) {
    return std::any_of(fs.begin(), fs.end(), [&](const Finding& f) { return f.id == id; });
}

const Finding* finding(const std::vector<Finding>& fs, const std::string& id) {
    auto it = std::find_if(fs.begin(), fs.end(), [&](const Finding& f) { return f.id == id; });
    return it == fs.end() ? nullptr : &*it;
}

std::vector<std::string> event_kinds(Model& m) {
    std::vector<std::string> out;
    for (const Event& e : m.take_events()) {
        out.push_back(e.kind);
    }
    return out;
}

} // namespace

TEST_SUITE("browse.model") {

    TEST_CASE("announcements give the servers and the master browser of a workgroup") {
        Model m;
        m.on_announcement(host("PC1", kPc), 0);
        m.on_announcement(local_master("NAS01", kNas01), 1000);
        m.expire(2000);

        REQUIRE(m.workgroups().count("SPRINGFIELD") == 1);
        const Workgroup& g = m.workgroups().at("SPRINGFIELD");
        REQUIRE(g.master.has_value());
        CHECK(g.master->name == "NAS01");
        CHECK(g.master->address == kNas01);
        CHECK(g.servers.size() == 2);
        CHECK(g.servers.at("PC1").comment == "PC1 comment");
        CHECK(event_kinds(m) == std::vector<std::string>{"master_found"});
    }

    TEST_CASE("entries expire after three announced periods") {
        Model m;
        m.on_announcement(host("PC1", kPc, 0x00819a03, 60'000), 0);
        m.expire(3 * kMin - 1);
        CHECK(m.server_count() == 1);
        m.expire(3 * kMin);
        CHECK(m.server_count() == 0);
        CHECK(m.counters().expired == 1);
    }

    TEST_CASE("an absent or absurd period counts as twelve minutes") {
        CHECK(entry_lifetime(0) == 36 * kMin);
        CHECK(entry_lifetime(0xffffffffu) == 36 * kMin);
        CHECK(entry_lifetime(60'000) == 3 * kMin);
    }

    TEST_CASE("a goodbye announcement removes the server and a departing master") {
        Model m;
        m.on_announcement(local_master("NAS01", kNas01), 0);
        m.on_announcement(host("NAS01", kNas01, 0), 1000);
        CHECK(m.server_count() == 0);
        CHECK_FALSE(m.workgroups().at("SPRINGFIELD").master.has_value());
        CHECK(m.counters().goodbyes == 1);
        CHECK(event_kinds(m) == std::vector<std::string>{"master_found", "master_lost"});
    }

    TEST_CASE("a new master is reported as master_changed for an hour") {
        Model m;
        m.on_announcement(local_master("NAS01", kNas01), 0);
        m.on_announcement(host("NAS01", kNas01, 0), 10 * kMin); // NAS01 stops
        m.on_announcement(local_master("NAS02", kNas02), 11 * kMin);
        CHECK(event_kinds(m) ==
              std::vector<std::string>{"master_found", "master_lost", "master_changed"});

        auto fs = m.findings(12 * kMin);
        const Finding* f = finding(fs, "master_changed");
        REQUIRE(f != nullptr);
        CHECK(f->workgroup == "SPRINGFIELD");
        CHECK(f->text.find("from NAS01 (192.0.2.11) to NAS02 (192.0.2.12)") != std::string::npos);
        CHECK_FALSE(has_finding(m.findings(11 * kMin + 60 * kMin), "master_changed"));
    }

    TEST_CASE("the same master seen by <1D> and then by name is no change") {
        Model m;
        m.on_name_claim(NameClaim{ClaimKind::Registration, "SPRINGFIELD", 0x1d, false, kNas01}, 0);
        CHECK(m.take_events().empty()); // logged once the name is known
        m.on_announcement(local_master("NAS01", kNas01), 1000);
        CHECK(m.workgroups().at("SPRINGFIELD").master->name == "NAS01");
        auto events = m.take_events();
        REQUIRE(events.size() == 1);
        CHECK(events[0].kind == "master_found");
        CHECK(events[0].text == "master browser of SPRINGFIELD is NAS01 (192.0.2.11)");
        CHECK_FALSE(has_finding(m.findings(2000), "master_changed"));
        m.on_name_claim(NameClaim{ClaimKind::Release, "SPRINGFIELD", 0x1d, false, kNas01}, 3000);
        CHECK_FALSE(m.workgroups().at("SPRINGFIELD").master.has_value());
    }

    TEST_CASE("election frames close together are one election whose winner announces") {
        Model m;
        m.on_election(election("NAS01", kNas01, 0x41010f0a), 0);
        m.on_election(election("NAS02", kNas02, 0x14010f02), 200);
        m.on_election(election("NAS01", kNas01, 0x41010f0a), 2000);
        m.on_election(election("NAS01", kNas01, 0x41010f0a), 4000);
        m.on_announcement(local_master("NAS01", kNas01), 16000);

        const Workgroup& g = m.workgroups().at("SPRINGFIELD");
        REQUIRE(g.elections.size() == 1);
        CHECK(g.election_count == 1);
        const Election& el = g.elections.back();
        CHECK(el.frames == 4);
        REQUIRE(el.candidates.size() == 2);
        CHECK(el.candidates[0].criteria == 0x41010f0au);
        CHECK(el.winner == std::optional<std::string>("NAS01"));

        // A frame after the winner announced starts a new election.
        m.on_election(election("NAS02", kNas02, 0x14010f02), 20000);
        CHECK(m.workgroups().at("SPRINGFIELD").election_count == 2);
    }

    TEST_CASE("more than the configured elections within the window is a storm") {
        Model m(Limits{1024, 64, 5, 10});
        for (int i = 0; i < 5; ++i) {
            m.on_election(election("NAS01", kNas01, 0x14010f02), Millis(i) * kMin);
        }
        CHECK_FALSE(has_finding(m.findings(5 * kMin), "election_storm"));
        m.on_election(election("NAS01", kNas01, 0x14010f02), 6 * kMin);
        CHECK(has_finding(m.findings(6 * kMin), "election_storm"));
        auto kinds = event_kinds(m);
        CHECK(std::count(kinds.begin(), kinds.end(), "election_storm") == 1);
        // Ten quiet minutes later it is over.
        CHECK_FALSE(has_finding(m.findings(17 * kMin), "election_storm"));
    }

    TEST_CASE("two preferred masters are reported by name") {
        Model m;
        m.on_election(election("NAS01", kNas01, 0x41010f0a), 0); // 0x08 set
        m.on_election(election("NAS02", kNas02, 0x21010f0a), 100);
        auto fs = m.findings(200);
        const Finding* f = finding(fs, "preferred_master_conflict");
        REQUIRE(f != nullptr);
        CHECK(f->text.find("NAS01, NAS02") != std::string::npos);

        Model one;
        one.on_election(election("NAS01", kNas01, 0x41010f0a), 0);
        one.on_election(election("NAS02", kNas02, 0x21010f02), 100); // not preferred
        CHECK_FALSE(has_finding(one.findings(200), "preferred_master_conflict"));
    }

    TEST_CASE("workgroups spelled two ways are similar, different ones are not") {
        CHECK(similar_workgroup_names("WORKGROUP", "Workgroup"));
        CHECK(similar_workgroup_names("WORK GROUP", "WORKGROUP"));
        CHECK(similar_workgroup_names("WORKGROUP", "ARBEITSGRUPPE"));
        CHECK(similar_workgroup_names("MSHOME", "GROUPE DE TRAVA"));
        CHECK_FALSE(similar_workgroup_names("SALES", "WORKGROUP"));
        CHECK_FALSE(similar_workgroup_names("WORKGROUP", "WORKGROUP"));

        Model m;
        Announcement a = host("PC1", kPc);
        a.workgroup = "WORKGROUP";
        m.on_announcement(a, 0);
        a.workgroup = "ARBEITSGRUPPE";
        a.server = "PC2";
        m.on_announcement(a, 0);
        CHECK(has_finding(m.findings(1), "similar_workgroups"));
    }

    TEST_CASE("two addresses claiming one unique name are reported") {
        Model m;
        m.on_name_claim(NameClaim{ClaimKind::Registration, "NAS01", 0x20, false, kNas01}, 0);
        m.on_name_claim(NameClaim{ClaimKind::PositiveResponse, "NAS01", 0x20, false, kNas01}, 10);
        CHECK_FALSE(has_finding(m.findings(20), "duplicate_unique_name"));
        m.on_name_claim(NameClaim{ClaimKind::PositiveResponse, "NAS01", 0x20, false, kPc}, 30);
        auto fs = m.findings(40);
        const Finding* f = finding(fs, "duplicate_unique_name");
        REQUIRE(f != nullptr);
        CHECK(f->severity == Severity::Error);
        CHECK(f->text.find("192.0.2.11 and 192.0.2.20") != std::string::npos);
        // Group names are shared by design.
        Model g;
        g.on_name_claim(NameClaim{ClaimKind::Registration, "SPRINGFIELD", 0x00, true, kNas01}, 0);
        g.on_name_claim(NameClaim{ClaimKind::Registration, "SPRINGFIELD", 0x00, true, kPc}, 1);
        CHECK_FALSE(has_finding(g.findings(2), "duplicate_unique_name"));
    }

    TEST_CASE("no master browser is reported only after a full announcement period") {
        Model m;
        m.on_announcement(host("PC1", kPc), 0);
        CHECK_FALSE(has_finding(m.findings(14 * kMin), "no_master_browser"));
        m.on_announcement(host("PC1", kPc), 14 * kMin);
        CHECK(has_finding(m.findings(15 * kMin), "no_master_browser"));
        CHECK(has_finding(m.findings(15 * kMin), "legacy_browsing"));
    }

    TEST_CASE("a flood of forged servers stays within max_servers") {
        Model m(Limits{1024, 64, 5, 10});
        for (int i = 0; i < 100000; ++i) {
            Announcement a = host("F" + std::to_string(i), Ipv4{0xc0000200u + (i & 0xff)});
            a.workgroup = i % 2 ? "SPRINGFIELD" : "W" + std::to_string(i % 500);
            m.on_announcement(a, Millis(i));
        }
        std::size_t total = 0;
        for (const auto& [name, g] : m.workgroups()) {
            total += g.servers.size();
        }
        CHECK(total == m.server_count());
        CHECK(m.server_count() <= 1024);
        CHECK(m.workgroups().size() <= 64);
        CHECK(m.counters().server_evictions > 0);
        CHECK(m.counters().workgroup_evictions > 0);
    }
}
