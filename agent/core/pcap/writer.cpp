#include "agent/core/pcap/writer.h"

#include "agent/core/pcap/reader.h"

namespace lw::pcap {

namespace {

constexpr std::uint8_t kDefaultTtl = 64;

void put16(std::vector<std::uint8_t>& out, std::uint16_t v) {
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v));
}

void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    put16(out, static_cast<std::uint16_t>(v >> 16));
    put16(out, static_cast<std::uint16_t>(v));
}

void put_mac(std::vector<std::uint8_t>& out, net::Ipv4 a) {
    bool broadcast = (a.value & 0xffu) == 0xffu;
    if (broadcast) {
        out.insert(out.end(), 6, 0xff);
        return;
    }
    out.push_back(0x02); // locally administered, unicast
    out.push_back(0x00);
    put32(out, a.value);
}

void put_link_header(std::vector<std::uint8_t>& out, const UdpToWrite& udp, std::uint32_t link_type,
                     std::uint16_t vlan) {
    if (link_type == kLinkLinuxSll) {
        put16(out, 0); // packet type: to us
        put16(out, 1); // ARPHRD_ETHER
        put16(out, 6); // address length
        put_mac(out, udp.src);
        put16(out, 0); // address padding to 8 bytes
        put16(out, kEtherTypeIpv4);
        return;
    }
    put_mac(out, udp.dst);
    put_mac(out, udp.src);
    if (vlan != 0) {
        put16(out, kEtherTypeVlan);
        put16(out, vlan & 0x0fffu);
    }
    put16(out, kEtherTypeIpv4);
}

// The UDP checksum covers a pseudo header of addresses, protocol and
// length; 0 means "none", so a computed 0 is sent as 0xffff.
std::uint16_t udp_checksum(const UdpToWrite& udp, wire::Bytes udp_bytes) {
    std::uint32_t sum = (udp.src.value >> 16) + (udp.src.value & 0xffffu) + (udp.dst.value >> 16) +
                        (udp.dst.value & 0xffffu) + kIpProtoUdp +
                        static_cast<std::uint32_t>(udp_bytes.size());
    std::uint16_t c = internet_checksum(udp_bytes, sum);
    return c == 0 ? 0xffff : c;
}

} // namespace

std::uint16_t internet_checksum(wire::Bytes bytes, std::uint32_t sum) noexcept {
    for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
        sum += static_cast<std::uint32_t>(bytes[i] << 8 | bytes[i + 1]);
        sum = (sum & 0xffffu) + (sum >> 16);
    }
    if (bytes.size() % 2 == 1) {
        sum += static_cast<std::uint32_t>(bytes.back() << 8);
    }
    while (sum > 0xffffu) {
        sum = (sum & 0xffffu) + (sum >> 16);
    }
    return static_cast<std::uint16_t>(~sum);
}

std::vector<std::uint8_t> build_udp_frame(const UdpToWrite& udp, std::uint32_t link_type,
                                          std::uint16_t vlan) {
    std::vector<std::uint8_t> out;
    if (udp.payload.size() > kMaxUdpPayload) {
        return out;
    }
    put_link_header(out, udp, link_type, vlan);

    std::size_t ip = out.size();
    auto udp_length = static_cast<std::uint16_t>(8 + udp.payload.size());
    out.push_back(0x45); // version 4, 20-byte header
    out.push_back(0);
    put16(out, static_cast<std::uint16_t>(20 + udp_length));
    put16(out, 0);      // identification
    put16(out, 0x4000); // don't fragment
    out.push_back(kDefaultTtl);
    out.push_back(kIpProtoUdp);
    put16(out, 0); // checksum, patched below
    put32(out, udp.src.value);
    put32(out, udp.dst.value);
    std::uint16_t ip_sum = internet_checksum(wire::Bytes(out).subspan(ip, 20));
    out[ip + 10] = static_cast<std::uint8_t>(ip_sum >> 8);
    out[ip + 11] = static_cast<std::uint8_t>(ip_sum);

    std::size_t u = out.size();
    put16(out, udp.src_port);
    put16(out, udp.dst_port);
    put16(out, udp_length);
    put16(out, 0); // checksum, patched below
    out.insert(out.end(), udp.payload.begin(), udp.payload.end());
    std::uint16_t u_sum = udp_checksum(udp, wire::Bytes(out).subspan(u));
    out[u + 6] = static_cast<std::uint8_t>(u_sum >> 8);
    out[u + 7] = static_cast<std::uint8_t>(u_sum);
    return out;
}

Writer::Writer(WriterOptions options) : options_(options) {
    u32(options_.nanosecond ? kMagicNanos : kMagicMicros);
    u16(2);
    u16(4);
    u32(0); // thiszone
    u32(0); // sigfigs
    u32(options_.snaplen);
    u32(options_.link_type);
}

void Writer::u16(std::uint16_t v) {
    if (options_.big_endian) {
        put16(out_, v);
    } else {
        out_.push_back(static_cast<std::uint8_t>(v));
        out_.push_back(static_cast<std::uint8_t>(v >> 8));
    }
}

void Writer::u32(std::uint32_t v) {
    if (options_.big_endian) {
        put32(out_, v);
    } else {
        u16(static_cast<std::uint16_t>(v));
        u16(static_cast<std::uint16_t>(v >> 16));
    }
}

bool Writer::add_udp(std::uint32_t ts_sec, std::uint32_t fraction, const UdpToWrite& udp) {
    if (udp.payload.size() > kMaxUdpPayload) {
        return false;
    }
    auto frame = build_udp_frame(udp, options_.link_type, options_.vlan);
    add_frame(ts_sec, fraction, frame, static_cast<std::uint32_t>(frame.size()));
    return true;
}

void Writer::add_frame(std::uint32_t ts_sec, std::uint32_t fraction, wire::Bytes frame,
                       std::uint32_t orig_len) {
    u32(ts_sec);
    u32(fraction);
    u32(static_cast<std::uint32_t>(frame.size()));
    u32(orig_len);
    out_.insert(out_.end(), frame.begin(), frame.end());
}

} // namespace lw::pcap
