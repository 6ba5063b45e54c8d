#!/usr/bin/env bash
# Instructions per datagram for decoding the recorded nmbd capture, counted
# by callgrind (repeatable whatever else the machine does), and the
# wall-clock rate.  Needs a host build in build/host (or BUILD=dir).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build/host}
capture=tests/data/captures/nmbd-election.pcap
bench=$build/benchmarks/decode_bench
cmake --build "$build" --target decode_bench >/dev/null

"$bench" "$capture" 20000
# Two callgrind runs that differ only in rounds: the difference divided by
# the extra datagrams is the cost per datagram, start-up excluded.
ir() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bench" "$capture" "$1" "$2" 2>&1 |
        sed -n 's/.*Collected : *\([0-9]*\).*/\1/p'
}
n=$("$bench" "$capture" 1 | sed -n 's/^\([0-9]*\) datagrams.*/\1/p')
for mode in decode model; do
    a=$(ir 10 $mode)
    b=$(ir 110 $mode)
    echo "callgrind, $mode: $(( (b - a) / (100 * n) )) instructions per datagram"
done
