#include "agent/core/browse/status_json.h"

#include "agent/core/browser/frames.h"
#include "agent/core/browser/server_type.h"

namespace lw::browse {

namespace {

double seconds(Millis ms) {
    return static_cast<double>(ms / 100) / 10.0; // one decimal
}

nlohmann::json election_json(const Election& el, Millis now) {
    nlohmann::json candidates = nlohmann::json::array();
    for (const Candidate& c : el.candidates) {
        browser::Criteria crit{c.criteria};
        candidates.push_back({{"name", c.name},
                              {"address", c.address.to_string()},
                              {"version", c.version},
                              {"criteria", browser::criteria_json(crit)},
                              {"uptime_s", seconds(c.uptime_ms)}});
    }
    nlohmann::json j = {{"started_s_ago", seconds(now - el.started)},
                        {"frames", el.frames},
                        {"candidates", candidates}};
    j["winner"] = el.winner ? nlohmann::json(*el.winner) : nlohmann::json(nullptr);
    return j;
}

} // namespace

nlohmann::json workgroups_json(const Model& m, Millis now, std::string_view interface,
                               std::string_view role) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& [name, g] : m.workgroups()) {
        nlohmann::json w;
        w["name"] = name;
        w["interface"] = interface;
        w["role"] = role;
        if (g.master) {
            w["master_browser"] = {{"name", g.master->name},
                                   {"address", g.master->address.to_string()},
                                   {"since_s_ago", seconds(now - g.master->since)}};
        } else {
            w["master_browser"] = nullptr;
        }
        nlohmann::json servers = nlohmann::json::array();
        for (const auto& [sname, s] : g.servers) {
            servers.push_back(
                {{"name", s.name},
                 {"address", s.address.to_string()},
                 {"type", browser::ServerType{s.server_type}.names()},
                 {"comment", s.comment},
                 {"os", std::to_string(s.os_major) + "." + std::to_string(s.os_minor)},
                 {"expires_in_s", seconds(s.expires > now ? s.expires - now : 0)}});
        }
        w["servers"] = servers;
        nlohmann::json history = nlohmann::json::array();
        for (const Election& el : g.elections) {
            history.push_back(election_json(el, now));
        }
        nlohmann::json elections = {{"count", g.election_count}, {"history", history}};
        elections["last_s_ago"] = g.elections.empty()
                                      ? nlohmann::json(nullptr)
                                      : nlohmann::json(seconds(now - g.elections.back().started));
        w["elections"] = elections;
        out.push_back(w);
    }
    return out;
}

nlohmann::json findings_json(const Model& m, Millis now) {
    nlohmann::json out = nlohmann::json::array();
    for (const Finding& f : m.findings(now)) {
        out.push_back({{"id", f.id},
                       {"severity", severity_name(f.severity)},
                       {"workgroup", f.workgroup},
                       {"text", f.text}});
    }
    return out;
}

nlohmann::json events_json(const Model& m, Millis now) {
    nlohmann::json out = nlohmann::json::array();
    for (const Event& e : m.history()) {
        out.push_back({{"kind", e.kind},
                       {"workgroup", e.workgroup},
                       {"text", e.text},
                       {"s_ago", seconds(now >= e.at ? now - e.at : 0)}});
    }
    return out;
}

nlohmann::json counters_json(const Model& m, const FeedCounters& feed) {
    const Counters& c = m.counters();
    return {{"announcements", c.announcements},
            {"election_frames", c.elections_frames},
            {"name_claims", c.name_claims},
            {"server_evictions", c.server_evictions},
            {"workgroup_evictions", c.workgroup_evictions},
            {"goodbyes", c.goodbyes},
            {"expired", c.expired},
            {"servers", m.server_count()},
            {"packets", feed.to_json()}};
}

} // namespace lw::browse
