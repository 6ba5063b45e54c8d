#!/usr/bin/env python3
"""Footprint of the browse monitor next to Samba nmbd (issue 4,
"Performance").  Not a test: it prints figures for README.

A LAN of network namespaces (tests/net/netlab.py), workgroup SPRINGFIELD:
NAS01 (nmbd, os level 65, preferred master: becomes master browser),
NAS02 (nmbd, os level 20: a member), lanwarden in monitor mode on a third
host, a fourth host for the flood.

1. Idle, after the election (once lanwarden names the master, plus a few
   seconds): for lanwarden and both nmbd, PSS, private memory
   (Private_Clean + Private_Dirty) and anonymous memory (heap and stack)
   from /proc/PID/smaps_rollup, VmRSS,
   and wake-ups per minute (voluntary context switches from
   /proc/PID/status, counted over --idle-seconds, default 60).  Nothing
   asks lanwarden for its status during that window.
2. Flood: --flood distinct forged HostAnnouncements (default 100,000) to
   the subnet broadcast, as fast as Python sends them; CPU time (utime +
   stime) and peak RSS (VmHWM) of each process over the flood and one
   second after it.

Targets from the issue: PSS at most half of nmbd's, private memory (heap
and stack, so the anonymous row) under 512 KB, wake-ups no more than
nmbd's.  The nmbd processes share their
libraries with each other, which lowers each one's PSS; the member's
figures are the fairer comparison (on a NAS one nmbd shares them with
smbd instead).

usage: sudo benchmarks/browse_footprint.py [--binary build/release/agent/app/lanwarden]
       [--idle-seconds 60] [--flood 100000]
"""

import argparse
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "net"))
import netlab  # noqa: E402
from lanwarden_agent import Agent, counter_sum, master, server_names  # noqa: E402

WG = "SPRINGFIELD"


def smaps_rollup(pid):
    fields = {}
    with open("/proc/%d/smaps_rollup" % pid, encoding="ascii") as f:
        for line in f:
            key, _, value = line.partition(":")
            if value.strip().endswith("kB"):
                fields[key] = int(value.split()[0])
    return fields


def proc_status(pid):
    fields = {}
    with open("/proc/%d/status" % pid, encoding="ascii") as f:
        for line in f:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return fields


def kb(status, key):
    return int(status[key].split()[0])


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid, encoding="ascii") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory(pid):
    rollup = smaps_rollup(pid)
    status = proc_status(pid)
    return {"pss": rollup["Pss"],
            "private": rollup["Private_Clean"] + rollup["Private_Dirty"],
            "anonymous": rollup["Anonymous"],
            "rss": kb(status, "VmRSS"),
            "switches": int(status["voluntary_ctxt_switches"])}


def ratio(a, b):
    return "%.2f" % (a / b) if b else "-"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=os.path.join(
        HERE, "..", "build", "release", "agent", "app", "lanwarden"))
    parser.add_argument("--idle-seconds", type=int, default=60)
    parser.add_argument("--flood", type=int, default=100000)
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        print("no lanwarden binary at %s (--binary)" % binary, file=sys.stderr)
        return 2
    netlab.require_lab("nmbd")
    netlab.cleanup_stale()

    with netlab.Lab(hosts=4) as lab:
        h1, h2, h3, h4 = lab.hosts
        agent = Agent(lab, h3, binary, name="lanwarden", log_level="notice").start()
        nas01 = lab.start_nmbd(h1, netbios_name="NAS01", os_level=65, preferred_master=True,
                               log_level=1)
        nas02 = lab.start_nmbd(h2, netbios_name="NAS02", os_level=20, log_level=1)
        procs = [("lanwarden", agent.pid), ("nmbd NAS02 (member)", nas02.process.pid),
                 ("nmbd NAS01 (master)", nas01.process.pid)]
        for name, pid in procs:
            with open("/proc/%d/comm" % pid, encoding="ascii") as f:
                comm = f.read().strip()
            print("%-22s pid %d (%s)" % (name, pid, comm))

        began = time.monotonic()
        while time.monotonic() - began < 90:
            status = agent.status()[0]
            found = master(status, WG)
            if found and found[0] and len(server_names(status, WG)) >= 2:
                break
            time.sleep(1)
        print("master %s after %.0f s; servers %s" % (
            master(status, WG), time.monotonic() - began, server_names(status, WG)))
        time.sleep(5)

        print("idle for %d s ..." % args.idle_seconds, flush=True)
        idle_start = {name: memory(pid) for name, pid in procs}
        time.sleep(args.idle_seconds)
        idle_end = {name: memory(pid) for name, pid in procs}
        wakeups = {name: (idle_end[name]["switches"] - idle_start[name]["switches"])
                   * 60.0 / args.idle_seconds for name, _ in procs}

        print("flood of %d host announcements ..." % args.flood, flush=True)
        flood = lab.popen(h4, [sys.executable,
                               os.path.join(HERE, "..", "tests", "net", "udp_sender.py"),
                               "flood", "--count", str(args.flood), "--source", h4.address,
                               "--to", netlab.BROADCAST], stdout=subprocess.PIPE, text=True)
        flood.stdout.readline()  # "built N": sending starts now
        flood_began = time.monotonic()
        cpu_before = {name: cpu_seconds(pid) for name, pid in procs}
        sender = flood.stdout.read().strip()
        flood.wait()
        time.sleep(1)
        flood_s = time.monotonic() - flood_began
        cpu = {name: cpu_seconds(pid) - cpu_before[name] for name, pid in procs}
        hwm = {name: kb(proc_status(pid), "VmHWM") for name, pid in procs}
        after = agent.status()[0]
        snmp = lab.run(h3, ["cat", "/proc/net/snmp"]).stdout.splitlines()
        udp = [line.split()[1:] for line in snmp if line.startswith("Udp:")]
        udp = dict(zip(udp[0], udp[1])) if len(udp) == 2 else {}
        print("sender: %s; lanwarden counted %d announcements, lists %d servers; "
              "kernel in its host: InDatagrams %s, RcvbufErrors %s" % (
                  sender, counter_sum(after, "announcements"),
                  sum(len(w.get("servers", [])) for w in after.get("workgroups", [])),
                  udp.get("InDatagrams"), udp.get("RcvbufErrors")))

    names = [n for n, _ in procs]
    member = names[1]
    rows = [
        ("PSS, idle (kB)", lambda n: idle_end[n]["pss"]),
        ("private memory, idle (kB)", lambda n: idle_end[n]["private"]),
        ("anonymous (heap, stack), idle (kB)", lambda n: idle_end[n]["anonymous"]),
        ("RSS, idle (kB)", lambda n: idle_end[n]["rss"]),
        ("wake-ups per minute, idle", lambda n: wakeups[n]),
        ("CPU during the flood (s)", lambda n: cpu[n]),
        ("peak RSS, flood (kB)", lambda n: hwm[n]),
    ]
    print()
    print("| %-34s | %s | lanwarden / member |" % ("", " | ".join("%-20s" % n for n in names)))
    print("|%s|%s|---|" % ("-" * 36, "|".join("-" * 22 for _ in names)))
    for label, value in rows:
        cells = " | ".join("%-20s" % (("%.1f" % value(n)) if isinstance(value(n), float)
                                      else value(n)) for n in names)
        print("| %-34s | %s | %s |" % (label, cells, ratio(value(names[0]), value(member))))
    print("\nflood: %d announcements in %.1f s (sender and one second of backlog)" % (
        args.flood, flood_s))
    return 0


if __name__ == "__main__":
    sys.exit(main())
