// Test fixture for the core purity check: every line marked below must be
// reported.  This file is never compiled.
#include <vector>
#include <uv.h>
#include <sys/socket.h>
#include <chrono>

long now() {
    return std::chrono::steady_clock::now().time_since_epoch().count();
}
