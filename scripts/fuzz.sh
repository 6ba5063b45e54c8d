#!/usr/bin/env bash
# Runs every libFuzzer target for a while, one after the other, and prints
# a line per target with its executions and whether it found anything.
# The test suite runs each briefly; this is for the long runs.
#
#   scripts/fuzz.sh [SECONDS per target, default 600] [target-name...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
dir=build/fuzz
cmake -S . -B "$dir" -G Ninja -Wno-dev --log-level=WARNING -DCMAKE_CXX_COMPILER=clang++ \
    -DLW_FUZZ=ON -DLW_CORE_ONLY=ON -DLW_SANITIZE=address,undefined -DLW_TESTS=OFF >/dev/null
cmake --build "$dir" >/dev/null

targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
    for f in tests/fuzz/fuzz_*.cpp; do
        targets+=("$(basename "$f" .cpp | sed 's/^fuzz_//')")
    done
fi
status=0
for t in "${targets[@]}"; do
    log=$dir/fuzz-$t.log
    if tests/fuzz/run_fuzzer.sh "$dir/tests/fuzz/fuzz_$t" "$seconds" "tests/fuzz/corpus/$t" \
        "$dir" >"$log" 2>&1; then
        result=clean
    else
        result="FOUND SOMETHING (see $log and $dir/artifacts/)"
        status=1
    fi
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    echo "$t: ${seconds}s, ${runs:-?} runs, $result"
done
exit $status
