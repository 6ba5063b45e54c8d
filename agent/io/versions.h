// Versions of the libraries lanwarden runs with, as they report themselves
// at run time (which can differ from the headers it was built with).
#pragma once

#include <string>

namespace lw::io {

/// "libuv 1.44.2, mbedTLS 2.28.3, c-ares 1.18.1"
std::string library_versions();

} // namespace lw::io
