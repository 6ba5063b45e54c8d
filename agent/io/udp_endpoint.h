// A UDP socket on the libuv loop: datagrams in through a callback, datagrams
// out through send().  Each send owns a copy of its bytes, so callers may
// reuse their buffers at once.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "agent/core/net/ipv4.h"
#include "agent/io/uv_handle.h"

namespace lw::io {

struct Datagram {
    std::span<const std::uint8_t> bytes;
    net::Ipv4 source;
    std::uint16_t source_port = 0;
};

class UdpEndpoint {
  public:
    using Receiver = std::function<void(const Datagram&)>;

    explicit UdpEndpoint(uv_loop_t* loop);

    /// Takes over an open socket (see platform::open_udp_socket) and starts
    /// receiving.  Returns a libuv error code (0 on success).
    int adopt(int fd, Receiver receiver);

    /// Queues a datagram; returns 0 or a libuv error code.  The result of
    /// the actual send is counted, never reported to the caller.
    int send(net::Ipv4 to, std::uint16_t port, std::span<const std::uint8_t> bytes);

    /// The locally bound port (useful after binding port 0).
    std::uint16_t local_port() const noexcept;

    struct Counters {
        std::uint64_t received = 0;
        std::uint64_t oversized = 0; ///< larger than the receive buffer: dropped
        std::uint64_t receive_errors = 0;
        std::uint64_t sent = 0;
        std::uint64_t send_errors = 0;
    };
    const Counters& counters() const noexcept { return counters_; }

  private:
    static void on_alloc(uv_handle_t* h, size_t suggested, uv_buf_t* buf) noexcept;
    static void on_recv(uv_udp_t* h, ssize_t nread, const uv_buf_t* buf,
                        const struct sockaddr* addr, unsigned flags) noexcept;

    UvHandle<uv_udp_t> udp_;
    Receiver receiver_;
    Counters counters_;
    // NetBIOS datagrams are at most 576 bytes (RFC 1002); 2 KiB also holds
    // anything an Ethernet frame can carry.
    std::uint8_t buffer_[2048];
};

} // namespace lw::io
