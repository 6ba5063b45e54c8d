#include "agent/io/versions.h"

#include <ares.h>
#include <mbedtls/version.h>
#include <uv.h>

namespace lw::io {

std::string library_versions() {
    // 32 bytes is what mbedTLS documents as enough for the "x.y.z" form.
    char mbedtls[32] = {};
    mbedtls_version_get_string(mbedtls);

    std::string out = "libuv ";
    out += uv_version_string();
    out += ", mbedTLS ";
    out += mbedtls;
    out += ", c-ares ";
    out += ares_version(nullptr);
    return out;
}

} // namespace lw::io
