#!/bin/sh
# run_fuzzer.sh BINARY SECONDS SEED_DIR WORK_DIR
# Replays the seed corpus (earlier findings included), then fuzzes for
# SECONDS.  New inputs go to WORK_DIR/corpus/<name>, a crash to
# WORK_DIR/artifacts/; add a crash's input to SEED_DIR once it is fixed.
set -eu
bin=$1 seconds=$2 seeds=$3 work=$4
name=$(basename "$seeds")
mkdir -p "$work/corpus/$name" "$work/artifacts" "$seeds"
exec "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 \
    -print_final_stats=1 -artifact_prefix="$work/artifacts/$name-" \
    "$work/corpus/$name" "$seeds"
