#include "platform/linux/log.h"

#include <cstdio>
#include <syslog.h>

namespace lw::platform {

namespace {

Sink g_sink = Sink::Stderr;
Level g_threshold = Level::Notice;

int syslog_priority(Level level) noexcept {
    switch (level) {
    case Level::Error: return LOG_ERR;
    case Level::Warning: return LOG_WARNING;
    case Level::Notice: return LOG_NOTICE;
    case Level::Info: return LOG_INFO;
    case Level::Debug: return LOG_DEBUG;
    }
    return LOG_INFO;
}

} // namespace

void log_open(Sink sink, Level threshold, const char* ident) {
    g_sink = sink;
    g_threshold = threshold;
    if (sink == Sink::Syslog) {
        openlog(ident, LOG_PID, LOG_DAEMON);
    }
}

void log_close() {
    if (g_sink == Sink::Syslog) {
        closelog();
    }
    g_sink = Sink::Stderr;
}

bool log_enabled(Level level) noexcept {
    return level <= g_threshold;
}

std::string_view level_name(Level level) noexcept {
    switch (level) {
    case Level::Error: return "error";
    case Level::Warning: return "warning";
    case Level::Notice: return "notice";
    case Level::Info: return "info";
    case Level::Debug: return "debug";
    }
    return "info";
}

bool parse_level(std::string_view name, Level& out) noexcept {
    for (Level l : {Level::Error, Level::Warning, Level::Notice, Level::Info, Level::Debug}) {
        if (name == level_name(l)) {
            out = l;
            return true;
        }
    }
    return false;
}

void vlogf(Level level, const char* fmt, std::va_list args) {
    if (!log_enabled(level)) {
        return;
    }
    if (g_sink == Sink::Syslog) {
        vsyslog(syslog_priority(level), fmt, args);
        return;
    }
    // One write per line so that lines of concurrent processes do not mix.
    char line[1024];
    int head = std::snprintf(line, sizeof line, "lanwarden: %s: ", level_name(level).data());
    int body = std::vsnprintf(line + head, sizeof line - static_cast<size_t>(head) - 1, fmt, args);
    size_t len = static_cast<size_t>(head) + static_cast<size_t>(body < 0 ? 0 : body);
    if (len > sizeof line - 2) {
        len = sizeof line - 2;
    }
    line[len++] = '\n';
    std::fwrite(line, 1, len, stderr);
}

void logf(Level level, const char* fmt, ...) {
    std::va_list args;
    va_start(args, fmt);
    vlogf(level, fmt, args);
    va_end(args);
}

} // namespace lw::platform
