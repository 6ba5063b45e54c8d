// The IPv4 interfaces of this host, and a netlink socket that becomes
// readable whenever an interface or address appears, goes or changes, so the
// agent can follow them without a restart.
#pragma once

#include <string>
#include <vector>

#include "agent/core/net/ipv4.h"

namespace lw::platform {

struct Interface {
    std::string name;
    unsigned index = 0;
    net::Ipv4Prefix prefix; ///< the interface's address with its prefix length
    bool up = false;
    bool loopback = false;

    friend bool operator==(const Interface&, const Interface&) = default;
};

/// One entry per IPv4 address, in the kernel's order (the first address of
/// an interface is its primary one).  Empty with `error` set on failure.
std::vector<Interface> list_ipv4_interfaces(std::string& error);

/// A non-blocking NETLINK_ROUTE socket subscribed to link and IPv4 address
/// changes, or -1 with `error`.
int open_interface_watch(std::string& error);

/// Reads and discards what the watch socket holds; true if anything was
/// there (the caller then lists the interfaces again).
bool drain_interface_watch(int fd) noexcept;

} // namespace lw::platform
