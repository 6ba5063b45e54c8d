#include "agent/app/segment.h"

#include "agent/core/browse/status_json.h"
#include "platform/linux/log.h"
#include "platform/linux/sockets.h"

namespace lw::app {

namespace {

constexpr std::uint16_t kNbnsPort = 137;
constexpr std::uint16_t kNbdgmPort = 138;

} // namespace

browse::Limits limits_from(const config::BrowserConfig& cfg) {
    browse::Limits l;
    l.max_servers = cfg.max_servers;
    l.election_storm_count = cfg.election_storm_count;
    l.election_storm_minutes = cfg.election_storm_minutes;
    return l;
}

Segment::Segment(uv_loop_t* loop, platform::Interface iface, const config::BrowserConfig& cfg)
    : loop_(loop), iface_(std::move(iface)), cfg_(cfg), model_(limits_from(cfg)) {
}

bool Segment::open(std::string& error) {
    for (std::uint16_t port : {kNbnsPort, kNbdgmPort}) {
        platform::UdpSocketSpec spec;
        spec.device = iface_.name;
        spec.port = port;
        spec.reuse_address = true; // nmbd may hold the port already
        spec.broadcast = true;
        int fd = platform::open_udp_socket(spec, error);
        if (fd < 0) {
            return false;
        }
        auto ep = std::make_unique<io::UdpEndpoint>(loop_);
        int rc = ep->adopt(fd, [this, port](const io::Datagram& d) { on_datagram(d, port); });
        if (rc != 0) {
            error = "cannot receive on UDP " + std::to_string(port) + " of " + iface_.name + ": " +
                    uv_strerror(rc);
            return false;
        }
        (port == kNbnsPort ? nbns_ : nbdgm_) = std::move(ep);
    }
    return true;
}

void Segment::reconfigure(const config::BrowserConfig& cfg) {
    cfg_ = cfg;
    model_.set_limits(limits_from(cfg));
}

browse::Millis Segment::now() const noexcept {
    return uv_now(loop_);
}

void Segment::on_datagram(const io::Datagram& d, std::uint16_t port) {
    // What we sent ourselves comes back as a broadcast: not an observation.
    if (d.source == iface_.prefix.address) {
        return;
    }
    browse::FeedResult r = port == kNbnsPort ? feed_.nbns(model_, d.bytes, d.source, now())
                                             : feed_.nbdgm(model_, d.bytes, d.source, now());
    // Anything a remote host can trigger is counted (in the feed) and
    // logged at debug level only.
    if (!r.ok && platform::log_enabled(platform::Level::Debug)) {
        platform::logf(platform::Level::Debug, "%s.drop reason=%s src=%s:%u iface=%s",
                       port == kNbnsPort ? "nbns" : "nbdgm", r.detail.c_str(),
                       d.source.to_string().c_str(), d.source_port, iface_.name.c_str());
    }
}

void Segment::tick() {
    model_.expire(now());
    for (const browse::Event& e : model_.take_events()) {
        platform::logf(platform::Level::Notice, "browse.%s iface=%s workgroup=\"%s\" %s",
                       e.kind.c_str(), iface_.name.c_str(), e.workgroup.c_str(), e.text.c_str());
    }
}

nlohmann::json Segment::status(browse::Millis at) const {
    nlohmann::json out;
    out["interface"] = {{"name", iface_.name},
                        {"address", iface_.prefix.address.to_string()},
                        {"prefix", iface_.prefix.length}};
    out["workgroups"] = browse::workgroups_json(model_, at, iface_.name, "monitor");
    out["findings"] = browse::findings_json(model_, at);
    nlohmann::json counters = browse::counters_json(model_, feed_.counters());
    for (const auto* ep : {nbns_.get(), nbdgm_.get()}) {
        if (ep != nullptr) {
            const char* key = ep == nbns_.get() ? "udp137" : "udp138";
            counters[key] = {{"received", ep->counters().received},
                             {"oversized", ep->counters().oversized},
                             {"receive_errors", ep->counters().receive_errors},
                             {"sent", ep->counters().sent}};
        }
    }
    out["counters"] = counters;
    return out;
}

} // namespace lw::app
