// Writes classic pcap files around UDP payloads (Ethernet, IPv4, UDP), so
// that a test can let tshark dissect what an encoder produced, and so that
// the reader has hand-checkable input.  The IPv4 header checksum and the
// UDP checksum are computed; MAC addresses are made up from the IPv4
// addresses (02:00 + the four octets, ff:ff:ff:ff:ff:ff for broadcasts).
#pragma once

#include <cstdint>
#include <vector>

#include "agent/core/net/ipv4.h"
#include "agent/core/pcap/frame.h"
#include "agent/core/wire/reader.h"

namespace lw::pcap {

struct WriterOptions {
    bool big_endian = false;
    bool nanosecond = false;
    std::uint32_t link_type = kLinkEthernet; ///< Ethernet or kLinkLinuxSll
    std::uint16_t vlan = 0;                  ///< Ethernet only; 0: no tag
    std::uint32_t snaplen = 65535;
};

struct UdpToWrite {
    net::Ipv4 src;
    net::Ipv4 dst;
    std::uint16_t src_port = 0;
    std::uint16_t dst_port = 0;
    wire::Bytes payload;
};

/// The largest payload that fits one IPv4 datagram (65535 - 20 - 8).
inline constexpr std::size_t kMaxUdpPayload = 65507;

class Writer {
  public:
    explicit Writer(WriterOptions options = {});

    /// Appends one record.  `fraction` is microseconds, or nanoseconds when
    /// options.nanosecond.  False (nothing written) when the payload is
    /// larger than kMaxUdpPayload.
    bool add_udp(std::uint32_t ts_sec, std::uint32_t fraction, const UdpToWrite& udp);

    /// Appends a record with any frame bytes; orig_len lets a test write a
    /// record that claims more than it captured.
    void add_frame(std::uint32_t ts_sec, std::uint32_t fraction, wire::Bytes frame,
                   std::uint32_t orig_len);

    const std::vector<std::uint8_t>& bytes() const noexcept { return out_; }

  private:
    void u16(std::uint16_t v);
    void u32(std::uint32_t v);

    WriterOptions options_;
    std::vector<std::uint8_t> out_;
};

/// Ethernet/SLL + IPv4 + UDP bytes of one datagram (no pcap record header);
/// empty when the payload is larger than kMaxUdpPayload.
std::vector<std::uint8_t> build_udp_frame(const UdpToWrite& udp,
                                          std::uint32_t link_type = kLinkEthernet,
                                          std::uint16_t vlan = 0);

/// The Internet checksum (RFC 1071) of bytes, starting from `sum`.
std::uint16_t internet_checksum(wire::Bytes bytes, std::uint32_t sum = 0) noexcept;

} // namespace lw::pcap
