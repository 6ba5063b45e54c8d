#!/usr/bin/env python3
"""A real peer: lanwarden decode reads a fresh capture of Samba's nmbd.

usage: nmbd_capture_decode_test.py LANWARDEN [--keep DIR]

In a namespace LAN (netlab.py), NAS01 (os level 65, preferred master) and
NAS02 (os level 20) run nmbd in workgroup SPRINGFIELD; a third host
captures UDP 137 and 138 with tshark while they register their names, hold
an election and announce themselves.  Once NAS01 says it is the local
master browser, the third host runs `nmblookup -M SPRINGFIELD` and
`nmblookup -A` for both peers; then both nmbd stop (release and shutdown
announcements) and the capture ends, about 25-30 s after the start.

Then `lanwarden decode` and `lanwarden decode --json` read the capture and
the test asserts:
  - tshark finds no malformed packet, and lanwarden none either;
  - lanwarden decodes every packet tshark sees on UDP 137/138 (same frame
    numbers), and agrees with tshark on each one's NBNS flags, datagram
    type and browser command;
  - a host announcement from each nmbd, under its name and address;
  - an election request from NAS01 with its criteria (os level 65,
    preferred master), and NAS01's local master announcement;
  - the answers to `nmblookup -M` give NAS01's address, as nmblookup
    printed;
  - each node status answer lists exactly the names, suffixes and group
    flags that `nmblookup -A` printed for that host.

Needs root, `ip netns`, nmbd (samba), nmblookup (samba-common-bin) and
tshark.  Exit 0 pass, 1 fail, 77 skipped.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import netlab  # noqa: E402
import tshark_judge  # noqa: E402

WORKGROUP = "SPRINGFIELD"
# The winner's criteria as Samba builds them (netbios.md §3.1): os level
# 65 in the top byte, browser version 0x010F, standby 0x02 | preferred
# master 0x08.
WINNER_CRITERIA = 65 << 24 | 0x010F << 8 | 0x02 | 0x08
# nmbd at log level 2 says this once it holds <1d>.
BECAME_MASTER = re.compile(r"is now a local master browser for workgroup " + WORKGROUP)
# "\tNAS01           <20> -         B <ACTIVE> " and
# "\t..__MSBROWSE__. <01> - <GROUP> B <ACTIVE> ".
STATUS_LINE = re.compile(r"^\t(.{15}) <([0-9a-fA-F]{2})> - (<GROUP>| {7}) ")

started = time.monotonic()


def log(message):
    print("[%5.1f s] %s" % (time.monotonic() - started, message), flush=True)


def wait_for_master(nmbd, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if BECAME_MASTER.search(nmbd.log_text()):
            return True
        time.sleep(0.25)
    return False


def status_names_from_nmblookup(text):
    """[(name, suffix, group)] from `nmblookup -A`: non-printable bytes of
    the name are '.' there, trailing spaces dropped."""
    names = []
    for line in text.splitlines():
        m = STATUS_LINE.match(line)
        if m:
            names.append((m.group(1).rstrip(), int(m.group(2), 16), m.group(3) == "<GROUP>"))
    return names


def status_names_from_decode(node_status):
    """The same triples from lanwarden's JSON: "NAS01<20>" and escaped
    control bytes ("\\x01\\x02__MSBROWSE__\\x02<01>") shown as '.'."""
    names = []
    for entry in node_status["names"]:
        m = re.match(r"^(.*)<([0-9a-f]{2})>$", entry["name"])
        text = re.sub(r"\\x[0-9a-fA-F]{2}", ".", m.group(1))
        names.append((text, int(m.group(2), 16), entry["group"]))
    return names


def record(lab, pcap):
    h1, h2, h3 = lab.hosts
    lab.write_smb_conf(h3, netbios_name="OBSERVER", local_master=False)
    capture = lab.start_capture(h3, pcap)
    nas01 = lab.start_nmbd(h1, netbios_name="NAS01", os_level=65, preferred_master=True)
    nas02 = lab.start_nmbd(h2, netbios_name="NAS02", os_level=20)
    log("capturing on %s; nmbd NAS01 %s, NAS02 %s" % (h3.ifname, h1.address, h2.address))

    lookups = {}
    if wait_for_master(nas01, timeout=40):
        log("NAS01 is the local master browser")
    else:
        log("NAS01 did not become master in 40 s; looking up anyway")
    lookups["-M"] = lab.nmblookup(h3, "-M", WORKGROUP).stdout
    for host in (h1, h2):
        lookups[host.address] = lab.nmblookup(h3, "-A", host.address).stdout
    for key, text in lookups.items():
        log("nmblookup %s:\n%s" % (key, text.rstrip()))

    lab.stop_nmbd(nas02)
    lab.stop_nmbd(nas01)
    time.sleep(0.5)
    lab.stop_capture(capture)
    log("capture stopped")
    return lookups


def run_decode(lanwarden, pcap):
    text = subprocess.run([lanwarden, "decode", pcap], capture_output=True, text=True,
                          timeout=60)
    js = subprocess.run([lanwarden, "decode", "--json", pcap], capture_output=True,
                        text=True, timeout=60)
    return text, js


def frames(records, service=None):
    return [r for r in records if service is None or r.get("service") == service]


def browser_frames(records, kind):
    out = []
    for r in frames(records, "nbdgm"):
        b = r.get("message", {}).get("browser")
        if b and b.get("frame") == kind:
            out.append(r)
    return out


def check(lanwarden, pcap, lookups, lab):
    failures = []
    h1, h2, h3 = lab.hosts

    bad = tshark_judge.problems(pcap)
    failures += ["tshark: " + line for line in bad]

    text, js = run_decode(lanwarden, pcap)
    if text.returncode != 0 or js.returncode != 0:
        return failures + ["lanwarden decode exited %d / %d: %s %s" % (
            text.returncode, js.returncode, text.stderr, js.stderr)]
    records = [json.loads(line) for line in js.stdout.splitlines() if line.strip()]
    lines = text.stdout.splitlines()
    log("lanwarden decode: " + (lines[-1] if lines else "no output"))

    # No packet is malformed, in either output.
    malformed = [r for r in records if not r.get("ok")]
    failures += ["malformed: %s" % r.get("summary") for r in malformed]
    if " MALFORMED" in text.stdout or "(0 malformed)" not in (lines[-1] if lines else ""):
        failures.append("text output reports malformed packets: " + (lines[-1] if lines else ""))

    # Every packet tshark sees on 137/138 is decoded, under the same number.
    seen = tshark_judge.fields(pcap, ["nbns.flags", "nbdgm.type", "browser.command"],
                               "udp.port == 137 || udp.port == 138")
    tshark_numbers = [int(r["frame.number"][0]) for r in seen]
    decoded_numbers = [r["number"] for r in records]
    if tshark_numbers != decoded_numbers:
        failures.append("tshark sees frames %s, lanwarden decoded %s" % (
            tshark_numbers, decoded_numbers))
    if "%d NetBIOS packets" % len(tshark_numbers) not in (lines[-1] if lines else ""):
        failures.append("text summary does not count %d NetBIOS packets: %s" % (
            len(tshark_numbers), lines[-1] if lines else ""))
    if len(lines) != len(records) + 1:
        failures.append("text output has %d packet lines, JSON %d" % (len(lines) - 1,
                                                                       len(records)))

    # Packet by packet, the layers tshark and lanwarden agree on.
    by_number = {r["number"]: r for r in records}
    for row in seen:
        n = int(row["frame.number"][0])
        r = by_number.get(n)
        if r is None:
            continue
        m = r.get("message", {})
        if row["nbns.flags"]:
            if r["service"] != "nbns" or int(row["nbns.flags"][0], 16) != m["flags"]["word"]:
                failures.append("frame %d: tshark nbns flags %s, lanwarden %s" % (
                    n, row["nbns.flags"], r.get("summary")))
        elif row["nbdgm.type"]:
            if r["service"] != "nbdgm" or int(row["nbdgm.type"][0]) != \
                    m["datagram"]["msg_type_code"]:
                failures.append("frame %d: tshark datagram type %s, lanwarden %s" % (
                    n, row["nbdgm.type"], r.get("summary")))
            elif row["browser.command"] and (
                    "browser" not in m or int(row["browser.command"][0], 16) !=
                    m["browser"]["opcode"]):
                failures.append("frame %d: tshark browser command %s, lanwarden %s" % (
                    n, row["browser.command"], r.get("summary")))

    # A host announcement from each nmbd, under its own name and address.
    for name, host in (("NAS01", h1), ("NAS02", h2)):
        found = [r for r in browser_frames(records, "host_announcement")
                 if r["message"]["browser"]["server_name"] == name
                 and r["source"] == host.address + ":138"
                 and r["message"]["browser"]["server_type"] != 0]
        if not found:
            failures.append("no host announcement of %s from %s" % (name, host.address))

    # NAS01's election requests carry the winner's criteria.
    elections = [r for r in browser_frames(records, "request_election")
                 if r["message"]["browser"]["server_name"] == "NAS01"]
    if not elections:
        failures.append("no election request from NAS01")
    for r in elections:
        c = r["message"]["browser"]["criteria"]
        if c["os_level"] != 65 or "preferred_master" not in c["role"] or \
                c["value"] & ~0x05 != WINNER_CRITERIA:
            failures.append("NAS01's election criteria: %s" % c)
    if not [r for r in browser_frames(records, "local_master_announcement")
            if r["message"]["browser"]["server_name"] == "NAS01"]:
        failures.append("no local master announcement from NAS01")

    # The answer to nmblookup -M names NAS01.
    answers = [r for r in frames(records, "nbns")
               if r["message"]["flags"]["response"]
               and r["message"]["questions"] == []
               and r["message"]["answers"]
               and r["message"]["answers"][0]["name"] == WORKGROUP + "<1d>"]
    addresses = {a["address"] for r in answers
                 for a in r["message"]["answers"][0].get("addresses", [])}
    printed = set(re.findall(r"^(\S+) %s<1d>$" % WORKGROUP, lookups["-M"], re.M))
    if addresses != {h1.address} or printed != addresses:
        failures.append("answers for %s<1d> give %s; nmblookup -M printed %r" % (
            WORKGROUP, sorted(addresses), lookups["-M"]))

    # Each node status answer lists what nmblookup -A printed.
    for host in (h1, h2):
        printed = status_names_from_nmblookup(lookups[host.address])
        if not printed:
            failures.append("nmblookup -A %s printed no names: %r" % (
                host.address, lookups[host.address]))
            continue
        answers = [r for r in frames(records, "nbns")
                   if r["source"] == host.address + ":137"
                   and r["message"]["answers"]
                   and "node_status" in r["message"]["answers"][0]]
        if not answers:
            failures.append("no node status answer from %s" % host.address)
        for r in answers:
            decoded = status_names_from_decode(r["message"]["answers"][0]["node_status"])
            if decoded != printed:
                failures.append("frame %d: node status of %s is %s, nmblookup -A printed %s"
                                % (r["number"], host.address, decoded, printed))
    return failures


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    lanwarden = argv[1]
    keep = argv[3] if len(argv) > 3 and argv[2] == "--keep" else None
    netlab.require_lab("nmbd", "nmblookup", "tshark")
    if not os.access(lanwarden, os.X_OK):
        netlab.skip("no lanwarden binary at " + lanwarden)
    netlab.cleanup_stale()

    with netlab.Lab(hosts=3) as lab:
        pcap = os.path.join(lab.dir, "nmbd.pcap")
        lookups = record(lab, pcap)
        recorded = time.monotonic() - started
        failures = check(lanwarden, pcap, lookups, lab)
        if keep:
            os.makedirs(keep, exist_ok=True)
            shutil.copy(pcap, keep)

    for f in failures:
        print("FAIL: " + f)
    if not failures:
        log("ok: capture of %.1f s decoded clean, content as nmbd and nmblookup said"
            % recorded)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
