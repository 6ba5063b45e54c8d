// `lanwarden run`: the daemon.  One libuv loop owns everything: a segment
// per LAN interface (UDP 137 and 138, a browse model), the control socket,
// the signal handlers and the interface watch.
#pragma once

#include <optional>
#include <string>

#include "platform/linux/log.h"

namespace lw::app {

struct RunOptions {
    std::string config_path;
    bool config_given = false; ///< -c was used: a missing file is an error
    bool foreground = false;   ///< log to stderr instead of syslog
    std::optional<platform::Level> log_level;
    std::optional<std::string> control_socket; ///< overrides the configuration
};

/// Runs until SIGTERM or SIGINT; returns the process exit code.
int run_daemon(const RunOptions& options);

} // namespace lw::app
