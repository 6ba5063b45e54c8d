// Human and JSON views of a decoded name service message, for
// `lanwarden decode` and `decode --json`.  Names go through printable(), so
// control bytes (__MSBROWSE__) and quotes never reach a terminal or a JSON
// consumer raw.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "agent/core/nbns/message.h"

namespace lw::nbns {

/// One line naming the kind of message, its name, what it says and the
/// transaction id, e.g. "name query NAS01<20> bcast trn=0x1a2b" or
/// "node status response BRAVO<00> 7 names mac=00:00:00:00:00:00 trn=0x0001".
std::string summary(const Message& msg);

/// Every field, snake_case keys, addresses and MACs as strings, names via
/// printable(); RDATA under the record as "addresses", "node_status",
/// "request_flags" (WACK) or "rdata_hex".
nlohmann::json to_json(const Message& msg);

} // namespace lw::nbns
