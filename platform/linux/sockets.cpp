#include "platform/linux/sockets.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace lw::platform {

namespace {

std::string describe(const UdpSocketSpec& spec) {
    std::string s = spec.address.to_string() + ":" + std::to_string(spec.port);
    if (!spec.device.empty()) {
        s += " on " + spec.device;
    }
    return s;
}

bool set_flag(int fd, int level, int name) {
    int one = 1;
    return setsockopt(fd, level, name, &one, sizeof one) == 0;
}

} // namespace

int open_udp_socket(const UdpSocketSpec& spec, std::string& error) {
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error = std::string("socket: ") + std::strerror(errno);
        return -1;
    }
    const char* failed = nullptr;
    if (spec.reuse_address && !set_flag(fd, SOL_SOCKET, SO_REUSEADDR)) {
        failed = "SO_REUSEADDR";
    } else if (spec.broadcast && !set_flag(fd, SOL_SOCKET, SO_BROADCAST)) {
        failed = "SO_BROADCAST";
    } else if (spec.receive_buffer > 0 &&
               setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &spec.receive_buffer,
                          sizeof spec.receive_buffer) != 0) {
        failed = "SO_RCVBUF";
    } else if (!spec.device.empty() &&
               setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, spec.device.c_str(),
                          static_cast<socklen_t>(spec.device.size() + 1)) != 0) {
        failed = "SO_BINDTODEVICE";
    }
    if (failed == nullptr) {
        sockaddr_in sa{};
        sa.sin_family = AF_INET;
        sa.sin_port = htons(spec.port);
        sa.sin_addr.s_addr = htonl(spec.address.value);
        if (bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
            failed = "bind";
        }
    }
    if (failed != nullptr) {
        error = std::string(failed) + " " + describe(spec) + ": " + std::strerror(errno);
        close_fd(fd);
        return -1;
    }
    return fd;
}

void close_fd(int fd) noexcept {
    int saved = errno;
    close(fd);
    errno = saved;
}

} // namespace lw::platform
