// The verbs of the multi-call binary, one function each.  args are the
// arguments after the verb; the return value is the exit code.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace lw::app {

using VerbArgs = std::span<const std::string_view>;

int verb_run(VerbArgs args);
int verb_status(VerbArgs args);
int verb_decode(VerbArgs args);
int verb_analyze(VerbArgs args);

/// Prints "lanwarden: <verb>: <message>" and a hint to --help on stderr;
/// returns the usage exit code.
int verb_usage_error(std::string_view verb, const std::string& message);

} // namespace lw::app
