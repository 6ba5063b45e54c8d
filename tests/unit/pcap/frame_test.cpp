#include "agent/core/pcap/frame.h"

#include <doctest/doctest.h>
#include <string>

#include "tests/support/test_util.h"

using lw::net::Ipv4;
using lw::pcap::decode_frame;
using lw::pcap::Skip;

namespace {

// 192.0.2.11:138 -> 192.0.2.255:138, "hello, browser" (checked by tshark,
// see writer_test.cpp).  Built from parts so rows can change one field.
const std::string kEth = "ff ff ff ff ff ff 02 00 c0 00 02 0b ";
const std::string kIpv4Type = "08 00 ";
const std::string kIp = "45 00 00 2a 00 00 40 00 40 11 b5 b8 c0 00 02 0b c0 00 02 ff ";
const std::string kUdp = "00 8a 00 8a 00 16 c5 ed ";
const std::string kPayload = "68 65 6c 6c 6f 2c 20 62 72 6f 77 73 65 72";
const std::string kFrame = kEth + kIpv4Type + kIp + kUdp + kPayload;

// The IP header with one field replaced: offset in the header, new bytes.
std::string ip_with(std::size_t offset, const std::string& replacement) {
    auto bytes = lw::test::hex(kIp);
    auto patch = lw::test::hex(replacement);
    std::copy(patch.begin(), patch.end(), bytes.begin() + static_cast<long>(offset));
    std::string out;
    for (auto b : bytes) {
        static const char* digits = "0123456789abcdef";
        out += digits[b >> 4];
        out += digits[b & 15];
        out += ' ';
    }
    return out;
}

void check_hello(const lw::pcap::Decoded& d) {
    REQUIRE(d.udp.has_value());
    CHECK(d.skip == Skip::None);
    CHECK(d.udp->src == Ipv4::from_octets(192, 0, 2, 11));
    CHECK(d.udp->dst == Ipv4::from_octets(192, 0, 2, 255));
    CHECK(d.udp->src_port == 138);
    CHECK(d.udp->dst_port == 138);
    CHECK(d.udp->ttl == 64);
    CHECK(std::string(d.udp->payload.begin(), d.udp->payload.end()) == "hello, browser");
}

} // namespace

TEST_SUITE("pcap.frame") {

    TEST_CASE("finds the UDP datagram in every supported link header") {
        struct Row {
            const char* label;
            std::uint32_t link;
            std::string bytes;
        };
        const Row rows[] = {
            {"ethernet", lw::pcap::kLinkEthernet, kFrame},
            {"802.1Q tag", lw::pcap::kLinkEthernet,
             kEth + "81 00 00 05 " + kIpv4Type + kIp + kUdp + kPayload},
            {"802.1ad outer and 802.1Q inner tag", lw::pcap::kLinkEthernet,
             kEth + "88 a8 00 64 81 00 00 05 " + kIpv4Type + kIp + kUdp + kPayload},
            {"ethernet padding and FCS after the datagram", lw::pcap::kLinkEthernet,
             kFrame + " 00 00 00 00 de ad be ef"},
            {"linux cooked v1", lw::pcap::kLinkLinuxSll,
             "00 04 00 01 00 06 02 00 c0 00 02 0b 00 00 08 00 " + kIp + kUdp + kPayload},
            {"linux cooked v2", lw::pcap::kLinkLinuxSll2,
             "08 00 00 00 00 00 00 02 00 01 01 06 02 00 c0 00 02 0b 00 00 " + kIp + kUdp +
                 kPayload},
            {"raw IPv4", lw::pcap::kLinkRaw, kIp + kUdp + kPayload},
            {"IPv4 link type", lw::pcap::kLinkIpv4, kIp + kUdp + kPayload},
        };
        for (const auto& row : rows) {
            CAPTURE(row.label);
            check_hello(decode_frame(row.link, lw::test::hex(row.bytes)));
        }
    }

    TEST_CASE("skips IPv4 options by the header length") {
        // IHL 6, total length 46: four option bytes (NOP NOP NOP EOL).
        std::string ip = ip_with(0, "46 00 00 2e") + "01 01 01 00 ";
        check_hello(decode_frame(lw::pcap::kLinkEthernet,
                                 lw::test::hex(kEth + kIpv4Type + ip + kUdp + kPayload)));
    }

    TEST_CASE("says why a frame holds no UDP datagram") {
        struct Row {
            const char* label;
            std::uint32_t link;
            std::string bytes;
            Skip expected;
        };
        const std::string udp = kUdp + kPayload;
        const Row rows[] = {
            {"ARP", 1, kEth + "08 06 " + kIp + udp, Skip::NotIpv4},
            {"IPv6 ethertype", 1, kEth + "86 dd " + kIp + udp, Skip::NotIpv4},
            {"802.3 length field (LLC)", 1, kEth + "00 2a " + kIp + udp, Skip::NotIpv4},
            {"version 6 under an IPv4 ethertype", 1, kEth + kIpv4Type + ip_with(0, "65") + udp,
             Skip::NotIpv4},
            {"IPv6 on a raw link", lw::pcap::kLinkRaw, ip_with(0, "60") + udp, Skip::NotIpv4},
            {"TCP", 1, kEth + kIpv4Type + ip_with(9, "06") + udp, Skip::NotUdp},
            {"more fragments flag", 1, kEth + kIpv4Type + ip_with(6, "20 00") + udp,
             Skip::Fragment},
            {"fragment offset", 1, kEth + kIpv4Type + ip_with(6, "00 10") + udp, Skip::Fragment},
            {"header length below 20", 1, kEth + kIpv4Type + ip_with(0, "44") + udp,
             Skip::BadIpHeader},
            {"total length below the header", 1, kEth + kIpv4Type + ip_with(2, "00 10") + udp,
             Skip::BadIpHeader},
            {"total length beyond the capture", 1, kEth + kIpv4Type + ip_with(2, "00 2b") + udp,
             Skip::Truncated},
            {"UDP length below 8", 1,
             kEth + kIpv4Type + kIp + "00 8a 00 8a 00 07 00 00 " + kPayload, Skip::BadUdpHeader},
            {"UDP length beyond the IP payload", 1,
             kEth + kIpv4Type + kIp + "00 8a 00 8a 00 17 00 00 " + kPayload, Skip::BadUdpHeader},
            {"a VLAN tag cut short", 1, kEth + "81 00 00", Skip::Truncated},
            {"unknown link type (802.11)", 105, kFrame, Skip::LinkType},
            {"short linux cooked v1", lw::pcap::kLinkLinuxSll, "00 04 00 01", Skip::Truncated},
            {"short linux cooked v2", lw::pcap::kLinkLinuxSll2, "08 00 00 00", Skip::Truncated},
        };
        for (const auto& row : rows) {
            CAPTURE(row.label);
            auto d = decode_frame(row.link, lw::test::hex(row.bytes));
            CHECK_FALSE(d.udp.has_value());
            CHECK(lw::pcap::skip_name(d.skip) == lw::pcap::skip_name(row.expected));
        }
    }

    TEST_CASE("every prefix of a frame is skipped as truncated, never misread") {
        auto frame = lw::test::hex(kFrame);
        for (std::size_t n = 0; n < frame.size(); ++n) {
            CAPTURE(n);
            auto d = decode_frame(lw::pcap::kLinkEthernet, lw::wire::Bytes(frame).first(n));
            CHECK_FALSE(d.udp.has_value());
            CHECK(d.skip == Skip::Truncated);
        }
        check_hello(decode_frame(lw::pcap::kLinkEthernet, frame));
    }

    TEST_CASE("skip reasons have stable names for logs") {
        CHECK(lw::pcap::skip_name(Skip::NotIpv4) == "not_ipv4");
        CHECK(lw::pcap::skip_name(Skip::Fragment) == "fragment");
        CHECK(lw::pcap::skip_name(Skip::Truncated) == "truncated");
        CHECK(lw::pcap::skip_name(Skip::BadUdpHeader) == "bad_udp_header");
    }
}
