#include "agent/app/args.h"

namespace lw::app {

bool Args::flag(std::initializer_list<std::string_view> names) {
    if (done() || options_ended_) {
        return false;
    }
    for (std::string_view n : names) {
        if (current() == n) {
            ++pos_;
            return true;
        }
    }
    return false;
}

std::optional<std::string> Args::value(std::initializer_list<std::string_view> names) {
    if (done() || options_ended_) {
        return std::nullopt;
    }
    std::string_view arg = current();
    for (std::string_view n : names) {
        if (arg == n) {
            if (pos_ + 1 >= args_.size()) {
                error_ = "option '" + std::string(n) + "' needs a value";
                ++pos_;
                return std::nullopt;
            }
            pos_ += 2;
            return std::string(args_[pos_ - 1]);
        }
        if (n.starts_with("--") && arg.size() > n.size() && arg.starts_with(n) &&
            arg[n.size()] == '=') {
            ++pos_;
            return std::string(arg.substr(n.size() + 1));
        }
    }
    return std::nullopt;
}

std::optional<std::string> Args::positional() {
    if (done()) {
        return std::nullopt;
    }
    if (!options_ended_ && current() == "--") {
        options_ended_ = true;
        ++pos_;
        return positional();
    }
    if (!options_ended_ && current().size() > 1 && current()[0] == '-') {
        return std::nullopt;
    }
    return std::string(args_[pos_++]);
}

std::string Args::unknown() const {
    if (done()) {
        return "missing argument";
    }
    if (!options_ended_ && current().size() > 1 && current()[0] == '-') {
        return "unknown option '" + std::string(current()) + "'";
    }
    return "unexpected argument '" + std::string(current()) + "'";
}

} // namespace lw::app
