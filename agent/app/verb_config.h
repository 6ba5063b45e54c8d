// `lanwarden config check`: reads the configuration file and says whether
// it is valid, naming file, line and option for each problem.  The file
// reading is here too, for the daemon to share.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "agent/core/config/config.h"

namespace lw::app {

/// A configuration file is a few KiB; anything past this is not one.
inline constexpr std::size_t kMaxConfigBytes = 1024 * 1024;

struct ConfigFile {
    config::ConfigResult result;
    int read_errno = 0; ///< non-zero when the file could not be read (ENOENT, ...)
};

/// Reads path (at most kMaxConfigBytes) and checks it.  When it cannot be
/// read, result holds one error naming the file and the system's reason;
/// the caller decides whether a missing file means the defaults.
ConfigFile load_config_file(const std::string& path);

/// args are what follows "config" on the command line.
int verb_config(std::span<const std::string_view> args);

} // namespace lw::app
