#include "agent/core/pcap/reader.h"

#include <doctest/doctest.h>
#include <fstream>
#include <iterator>
#include <string>

#include "agent/core/pcap/writer.h"
#include "tests/support/test_util.h"

using lw::net::Ipv4;
using lw::pcap::Reader;
using lw::pcap::Record;
using lw::pcap::Skip;
using lw::wire::Errc;

namespace {

// One Ethernet frame, 192.0.2.11:138 -> 192.0.2.255:138 "hello, browser"
// (56 bytes; see frame_test.cpp), captured whole.
const std::string kFrame = "ff ff ff ff ff ff 02 00 c0 00 02 0b 08 00"
                           "45 00 00 2a 00 00 40 00 40 11 b5 b8 c0 00 02 0b c0 00 02 ff"
                           "00 8a 00 8a 00 16 c5 ed 68 65 6c 6c 6f 2c 20 62 72 6f 77 73 65 72";
constexpr std::uint32_t kTsSec = 1701290736; // 0x6567a2f0

const Ipv4 kNas01 = Ipv4::from_octets(192, 0, 2, 11);
const Ipv4 kNas02 = Ipv4::from_octets(192, 0, 2, 12);
const Ipv4 kObserver = Ipv4::from_octets(192, 0, 2, 13);
const Ipv4 kBroadcast = Ipv4::from_octets(192, 0, 2, 255);

std::vector<std::uint8_t> capture(const std::string& name) {
    std::string path = std::string(LW_TEST_DATA_DIR) + "/captures/" + name;
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read " << path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

Reader open(const std::vector<std::uint8_t>& file) {
    auto r = Reader::open(file);
    REQUIRE_MESSAGE(r.ok(), "open failed: " << lw::wire::errc_name(r.error().code) << " at "
                                            << r.error().offset);
    return *r;
}

// Every record up to the end; fails the test on an error.
std::vector<Record> read_all(const std::vector<std::uint8_t>& file) {
    Reader reader = open(file);
    std::vector<Record> out;
    for (;;) {
        auto next = reader.next();
        REQUIRE_MESSAGE(next.ok(), "next failed: " << lw::wire::errc_name(next.error().code)
                                                   << " at " << next.error().offset);
        if (!next->has_value()) {
            return out;
        }
        out.push_back(**next);
    }
}

std::string text(lw::wire::Bytes b) {
    return {b.begin(), b.end()};
}

void check_udp(const Record& r, Ipv4 src, std::uint16_t sport, Ipv4 dst, std::uint16_t dport,
               std::size_t payload_size) {
    REQUIRE_MESSAGE(r.udp.has_value(), "skipped: " << lw::pcap::skip_name(r.skip));
    CHECK(r.udp->src == src);
    CHECK(r.udp->src_port == sport);
    CHECK(r.udp->dst == dst);
    CHECK(r.udp->dst_port == dport);
    CHECK(r.udp->payload.size() == payload_size);
}

} // namespace

TEST_SUITE("pcap.reader") {

    TEST_CASE("reads a record in both byte orders and both timestamp precisions") {
        struct Row {
            const char* label;
            std::string file;
            bool big_endian;
            bool nanosecond;
            std::uint32_t nsec;
        };
        const Row rows[] = {
            {"little-endian micro",
             "d4 c3 b2 a1 02 00 04 00 00000000 00000000 00 00 04 00 01 00 00 00"
             "f0 a2 67 65 3f 42 0f 00 38 00 00 00 38 00 00 00" +
                 kFrame,
             false, false, 999999000},
            {"big-endian micro",
             "a1 b2 c3 d4 00 02 00 04 00000000 00000000 00 04 00 00 00 00 00 01"
             "65 67 a2 f0 00 0f 42 3f 00 00 00 38 00 00 00 38" +
                 kFrame,
             true, false, 999999000},
            {"little-endian nano",
             "4d 3c b2 a1 02 00 04 00 00000000 00000000 00 00 04 00 01 00 00 00"
             "f0 a2 67 65 ff c9 9a 3b 38 00 00 00 38 00 00 00" +
                 kFrame,
             false, true, 999999999},
            {"big-endian nano",
             "a1 b2 3c 4d 00 02 00 04 00000000 00000000 00 04 00 00 00 00 00 01"
             "65 67 a2 f0 3b 9a c9 ff 00 00 00 38 00 00 00 38" +
                 kFrame,
             true, true, 999999999},
        };
        for (const auto& row : rows) {
            CAPTURE(row.label);
            auto file = lw::test::hex(row.file);
            Reader reader = open(file);
            CHECK(reader.header().big_endian == row.big_endian);
            CHECK(reader.header().nanosecond == row.nanosecond);
            CHECK(reader.header().snaplen == 262144);
            CHECK(reader.header().link_type == lw::pcap::kLinkEthernet);

            auto first = reader.next();
            REQUIRE(first.ok());
            REQUIRE(first->has_value());
            const Record& r = **first;
            CHECK(r.number == 1);
            CHECK(r.offset == 24);
            CHECK(r.ts_sec == kTsSec);
            CHECK(r.ts_nsec == row.nsec);
            CHECK(r.ts_usec() == 999999);
            CHECK(r.time() == doctest::Approx(1701290736.999999).epsilon(1e-15));
            CHECK(r.orig_len == 56);
            CHECK(r.data.size() == 56);
            CHECK_FALSE(r.truncated());
            check_udp(r, kNas01, 138, kBroadcast, 138, 14);
            CHECK(text(r.udp->payload) == "hello, browser");

            auto end = reader.next();
            REQUIRE(end.ok());
            CHECK_FALSE(end->has_value());
            CHECK(reader.offset() == file.size());
        }
    }

    TEST_CASE("what the writer writes reads back in every format and link header") {
        struct Link {
            const char* label;
            std::uint32_t type;
            std::uint16_t vlan;
        };
        const Link links[] = {{"ethernet", lw::pcap::kLinkEthernet, 0},
                              {"ethernet with VLAN 7", lw::pcap::kLinkEthernet, 7},
                              {"linux cooked v1", lw::pcap::kLinkLinuxSll, 0}};
        const std::string payloads[] = {"first", "", std::string(1400, 'x')};
        for (const auto& link : links) {
            for (int order = 0; order < 2; ++order) {
                for (int nano = 0; nano < 2; ++nano) {
                    CAPTURE(link.label);
                    CAPTURE(order);
                    CAPTURE(nano);
                    lw::pcap::Writer w({.big_endian = order == 1,
                                        .nanosecond = nano == 1,
                                        .link_type = link.type,
                                        .vlan = link.vlan});
                    for (std::uint32_t i = 0; i < 3; ++i) {
                        std::vector<std::uint8_t> p(payloads[i].begin(), payloads[i].end());
                        REQUIRE(w.add_udp(kTsSec + i, 1000 * i + 7,
                                          {kObserver, kNas02, std::uint16_t(40000 + i), 137, p}));
                    }
                    auto records = read_all(w.bytes());
                    REQUIRE(records.size() == 3);
                    for (std::uint32_t i = 0; i < 3; ++i) {
                        CAPTURE(i);
                        const Record& r = records[i];
                        CHECK(r.number == i + 1);
                        CHECK(r.ts_sec == kTsSec + i);
                        CHECK(r.ts_nsec == (1000 * i + 7) * (nano == 1 ? 1 : 1000));
                        check_udp(r, kObserver, std::uint16_t(40000 + i), kNas02, 137,
                                  payloads[i].size());
                        CHECK(text(r.udp->payload) == payloads[i]);
                    }
                }
            }
        }
    }

    TEST_CASE("reads the nmbd election capture as tshark does") {
        // Expected values from tshark -T fields on the same file.
        auto file = capture("nmbd-election.pcap");
        auto records = read_all(file);
        REQUIRE(records.size() == 86);
        std::size_t datagram_service = 0;
        for (const auto& r : records) {
            CAPTURE(r.number);
            REQUIRE(r.udp.has_value());
            datagram_service += r.udp->dst_port == 138 ? 1 : 0;
        }
        CHECK(datagram_service == 15);

        const Record& registration = records[0];
        CHECK(registration.ts_sec == 1796305392);
        CHECK(registration.ts_usec() == 4349);
        check_udp(registration, kNas01, 137, kBroadcast, 137, 68);

        const Record& host_announcement = records[5];
        CHECK(host_announcement.ts_usec() == 5312);
        check_udp(host_announcement, kNas01, 138, kBroadcast, 138, 221);

        const Record& node_status = records[73];
        CHECK(node_status.ts_sec == 1796305414);
        CHECK(node_status.ts_usec() == 704445);
        check_udp(node_status, kNas01, 137, kObserver, 46408, 229);

        check_udp(records[85], kNas01, 138, kBroadcast, 138, 221);
    }

    TEST_CASE("reads linux cooked captures v1 and v2") {
        struct Row {
            const char* file;
            std::uint32_t link;
            std::uint16_t port;
        };
        const Row rows[] = {{"nmbd-sll.pcap", lw::pcap::kLinkLinuxSll, 43120},
                            {"nmbd-sll2.pcap", lw::pcap::kLinkLinuxSll2, 35636}};
        for (const auto& row : rows) {
            CAPTURE(row.file);
            auto file = capture(row.file);
            CHECK(open(file).header().link_type == row.link);
            auto records = read_all(file);
            REQUIRE(records.size() == 2);
            check_udp(records[0], kObserver, row.port, kNas01, 137, 50);
            check_udp(records[1], kNas01, 137, kObserver, row.port, 229);
        }
    }

    TEST_CASE("rejects files that are not classic pcap, naming the field") {
        struct Row {
            const char* label;
            std::string bytes;
            Errc code;
            std::size_t offset;
        };
        const Row rows[] = {
            {"pcapng", "0a 0d 0d 0a 1c 00 00 00 4d 3c 2b 1a 01 00 00 00 ffffffffffffffff 00000000",
             Errc::Unsupported, 0},
            {"text", "48 54 54 50 2f 31 2e 31 20 32 30 30 20 4f 4b 0d 0a 00000000 00000000",
             Errc::BadValue, 0},
            {"version 1", "d4 c3 b2 a1 01 00 04 00 00000000 00000000 ffff0000 01000000",
             Errc::Unsupported, 4},
        };
        for (const auto& row : rows) {
            CAPTURE(row.label);
            auto r = Reader::open(lw::test::hex(row.bytes));
            REQUIRE_FALSE(r.ok());
            CHECK(r.error() == lw::wire::ParseError{row.code, row.offset});
        }
    }

    TEST_CASE("every prefix of the file header is truncated at the field it cuts") {
        auto header = lw::test::hex("d4 c3 b2 a1 02 00 04 00 00000000 00000000 ffff0000 01000000");
        const std::size_t fields[] = {0, 4, 6, 8, 16, 20};
        for (std::size_t n = 0; n < header.size(); ++n) {
            CAPTURE(n);
            std::size_t expected = 0;
            for (auto f : fields) {
                expected = f <= n ? f : expected;
            }
            auto r = Reader::open(lw::wire::Bytes(header).first(n));
            REQUIRE_FALSE(r.ok());
            CHECK(r.error() == lw::wire::ParseError{Errc::Truncated, expected});
        }
        CHECK(Reader::open(header).ok());
    }

    TEST_CASE("a file cut anywhere yields the whole records before the cut, then Truncated") {
        lw::pcap::Writer w;
        auto frame = lw::test::hex(kFrame);
        w.add_frame(kTsSec, 1, frame, 56);
        w.add_frame(kTsSec, 2, frame, 56);
        const auto& full = w.bytes();
        constexpr std::size_t kRecord = 16 + 56;
        REQUIRE(full.size() == 24 + 2 * kRecord);

        for (std::size_t n = 24; n <= full.size(); ++n) {
            CAPTURE(n);
            // The reader points into its bytes: they must outlive it.
            std::vector<std::uint8_t> cut(full.begin(), full.begin() + static_cast<long>(n));
            Reader reader = open(cut);
            std::size_t whole = (n - 24) / kRecord;
            for (std::size_t i = 0; i < whole; ++i) {
                auto r = reader.next();
                REQUIRE(r.ok());
                REQUIRE(r->has_value());
                CHECK((*r)->udp.has_value());
            }
            auto last = reader.next();
            std::size_t start = 24 + whole * kRecord; // the cut record's header
            std::size_t into = n - start;
            if (into == 0) {
                REQUIRE(last.ok());
                CHECK_FALSE(last->has_value());
                continue;
            }
            REQUIRE_FALSE(last.ok());
            // Inside the header: the 4-byte field cut; after it: the data.
            std::size_t at = into < 16 ? start + into / 4 * 4 : start + 16;
            CHECK(last.error() == lw::wire::ParseError{Errc::Truncated, at});
        }
    }

    TEST_CASE("refuses a caplen no capture holds before looking for its bytes") {
        struct Row {
            const char* label;
            std::string record;
        };
        const Row rows[] = {
            {"caplen 4 GiB", "f0 a2 67 65 00 00 00 00 ff ff ff ff ff ff ff ff"},
            {"caplen one above the limit", "f0 a2 67 65 00 00 00 00 01 00 04 00 01 00 04 00"},
            {"caplen above orig_len", "f0 a2 67 65 00 00 00 00 38 00 00 00 37 00 00 00" + kFrame},
        };
        for (const auto& row : rows) {
            CAPTURE(row.label);
            auto file = lw::test::hex(
                "d4 c3 b2 a1 02 00 04 00 00000000 00000000 ffffffff 01000000" + row.record);
            Reader reader = open(file);
            auto r = reader.next();
            REQUIRE_FALSE(r.ok());
            CHECK(r.error() == lw::wire::ParseError{Errc::BadLength, 32});
            // Sticky: asking again does not move on to garbage.
            auto again = reader.next();
            REQUIRE_FALSE(again.ok());
            CHECK(again.error() == lw::wire::ParseError{Errc::BadLength, 32});
        }
    }

    TEST_CASE("accepts a record of exactly the largest caplen and a huge snap length") {
        lw::pcap::Writer w({.snaplen = 0xffffffff});
        std::vector<std::uint8_t> big(lw::pcap::kMaxCaplen, 0);
        w.add_frame(1, 0, big, lw::pcap::kMaxCaplen);
        auto records = read_all(w.bytes());
        REQUIRE(records.size() == 1);
        CHECK(records[0].data.size() == lw::pcap::kMaxCaplen);
        CHECK(records[0].skip == Skip::NotIpv4); // ethertype 0000
    }

    TEST_CASE("refuses a timestamp fraction of a whole second or more") {
        auto micro = lw::test::hex("d4 c3 b2 a1 02 00 04 00 00000000 00000000 ffff0000 01000000"
                                   "f0 a2 67 65 40 42 0f 00 00 00 00 00 00 00 00 00");
        auto r = open(micro).next();
        REQUIRE_FALSE(r.ok());
        CHECK(r.error() == lw::wire::ParseError{Errc::BadValue, 28});

        auto nano = lw::test::hex("4d 3c b2 a1 02 00 04 00 00000000 00000000 ffff0000 01000000"
                                  "f0 a2 67 65 00 ca 9a 3b 00 00 00 00 00 00 00 00");
        r = open(nano).next();
        REQUIRE_FALSE(r.ok());
        CHECK(r.error() == lw::wire::ParseError{Errc::BadValue, 28});
    }

    TEST_CASE("a record cut by the snap length is skipped unless only padding was cut") {
        auto frame = lw::test::hex(kFrame);
        lw::pcap::Writer w;
        // Cut inside the payload: the datagram is incomplete.
        w.add_frame(kTsSec, 0, lw::wire::Bytes(frame).first(50), 56);
        // 4 bytes of Ethernet padding were cut: the datagram is whole.
        w.add_frame(kTsSec, 0, frame, 60);
        auto records = read_all(w.bytes());
        REQUIRE(records.size() == 2);
        CHECK(records[0].truncated());
        CHECK_FALSE(records[0].udp.has_value());
        CHECK(records[0].skip == Skip::Truncated);
        CHECK(records[1].truncated());
        check_udp(records[1], kNas01, 138, kBroadcast, 138, 14);
    }

    TEST_CASE("the FCS bits of the link type field are masked off") {
        auto file = lw::test::hex("d4 c3 b2 a1 02 00 04 00 00000000 00000000 ffff0000 01 00 00 14"
                                  "f0 a2 67 65 00 00 00 00 38 00 00 00 38 00 00 00" +
                                  kFrame);
        CHECK(open(file).header().link_type == lw::pcap::kLinkEthernet);
        auto records = read_all(file);
        REQUIRE(records.size() == 1);
        check_udp(records[0], kNas01, 138, kBroadcast, 138, 14);
    }
}
