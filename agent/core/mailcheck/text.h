// Text from the network (log lines, HELO names, sender addresses, DNS
// names) may be any bytes; JSON strings must be UTF-8, and nlohmann::json
// throws on dump() otherwise.  These helpers make text safe to report.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace lw::mailcheck {

/// The text with every byte that is not part of a well-formed UTF-8
/// sequence (overlong forms, surrogates and code points above U+10FFFF
/// included) replaced by '?'.
std::string valid_utf8(std::string_view text);

/// Applies valid_utf8() to every string (and object key) in j, in place.
void make_utf8(nlohmann::json& j);

} // namespace lw::mailcheck
