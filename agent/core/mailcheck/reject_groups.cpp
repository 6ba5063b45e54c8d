#include "agent/core/mailcheck/reject_groups.h"

#include <algorithm>

#include "agent/core/mailcheck/address.h"
#include "agent/core/mailcheck/hostname.h"
#include "agent/core/mailcheck/text.h"

namespace lw::mailcheck {

namespace {

constexpr std::size_t kMaxKeyLength = 300;

std::string domain_of(const std::string& address) {
    std::size_t at = address.rfind('@');
    return at == std::string::npos ? std::string{} : ascii_lower(address.substr(at + 1));
}

// The key a line is grouped under: the HELO name for HELO rejects, the
// sender domain for sender rejects, the recipient for unknown users, the
// client address for everything else.
std::pair<std::string, std::string> group_key(const RejectLine& r) {
    if (is_helo_reason(r.reason) && r.helo) {
        return {"helo", ascii_lower(*r.helo)};
    }
    if ((r.reason == RejectReason::SenderDomainNotFound ||
         r.reason == RejectReason::SenderNullMx || r.reason == RejectReason::SenderOther) &&
        r.from) {
        return {"sender_domain", domain_of(*r.from)};
    }
    if (r.reason == RejectReason::RecipientUnknown && r.to) {
        return {"recipient", ascii_lower(*r.to)};
    }
    return {"client", r.client_addr};
}

std::string cidr_of(const std::string& addr) {
    auto ip = IpAddress::parse(addr);
    if (!ip) {
        return {};
    }
    IpAddress a = ip->unmapped();
    return a.to_string() + (a.family == Family::V4 ? "/32" : "/128");
}

bool may_propose(const RejectGroup& g) { return g.count > g.warnings; }

} // namespace

RejectGroups::RejectGroups(GroupOptions options) : options_(std::move(options)) {}

void RejectGroups::add_line(std::string_view line) {
    ++lines_;
    ParsedLine p = parse_maillog_line(line);
    switch (p.kind) {
    case LineKind::Reject:
        add(*p.reject);
        break;
    case LineKind::Other:
        ++other_;
        break;
    case LineKind::Unparsed:
        ++unparsed_;
        break;
    }
}

void RejectGroups::add(const RejectLine& r) {
    ++rejects_;
    auto [kind, key] = group_key(r);
    if (key.size() > kMaxKeyLength) {
        key.resize(kMaxKeyLength);
    }
    auto id = std::make_pair(r.reason, key);
    auto it = groups_.find(id);
    if (it == groups_.end()) {
        if (groups_.size() >= options_.max_groups) {
            ++dropped_;
            return;
        }
        RejectGroup g;
        g.reason = r.reason;
        g.key_kind = kind;
        g.key = key;
        g.first_seen = r.time;
        it = groups_.emplace(std::move(id), std::move(g)).first;
    }
    RejectGroup& g = it->second;
    ++g.count;
    if (r.action == LogAction::RejectWarning) {
        ++g.warnings;
    }
    g.last_seen = r.time;
    g.last_reply = r.reply();

    std::string client = r.client_name + "[" + r.client_addr + "]";
    if (g.clients.size() < options_.max_clients_per_group &&
        std::find(g.clients.begin(), g.clients.end(), client) == g.clients.end()) {
        g.clients.push_back(client);
    }
    bool verified = !r.client_name.empty() && r.client_name != "unknown";
    g.verified_client = g.verified_client || verified;
    if (g.client_addrs_for_cidr.size() < options_.max_clients_per_group) {
        g.client_addrs_for_cidr.insert(r.client_addr);
    }

    // A retry: the same client, sender and recipient again after a 4xx.
    if (r.code && *r.code / 100 == 4 && r.action == LogAction::Reject) {
        std::string attempt = r.client_addr + "|" + r.from.value_or("") + "|" + r.to.value_or("");
        if (attempt.size() > kMaxKeyLength) {
            attempt.resize(kMaxKeyLength);
        }
        if (g.attempts.count(attempt) != 0) {
            g.retried = true;
        } else if (g.attempts.size() < options_.max_attempts_per_group) {
            g.attempts.insert(std::move(attempt));
        }
    }
}

std::vector<const RejectGroup*> RejectGroups::groups() const {
    std::vector<const RejectGroup*> out;
    out.reserve(groups_.size());
    for (const auto& [id, g] : groups_) {
        out.push_back(&g);
    }
    std::stable_sort(out.begin(), out.end(), [](const RejectGroup* a, const RejectGroup* b) {
        return a->count > b->count;
    });
    return out;
}

std::vector<Proposal> RejectGroups::proposals() const {
    std::vector<Proposal> out;
    auto add = [&out](ProposalKind kind, std::string entry, std::string why) {
        for (const auto& p : out) {
            if (p.kind == kind && p.entry == entry) {
                return;
            }
        }
        out.push_back({kind, std::move(entry), std::move(why)});
    };
    for (const RejectGroup* g : groups()) {
        if (!may_propose(*g)) {
            continue;
        }
        if (is_helo_reason(g->reason) && g->reason != RejectReason::HeloOther &&
            g->key_kind == "helo" && !g->key.empty() && (g->verified_client || g->retried)) {
            std::string why = g->verified_client
                                  ? "sent by a client whose name Postfix verified (" +
                                        g->clients.front() + ")"
                                  : "the client retried the same message after a 4xx";
            add(ProposalKind::HeloAccess, g->key + " OK",
                std::string(reject_reason_name(g->reason)) + ", " + std::to_string(g->count) +
                    " times; " + why);
        }
        if (is_client_name_reason(g->reason) && g->retried) {
            std::string cidr = cidr_of(g->key);
            if (!cidr.empty()) {
                add(ProposalKind::ClientAccess, cidr + " OK",
                    std::string(reject_reason_name(g->reason)) + ", " +
                        std::to_string(g->count) +
                        " times; the client retried the same message after a 4xx");
            }
        }
    }
    return out;
}

std::vector<std::string> RejectGroups::proposal_steps() const {
    std::vector<std::string> steps;
    bool helo = false;
    bool client = false;
    for (const auto& p : proposals()) {
        helo = helo || p.kind == ProposalKind::HeloAccess;
        client = client || p.kind == ProposalKind::ClientAccess;
    }
    auto file_of = [](const std::string& map) {
        std::size_t colon = map.find(':');
        return colon == std::string::npos ? map : map.substr(colon + 1);
    };
    if (helo) {
        steps.push_back("add the helo_access entries to " + file_of(options_.helo_access_map));
        steps.push_back("main.cf: put check_helo_access " + options_.helo_access_map +
                        " in smtpd_helo_restrictions before the reject_*_helo_hostname "
                        "entries");
        steps.push_back("postmap " + options_.helo_access_map);
    }
    if (client) {
        steps.push_back("add the client entries to " + file_of(options_.client_access_map));
        steps.push_back("main.cf: put check_client_access " + options_.client_access_map +
                        " in smtpd_client_restrictions before reject_unknown_client_hostname "
                        "and reject_unknown_reverse_client_hostname");
    }
    if (helo || client) {
        steps.push_back("postfix reload");
    }
    return steps;
}

nlohmann::json RejectGroups::to_json() const {
    using nlohmann::json;
    auto time_json = [](const LogTime& t) {
        json j{{"text", t.text}};
        auto e = t.epoch();
        j["epoch"] = e ? json(*e) : json(nullptr);
        return j;
    };
    json j;
    j["lines"] = lines_;
    j["rejects"] = rejects_;
    j["unparsed"] = unparsed_;
    j["other"] = other_;
    j["dropped_groups"] = dropped_;
    j["groups"] = json::array();
    for (const RejectGroup* g : groups()) {
        j["groups"].push_back({{"reason", reject_reason_name(g->reason)},
                               {"key_kind", g->key_kind},
                               {"key", g->key},
                               {"count", g->count},
                               {"warnings", g->warnings},
                               {"first_seen", time_json(g->first_seen)},
                               {"last_seen", time_json(g->last_seen)},
                               {"last_reply", g->last_reply},
                               {"clients", g->clients},
                               {"verified_client", g->verified_client},
                               {"retried", g->retried}});
    }
    json helo = json::array();
    json client = json::array();
    for (const auto& p : proposals()) {
        json e{{"entry", p.entry}, {"why", p.why}};
        (p.kind == ProposalKind::HeloAccess ? helo : client).push_back(e);
    }
    j["proposals"] = {{"helo_access", helo},
                      {"client_access", client},
                      {"steps", proposal_steps()}};
    make_utf8(j); // log lines are any bytes
    return j;
}

} // namespace lw::mailcheck
