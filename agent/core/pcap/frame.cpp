#include "agent/core/pcap/frame.h"

namespace lw::pcap {

namespace {

constexpr std::size_t kEthernetHeader = 14;
constexpr std::size_t kSllHeader = 16;
constexpr std::size_t kSll2Header = 20;
constexpr std::size_t kIpv4MinHeader = 20;
constexpr std::size_t kUdpHeader = 8;

Decoded skipped(Skip why) noexcept {
    return Decoded{std::nullopt, why};
}

// After the link header: VLAN tags (4 bytes each: TCI, inner type) until
// the real ethertype.  Each tag consumes bytes, so the loop ends.
std::uint16_t skip_vlan_tags(wire::Reader& in, std::uint16_t type) noexcept {
    while ((type == kEtherTypeVlan || type == kEtherTypeQinQ) && !in.failed()) {
        in.skip(2);
        type = in.u16be();
    }
    return type;
}

Decoded decode_udp(wire::Reader in, UdpPacket packet) noexcept {
    if (in.remaining() < kUdpHeader) {
        return skipped(Skip::Truncated);
    }
    packet.src_port = in.u16be();
    packet.dst_port = in.u16be();
    std::uint16_t length = in.u16be();
    in.skip(2); // checksum, not verified (see the header comment)

    if (length < kUdpHeader || length - kUdpHeader > in.remaining()) {
        return skipped(Skip::BadUdpHeader);
    }
    packet.payload = in.bytes(length - kUdpHeader);
    return Decoded{packet, Skip::None};
}

Decoded decode_ipv4(wire::Reader in) noexcept {
    if (in.remaining() < kIpv4MinHeader) {
        return skipped(Skip::Truncated);
    }
    std::uint8_t version_ihl = in.u8();
    in.skip(1); // DSCP/ECN
    std::uint16_t total = in.u16be();
    in.skip(2); // identification
    std::uint16_t flags_fragment = in.u16be();
    std::uint8_t ttl = in.u8();
    std::uint8_t protocol = in.u8();
    in.skip(2); // header checksum
    net::Ipv4 src{in.u32be()};
    net::Ipv4 dst{in.u32be()};

    std::size_t header = std::size_t{version_ihl & 0x0fu} * 4;
    if (version_ihl >> 4 != 4) {
        return skipped(Skip::NotIpv4);
    }
    if (header < kIpv4MinHeader || total < header) {
        return skipped(Skip::BadIpHeader);
    }
    // Everything the total length covers must be in the capture; what
    // follows it (Ethernet padding, an FCS) is not ours.
    if (total > in.data().size()) {
        return skipped(Skip::Truncated);
    }
    // More-fragments flag or a non-zero offset: a piece of a datagram.
    if ((flags_fragment & 0x3fffu) != 0) {
        return skipped(Skip::Fragment);
    }
    if (protocol != kIpProtoUdp) {
        return skipped(Skip::NotUdp);
    }

    wire::Reader packet(in.data().first(total), in.base());
    packet.seek(header);
    return decode_udp(packet.sub(total - header), UdpPacket{src, dst, 0, 0, ttl, {}});
}

// The network-layer part of the frame, from `in`'s position on.
Decoded decode_network(wire::Reader& in, std::uint16_t ethertype) noexcept {
    ethertype = skip_vlan_tags(in, ethertype);
    if (in.failed()) {
        return skipped(Skip::Truncated);
    }
    if (ethertype != kEtherTypeIpv4) {
        return skipped(Skip::NotIpv4);
    }
    return decode_ipv4(in.sub(in.remaining()));
}

} // namespace

std::string_view skip_name(Skip skip) noexcept {
    switch (skip) {
    case Skip::None: return "none";
    case Skip::LinkType: return "link_type";
    case Skip::NotIpv4: return "not_ipv4";
    case Skip::BadIpHeader: return "bad_ip_header";
    case Skip::Fragment: return "fragment";
    case Skip::NotUdp: return "not_udp";
    case Skip::BadUdpHeader: return "bad_udp_header";
    case Skip::Truncated: return "truncated";
    }
    return "unknown";
}

Decoded decode_frame(std::uint32_t link, wire::Bytes frame) noexcept {
    wire::Reader in(frame);
    switch (link) {
    case kLinkEthernet: {
        if (frame.size() < kEthernetHeader) {
            return skipped(Skip::Truncated);
        }
        in.skip(12); // destination and source MAC
        // Below 0x0600 the field is an 802.3 length: LLC follows, not IP.
        return decode_network(in, in.u16be());
    }
    case kLinkLinuxSll: {
        if (frame.size() < kSllHeader) {
            return skipped(Skip::Truncated);
        }
        in.skip(14); // packet type, ARPHRD, address length, address
        return decode_network(in, in.u16be());
    }
    case kLinkLinuxSll2: {
        if (frame.size() < kSll2Header) {
            return skipped(Skip::Truncated);
        }
        std::uint16_t protocol = in.u16be();
        in.skip(18); // reserved, ifindex, ARPHRD, packet type, address
        return decode_network(in, protocol);
    }
    case kLinkRaw:
    case kLinkIpv4: return decode_ipv4(in);
    default: return skipped(Skip::LinkType);
    }
}

} // namespace lw::pcap
