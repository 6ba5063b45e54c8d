#include "agent/core/capture/capture.h"

#include <doctest/doctest.h>
#include <fstream>
#include <sstream>

#include "agent/core/pcap/reader.h"
#include "agent/core/pcap/writer.h"
#include "tests/support/test_util.h"

using lw::capture::Packet;

namespace {

const char* kCapture = "captures/nmbd-election.pcap";

std::vector<std::string> decode_lines(const std::vector<std::uint8_t>& file,
                                      lw::capture::Stats* stats = nullptr) {
    std::vector<std::string> lines;
    auto r = lw::capture::decode(
        file, [&](const Packet& p) { lines.push_back(lw::capture::packet_line(p)); });
    REQUIRE(r.ok());
    if (stats != nullptr) {
        *stats = *r;
    }
    return lines;
}

/// The capture up to (not including) record `number`: a valid, shorter
/// pcap file.
std::vector<std::uint8_t> prefix_until(const std::vector<std::uint8_t>& file, std::size_t number) {
    auto reader = lw::pcap::Reader::open(file);
    REQUIRE(reader.ok());
    for (;;) {
        auto next = reader->next();
        REQUIRE(next.ok());
        REQUIRE(next->has_value());
        if ((**next).number == number) {
            return std::vector<std::uint8_t>(file.begin(),
                                             file.begin() + static_cast<long>((**next).offset));
        }
    }
}

} // namespace

TEST_SUITE("capture") {

    TEST_CASE("a real nmbd capture decodes line for line as recorded") {
        // The expected text was made on x86_64; the same comparison under
        // qemu for big-endian mips is what catches byte-order bugs.
        auto file = lw::test::data_file(kCapture);
        lw::capture::Stats stats;
        auto lines = decode_lines(file, &stats);
        CHECK(stats.records == 86);
        CHECK(stats.netbios == 86);
        CHECK(stats.malformed == 0);

        std::ifstream expected_file(std::string(LW_TEST_DATA_DIR) +
                                    "/captures/nmbd-election.decode.txt");
        REQUIRE(expected_file.good());
        std::vector<std::string> expected;
        for (std::string line; std::getline(expected_file, line);) {
            expected.push_back(line);
        }
        REQUIRE(expected.size() == lines.size() + 1); // + the closing count line
        for (std::size_t i = 0; i < lines.size(); ++i) {
            CAPTURE(i);
            CHECK(lines[i] == expected[i]);
        }
    }

    TEST_CASE("decoded lines name what a person looks for") {
        auto lines = decode_lines(lw::test::data_file(kCapture));
        CHECK(lines[5].find("host_announcement NAS01 type=0x00819a03") != std::string::npos);
        CHECK(lines[80].find("node status response 7 names mac=00:00:00:00:00:00") !=
              std::string::npos);
        CHECK(lines[84].find("local_master_announcement NAS01 type=0x00000000 (going away)") !=
              std::string::npos);
    }

    TEST_CASE("a malformed packet is marked with its layer, error and offset") {
        lw::pcap::Writer w(lw::pcap::WriterOptions{});
        // A name query cut inside its question name.
        auto query = lw::test::hex("1a2b 0110 0001 0000 0000 0000 20 4546");
        const auto pc = *lw::net::Ipv4::parse("192.0.2.20");
        REQUIRE(w.add_udp(1, 0, {pc, *lw::net::Ipv4::parse("192.0.2.255"), 137, 137, query}));
        // Something that is not NetBIOS is skipped.
        REQUIRE(w.add_udp(1, 1, {pc, *lw::net::Ipv4::parse("224.0.0.251"), 5353, 5353, query}));
        lw::capture::Stats stats;
        auto lines = decode_lines(w.bytes(), &stats);
        REQUIRE(lines.size() == 1);
        CHECK(lines[0].find("MALFORMED nbns: truncated at offset 13") != std::string::npos);
        CHECK(stats.malformed == 1);
        CHECK(stats.skipped == 1);
    }

    TEST_CASE("a file that is not pcap fails with the reason") {
        std::vector<std::uint8_t> pcapng = lw::test::hex("0a0d0d0a 1c000000 4d3c2b1a");
        auto r = lw::capture::decode(pcapng, [](const Packet&) {});
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == lw::wire::Errc::Unsupported);
    }

    TEST_CASE("analyze gives the master, servers and election of the capture") {
        auto file = lw::test::data_file(kCapture);
        // Before the shutdown at record 84, both servers and the master are up.
        auto a = lw::capture::analyze(prefix_until(file, 84), lw::browse::Limits{});
        REQUIRE(a.ok());
        const auto& groups = a->model.workgroups();
        REQUIRE(groups.count("SPRINGFIELD") == 1);
        const auto& g = groups.at("SPRINGFIELD");
        REQUIRE(g.master.has_value());
        CHECK(g.master->name == "NAS01");
        CHECK(g.master->address.to_string() == "192.0.2.11");
        CHECK(g.servers.size() == 2);
        CHECK(g.servers.count("NAS02") == 1);
        REQUIRE(g.elections.size() == 1);
        CHECK(g.elections.back().winner == std::optional<std::string>("NAS01"));
        CHECK(g.elections.back().candidates.front().criteria == 0x41010f0au);

        auto j = lw::capture::analysis_json(*a, "x.pcap", "0");
        CHECK(j["workgroups"][0]["master_browser"]["name"] == "NAS01");
        CHECK(j["workgroups"][0]["servers"][0]["type"][0] == "workstation");

        // The whole capture ends with both shutting down.
        auto all = lw::capture::analyze(file, lw::browse::Limits{});
        REQUIRE(all.ok());
        CHECK_FALSE(all->model.workgroups().at("SPRINGFIELD").master.has_value());
        CHECK(all->model.server_count() == 0);
    }
}
