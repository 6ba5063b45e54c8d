// A small command-line reader for the verbs: options in any order, long
// options as "--name value" or "--name=value", short ones as "-c value";
// "--" ends the options.  Errors name the option.
#pragma once

#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lw::app {

class Args {
  public:
    explicit Args(std::span<const std::string_view> args) : args_(args) {}

    bool done() const noexcept { return pos_ >= args_.size(); }
    /// The current argument (valid while !done()).
    std::string_view current() const noexcept { return args_[pos_]; }

    /// Consumes the current argument if it is one of `names`.
    bool flag(std::initializer_list<std::string_view> names);
    /// Consumes an option with a value; sets error() when the value is
    /// missing.
    std::optional<std::string> value(std::initializer_list<std::string_view> names);
    /// Consumes the current argument as a positional one (not starting with
    /// '-', or anything after "--").
    std::optional<std::string> positional();

    /// Set when a value is missing; otherwise, for an unknown option, the
    /// caller calls unknown().
    const std::string& error() const noexcept { return error_; }
    /// "unknown option '--x'" or "unexpected argument 'x'" for the current
    /// argument.
    std::string unknown() const;

  private:
    std::span<const std::string_view> args_;
    std::size_t pos_ = 0;
    bool options_ended_ = false;
    std::string error_;
};

} // namespace lw::app
