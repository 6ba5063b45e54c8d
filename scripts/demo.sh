#!/usr/bin/env bash
# README's first command: installs what is missing, builds lanwarden and runs
# its main job on the embedded default.  Until the browse monitor lands this
# is `lanwarden version`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build/release -G Ninja -Wno-dev --log-level=WARNING \
    -DCMAKE_BUILD_TYPE=Release -DLW_TESTS=OFF >/dev/null
cmake --build build/release >/dev/null
exec build/release/agent/app/lanwarden version
