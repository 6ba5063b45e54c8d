// Election criteria of a RequestElection frame ([MS-BRWS] 2.2.3, 3.1 of
// the reference): one u32, little-endian on the wire, compared as an
// unsigned number (bigger wins).
//
//   bits 31-24  OS level (0x01 WfW/Win9x, 0x10 NT workstation, 0x20 NT
//               server; Samba's `os level`, default 20)
//   bits 23-16  browser version minor (0x01)
//   bits 15-8   browser version major (0x0f)
//   bits 7-0    role: 0x80 PDC, 0x20 WINS, 0x08 preferred master,
//               0x04 running master, 0x02 standby (MaintainServerList),
//               0x01 running backup; 0x40 and 0x10 are unused
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lw::browser {

struct Criteria {
    static constexpr std::uint8_t kRoleRunningBackup = 0x01;
    static constexpr std::uint8_t kRoleStandby = 0x02;
    static constexpr std::uint8_t kRoleRunningMaster = 0x04;
    static constexpr std::uint8_t kRolePreferredMaster = 0x08;
    static constexpr std::uint8_t kRoleWins = 0x20;
    static constexpr std::uint8_t kRolePdc = 0x80;

    static constexpr std::uint8_t kOsLevelWorkstation = 0x10;
    static constexpr std::uint8_t kOsLevelServer = 0x20;
    /// 0x010f as [MS-BRWS] requires and every current stack sends.
    static constexpr std::uint8_t kBrowserMajor = 0x0f;
    static constexpr std::uint8_t kBrowserMinor = 0x01;

    std::uint32_t value = 0;

    static constexpr Criteria make(std::uint8_t os_level, std::uint8_t role,
                                   std::uint8_t major = kBrowserMajor,
                                   std::uint8_t minor = kBrowserMinor) noexcept {
        return Criteria{static_cast<std::uint32_t>(os_level) << 24 |
                        static_cast<std::uint32_t>(minor) << 16 |
                        static_cast<std::uint32_t>(major) << 8 | role};
    }

    constexpr std::uint8_t os_level() const noexcept {
        return static_cast<std::uint8_t>(value >> 24);
    }
    constexpr std::uint8_t browser_major() const noexcept {
        return static_cast<std::uint8_t>(value >> 8);
    }
    constexpr std::uint8_t browser_minor() const noexcept {
        return static_cast<std::uint8_t>(value >> 16);
    }
    constexpr std::uint8_t role() const noexcept { return static_cast<std::uint8_t>(value); }

    constexpr bool pdc() const noexcept { return (role() & kRolePdc) != 0; }
    constexpr bool wins() const noexcept { return (role() & kRoleWins) != 0; }
    constexpr bool preferred_master() const noexcept {
        return (role() & kRolePreferredMaster) != 0;
    }
    constexpr bool running_master() const noexcept { return (role() & kRoleRunningMaster) != 0; }
    constexpr bool standby() const noexcept { return (role() & kRoleStandby) != 0; }
    constexpr bool running_backup() const noexcept { return (role() & kRoleRunningBackup) != 0; }

    /// Short names of the set role bits, highest first: "pdc", "wins",
    /// "preferred_master", "running_master", "standby", "running_backup";
    /// an unused bit as "0x40".
    std::vector<std::string> role_names() const;

    friend constexpr auto operator<=>(const Criteria&, const Criteria&) = default;
};

} // namespace lw::browser
