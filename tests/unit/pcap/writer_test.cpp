#include "agent/core/pcap/writer.h"

#include <doctest/doctest.h>
#include <string>

#include "agent/core/pcap/reader.h"
#include "tests/support/test_util.h"

using lw::net::Ipv4;
using lw::pcap::UdpToWrite;

namespace {

const Ipv4 kNas01 = Ipv4::from_octets(192, 0, 2, 11);
const Ipv4 kBroadcast = Ipv4::from_octets(192, 0, 2, 255);

std::vector<std::uint8_t> bytes_of(std::string_view s) {
    return {s.begin(), s.end()};
}

} // namespace

TEST_SUITE("pcap.writer") {

    TEST_CASE("internet checksum matches the RFC 1071 example") {
        // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum to ddf2.
        auto data = lw::test::hex("00 01 f2 03 f4 f5 f6 f7");
        CHECK(lw::pcap::internet_checksum(data) == 0x220d);
        // An odd byte counts as the high half of a last word.
        auto odd = lw::test::hex("00 01 f2 03 f4 f5 f6 f7 01");
        CHECK(lw::pcap::internet_checksum(odd) == 0x210d);
    }

    TEST_CASE("a UDP frame has the bytes tshark verified") {
        // Made by tests/net/tshark_judge.py's independent writer; tshark
        // with ip.check_checksum and udp.check_checksum calls both good.
        auto payload = bytes_of("hello, browser");
        auto frame = lw::pcap::build_udp_frame(UdpToWrite{kNas01, kBroadcast, 138, 138, payload});
        CHECK(frame == lw::test::hex("ff ff ff ff ff ff 02 00 c0 00 02 0b 08 00"
                                     "45 00 00 2a 00 00 40 00 40 11 b5 b8 c0 00 02 0b c0 00 02 ff"
                                     "00 8a 00 8a 00 16 c5 ed"
                                     "68 65 6c 6c 6f 2c 20 62 72 6f 77 73 65 72"));
    }

    TEST_CASE("the IPv4 header and UDP checksums verify to zero") {
        auto payload = bytes_of("odd");
        auto frame = lw::pcap::build_udp_frame(
            UdpToWrite{Ipv4::from_octets(192, 0, 2, 13), kNas01, 40000, 137, payload});
        lw::wire::Bytes all(frame);
        CHECK(lw::pcap::internet_checksum(all.subspan(14, 20)) == 0);
        // Pseudo header: addresses, protocol, UDP length.
        std::uint32_t pseudo = 0xc000 + 0x020d + 0xc000 + 0x020b + 17 + 11;
        CHECK(lw::pcap::internet_checksum(all.subspan(34), pseudo) == 0);
    }

    TEST_CASE("file headers carry the magic of the chosen byte order and precision") {
        auto le = lw::pcap::Writer().bytes();
        CHECK(le == lw::test::hex("d4 c3 b2 a1 02 00 04 00 00000000 00000000 ffff0000 01000000"));
        auto be = lw::pcap::Writer({.big_endian = true, .nanosecond = true}).bytes();
        CHECK(be == lw::test::hex("a1 b2 3c 4d 00 02 00 04 00000000 00000000 0000ffff 00000001"));
    }

    TEST_CASE("refuses a payload larger than one IPv4 datagram carries") {
        lw::pcap::Writer w;
        std::vector<std::uint8_t> big(lw::pcap::kMaxUdpPayload + 1);
        CHECK_FALSE(w.add_udp(0, 0, UdpToWrite{kNas01, kBroadcast, 1, 2, big}));
        CHECK(w.bytes().size() == lw::pcap::kFileHeaderSize);
        CHECK(lw::pcap::build_udp_frame(UdpToWrite{kNas01, kBroadcast, 1, 2, big}).empty());
        big.pop_back();
        CHECK(w.add_udp(0, 0, UdpToWrite{kNas01, kBroadcast, 1, 2, big}));
    }
}
