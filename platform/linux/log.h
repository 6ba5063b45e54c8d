// Logging: one line per message, a stable event key first, then key=value
// pairs ("nbns.drop reason=truncated src=192.0.2.7:137").  On a router the
// lines go to syslog (logd, read with `logread`), in the foreground to stderr.
#pragma once

#include <cstdarg>
#include <string_view>

namespace lw::platform {

enum class Level { Error, Warning, Notice, Info, Debug };

enum class Sink { Stderr, Syslog };

/// Chooses where lines go and the least important level that is written.
void log_open(Sink sink, Level threshold, const char* ident = "lanwarden");
void log_close();
bool log_enabled(Level level) noexcept;

/// "error", "warning", ... and back; false when the name is unknown.
std::string_view level_name(Level level) noexcept;
bool parse_level(std::string_view name, Level& out) noexcept;

void logf(Level level, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
void vlogf(Level level, const char* fmt, std::va_list args);

} // namespace lw::platform
