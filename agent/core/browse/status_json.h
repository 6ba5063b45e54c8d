// The browse model as the JSON of `lanwarden status --json` (and of
// `lanwarden analyze --json`, which must give the same answer).  Keys are
// documented in README; times are seconds, addresses strings.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "agent/core/browse/feed.h"
#include "agent/core/browse/model.h"

namespace lw::browse {

/// workgroups[]: name, interface, role, master_browser ({name, address} or
/// null), servers[] (name, address, type[], comment, os, expires_in_s),
/// elections (count, last_s_ago, history[]).
nlohmann::json workgroups_json(const Model& m, Millis now, std::string_view interface,
                               std::string_view role);

/// findings[]: id, severity, workgroup, text.
nlohmann::json findings_json(const Model& m, Millis now);

/// events[]: kind, workgroup, text, s_ago; the model's recent history.
nlohmann::json events_json(const Model& m, Millis now);

/// The model's and the feed's counters.
nlohmann::json counters_json(const Model& m, const FeedCounters& feed);

} // namespace lw::browse
