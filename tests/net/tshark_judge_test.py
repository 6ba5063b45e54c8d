#!/usr/bin/env python3
"""Tests of tshark_judge.py (no root needed): a pcap written around a real
NBNS query is clean and yields its fields; the same query cut short is
reported malformed; the reference captures in tests/data/captures are
clean.  Exit 0 pass, 1 fail, 77 skipped (no tshark)."""

import glob
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import tshark_judge  # noqa: E402

# Frame 7 of nmbd-election.pcap: NAS01's broadcast query for SPRINGFIELD<1d>.
QUERY = bytes.fromhex(
    "48720110000100000000000020464446414643454a454f45484547454a4546454d"
    "45454341434143414341424e0000200001")


def main():
    if not tshark_judge.available():
        print("SKIP: needs tshark", file=sys.stderr)
        return 77
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        good = os.path.join(tmp, "good.pcap")
        tshark_judge.write_udp_pcap(good, [
            ("192.0.2.11", "192.0.2.255", 137, 137, QUERY),
            ("192.0.2.13", "192.0.2.11", 40000, 137, QUERY),
        ])
        bad = tshark_judge.problems(good)
        if bad:
            failures.append("valid query judged bad: %s" % bad)
        rows = tshark_judge.fields(good, ["ip.src", "udp.dstport", "nbns.id", "nbns.name"])
        if [r["frame.number"] for r in rows] != [["1"], ["2"]]:
            failures.append("frame numbers: %r" % rows)
        elif rows[0]["nbns.id"] != ["0x4872"] or rows[0]["nbns.name"] != [
                "SPRINGFIELD<1d>"] or rows[1]["ip.src"] != ["192.0.2.13"]:
            failures.append("fields: %r" % rows)

        cut = os.path.join(tmp, "cut.pcap")
        tshark_judge.write_udp_pcap(cut, [("192.0.2.11", "192.0.2.255", 137, 137,
                                           QUERY[:-3])])
        if len(tshark_judge.problems(cut)) != 1:
            failures.append("a query cut by 3 bytes was not judged malformed")

    captures = sorted(glob.glob(os.path.join(HERE, "..", "data", "captures", "*.pcap")))
    if not captures:
        failures.append("no reference captures found")
    for path in captures:
        bad = tshark_judge.problems(path)
        if bad:
            failures.append("%s: %s" % (os.path.basename(path), bad))

    for f in failures:
        print("FAIL: " + f)
    if not failures:
        print("ok: judge accepts a real query, flags a cut one; %d captures clean"
              % len(captures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
