#include "agent/core/browser/criteria.h"

namespace lw::browser {

std::vector<std::string> Criteria::role_names() const {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::vector<std::string> out;
    for (int i = 7; i >= 0; --i) {
        auto bit = static_cast<std::uint8_t>(1u << i);
        if ((role() & bit) == 0) {
            continue;
        }
        switch (bit) {
        case kRolePdc: out.emplace_back("pdc"); break;
        case kRoleWins: out.emplace_back("wins"); break;
        case kRolePreferredMaster: out.emplace_back("preferred_master"); break;
        case kRoleRunningMaster: out.emplace_back("running_master"); break;
        case kRoleStandby: out.emplace_back("standby"); break;
        case kRoleRunningBackup: out.emplace_back("running_backup"); break;
        default: out.push_back(std::string("0x") + kDigits[bit >> 4] + kDigits[bit & 0x0f]);
        }
    }
    return out;
}

} // namespace lw::browser
