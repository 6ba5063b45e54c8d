#include "agent/core/browser/server_type.h"

namespace lw::browser {

std::string_view server_type_bit_name(std::uint32_t bit) noexcept {
    switch (bit) {
    case ServerType::kWorkstation: return "workstation";
    case ServerType::kServer: return "server";
    case ServerType::kSqlServer: return "sqlserver";
    case ServerType::kDomainCtrl: return "domain_ctrl";
    case ServerType::kDomainBakCtrl: return "domain_bakctrl";
    case ServerType::kTimeSource: return "time_source";
    case ServerType::kAfp: return "afp";
    case ServerType::kNovell: return "novell";
    case ServerType::kDomainMember: return "domain_member";
    case ServerType::kPrintqServer: return "printq_server";
    case ServerType::kDialinServer: return "dialin_server";
    case ServerType::kServerUnix: return "server_unix";
    case ServerType::kNt: return "nt";
    case ServerType::kWfw: return "wfw";
    case ServerType::kServerMfpn: return "server_mfpn";
    case ServerType::kServerNt: return "server_nt";
    case ServerType::kPotentialBrowser: return "potential_browser";
    case ServerType::kBackupBrowser: return "backup_browser";
    case ServerType::kMasterBrowser: return "master_browser";
    case ServerType::kDomainMaster: return "domain_master";
    case ServerType::kServerOsf: return "server_osf";
    case ServerType::kServerVms: return "server_vms";
    case ServerType::kWindows: return "windows";
    case ServerType::kDfs: return "dfs";
    case ServerType::kClusterNt: return "cluster_nt";
    case ServerType::kTerminalServer: return "terminalserver";
    case ServerType::kClusterVsNt: return "cluster_vs_nt";
    case ServerType::kAlternateXport: return "alternate_xport";
    case ServerType::kLocalListOnly: return "local_list_only";
    case ServerType::kDomainEnum: return "domain_enum";
    default: return {};
    }
}

std::vector<std::string> ServerType::names() const {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::vector<std::string> out;
    for (int i = 0; i < 32; ++i) {
        std::uint32_t bit = std::uint32_t{1} << i;
        if ((bits & bit) == 0) {
            continue;
        }
        std::string_view name = server_type_bit_name(bit);
        if (!name.empty()) {
            out.emplace_back(name);
            continue;
        }
        std::string hex = "0x";
        for (int shift = 28; shift >= 0; shift -= 4) {
            hex.push_back(kDigits[(bit >> shift) & 0x0f]);
        }
        out.push_back(std::move(hex));
    }
    return out;
}

} // namespace lw::browser
