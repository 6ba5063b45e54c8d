#!/usr/bin/env python3
"""Records the reference captures in tests/data/captures/ from real Samba
nmbd peers in a namespace LAN (see netlab.py).  Needs root, samba,
samba-common-bin (nmblookup) and tshark.

  nmbd-election.pcap   Ethernet, ~45 s: NAS01 (os level 65, preferred
                       master) and NAS02 (os level 20) in workgroup
                       SPRINGFIELD start together; host 3 captures UDP 137
                       and 138 and asks `nmblookup -M SPRINGFIELD` and
                       `nmblookup -A` during the election and after it.
  nmbd-sll.pcap        Linux cooked v1 (tshark -i any -y LINUX_SLL) on
                       host 3 during one `nmblookup -A`.
  nmbd-sll2.pcap       the same with Linux cooked v2.

usage: record_nmbd_capture.py [--seconds 45] [--out DIR]
"""

import argparse
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import netlab  # noqa: E402
import tshark_judge  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, "..", "data", "captures")


def log(message, start=[None]):  # noqa: B006 - a start time kept across calls
    if start[0] is None:
        start[0] = time.monotonic()
    print("[%5.1f s] %s" % (time.monotonic() - start[0], message), flush=True)


def lookup(lab, host, *args):
    result = lab.nmblookup(host, *args)
    log("nmblookup %s -> %s" % (" ".join(args), result.stdout.strip().replace("\n", " | ")))
    return result


def record(out_dir, seconds):
    with netlab.Lab(hosts=3) as lab:
        h1, h2, h3 = lab.hosts
        lab.write_smb_conf(h3, netbios_name="OBSERVER", local_master=False)
        main_pcap = os.path.join(lab.dir, "election.pcap")
        capture = lab.start_capture(h3, main_pcap)
        log("capturing on %s %s" % (h3.namespace, h3.ifname))

        nas01 = lab.start_nmbd(h1, netbios_name="NAS01", os_level=65, preferred_master=True)
        nas02 = lab.start_nmbd(h2, netbios_name="NAS02", os_level=20)
        log("nmbd started: NAS01 %s, NAS02 %s" % (h1.address, h2.address))

        # During the election (before the winner holds SPRINGFIELD<1d>).
        time.sleep(8)
        lookup(lab, h3, "-M", "SPRINGFIELD")
        # After it: the winner registered <1d> about 16 s after start.
        time.sleep(14)
        lookup(lab, h3, "-M", "SPRINGFIELD")
        lookup(lab, h3, "-A", h1.address)
        lookup(lab, h3, "-A", h2.address)
        remaining = seconds - 22 - 3
        if remaining > 0:
            time.sleep(remaining)
        lookup(lab, h3, "-M", "SPRINGFIELD")

        # A short cooked capture of one node status exchange for each
        # Linux cooked header version.
        small = {}
        for link in ("LINUX_SLL", "LINUX_SLL2"):
            path = os.path.join(lab.dir, link.lower() + ".pcap")
            cap = lab.start_capture(h3, path, capture_filter="udp port 137",
                                    interface="any", link_type=link)
            lookup(lab, h3, "-A", h1.address)
            time.sleep(0.5)
            lab.stop_capture(cap)
            small[link] = path

        # Clean shutdown: releases and shutdown announcements.
        lab.stop_nmbd(nas02)
        lab.stop_nmbd(nas01)
        time.sleep(1)
        lab.stop_capture(capture)
        log("capture stopped")
        for name, text in (("NAS01", nas01.log_text()), ("NAS02", nas02.log_text())):
            for line in text.splitlines():
                if "master browser" in line.lower() or "election" in line.lower():
                    log("%s log: %s" % (name, line.strip()))

        os.makedirs(out_dir, exist_ok=True)
        targets = {main_pcap: "nmbd-election.pcap",
                   small["LINUX_SLL"]: "nmbd-sll.pcap",
                   small["LINUX_SLL2"]: "nmbd-sll2.pcap"}
        for src, name in targets.items():
            dst = os.path.join(out_dir, name)
            shutil.copyfile(src, dst)
            os.chmod(dst, 0o644)
            problems = tshark_judge.problems(dst)
            log("%s: %d bytes, %d packets, %s" % (
                name, os.path.getsize(dst), len(tshark_judge.summary(dst)),
                "clean" if not problems else "PROBLEMS:\n" + "\n".join(problems)))
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=45)
    parser.add_argument("--out", default=DEFAULT_OUT)
    args = parser.parse_args()
    netlab.require_lab("nmbd", "nmblookup", "tshark")
    netlab.cleanup_stale()
    return record(os.path.abspath(args.out), args.seconds)


if __name__ == "__main__":
    sys.exit(main())
