#include "agent/app/daemon.h"

#include <cerrno>
#include <csignal>
#include <map>
#include <memory>
#include <set>
#include <unistd.h>

#include "agent/app/build_info.h"
#include "agent/app/cli.h"
#include "agent/app/segment.h"
#include "agent/app/verb_config.h"
#include "agent/io/control_server.h"
#include "agent/io/timer.h"
#include "agent/io/uv_handle.h"
#include "platform/linux/interfaces.h"

namespace lw::app {

namespace {

using platform::Level;
using platform::logf;

constexpr std::uint64_t kTickMs = 5000;
constexpr std::uint64_t kInterfaceSettleMs = 500;

Level to_level(config::LogLevel l) {
    switch (l) {
    case config::LogLevel::Error: return Level::Error;
    case config::LogLevel::Warning: return Level::Warning;
    case config::LogLevel::Notice: return Level::Notice;
    case config::LogLevel::Info: return Level::Info;
    case config::LogLevel::Debug: return Level::Debug;
    }
    return Level::Notice;
}

class Daemon {
  public:
    explicit Daemon(const RunOptions& options) : options_(options) { uv_loop_init(&loop_); }

    ~Daemon() {
        segments_.clear();
        control_.reset();
        tick_.reset();
        settle_.reset();
        watch_.close();
        if (watch_fd_ >= 0) {
            close(watch_fd_);
        }
        for (auto& s : signals_) {
            s.close();
        }
        io::drain_and_close(&loop_);
    }

    int run();

  private:
    bool load(config::Config& out);
    void apply_interfaces();
    void reload();
    void stop(const char* why);
    nlohmann::json handle(const nlohmann::json& request);
    nlohmann::json status();

    RunOptions options_;
    uv_loop_t loop_{};
    config::Config config_;
    std::map<std::string, std::unique_ptr<Segment>> segments_;
    std::unique_ptr<io::ControlServer> control_;
    std::unique_ptr<io::Timer> tick_;
    std::unique_ptr<io::Timer> settle_;
    io::UvHandle<uv_poll_t> watch_;
    int watch_fd_ = -1;
    io::UvHandle<uv_signal_t> signals_[3];
    std::uint64_t started_ms_ = 0;
    std::uint64_t reloads_ = 0;
};

bool Daemon::load(config::Config& out) {
    ConfigFile file = load_config_file(options_.config_path);
    config::ConfigResult& r = file.result;
    if (file.read_errno == ENOENT && !options_.config_given) {
        // No file at the default place: the defaults watch every interface.
        logf(Level::Notice, "config.defaults %s does not exist", options_.config_path.c_str());
        r = config::ConfigResult{config::default_config(), 0, {}};
    }
    if (!r.ok()) {
        for (const auto& e : r.errors) {
            logf(Level::Error, "config.error %s", e.to_string().c_str());
        }
        return false;
    }
    out = std::move(r.config);
    if (options_.control_socket) {
        out.agent.control_socket = *options_.control_socket;
    }
    return true;
}

int Daemon::run() {
    // Until the daemon is up, errors go to stderr, where whoever started it
    // (a person, procd, systemd) sees them; then to syslog unless -f.
    platform::log_open(platform::Sink::Stderr, options_.log_level.value_or(Level::Notice));
    if (!load(config_)) {
        return kExitUsage;
    }
    platform::log_open(platform::Sink::Stderr,
                       options_.log_level.value_or(to_level(config_.agent.log_level)));
    uv_update_time(&loop_);
    started_ms_ = uv_now(&loop_);

    control_ = std::make_unique<io::ControlServer>(
        &loop_, [this](const nlohmann::json& req) { return handle(req); });
    std::string error;
    if (!control_->listen(config_.agent.control_socket, error)) {
        logf(Level::Error, "control.listen %s", error.c_str());
        return kExitRuntime;
    }

    // Interfaces that appear, go or change address are followed: the
    // netlink socket wakes us, and a short settle timer folds a burst of
    // changes into one re-listing.
    settle_ = std::make_unique<io::Timer>(&loop_);
    watch_fd_ = platform::open_interface_watch(error);
    if (watch_fd_ >= 0) {
        uv_poll_init(&loop_, watch_.get(), watch_fd_);
        watch_.mark_initialised();
        watch_.get()->data = this;
        uv_poll_start(watch_.get(), UV_READABLE, [](uv_poll_t* p, int, int) {
            auto* self = static_cast<Daemon*>(p->data);
            if (self != nullptr && platform::drain_interface_watch(self->watch_fd_)) {
                self->settle_->start(kInterfaceSettleMs, 0, [self] { self->apply_interfaces(); });
            }
        });
    } else {
        logf(Level::Warning, "iface.watch_failed %s (interface changes need a SIGHUP)",
             error.c_str());
    }
    if (!options_.foreground) {
        platform::log_open(platform::Sink::Syslog,
                           options_.log_level.value_or(to_level(config_.agent.log_level)));
    }
    apply_interfaces();

    tick_ = std::make_unique<io::Timer>(&loop_);
    tick_->start(kTickMs, kTickMs, [this] {
        for (auto& [name, s] : segments_) {
            s->tick();
        }
    });

    const int signums[] = {SIGHUP, SIGTERM, SIGINT};
    for (int i = 0; i < 3; ++i) {
        uv_signal_init(&loop_, signals_[i].get());
        signals_[i].mark_initialised();
        signals_[i].get()->data = this;
        uv_signal_start(
            signals_[i].get(),
            [](uv_signal_t* h, int signum) {
                auto* self = static_cast<Daemon*>(h->data);
                if (self == nullptr) {
                    return;
                }
                if (signum == SIGHUP) {
                    self->reload();
                } else {
                    self->stop(signum == SIGTERM ? "SIGTERM" : "SIGINT");
                }
            },
            signums[i]);
    }
    std::signal(SIGPIPE, SIG_IGN);

    logf(Level::Notice, "agent.start version=%s config=%s socket=%s segments=%zu", kVersion,
         options_.config_path.c_str(), config_.agent.control_socket.c_str(), segments_.size());
    uv_run(&loop_, UV_RUN_DEFAULT);
    logf(Level::Notice, "agent.stop");
    return kExitOk;
}

void Daemon::apply_interfaces() {
    std::string error;
    std::vector<platform::Interface> all = platform::list_ipv4_interfaces(error);
    if (!error.empty()) {
        logf(Level::Error, "iface.list_failed %s", error.c_str());
        return;
    }

    // Which interface belongs to which browser section: a section that
    // names it, else a section that takes every interface.
    std::map<std::string, std::pair<platform::Interface, const config::BrowserConfig*>> want;
    for (const platform::Interface& i : all) {
        if (want.count(i.name) != 0 || !i.up) {
            continue; // only the primary address of an interface
        }
        const config::BrowserConfig* chosen = nullptr;
        for (const auto& b : config_.browsers) {
            bool named =
                std::find(b.interfaces.begin(), b.interfaces.end(), i.name) != b.interfaces.end();
            if (named || (b.interfaces.empty() && !i.loopback && chosen == nullptr)) {
                chosen = &b;
                if (named) {
                    break;
                }
            }
        }
        if (chosen != nullptr) {
            want.emplace(i.name, std::make_pair(i, chosen));
        }
    }

    for (auto it = segments_.begin(); it != segments_.end();) {
        auto w = want.find(it->first);
        if (w == want.end() || !(w->second.first == it->second->iface())) {
            logf(Level::Notice, "iface.close name=%s", it->first.c_str());
            it = segments_.erase(it);
        } else {
            if (!it->second->reconfigure(*w->second.second, error)) {
                logf(Level::Error, "iface.confirm_failed name=%s %s", it->first.c_str(),
                     error.c_str());
            }
            ++it;
        }
    }
    for (auto& [name, w] : want) {
        if (segments_.count(name) != 0) {
            continue;
        }
        auto seg = std::make_unique<Segment>(&loop_, w.first, *w.second);
        if (!seg->open(error)) {
            logf(Level::Error, "iface.open_failed name=%s %s", name.c_str(), error.c_str());
            continue;
        }
        logf(Level::Notice, "iface.open name=%s address=%s", name.c_str(),
             w.first.prefix.to_string().c_str());
        segments_.emplace(name, std::move(seg));
    }
    for (const auto& b : config_.browsers) {
        for (const std::string& name : b.interfaces) {
            if (segments_.count(name) == 0) {
                logf(Level::Warning, "iface.missing name=%s (not up or no IPv4 address)",
                     name.c_str());
            }
        }
    }
}

void Daemon::reload() {
    config::Config fresh;
    if (!load(fresh)) {
        logf(Level::Error, "config.reload_failed keeping the running configuration");
        return;
    }
    if (fresh.agent.control_socket != config_.agent.control_socket) {
        logf(Level::Warning, "config.reload control_socket changes at the next restart");
        fresh.agent.control_socket = config_.agent.control_socket;
    }
    config_ = std::move(fresh);
    ++reloads_;
    if (!options_.log_level) {
        platform::log_open(options_.foreground ? platform::Sink::Stderr : platform::Sink::Syslog,
                           to_level(config_.agent.log_level));
    }
    apply_interfaces();
    logf(Level::Notice, "config.reloaded segments=%zu", segments_.size());
}

void Daemon::stop(const char* why) {
    logf(Level::Notice, "agent.stopping signal=%s", why);
    // Closing every handle lets uv_run() return; nothing waits for I/O.
    segments_.clear();
    control_.reset();
    tick_.reset();
    settle_.reset();
    watch_.close();
    for (auto& s : signals_) {
        s.close();
    }
}

nlohmann::json Daemon::handle(const nlohmann::json& request) {
    std::string method = request.value("method", "");
    if (method == "status") {
        return status();
    }
    return {{"error", "unknown method '" + method + "'"}};
}

nlohmann::json Daemon::status() {
    uv_update_time(&loop_);
    browse::Millis now = uv_now(&loop_);
    nlohmann::json out;
    out["version"] = kVersion;
    out["uptime_s"] = (now - started_ms_) / 1000;
    out["interfaces"] = nlohmann::json::array();
    out["workgroups"] = nlohmann::json::array();
    out["findings"] = nlohmann::json::array();
    out["events"] = nlohmann::json::array();
    nlohmann::json counters;
    for (auto& [name, seg] : segments_) {
        seg->model().expire(now);
        nlohmann::json s = seg->status(now);
        out["interfaces"].push_back(s["interface"]);
        for (auto& w : s["workgroups"]) {
            out["workgroups"].push_back(w);
        }
        for (auto& f : s["findings"]) {
            f["interface"] = name;
            out["findings"].push_back(f);
        }
        for (auto& e : s["events"]) {
            e["interface"] = name;
            out["events"].push_back(e);
        }
        counters["interfaces"][name] = s["counters"];
    }
    counters["config_reloads"] = reloads_;
    counters["control"] = {{"clients", control_->counters().clients},
                           {"refused", control_->counters().refused},
                           {"bad_requests", control_->counters().bad_requests}};
    out["counters"] = counters;
    return out;
}

} // namespace

int run_daemon(const RunOptions& options) {
    Daemon d(options);
    return d.run();
}

} // namespace lw::app
