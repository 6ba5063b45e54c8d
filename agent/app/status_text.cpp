#include "agent/app/status_text.h"

#include <algorithm>
#include <vector>

namespace lw::app {

namespace {

std::string str(const nlohmann::json& j, const char* key) {
    if (!j.contains(key) || j[key].is_null()) {
        return "";
    }
    return j[key].is_string() ? j[key].get<std::string>() : j[key].dump();
}

std::string duration(double seconds) {
    auto s = static_cast<long>(seconds);
    if (s < 120) {
        return std::to_string(s) + "s";
    }
    if (s < 7200) {
        return std::to_string(s / 60) + "m";
    }
    if (s < 2 * 86400) {
        return std::to_string(s / 3600) + "h" + std::to_string(s % 3600 / 60) + "m";
    }
    return std::to_string(s / 86400) + "d";
}

/// Rows of cells as left-aligned columns, two spaces apart.
std::string table(const std::vector<std::vector<std::string>>& rows, const std::string& indent) {
    std::vector<std::size_t> width;
    for (const auto& r : rows) {
        width.resize(std::max(width.size(), r.size()));
        for (std::size_t i = 0; i < r.size(); ++i) {
            width[i] = std::max(width[i], r[i].size());
        }
    }
    std::string out;
    for (const auto& r : rows) {
        std::string line = indent;
        for (std::size_t i = 0; i < r.size(); ++i) {
            line += r[i];
            if (i + 1 < r.size()) {
                line += std::string(width[i] - r[i].size() + 2, ' ');
            }
        }
        out += line + "\n";
    }
    return out;
}

std::string joined(const nlohmann::json& list) {
    std::string out;
    for (const auto& item : list) {
        out += (out.empty() ? "" : ",") + item.get<std::string>();
    }
    return out;
}

} // namespace

std::string status_text(const nlohmann::json& s) {
    std::string out = "lanwarden " + str(s, "version");
    if (s.contains("uptime_s")) {
        out += ", up " + duration(s["uptime_s"].get<double>());
    }
    if (s.contains("source")) {
        out += ", " + str(s, "source");
    }
    out += "\n";

    if (s.contains("interfaces") && !s["interfaces"].empty()) {
        std::vector<std::vector<std::string>> rows = {{"INTERFACE", "ADDRESS"}};
        for (const auto& i : s["interfaces"]) {
            rows.push_back({str(i, "name"), str(i, "address") + "/" + str(i, "prefix")});
        }
        out += "\n" + table(rows, "");
    }

    if (!s.contains("workgroups") || s["workgroups"].empty()) {
        out += "\nNo workgroup seen yet.\n";
    }
    for (const auto& w : s.value("workgroups", nlohmann::json::array())) {
        out += "\nWorkgroup " + str(w, "name");
        if (!str(w, "interface").empty()) {
            out += " on " + str(w, "interface");
        }
        out += " (" + str(w, "role") + ")\n";
        const auto& m = w["master_browser"];
        if (m.is_null()) {
            out += "  master browser: none known\n";
        } else {
            std::string name = str(m, "name").empty() ? "(name not yet known)" : str(m, "name");
            out += "  master browser: " + name + " " + str(m, "address");
            if (m.contains("since_s_ago")) {
                out += ", for " + duration(m["since_s_ago"].get<double>());
            }
            out += "\n";
        }
        const auto& e = w["elections"];
        out += "  elections: " + str(e, "count");
        if (e.contains("last_s_ago") && !e["last_s_ago"].is_null()) {
            out += ", last " + duration(e["last_s_ago"].get<double>()) + " ago";
        }
        out += "\n";
        if (!w["servers"].empty()) {
            std::vector<std::vector<std::string>> rows = {
                {"SERVER", "ADDRESS", "EXPIRES", "TYPE", "COMMENT"}};
            for (const auto& sv : w["servers"]) {
                rows.push_back({str(sv, "name"), str(sv, "address"),
                                duration(sv["expires_in_s"].get<double>()), joined(sv["type"]),
                                str(sv, "comment")});
            }
            out += table(rows, "  ");
        }
    }

    const auto& events = s.value("events", nlohmann::json::array());
    if (!events.empty()) {
        out += "\nRecent events:\n";
        for (const auto& e : events) {
            out += "  " + duration(e["s_ago"].get<double>()) + " ago: " + str(e, "text") + "\n";
        }
    }

    const auto& findings = s.value("findings", nlohmann::json::array());
    out += "\n";
    if (findings.empty()) {
        out += "No findings.\n";
    } else {
        out += "Findings:\n";
        for (const auto& f : findings) {
            out += "  " + str(f, "severity") + " " + str(f, "id");
            if (!str(f, "workgroup").empty()) {
                out += " [" + str(f, "workgroup") + "]";
            }
            out += ": " + str(f, "text") + "\n";
        }
    }
    return out;
}

} // namespace lw::app
