#include "agent/core/browse/model.h"

#include <algorithm>
#include <array>
#include <set>

namespace lw::browse {

namespace {

constexpr std::uint32_t kTypeMasterBrowser = 0x00040000;
constexpr std::uint32_t kCriteriaPreferredMaster = 0x08;
constexpr std::uint8_t kSuffixMasterBrowser = 0x1d;
constexpr std::uint8_t kSuffixDomainMaster = 0x1b;
// A workgroup that has had nothing to show for this long is forgotten.
constexpr Millis kForgetGroupMs = 3 * kDefaultPeriodMs;

std::string upper(std::string s) {
    for (char& c : s) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 'a' + 'A');
        }
    }
    return s;
}

bool same_name(const std::string& a, const std::string& b) {
    return upper(a) == upper(b);
}

std::string who(const std::string& name, net::Ipv4 address) {
    return name.empty() ? address.to_string() : name + " (" + address.to_string() + ")";
}

std::string minutes(Millis ms) {
    return std::to_string((ms + 30'000) / 60'000);
}

} // namespace

const char* severity_name(Severity s) noexcept {
    switch (s) {
    case Severity::Info: return "info";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
    }
    return "info";
}

Millis entry_lifetime(std::uint32_t period_ms) noexcept {
    // Announcements come at most every 12 minutes; a period of 0 or beyond
    // that (a forged or broken sender) counts as 12 minutes.
    Millis period = period_ms == 0 || period_ms > kDefaultPeriodMs ? kDefaultPeriodMs : period_ms;
    return 3 * period;
}

bool similar_workgroup_names(const std::string& a, const std::string& b) {
    auto normal = [](const std::string& s) {
        std::string out;
        for (char c : upper(s)) {
            if (c != ' ' && c != '_' && c != '-' && c != '.') {
                out.push_back(c);
            }
        }
        return out;
    };
    if (a == b) {
        return false;
    }
    std::string na = normal(a);
    std::string nb = normal(b);
    if (na == nb) {
        return true;
    }
    // Windows' default workgroup in several languages, as NetBIOS keeps
    // them: 15 characters at most, spacing removed.
    static const std::array<std::string, 10> kDefaults = {
        "WORKGROUP",      "ARBEITSGRUPPE", "GROUPEDETRAVA", "GROUPEDETRAVAIL", "GRUPODETRABAJ",
        "GRUPODETRABAJO", "MSHOME",        "WERKGROEP",     "GRUPPODILAVOR",   "ARBETSGRUPP"};
    auto is_default = [&](const std::string& n) {
        return std::find(kDefaults.begin(), kDefaults.end(), n) != kDefaults.end();
    };
    return is_default(na) && is_default(nb);
}

Model::Model(Limits limits) : limits_(limits) {
}

Workgroup* Model::group(const std::string& name, Millis now) {
    auto it = groups_.find(name);
    if (it != groups_.end()) {
        return &it->second;
    }
    if (groups_.size() >= limits_.max_workgroups) {
        // Evict the workgroup with the fewest servers, oldest first: a flood
        // of invented workgroups goes before the real ones.
        auto victim = std::min_element(groups_.begin(), groups_.end(), [](auto& x, auto& y) {
            if (x.second.servers.size() != y.second.servers.size()) {
                return x.second.servers.size() < y.second.servers.size();
            }
            return x.second.first_seen < y.second.first_seen;
        });
        if (victim == groups_.end()) {
            return nullptr;
        }
        servers_ -= victim->second.servers.size();
        groups_.erase(victim);
        ++counters_.workgroup_evictions;
    }
    Workgroup& g = groups_[name];
    g.name = name;
    g.first_seen = now;
    return &g;
}

void Model::emit(std::string kind, const std::string& workgroup, std::string text, Millis at) {
    // Bounded: a consumer that never drains cannot make this grow.
    if (events_.size() >= 256) {
        events_.erase(events_.begin());
    }
    events_.push_back(Event{std::move(kind), workgroup, std::move(text), at});
    if (history_.size() >= kEventHistory) {
        history_.pop_front();
    }
    history_.push_back(events_.back());
}

std::vector<Event> Model::take_events() {
    std::vector<Event> out;
    out.swap(events_);
    return out;
}

void Model::set_master(Workgroup& g, const std::string& name, net::Ipv4 address, Millis expires,
                       Millis now) {
    // Two sightings are the same master when their names match, or, where
    // one only knows the address (from <1D>), their addresses do.
    auto same = [](const Master& a, const Master& b) {
        return (!a.name.empty() && !b.name.empty()) ? same_name(a.name, b.name)
                                                    : a.address == b.address;
    };
    Master incoming{name, address, now, now, expires};
    if (g.master && same(*g.master, incoming)) {
        Master& m = *g.master;
        if (m.name.empty() && !name.empty()) {
            m.name = name;
            // The election's winner was known by address only until now.
            if (!g.elections.empty() && g.elections.back().winner == address.to_string()) {
                g.elections.back().winner = name;
            }
        }
        m.address = address;
        m.last_seen = now;
        m.expires = std::max(m.expires, expires);
        g.last_master = m;
        return;
    }
    std::optional<Master> before = g.master ? g.master : g.last_master;
    g.master = incoming;
    g.last_master = incoming;
    if (before && !same(*before, incoming)) {
        g.master_changed = true;
        g.master_changed_at = now;
        g.changed_from = who(before->name, before->address);
        emit("master_changed", g.name,
             "master browser of " + g.name + " changed from " + g.changed_from + " to " +
                 who(name, address),
             now);
    } else {
        emit("master_found", g.name, "master browser of " + g.name + " is " + who(name, address),
             now);
    }
    // The master announced after an election is its winner.
    if (!g.elections.empty() && !g.elections.back().winner) {
        g.elections.back().winner = name.empty() ? address.to_string() : name;
    }
}

void Model::lose_master(Workgroup& g, const std::string& why, Millis now) {
    if (!g.master) {
        return;
    }
    emit("master_lost", g.name,
         "master browser " + who(g.master->name, g.master->address) + " of " + g.name + " " + why,
         now);
    g.master.reset();
}

void Model::evict_one_server() {
    // The entry that would expire first goes.
    Workgroup* owner = nullptr;
    std::map<std::string, Server>::iterator victim;
    for (auto& [name, g] : groups_) {
        for (auto it = g.servers.begin(); it != g.servers.end(); ++it) {
            if (owner == nullptr || it->second.expires < victim->second.expires) {
                owner = &g;
                victim = it;
            }
        }
    }
    if (owner != nullptr) {
        owner->servers.erase(victim);
        --servers_;
        ++counters_.server_evictions;
    }
}

void Model::add_server(Workgroup& g, const Announcement& a, Millis now) {
    auto it = g.servers.find(a.server);
    if (it == g.servers.end()) {
        if (servers_ >= limits_.max_servers) {
            evict_one_server();
            if (servers_ >= limits_.max_servers) {
                return; // limit 0
            }
        }
        it = g.servers.emplace(a.server, Server{}).first;
        ++servers_;
    }
    Server& s = it->second;
    s.name = a.server;
    s.address = a.address;
    s.server_type = a.server_type;
    s.os_major = a.os_major;
    s.os_minor = a.os_minor;
    s.comment = a.comment;
    s.period_ms = a.period_ms;
    s.last_seen = now;
    s.expires = now + entry_lifetime(a.period_ms);
}

void Model::on_announcement(const Announcement& a, Millis now) {
    ++counters_.announcements;
    browse_traffic_seen_ = true;
    Workgroup* g = group(a.workgroup, now);
    if (g == nullptr) {
        return;
    }
    if (a.kind == AnnouncementKind::Domain) {
        set_master(*g, a.server, a.address, now + entry_lifetime(a.period_ms), now);
        return;
    }
    if (a.server_type == 0) {
        // "I am going away": Samba and Windows send this when they stop.
        ++counters_.goodbyes;
        auto it = g->servers.find(a.server);
        if (it != g->servers.end()) {
            g->servers.erase(it);
            --servers_;
        }
        if (g->master && same_name(g->master->name, a.server)) {
            lose_master(*g, "shut down", now);
        }
        return;
    }
    add_server(*g, a, now);
    if (a.kind == AnnouncementKind::LocalMaster || (a.server_type & kTypeMasterBrowser) != 0) {
        set_master(*g, a.server, a.address, now + entry_lifetime(a.period_ms), now);
    }
}

void Model::on_election(const ElectionRequest& e, Millis now) {
    ++counters_.elections_frames;
    browse_traffic_seen_ = true;
    Workgroup* g = group(e.workgroup, now);
    if (g == nullptr) {
        return;
    }
    bool same_election = !g->elections.empty() && !g->elections.back().winner &&
                         now - g->elections.back().last_frame <= kElectionGapMs;
    if (!same_election) {
        if (g->elections.size() >= kMaxElectionsKept) {
            g->elections.pop_front();
        }
        g->elections.push_back(Election{now, now, 0, {}, std::nullopt});
        ++g->election_count;
        emit("election_started", g->name,
             "election in " + g->name + " started by " + who(e.server, e.address), now);

        unsigned recent = 0;
        Millis window = Millis{limits_.election_storm_minutes} * 60'000;
        for (const Election& el : g->elections) {
            recent += now - el.started <= window ? 1 : 0;
        }
        if (recent == limits_.election_storm_count + 1) {
            emit("election_storm", g->name,
                 std::to_string(recent) + " elections in " + g->name + " within " +
                     std::to_string(limits_.election_storm_minutes) + " minutes",
                 now);
        }
    }
    Election& el = g->elections.back();
    el.last_frame = now;
    ++el.frames;
    auto c = std::find_if(el.candidates.begin(), el.candidates.end(),
                          [&](const Candidate& x) { return same_name(x.name, e.server); });
    if (c == el.candidates.end()) {
        if (el.candidates.size() >= kMaxCandidates) {
            return;
        }
        el.candidates.push_back(Candidate{});
        c = el.candidates.end() - 1;
    }
    *c = Candidate{e.server, e.address, e.version, e.criteria, e.uptime_ms};
}

void Model::on_name_claim(const NameClaim& c, Millis now) {
    ++counters_.name_claims;
    if (c.suffix == kSuffixMasterBrowser && !c.group) {
        Workgroup* g = group(c.name, now);
        if (g == nullptr) {
            return;
        }
        if (c.kind == ClaimKind::Release) {
            if (g->master && g->master->address == c.address) {
                lose_master(*g, "released its master browser name", now);
            }
            return;
        }
        // Holding <1D> is what makes a host the master; its name follows
        // with its next announcement.
        set_master(*g, "", c.address, now + kDefaultPeriodMs, now);
        return;
    }
    if (c.group || c.suffix == kSuffixDomainMaster) {
        return;
    }

    std::string key = c.name + "<" + std::to_string(c.suffix) + ">";
    auto it = unique_claims_.find(key);
    if (c.kind == ClaimKind::Release) {
        if (it != unique_claims_.end() && it->second.address == c.address) {
            unique_claims_.erase(it);
        }
        return;
    }
    if (it == unique_claims_.end()) {
        if (unique_claims_.size() >= limits_.max_servers) {
            auto oldest =
                std::min_element(unique_claims_.begin(), unique_claims_.end(),
                                 [](auto& x, auto& y) { return x.second.at < y.second.at; });
            unique_claims_.erase(oldest);
        }
        unique_claims_.emplace(key, Claim{c.address, now, std::nullopt, 0});
        return;
    }
    Claim& claim = it->second;
    if (claim.address == c.address) {
        claim.at = now;
        return;
    }
    if (now - claim.at <= kClaimWindowMs) {
        bool first_time = !claim.other || *claim.other != c.address;
        claim.other = c.address;
        claim.other_at = now;
        if (first_time) {
            emit("duplicate_unique_name", "",
                 c.name + " is claimed by " + claim.address.to_string() + " and " +
                     c.address.to_string(),
                 now);
        }
        return;
    }
    claim = Claim{c.address, now, std::nullopt, 0};
}

void Model::on_master_confirmed(const std::string& workgroup, const std::string& name,
                                net::Ipv4 address, Millis now) {
    Workgroup* g = group(workgroup, now);
    if (g == nullptr) {
        return;
    }
    g->unanswered_at = 0;
    set_master(*g, name, address, now + entry_lifetime(0), now);
}

void Model::on_master_unanswered(const std::string& workgroup, Millis now) {
    Workgroup* g = group(workgroup, now);
    if (g == nullptr || g->master) {
        return;
    }
    g->unanswered_at = now;
}

void Model::expire(Millis now) {
    for (auto git = groups_.begin(); git != groups_.end();) {
        Workgroup& g = git->second;
        for (auto it = g.servers.begin(); it != g.servers.end();) {
            if (it->second.expires <= now) {
                it = g.servers.erase(it);
                --servers_;
                ++counters_.expired;
            } else {
                ++it;
            }
        }
        if (g.master && g.master->expires <= now) {
            lose_master(g,
                        "has not announced itself for " + minutes(now - g.master->last_seen) +
                            " minutes",
                        now);
        }
        Millis last_election = g.elections.empty() ? 0 : g.elections.back().last_frame;
        bool idle = g.servers.empty() && !g.master && g.unanswered_at == 0 &&
                    now - std::max(g.first_seen, last_election) > kForgetGroupMs;
        git = idle ? groups_.erase(git) : std::next(git);
    }
    for (auto it = unique_claims_.begin(); it != unique_claims_.end();) {
        bool stale = now - std::max(it->second.at, it->second.other_at) > kClaimWindowMs;
        it = stale ? unique_claims_.erase(it) : std::next(it);
    }
}

std::vector<Finding> Model::findings(Millis now) const {
    std::vector<Finding> out;
    for (const auto& [name, g] : groups_) {
        // Without traffic to go by, a workgroup has no master once a full
        // announcement period passed with none; an unanswered query for
        // WG<1D> (active confirmation) says so at once.
        bool has_members = !g.servers.empty() || !g.elections.empty();
        bool waited = has_members && now - g.first_seen >= kNoMasterGraceMs;
        if (!g.master && (waited || g.unanswered_at != 0)) {
            out.push_back({"no_master_browser", Severity::Warning, name,
                           "Workgroup " + name +
                               " has no master browser, so its computers cannot list each "
                               "other: let one always-on machine (a NAS or this router) "
                               "become master browser."});
        }
        if (g.master_changed && now - g.master_changed_at < kMasterChangedShowMs && g.master) {
            out.push_back({"master_changed", Severity::Info, name,
                           "The master browser of " + name + " changed from " + g.changed_from +
                               " to " + who(g.master->name, g.master->address) + " " +
                               minutes(now - g.master_changed_at) +
                               " minutes ago; its list of computers is rebuilt and may be "
                               "incomplete for up to 36 minutes."});
        }

        Millis window = Millis{limits_.election_storm_minutes} * 60'000;
        unsigned recent = 0;
        std::set<std::string> preferred;
        for (const Election& el : g.elections) {
            recent += now - el.started <= window ? 1 : 0;
            for (const Candidate& c : el.candidates) {
                if ((c.criteria & kCriteriaPreferredMaster) != 0 && c.version != 0) {
                    preferred.insert(upper(c.name));
                }
            }
        }
        if (recent > limits_.election_storm_count) {
            out.push_back({"election_storm", Severity::Warning, name,
                           std::to_string(recent) + " browser elections in " + name + " within " +
                               std::to_string(limits_.election_storm_minutes) +
                               " minutes: the computer list keeps being rebuilt. Usually two "
                               "machines both insist on being master browser."});
        }
        if (preferred.size() >= 2) {
            std::string names;
            for (const std::string& p : preferred) {
                names += (names.empty() ? "" : ", ") + p;
            }
            out.push_back({"preferred_master_conflict", Severity::Warning, name,
                           "Several machines in " + name + " are set to be preferred master (" +
                               names +
                               "); they force elections against each other. Keep the setting "
                               "on one machine only (Samba: 'preferred master = no')."});
        }
    }

    for (auto a = groups_.begin(); a != groups_.end(); ++a) {
        for (auto b = std::next(a); b != groups_.end(); ++b) {
            if (similar_workgroup_names(a->first, b->first)) {
                out.push_back({"similar_workgroups", Severity::Warning, a->first,
                               "Workgroups " + a->first + " and " + b->first +
                                   " look like one workgroup spelled two ways; computers in "
                                   "one do not see those in the other. Use one name on all "
                                   "machines."});
            }
        }
    }

    for (const auto& [key, claim] : unique_claims_) {
        if (claim.other && now - claim.other_at <= kClaimWindowMs) {
            std::string name = key.substr(0, key.find('<'));
            out.push_back({"duplicate_unique_name", Severity::Error, "",
                           "Two machines, " + claim.address.to_string() + " and " +
                               claim.other->to_string() + ", claim the name " + name +
                               ": a misconfigured copy of a machine, or someone spoofing it."});
        }
    }

    if (browse_traffic_seen_) {
        out.push_back({"legacy_browsing", Severity::Info, "",
                       "Machines here use the old NetBIOS browser service. Windows 10 and "
                       "later no longer use it (their Network view uses WS-Discovery), so "
                       "this list only matters for older systems and Samba clients."});
    }
    return out;
}

} // namespace lw::browse
