#include "agent/io/udp_endpoint.h"

#include <arpa/inet.h>
#include <cstring>
#include <memory>
#include <netinet/in.h>
#include <vector>

#include "platform/linux/log.h"

namespace lw::io {

namespace {

// A send request that owns its bytes.  Its callback may run after the
// endpoint is gone (UV_ECANCELED on close), so it touches nothing else.
struct SendRequest {
    uv_udp_send_t req;
    std::vector<std::uint8_t> bytes;
};

} // namespace

UdpEndpoint::UdpEndpoint(uv_loop_t* loop) {
    uv_udp_init(loop, udp_.get());
    udp_.mark_initialised();
    udp_.get()->data = this;
}

int UdpEndpoint::adopt(int fd, Receiver receiver) {
    receiver_ = std::move(receiver);
    int rc = uv_udp_open(udp_.get(), fd);
    if (rc != 0) {
        return rc;
    }
    return uv_udp_recv_start(udp_.get(), on_alloc, on_recv);
}

int UdpEndpoint::send(net::Ipv4 to, std::uint16_t port, std::span<const std::uint8_t> bytes) {
    auto req = std::make_unique<SendRequest>();
    req->bytes.assign(bytes.begin(), bytes.end());
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    sa.sin_addr.s_addr = htonl(to.value);
    uv_buf_t buf = uv_buf_init(reinterpret_cast<char*>(req->bytes.data()),
                               static_cast<unsigned>(req->bytes.size()));
    int rc = uv_udp_send(&req->req, udp_.get(), &buf, 1, reinterpret_cast<sockaddr*>(&sa),
                         [](uv_udp_send_t* r, int) {
                             std::unique_ptr<SendRequest> owned(from_uv<SendRequest>(r));
                         });
    if (rc != 0) {
        ++counters_.send_errors;
        return rc;
    }
    req.release();
    ++counters_.sent;
    return 0;
}

std::uint16_t UdpEndpoint::local_port() const noexcept {
    sockaddr_storage ss{};
    int len = sizeof ss;
    if (uv_udp_getsockname(udp_.get(), reinterpret_cast<sockaddr*>(&ss), &len) != 0 ||
        ss.ss_family != AF_INET) {
        return 0;
    }
    sockaddr_in sa{};
    std::memcpy(&sa, &ss, sizeof sa);
    return ntohs(sa.sin_port);
}

void UdpEndpoint::on_alloc(uv_handle_t* h, size_t, uv_buf_t* buf) noexcept {
    auto* self = static_cast<UdpEndpoint*>(h->data);
    *buf = uv_buf_init(reinterpret_cast<char*>(self->buffer_), sizeof self->buffer_);
}

void UdpEndpoint::on_recv(uv_udp_t* h, ssize_t nread, const uv_buf_t* buf,
                          const struct sockaddr* addr, unsigned flags) noexcept {
    auto* self = static_cast<UdpEndpoint*>(h->data);
    if (self == nullptr) {
        return;
    }
    if (nread < 0) {
        ++self->counters_.receive_errors;
        return;
    }
    if (addr == nullptr || addr->sa_family != AF_INET) {
        return; // nothing more to read, or not IPv4
    }
    if ((flags & UV_UDP_PARTIAL) != 0) {
        ++self->counters_.oversized;
        return;
    }
    ++self->counters_.received;
    sockaddr_in sa{};
    std::memcpy(&sa, addr, sizeof sa);
    Datagram d{{reinterpret_cast<const std::uint8_t*>(buf->base), static_cast<size_t>(nread)},
               net::Ipv4{ntohl(sa.sin_addr.s_addr)},
               ntohs(sa.sin_port)};
    try {
        self->receiver_(d);
    } catch (const std::exception& e) {
        // No exception may cross a libuv callback: log, count, drop.
        ++self->counters_.receive_errors;
        platform::logf(platform::Level::Error, "udp.exception what=\"%s\"", e.what());
    }
}

} // namespace lw::io
