// lanwarden: one binary, several verbs.  See `lanwarden --help`.
#include <cstdio>
#include <exception>
#include <string_view>
#include <vector>

#include "agent/app/cli.h"

int main(int argc, char** argv) {
    std::vector<std::string_view> args(argv + 1, argv + argc);
    try {
        return lw::app::run_cli(args);
    } catch (const std::exception& e) {
        // Startup errors (configuration, certificates) may throw; everything
        // after startup reports through return values.
        std::fprintf(stderr, "lanwarden: %s\n", e.what());
        return lw::app::kExitRuntime;
    }
}
