#!/usr/bin/env python3
"""tshark judges lanwarden's encoders (no root needed).

usage: tshark_encoders_test.py ENCODE_SAMPLES [--keep DIR]

Runs tests/tools/encode_samples, which writes one pcap packet of every
message lanwarden encodes (every NBNS builder, every NBDS type, every
browser opcode in a mailslot write, a LANMAN announcement) and a manifest
of what it encoded, as tshark field names and values.  Then:

  1. tshark must find no malformed packet and no expert item of severity
     warning or above (tshark_judge.problems);
  2. every packet must be there, with the payload size the manifest gives;
  3. every field of the manifest must have, in tshark's PDML, exactly the
     expected values, in order (a list means every occurrence).

Exit 0 pass, 1 fail, 77 skipped (no tshark, or no encode_samples binary).
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import tshark_judge  # noqa: E402

# Fields whose value tshark gives without what we want to compare, so the
# displayed form is used: a node status name's value lacks its suffix,
# which only the display ("Name: NAS01<00> (Workstation/Redirector)") has.
DISPLAYED = {"nbns.netbios_name"}
# A record's nbns.name carries a description of the suffix in brackets:
# "NAS01<20> (Server service)".
DESCRIPTION = re.compile(r" \([^()]*\)$")
DISPLAY = re.compile(r"^[^:]*: (.*?)(?: \([^()]*\))?$")


def pdml_fields(pcap):
    """{frame number: {field name: [(show, showname), ...]}} from tshark's
    PDML, every occurrence in document order."""
    out = subprocess.run(["tshark", "-n", "-r", pcap, "-T", "pdml"], capture_output=True,
                         timeout=120)
    if out.returncode != 0:
        raise tshark_judge.JudgeError("tshark -T pdml: " + out.stderr.decode(errors="replace"))
    packets = {}
    for packet in ElementTree.fromstring(out.stdout).iter("packet"):
        fields = {}
        for field in packet.iter("field"):
            name = field.get("name")
            if name:
                fields.setdefault(name, []).append((field.get("show", ""),
                                                    field.get("showname", "")))
        number = int(fields["frame.number"][0][0])
        packets[number] = fields
    return packets


def as_expected_type(text, expected):
    """tshark's text of a field, converted to the type of the expected
    value so that "0x0110" equals 272 and "1" equals true."""
    if isinstance(expected, bool):
        if text in ("1", "True", "true"):
            return True
        if text in ("0", "False", "false"):
            return False
        return text
    if isinstance(expected, int):
        try:
            return int(text, 0)
        except ValueError:
            return text
    return text


def tshark_values(name, occurrences, expected):
    values = []
    for i, (show, showname) in enumerate(occurrences):
        want = expected[i] if i < len(expected) else (expected[0] if expected else "")
        if name in DISPLAYED:
            match = DISPLAY.match(showname)
            text = match.group(1) if match else showname
        else:
            text = DESCRIPTION.sub("", show) if isinstance(want, str) else show
        values.append(as_expected_type(text, want))
    return values


def compare(manifest, packets):
    failures = []
    compared = 0
    for entry in manifest["packets"]:
        frame, label = entry["frame"], entry["label"]
        got = packets.get(frame)
        if got is None:
            failures.append("frame %d (%s): not in tshark's output" % (frame, label))
            continue
        udp_length = int(got["udp.length"][0][0])
        if udp_length - 8 != entry["size"]:
            failures.append("frame %d (%s): payload %d bytes, encoded %d" % (
                frame, label, udp_length - 8, entry["size"]))
        for name, expected in sorted(entry["fields"].items()):
            wanted = expected if isinstance(expected, list) else [expected]
            have = tshark_values(name, got.get(name, []), wanted)
            compared += 1
            if have != wanted:
                failures.append("frame %d (%s): %s is %r, encoded %r" % (
                    frame, label, name, have, wanted))
    return failures, compared


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    program = argv[1]
    keep = argv[3] if len(argv) > 3 and argv[2] == "--keep" else None
    if not tshark_judge.available():
        print("SKIP: needs tshark", file=sys.stderr)
        return 77
    if not os.access(program, os.X_OK):
        print("SKIP: no encode_samples binary at " + program, file=sys.stderr)
        return 77

    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="lw-encoders-") as tmp:
        out_dir = keep or tmp
        pcap = os.path.join(out_dir, "encoded.pcap")
        manifest_path = os.path.join(out_dir, "encoded.json")
        run = subprocess.run([program, pcap, manifest_path], capture_output=True, text=True,
                             timeout=60)
        if run.returncode != 0:
            print("FAIL: encode_samples exited %d: %s" % (run.returncode, run.stderr))
            return 1
        with open(manifest_path, encoding="utf-8") as f:
            manifest = json.load(f)

        failures = ["tshark: " + line for line in tshark_judge.problems(pcap)]
        packets = pdml_fields(pcap)
        if len(packets) != len(manifest["packets"]):
            failures.append("tshark read %d packets, encode_samples wrote %d" % (
                len(packets), len(manifest["packets"])))
        # Anything tshark remarks on below warning level is shown, not failed.
        for number, fields in sorted(packets.items()):
            for show, showname in fields.get("_ws.expert.message", []):
                print("note: frame %d: %s" % (number, show))
        more, compared = compare(manifest, packets)
        failures += more

    for f in failures:
        print("FAIL: " + f)
    if not failures:
        print("ok: %d encoded packets clean in tshark, %d fields as encoded (%.1f s)" % (
            len(manifest["packets"]), compared, time.monotonic() - started))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
