// Sockets that libuv cannot set up by itself: UDP sockets bound to one
// network device (SO_BINDTODEVICE), with SO_REUSEADDR so that lanwarden can
// listen beside Samba's nmbd on ports 137 and 138, and SO_BROADCAST.
#pragma once

#include <cstdint>
#include <string>

#include "agent/core/net/ipv4.h"

namespace lw::platform {

struct UdpSocketSpec {
    std::string device;         ///< bind to this interface ("" = any)
    net::Ipv4 address;          ///< local address (0.0.0.0 = any)
    std::uint16_t port = 0;     ///< 0 = ephemeral
    bool reuse_address = false; ///< SO_REUSEADDR, to share 137/138 with nmbd
    bool broadcast = false;     ///< SO_BROADCAST, to send to a subnet broadcast
    int receive_buffer = 0;     ///< SO_RCVBUF in bytes (0 = the kernel default)
};

/// A non-blocking, close-on-exec UDP socket, or -1 with `error` saying
/// which call failed and why ("bind 0.0.0.0:137 on br-lan: Address in use").
int open_udp_socket(const UdpSocketSpec& spec, std::string& error);

/// close(2) that keeps errno.
void close_fd(int fd) noexcept;

} // namespace lw::platform
