// Small whole-file reads with a size limit: a wrong path must not fill a
// router's RAM.
#pragma once

#include <cstddef>
#include <string>

namespace lw::platform {

/// The whole file, or false with errno set (EFBIG when it is larger than
/// `limit`).
bool read_file_limited(const std::string& path, std::size_t limit, std::string& out);

} // namespace lw::platform
