// One captured link-layer frame down to its UDP payload: Ethernet (with
// 802.1Q/802.1ad tags), Linux cooked capture v1 and v2, raw IPv4; then
// IPv4 (options skipped by IHL) and UDP.
//
// A frame that is not UDP over IPv4 is not an error: decode_frame() says
// why it was skipped, and the caller counts it.  Only the IPv4 total length
// decides how much of the frame is the packet, so Ethernet padding and a
// trailing FCS are ignored, and a frame cut by the snap length is skipped
// as Truncated only when the cut reaches into the UDP datagram.
//
// Not handled: IPv6; reassembly of IP fragments (skipped); checksums are
// not verified (a capture on the sending host holds the checksums before
// the NIC's offload filled them in).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "agent/core/net/ipv4.h"
#include "agent/core/wire/reader.h"

namespace lw::pcap {

/// LINKTYPE_* values of the pcap file header (tcpdump.org/linktypes.html).
inline constexpr std::uint32_t kLinkEthernet = 1;
inline constexpr std::uint32_t kLinkRaw = 101;
inline constexpr std::uint32_t kLinkLinuxSll = 113;
inline constexpr std::uint32_t kLinkIpv4 = 228;
inline constexpr std::uint32_t kLinkLinuxSll2 = 276;

inline constexpr std::uint16_t kEtherTypeIpv4 = 0x0800;
inline constexpr std::uint16_t kEtherTypeVlan = 0x8100;
inline constexpr std::uint16_t kEtherTypeQinQ = 0x88a8;
inline constexpr std::uint8_t kIpProtoUdp = 17;

/// Why a frame yielded no UDP datagram.
enum class Skip : std::uint8_t {
    None,         ///< not skipped: the frame holds a UDP datagram
    LinkType,     ///< the file's link type is not one decoded here
    NotIpv4,      ///< another ethertype (ARP, IPv6, LLC, ...)
    BadIpHeader,  ///< version, IHL or total length make no sense
    Fragment,     ///< an IPv4 fragment (MF set or offset > 0)
    NotUdp,       ///< another IP protocol
    BadUdpHeader, ///< UDP length below 8 or beyond the IP payload
    Truncated,    ///< the capture cut the packet (caplen < len)
};

/// Short lowercase name for logs and JSON: "not_ipv4", "fragment", ...
std::string_view skip_name(Skip skip) noexcept;

/// A UDP datagram found in a frame.  payload points into the frame.
struct UdpPacket {
    net::Ipv4 src;
    net::Ipv4 dst;
    std::uint16_t src_port = 0;
    std::uint16_t dst_port = 0;
    std::uint8_t ttl = 0;
    wire::Bytes payload;
};

struct Decoded {
    std::optional<UdpPacket> udp; ///< set exactly when skip == None
    Skip skip = Skip::None;
};

/// Decodes frame as link type `link` (the pcap header's value, FCS bits
/// already masked off).  Never fails; everything that is not UDP over
/// IPv4 comes back as a Skip.
Decoded decode_frame(std::uint32_t link, wire::Bytes frame) noexcept;

} // namespace lw::pcap
