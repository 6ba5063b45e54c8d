#include "agent/core/mailcheck/dns.h"

#include <utility>

#include "agent/core/mailcheck/hostname.h"

namespace lw::mailcheck {

std::string_view rr_type_name(RrType type) noexcept {
    switch (type) {
    case RrType::A:
        return "A";
    case RrType::AAAA:
        return "AAAA";
    case RrType::MX:
        return "MX";
    case RrType::PTR:
        return "PTR";
    }
    return "?";
}

std::string_view outcome_name(DnsOutcome outcome) noexcept {
    switch (outcome) {
    case DnsOutcome::Records:
        return "records";
    case DnsOutcome::NxDomain:
        return "nxdomain";
    case DnsOutcome::NoData:
        return "no_data";
    case DnsOutcome::TempFail:
        return "temporary";
    case DnsOutcome::Fail:
        return "failed";
    case DnsOutcome::Malformed:
        return "malformed";
    }
    return "?";
}

DnsOutcome outcome_for_rcode(unsigned rcode, bool has_records) noexcept {
    switch (rcode) {
    case 0:
        return has_records ? DnsOutcome::Records : DnsOutcome::NoData;
    case 3:
        return DnsOutcome::NxDomain;
    case 2:
    case 4:
    case 5:
        return DnsOutcome::TempFail;
    default:
        return DnsOutcome::Fail;
    }
}

DnsAnswer DnsAnswer::of(std::vector<std::string> records) {
    if (records.empty()) {
        return no_data();
    }
    return {DnsOutcome::Records, std::move(records)};
}

Query Query::make(std::string_view name, RrType type) {
    if (name.size() > 1 && name.back() == '.') {
        name.remove_suffix(1);
    }
    return Query{ascii_lower(name), type};
}

void Lookups::set(const Query& query, DnsAnswer answer) {
    answers_[Query::make(query.name, query.type)] = std::move(answer);
}

const DnsAnswer* Lookups::find(const Query& query) const noexcept {
    auto it = answers_.find(query);
    return it == answers_.end() ? nullptr : &it->second;
}

} // namespace lw::mailcheck
