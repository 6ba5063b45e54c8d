#!/usr/bin/env bash
# Size report (a benchmark, not a test): builds lanwarden for mipsel the way
# a router image would carry it (-Os, section garbage collection, stripped)
# and prints the binary's size and the shared libraries it needs.
#
#   toolchains/size-report.sh [toolchain-name]     default: mipsel-linux-gnu
set -euo pipefail
cd "$(dirname "$0")/.."
triple=${1:-mipsel-linux-gnu}
dir=build/size-$triple

toolchains/install-cross.sh
cmake -S . -B "$dir" -G Ninja -Wno-dev --log-level=WARNING \
    -DCMAKE_TOOLCHAIN_FILE="$PWD/toolchains/$triple.cmake" \
    -DCMAKE_BUILD_TYPE=MinSizeRel -DLW_SIZE=ON -DLW_TESTS=OFF >/dev/null
cmake --build "$dir" --target lanwarden >/dev/null

bin=$dir/agent/app/lanwarden
bytes=$(stat -c %s "$bin")
echo "lanwarden for $triple (-Os, --gc-sections, stripped): $bytes bytes ($(( (bytes + 1023) / 1024 )) KiB)"
echo "shared libraries it needs:"
"$triple-readelf" -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/  \1/p'
