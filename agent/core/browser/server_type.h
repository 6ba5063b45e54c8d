// ServerType, the 32-bit role set of a browser announcement ([MS-BRWS]
// 2.2.1, the SV_TYPE_* values of [MS-RAP] and Samba's misc.idl).  It
// travels little-endian; here it is a plain value with named bits.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lw::browser {

struct ServerType {
    static constexpr std::uint32_t kWorkstation = 0x00000001;
    static constexpr std::uint32_t kServer = 0x00000002;
    static constexpr std::uint32_t kSqlServer = 0x00000004;
    static constexpr std::uint32_t kDomainCtrl = 0x00000008;
    static constexpr std::uint32_t kDomainBakCtrl = 0x00000010;
    static constexpr std::uint32_t kTimeSource = 0x00000020;
    static constexpr std::uint32_t kAfp = 0x00000040;
    static constexpr std::uint32_t kNovell = 0x00000080;
    static constexpr std::uint32_t kDomainMember = 0x00000100;
    static constexpr std::uint32_t kPrintqServer = 0x00000200;
    static constexpr std::uint32_t kDialinServer = 0x00000400;
    static constexpr std::uint32_t kServerUnix = 0x00000800;
    static constexpr std::uint32_t kNt = 0x00001000;
    static constexpr std::uint32_t kWfw = 0x00002000;
    static constexpr std::uint32_t kServerMfpn = 0x00004000;
    static constexpr std::uint32_t kServerNt = 0x00008000;
    static constexpr std::uint32_t kPotentialBrowser = 0x00010000;
    static constexpr std::uint32_t kBackupBrowser = 0x00020000;
    static constexpr std::uint32_t kMasterBrowser = 0x00040000;
    static constexpr std::uint32_t kDomainMaster = 0x00080000;
    static constexpr std::uint32_t kServerOsf = 0x00100000;
    static constexpr std::uint32_t kServerVms = 0x00200000;
    static constexpr std::uint32_t kWindows = 0x00400000;
    static constexpr std::uint32_t kDfs = 0x00800000;
    static constexpr std::uint32_t kClusterNt = 0x01000000;
    static constexpr std::uint32_t kTerminalServer = 0x02000000;
    static constexpr std::uint32_t kClusterVsNt = 0x04000000;
    static constexpr std::uint32_t kAlternateXport = 0x20000000;
    /// Never on the wire (Samba masks it out); listed for completeness.
    static constexpr std::uint32_t kLocalListOnly = 0x40000000;
    /// Set in DomainAnnouncements: the entry is a workgroup, not a server.
    static constexpr std::uint32_t kDomainEnum = 0x80000000;

    std::uint32_t bits = 0;

    constexpr bool has(std::uint32_t bit) const noexcept { return (bits & bit) == bit; }
    /// 0 in a host or LMB announcement means "I am going away".
    constexpr bool empty() const noexcept { return bits == 0; }

    /// The short names of the set bits, lowest first: "workstation",
    /// "server", ..., "master_browser"; a bit with no documented meaning
    /// appears as "0x08000000".
    std::vector<std::string> names() const;

    friend constexpr bool operator==(const ServerType&, const ServerType&) = default;
};

/// The short name of one bit ("potential_browser"), "" for an undocumented
/// bit or a value that is not a single bit.
std::string_view server_type_bit_name(std::uint32_t bit) noexcept;

} // namespace lw::browser
