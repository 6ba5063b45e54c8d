#include "platform/linux/interfaces.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <ifaddrs.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace lw::platform {

namespace {

std::uint8_t prefix_length(std::uint32_t mask) noexcept {
    std::uint8_t n = 0;
    while (mask & 0x80000000u) {
        ++n;
        mask <<= 1;
    }
    return n;
}

} // namespace

std::vector<Interface> list_ipv4_interfaces(std::string& error) {
    std::vector<Interface> out;
    ifaddrs* list = nullptr;
    if (getifaddrs(&list) != 0) {
        error = std::string("getifaddrs: ") + std::strerror(errno);
        return out;
    }
    for (ifaddrs* ifa = list; ifa != nullptr; ifa = ifa->ifa_next) {
        if (ifa->ifa_addr == nullptr || ifa->ifa_addr->sa_family != AF_INET) {
            continue;
        }
        sockaddr_in addr{};
        std::memcpy(&addr, ifa->ifa_addr, sizeof addr);
        sockaddr_in mask{};
        if (ifa->ifa_netmask != nullptr) {
            std::memcpy(&mask, ifa->ifa_netmask, sizeof mask);
        }
        Interface i;
        i.name = ifa->ifa_name;
        i.index = if_nametoindex(ifa->ifa_name);
        i.prefix = net::Ipv4Prefix{net::Ipv4{ntohl(addr.sin_addr.s_addr)},
                                   prefix_length(ntohl(mask.sin_addr.s_addr))};
        i.up = (ifa->ifa_flags & IFF_UP) != 0 && (ifa->ifa_flags & IFF_RUNNING) != 0;
        i.loopback = (ifa->ifa_flags & IFF_LOOPBACK) != 0;
        out.push_back(std::move(i));
    }
    freeifaddrs(list);
    return out;
}

int open_interface_watch(std::string& error) {
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0) {
        error = std::string("netlink socket: ") + std::strerror(errno);
        return -1;
    }
    sockaddr_nl sa{};
    sa.nl_family = AF_NETLINK;
    sa.nl_groups = RTMGRP_LINK | RTMGRP_IPV4_IFADDR;
    if (bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
        error = std::string("netlink bind: ") + std::strerror(errno);
        close(fd);
        return -1;
    }
    return fd;
}

bool drain_interface_watch(int fd) noexcept {
    bool any = false;
    char buf[8192];
    // The messages themselves are not parsed: any change means "list the
    // interfaces again", which is cheap and cannot go out of step.
    while (recv(fd, buf, sizeof buf, 0) > 0) {
        any = true;
    }
    return any;
}

} // namespace lw::platform
