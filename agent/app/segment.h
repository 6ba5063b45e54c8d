// One LAN segment as the daemon sees it: an interface, its UDP 137 and 138
// sockets, and the browse model fed from them.
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "agent/core/browse/confirm.h"
#include "agent/core/browse/feed.h"
#include "agent/core/browse/model.h"
#include "agent/core/config/config.h"
#include "agent/io/timer.h"
#include "agent/io/udp_endpoint.h"
#include "platform/linux/interfaces.h"

namespace lw::app {

class Segment {
  public:
    Segment(uv_loop_t* loop, platform::Interface iface, const config::BrowserConfig& cfg);

    /// Binds UDP 137 and 138 on the interface (SO_REUSEADDR, so that it
    /// works beside nmbd).  False with `error` naming port and interface.
    bool open(std::string& error);

    /// A reloaded configuration: new limits, active confirmation switched
    /// on or off; the listening sockets stay open.  False with `error` when
    /// confirmation cannot start.
    bool reconfigure(const config::BrowserConfig& cfg, std::string& error);

    const platform::Interface& iface() const noexcept { return iface_; }
    const config::BrowserConfig& config() const noexcept { return cfg_; }
    browse::Model& model() noexcept { return model_; }

    /// Runs expiry (and logs what it caused); call periodically.
    void tick();

    /// {"interface": {...}, "workgroups": [...], "findings": [...],
    ///  "counters": {...}} for this segment.
    nlohmann::json status(browse::Millis now) const;

  private:
    void on_datagram(const io::Datagram& d, std::uint16_t port);
    browse::Millis now() const noexcept;
    bool open_confirmer(std::string& error);
    void log_events();
    void confirm_tick();
    void send_all(const std::vector<browse::Send>& sends);

    uv_loop_t* loop_;
    platform::Interface iface_;
    config::BrowserConfig cfg_;
    browse::Model model_;
    browse::Feed feed_;
    std::unique_ptr<io::UdpEndpoint> nbns_;
    std::unique_ptr<io::UdpEndpoint> nbdgm_;
    // Active confirmation, only with `option confirm '1'`.
    std::unique_ptr<browse::Confirmer> confirmer_;
    std::unique_ptr<io::UdpEndpoint> query_;
    std::uint16_t query_port_ = 0; ///< its port, to drop our own echoes
    std::unique_ptr<io::Timer> confirm_timer_;
};

/// The model's limits from a browser section.
browse::Limits limits_from(const config::BrowserConfig& cfg);

} // namespace lw::app
