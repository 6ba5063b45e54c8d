// The status JSON (of the daemon or of `analyze`) as a table for people.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace lw::app {

std::string status_text(const nlohmann::json& status);

} // namespace lw::app
