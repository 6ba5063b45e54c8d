#!/usr/bin/env bash
# README's first command (Debian 12, as root): installs what is missing,
# builds lanwarden, and shows its main job on a throwaway LAN of network
# namespaces with two Samba nmbd peers (tests/net/demo.py): lanwarden
# finds the master browser and prints `lanwarden status`.  Nothing is sent
# outside the namespaces, which are removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh --demo

echo "Building lanwarden (build/release) ..."
mkdir -p build
log=build/demo-build.log
# Warnings stay warnings here: a compiler newer or older than the one the
# tests run with must not stop the demo (scripts/test.sh keeps -Werror).
if ! { cmake -S . -B build/release -G Ninja -Wno-dev --log-level=WARNING \
        -DCMAKE_BUILD_TYPE=Release -DLW_TESTS=OFF -DLW_WERROR=OFF &&
       cmake --build build/release --target lanwarden; } >"$log" 2>&1; then
    cat "$log"
    echo "demo: the build failed (log above, also in $log)" >&2
    exit 1
fi

exec python3 tests/net/demo.py build/release/agent/app/lanwarden
