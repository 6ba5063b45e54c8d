#include "agent/app/segment.h"

#include <random>

#include "agent/core/browse/status_json.h"
#include "platform/linux/log.h"
#include "platform/linux/sockets.h"

namespace lw::app {

namespace {

constexpr std::uint16_t kNbnsPort = 137;
constexpr std::uint16_t kNbdgmPort = 138;
// Room for a burst of a few hundred datagrams (a flood, or every host of a
// LAN answering at once) while the loop is busy; the kernel caps it at
// net.core.rmem_max.
constexpr int kReceiveBuffer = 256 * 1024;

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
        spec.receive_buffer = kReceiveBuffer;
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
    return !cfg_.confirm || open_confirmer(error);
}

bool Segment::open_confirmer(std::string& error) {
    // Queries leave from an ephemeral port, so answers come back to us and
    // not to whatever listens on 137 (nmbd, or our own monitor socket).
    platform::UdpSocketSpec spec;
    spec.device = iface_.name;
    spec.broadcast = true;
    int fd = platform::open_udp_socket(spec, error);
    if (fd < 0) {
        return false;
    }
    query_ = std::make_unique<io::UdpEndpoint>(loop_);
    int rc = query_->adopt(fd, [this](const io::Datagram& d) {
        send_all(confirmer_->on_datagram(model_, d.bytes, d.source, now()));
    });
    if (rc != 0) {
        error = std::string("cannot receive on ") + iface_.name + ": " + uv_strerror(rc);
        return false;
    }
    query_port_ = query_->local_port();
    // Transaction ids are random, so that an off-path host cannot guess
    // them and forge an answer.
    auto rng = std::make_shared<std::mt19937>(std::random_device{}());
    confirmer_ = std::make_unique<browse::Confirmer>(
        iface_.prefix.broadcast(), [rng] { return static_cast<std::uint16_t>((*rng)() & 0xffff); });
    confirm_timer_ = std::make_unique<io::Timer>(loop_);
    confirm_tick();
    return true;
}

void Segment::confirm_tick() {
    std::vector<std::string> groups = {cfg_.workgroup};
    for (const auto& [name, g] : model_.workgroups()) {
        if (name != cfg_.workgroup) {
            groups.push_back(name);
        }
    }
    browse::Millis t = now();
    send_all(confirmer_->tick(model_, groups, t));
    confirm_timer_->start(confirmer_->next_wakeup(t) - t, 0, [this] { confirm_tick(); });
}

void Segment::send_all(const std::vector<browse::Send>& sends) {
    for (const browse::Send& s : sends) {
        query_->send(s.to, s.port, s.bytes);
    }
    // An answer may have started a node status query with its own deadline.
    if (!sends.empty() && confirm_timer_) {
        browse::Millis t = now();
        confirm_timer_->start(confirmer_->next_wakeup(t) - t, 0, [this] { confirm_tick(); });
    }
}

bool Segment::reconfigure(const config::BrowserConfig& cfg, std::string& error) {
    bool confirm_was = cfg_.confirm;
    cfg_ = cfg;
    model_.set_limits(limits_from(cfg));
    if (cfg.confirm && !confirm_was) {
        return open_confirmer(error);
    }
    if (!cfg.confirm && confirm_was) {
        confirm_timer_.reset();
        query_.reset();
        query_port_ = 0;
        confirmer_.reset();
    }
    return true;
}

browse::Millis Segment::now() const noexcept {
    return uv_now(loop_);
}

void Segment::on_datagram(const io::Datagram& d, std::uint16_t port) {
    // Our own queries come back as broadcasts: not an observation.  Only
    // those: on a NAS, nmbd on this very address is a peer like any other.
    if (query_port_ != 0 && d.source == iface_.prefix.address && d.source_port == query_port_) {
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
    log_events();
}

void Segment::log_events() {
    for (const browse::Event& e : model_.take_events()) {
        platform::logf(platform::Level::Notice, "browse.%s iface=%s workgroup=\"%s\" %s",
                       e.kind.c_str(), iface_.name.c_str(), e.workgroup.c_str(), e.text.c_str());
    }
}

void Segment::tick() {
    model_.expire(now());
    log_events();
}

nlohmann::json Segment::status(browse::Millis at) const {
    nlohmann::json out;
    out["interface"] = {{"name", iface_.name},
                        {"address", iface_.prefix.address.to_string()},
                        {"prefix", iface_.prefix.length}};
    out["workgroups"] = browse::workgroups_json(model_, at, iface_.name, "monitor");
    out["findings"] = browse::findings_json(model_, at);
    out["events"] = browse::events_json(model_, at);
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
    if (confirmer_) {
        const auto& c = confirmer_->counters();
        counters["confirm"] = {{"queries", c.queries},
                               {"status_queries", c.status_queries},
                               {"answers", c.answers},
                               {"unanswered", c.unanswered},
                               {"unmatched", c.unmatched}};
    }
    out["counters"] = counters;
    return out;
}

} // namespace lw::app
