#include "agent/core/capture/capture.h"

#include <cmath>

#include "agent/core/browse/status_json.h"
#include "agent/core/browser/browse_datagram.h"
#include "agent/core/nbns/describe.h"
#include "agent/core/nbns/message.h"
#include "agent/core/pcap/reader.h"

namespace lw::capture {

namespace {

constexpr std::uint16_t kNbnsPort = 137;
constexpr std::uint16_t kNbdgmPort = 138;

const char* service_of(const pcap::UdpPacket& u) {
    if (u.dst_port == kNbnsPort || u.src_port == kNbnsPort) {
        return "nbns";
    }
    if (u.dst_port == kNbdgmPort || u.src_port == kNbdgmPort) {
        return "nbdgm";
    }
    return nullptr;
}

nlohmann::json error_json(std::string_view layer, const wire::ParseError& e) {
    return {{"layer", layer}, {"code", wire::errc_name(e.code)}, {"offset", e.offset}};
}

std::string error_text(std::string_view layer, const wire::ParseError& e) {
    return "MALFORMED " + std::string(layer) + ": " + std::string(wire::errc_name(e.code)) +
           " at offset " + std::to_string(e.offset);
}

void describe(Packet& p, wire::Bytes payload) {
    if (std::string_view(p.service) == "nbns") {
        auto msg = nbns::decode_message(payload);
        if (!msg.ok()) {
            p.ok = false;
            p.summary = error_text("nbns", msg.error());
            p.detail = error_json("nbns", msg.error());
            return;
        }
        p.summary = nbns::summary(*msg);
        p.detail = nbns::to_json(*msg);
        return;
    }
    browser::BrowseDatagram b = browser::decode_browse_datagram(payload);
    if (!b.ok()) {
        std::string_view layer = browser::layer_name(b.error->layer);
        p.ok = false;
        p.summary = error_text(layer, b.error->error);
        p.detail = error_json(layer, b.error->error);
        return;
    }
    p.summary = browser::summary(b);
    p.detail = browser::to_json(b);
}

browse::Millis millis(const pcap::Record& r) {
    return browse::Millis{r.ts_sec} * 1000 + r.ts_nsec / 1'000'000;
}

} // namespace

nlohmann::json Stats::to_json() const {
    return {
        {"records", records}, {"netbios", netbios}, {"malformed", malformed}, {"skipped", skipped}};
}

wire::Result<Stats> decode(wire::Bytes file, const std::function<void(const Packet&)>& each) {
    auto reader = pcap::Reader::open(file);
    if (!reader.ok()) {
        return reader.error();
    }
    Stats stats;
    std::optional<double> first;
    for (;;) {
        auto next = reader->next();
        if (!next.ok()) {
            return next.error();
        }
        if (!next->has_value()) {
            break;
        }
        const pcap::Record& r = **next;
        ++stats.records;
        if (!first) {
            first = r.time();
        }
        const char* service = r.udp ? service_of(*r.udp) : nullptr;
        if (service == nullptr) {
            ++stats.skipped;
            continue;
        }
        ++stats.netbios;
        Packet p;
        p.number = r.number;
        p.time = r.time() - *first;
        p.source = r.udp->src;
        p.source_port = r.udp->src_port;
        p.destination = r.udp->dst;
        p.destination_port = r.udp->dst_port;
        p.service = service;
        describe(p, r.udp->payload);
        stats.malformed += p.ok ? 0 : 1;
        each(p);
    }
    return stats;
}

std::string packet_line(const Packet& p) {
    std::string number = std::to_string(p.number);
    // Milliseconds, printed without locale or floating-point formatting.
    auto ms = static_cast<std::uint64_t>(std::llround(p.time * 1000.0));
    std::string frac = std::to_string(ms % 1000);
    std::string time = std::to_string(ms / 1000) + "." + std::string(3 - frac.size(), '0') + frac;
    std::string line;
    line += std::string(number.size() < 5 ? 5 - number.size() : 0, ' ') + number + " ";
    line += std::string(time.size() < 8 ? 8 - time.size() : 0, ' ') + time + " ";
    line += p.source.to_string() + ":" + std::to_string(p.source_port) + " > " +
            p.destination.to_string() + ":" + std::to_string(p.destination_port) + " ";
    line += std::string(p.service) + " " + p.summary;
    return line;
}

nlohmann::json packet_json(const Packet& p) {
    nlohmann::json j = {
        {"number", p.number},
        {"time", std::round(p.time * 1e6) / 1e6},
        {"source", p.source.to_string() + ":" + std::to_string(p.source_port)},
        {"destination", p.destination.to_string() + ":" + std::to_string(p.destination_port)},
        {"service", p.service},
        {"ok", p.ok},
        {"summary", p.summary}};
    j[p.ok ? "message" : "error"] = p.detail;
    return j;
}

wire::Result<Analysis> analyze(wire::Bytes file, const browse::Limits& limits) {
    auto reader = pcap::Reader::open(file);
    if (!reader.ok()) {
        return reader.error();
    }
    Analysis a{browse::Model(limits), {}, {}, 0, 0};
    std::optional<browse::Millis> first;
    for (;;) {
        auto next = reader->next();
        if (!next.ok()) {
            return next.error();
        }
        if (!next->has_value()) {
            break;
        }
        const pcap::Record& r = **next;
        ++a.stats.records;
        browse::Millis now = millis(r);
        if (!first) {
            first = now;
        }
        // The model's clock only moves forward, even if the capture's does not.
        a.end = std::max(a.end, now);
        const char* service = r.udp ? service_of(*r.udp) : nullptr;
        if (service == nullptr) {
            ++a.stats.skipped;
            continue;
        }
        ++a.stats.netbios;
        a.model.expire(a.end);
        browse::FeedResult fr = std::string_view(service) == "nbns"
                                    ? a.feed.nbns(a.model, r.udp->payload, r.udp->src, a.end)
                                    : a.feed.nbdgm(a.model, r.udp->payload, r.udp->src, a.end);
        a.stats.malformed += fr.ok ? 0 : 1;
    }
    a.model.expire(a.end);
    a.duration_s = first ? static_cast<double>(a.end - *first) / 1000.0 : 0.0;
    return a;
}

nlohmann::json analysis_json(const Analysis& a, const std::string& source,
                             const std::string& version) {
    nlohmann::json out;
    out["version"] = version;
    out["source"] = "capture " + source;
    out["capture_s"] = a.duration_s;
    out["interfaces"] = nlohmann::json::array();
    out["workgroups"] = browse::workgroups_json(a.model, a.end, "capture", "monitor");
    out["findings"] = browse::findings_json(a.model, a.end);
    out["events"] = browse::events_json(a.model, a.end);
    out["counters"] = {{"capture", a.stats.to_json()},
                       {"model", browse::counters_json(a.model, a.feed.counters())}};
    return out;
}

} // namespace lw::capture
