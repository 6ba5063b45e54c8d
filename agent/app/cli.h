// The verbs of the multi-call binary and the exit codes they share.
#pragma once

#include <span>
#include <string_view>

namespace lw::app {

// Exit codes, as documented in README and DESIGN.md.
inline constexpr int kExitOk = 0;
inline constexpr int kExitProblems = 1; ///< a check found problems
inline constexpr int kExitUsage = 2;    ///< usage or configuration error
inline constexpr int kExitRuntime = 3;  ///< could not do the work

/// Runs the verb named by args[0]; args are argv without the program name.
int run_cli(std::span<const std::string_view> args);

} // namespace lw::app
