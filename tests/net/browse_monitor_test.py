#!/usr/bin/env python3
"""The browse monitor against real Samba nmbd peers (issue 4).

A LAN of four namespace hosts, workgroup SPRINGFIELD:

  h1 192.0.2.11  nmbd NAS01, os level 65, preferred master (wins)
  h2 192.0.2.12  nmbd NAS02, os level 20, and beside it in the same
                 namespace a lanwarden that shares UDP 137/138 with nmbd
  h3 192.0.2.13  lanwarden in monitor mode (interface v3) and tshark
  h4 192.0.2.14  a browse client

1. Within 60 s of nmbd's start, both agents name NAS01 (192.0.2.11) as
   master browser, list NAS01 and NAS02 as servers, have seen an
   election won by NAS01, and report no master change yet.
2. NAS01's nmbd is stopped (SIGTERM: it announces its shutdown).  The
   agents drop NAS01 and have no master.  nmbd itself only looks for a
   missing master every 5 minutes, so the client does what a Windows
   client does when it finds no master: it forces an election (a 0/0
   RequestElection).  NAS02 wins; within 90 s both agents name NAS02 as
   master and report `master_changed` (from NAS01 to NAS02).
3. `lanwarden analyze` on h3's capture, cut at the moment of step 1 and
   whole, gives the same master, servers and elections as the live
   daemon did at those moments.
4. SIGTERM ends the daemon cleanly within a second.

usage: browse_monitor_test.py LANWARDEN_BINARY   (or $LANWARDEN)
Exit 0 pass, 1 fail, 77 skipped (not root, no `ip netns`, nmbd or tshark).
"""

import json
import os
import re
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import browse_frames  # noqa: E402
import netlab  # noqa: E402
import tshark_judge  # noqa: E402
from checks import Checks  # noqa: E402
from lanwarden_agent import (Agent, AgentError, analyze, binary_from,  # noqa: E402
                             election_count, finding_ids, master, server_names,
                             wait_for, workgroup)

HERE = os.path.dirname(os.path.abspath(__file__))
WG = "SPRINGFIELD"
FIRST_MASTER_TIMEOUT = 60
TAKEOVER_TIMEOUT = 90


def udp_ports(lab, host):
    """{program: set of bound UDP ports} in host, from `ss -Hulpn`."""
    owners = {}
    for line in lab.run(host, ["ss", "-Hulpn"]).stdout.splitlines():
        words = line.split()
        if len(words) < 6 or ":" not in words[3]:
            continue
        port = int(words[3].rsplit(":", 1)[1])
        for program in re.findall(r'\("([^"]+)"', words[5]):
            owners.setdefault(program, set()).add(port)
    return owners


def wait_bound(lab, host, ports, program, timeout=5.0):
    """Waits until `program` in host has bound every UDP port in ports."""
    def bound():
        return set(ports) <= udp_ports(lab, host).get(program, set())
    return wait_for("%s bound %s" % (program, ports), bound, timeout, interval=0.05)[0]


def send_datagrams(lab, host, items, sport=138):
    """items: (address, port, payload) sent from host by udp_sender.py."""
    lines = "".join("%s %d %s\n" % (a, p, d.hex()) for a, p, d in items)
    lab.run(host, [sys.executable, os.path.join(HERE, "udp_sender.py"), "list",
                   "--sport", str(sport)], input=lines, check=True)


def snapshot(agent):
    try:
        return agent.status()[0]
    except (AgentError, subprocess.TimeoutExpired) as e:
        return {"error": str(e)}


def describe(status):
    """The facts a test compares, in one line."""
    w = workgroup(status, WG) or {}
    history = (w.get("elections") or {}).get("history") or []
    return ("master=%s servers=%s elections=%d winners=%s findings=%s" % (
        master(status, WG), server_names(status, WG), election_count(status, WG),
        [h.get("winner") for h in history], finding_ids(status, WG)))


def election_names(status):
    """Candidate names and winners of every election in the history."""
    w = workgroup(status, WG) or {}
    names, winners = set(), set()
    for h in (w.get("elections") or {}).get("history") or []:
        names.update(c.get("name") for c in h.get("candidates") or [])
        if h.get("winner"):
            winners.add(h["winner"])
    return names, winners


def first_master_phase(c, agents, nas01, nas02):
    """Step 1: who is master, which servers, which election."""
    expected_master = ("NAS01", nas01.address)

    def settled():
        states = [snapshot(a) for a in agents]
        done = all(master(s, WG) == expected_master
                   and {"NAS01", "NAS02"} <= set(server_names(s, WG))
                   and election_count(s, WG) >= 1 for s in states)
        return states if done else None

    states, waited = wait_for("first master", settled, FIRST_MASTER_TIMEOUT)
    if states is None:
        states = [snapshot(a) for a in agents]
    c.log("first master phase took %.1f s" % waited)
    for agent, s in zip(agents, states):
        c.log("%s: %s" % (agent.name, describe(s)))
        c.check(master(s, WG) == expected_master,
                "%s names NAS01 (%s) master browser of %s" % (agent.name, nas01.address, WG),
                describe(s))
        c.check(server_names(s, WG) == ["NAS01", "NAS02"],
                "%s lists exactly the servers NAS01 and NAS02" % agent.name, describe(s))
        c.check(election_count(s, WG) >= 1, "%s saw an election" % agent.name, describe(s))
        candidates, winners = election_names(s)
        c.check("NAS01" in candidates and winners & {"NAS01", nas01.address},
                "%s's election history has NAS01 as candidate and winner" % agent.name,
                "candidates %s, winners %s" % (sorted(candidates), sorted(winners)))
        c.check("master_changed" not in finding_ids(s, WG),
                "%s reports no master change while the first master is found" % agent.name,
                describe(s))
        servers = {x["name"]: x for x in (workgroup(s, WG) or {}).get("servers", [])}
        nas02_entry = servers.get("NAS02", {})
        c.check(nas02_entry.get("address") == nas02.address,
                "%s has NAS02 at %s" % (agent.name, nas02.address), json.dumps(nas02_entry))
    return states


def takeover_phase(c, lab, agents, nas01_nmbd, nas01, nas02, client):
    """Step 2: the master goes away, the client forces an election, NAS02
    takes over."""
    lab.stop_nmbd(nas01_nmbd)
    c.log("stopped NAS01's nmbd")

    def gone():
        states = [snapshot(a) for a in agents]
        done = all("NAS01" not in server_names(s, WG) for s in states)
        return states if done else None

    states, waited = wait_for("NAS01 gone", gone, 10, interval=0.2)
    states = states or [snapshot(a) for a in agents]
    for agent, s in zip(agents, states):
        c.check("NAS01" not in server_names(s, WG),
                "%s drops NAS01 after its shutdown announcement (%.1f s)" % (agent.name, waited),
                describe(s))
        c.check(master(s, WG) is None,
                "%s has no master browser once NAS01 has shut down" % agent.name, describe(s))

    send_datagrams(lab, client, [(netlab.BROADCAST, 138, browse_frames.force_election(
        client.address, "CLIENT", WG))])
    c.log("client %s forced an election" % client.address)

    expected_master = ("NAS02", nas02.address)

    def taken_over():
        states = [snapshot(a) for a in agents]
        done = all(master(s, WG) == expected_master and "master_changed" in finding_ids(s, WG)
                   for s in states)
        return states if done else None

    states, waited = wait_for("takeover", taken_over, TAKEOVER_TIMEOUT)
    states = states or [snapshot(a) for a in agents]
    c.log("takeover phase took %.1f s after the forced election" % waited)
    for agent, s in zip(agents, states):
        c.log("%s: %s" % (agent.name, describe(s)))
        c.check(master(s, WG) == expected_master,
                "%s names NAS02 (%s) master browser after the re-election" % (
                    agent.name, nas02.address), describe(s))
        changed = [f for f in s.get("findings", [])
                   if f.get("id") == "master_changed" and f.get("workgroup") == WG]
        c.check(changed and "NAS01" in changed[0].get("text", "")
                and "NAS02" in changed[0].get("text", ""),
                "%s reports master_changed from NAS01 to NAS02" % agent.name,
                json.dumps(s.get("findings", []), indent=1))
        c.check(election_count(s, WG) >= 2, "%s counts the second election" % agent.name,
                describe(s))
        c.check(server_names(s, WG) == ["NAS02"], "%s lists NAS02 only" % agent.name,
                describe(s))
    return states


def compare_analysis(c, binary, pcap, live, label):
    """Step 3: the capture through `analyze` gives what the daemon said."""
    try:
        offline = analyze(binary, pcap)
    except (AgentError, subprocess.TimeoutExpired) as e:
        c.check(False, "analyze %s runs" % label, str(e))
        return
    c.log("analyze %s: %s" % (label, describe(offline)))
    c.check(master(offline, WG) == master(live, WG),
            "analyze of the %s names the same master browser as the live daemon (%s)" % (
                label, master(live, WG)), describe(offline))
    c.check(server_names(offline, WG) == server_names(live, WG),
            "analyze of the %s lists the same servers (%s)" % (label, server_names(live, WG)),
            describe(offline))
    c.check(election_count(offline, WG) >= 1,
            "analyze of the %s saw an election (live: %d, offline: %d)" % (
                label, election_count(live, WG), election_count(offline, WG)),
            describe(offline))
    c.check(("master_changed" in finding_ids(offline, WG))
            == ("master_changed" in finding_ids(live, WG)),
            "analyze of the %s agrees on master_changed (%s)" % (
                label, "master_changed" in finding_ids(live, WG)), describe(offline))


def run(binary):
    c = Checks("browse_monitor_test")
    with netlab.Lab(hosts=4) as lab:
        h1, h2, h3, h4 = lab.hosts
        pcap = os.path.join(lab.dir, "h3.pcap")
        capture = lab.start_capture(h3, pcap)
        observer = Agent(lab, h3, binary, name="observer", workgroup=WG).start()
        c.log("observer agent runs in %s (pid %d)" % (h3.namespace, observer.pid))

        # NAS02 first, so that its nmbd holds 137/138 before the agent
        # beside it starts: the NAS case.
        nas02_nmbd = lab.start_nmbd(h2, netbios_name="NAS02", os_level=20)
        if not wait_bound(lab, h2, (137, 138), "nmbd"):
            c.check(False, "nmbd in h2 binds UDP 137 and 138", str(udp_ports(lab, h2)))
        beside = Agent(lab, h2, binary, name="beside-nmbd", workgroup=WG).start()
        owners = udp_ports(lab, h2)
        c.check({137, 138} <= owners.get("lanwarden", set())
                and {137, 138} <= owners.get("nmbd", set()),
                "the agent beside nmbd shares UDP 137 and 138 with it", str(owners))
        nas01_nmbd = lab.start_nmbd(h1, netbios_name="NAS01", os_level=65,
                                    preferred_master=True)
        c.log("nmbd NAS01 on %s and NAS02 on %s started" % (h1.address, h2.address))
        agents = [observer, beside]

        first = first_master_phase(c, agents, h1, h2)
        first_time = time.time()
        last = takeover_phase(c, lab, agents, nas01_nmbd, h1, h2, h4)
        time.sleep(0.5)
        lab.stop_capture(capture)

        head = os.path.join(lab.dir, "h3-first.pcap")
        kept = tshark_judge.cut_pcap(pcap, head, first_time)
        c.log("capture: %d bytes; %d packets up to the first master" % (
            os.path.getsize(pcap), kept))
        compare_analysis(c, binary, head, first[0], "capture up to the first master")
        compare_analysis(c, binary, pcap, last[0], "whole capture")

        for agent in agents:
            code, took = agent.stop(signal.SIGTERM)
            c.check(code == 0 and took < 1.0,
                    "%s ends on SIGTERM with exit 0 within a second (%s after %.2f s)" % (
                        agent.name, code, took), agent.stderr_text()[-2000:])
        if c.failures:
            for agent in agents:
                print("---- %s stderr (last 4000 characters)\n%s" % (
                    agent.name, agent.stderr_text()[-4000:]))
            for name, n in (("NAS01", nas01_nmbd), ("NAS02", nas02_nmbd)):
                lines = [l for l in n.log_text().splitlines()
                         if "master" in l.lower() or "election" in l.lower()]
                print("---- %s nmbd log (browse lines)\n%s" % (name, "\n".join(lines[-20:])))
    return c.finish()


def main():
    binary = binary_from(sys.argv)
    netlab.require_lab("nmbd", "tshark", "ss")
    netlab.cleanup_stale()
    try:
        return run(binary)
    except AgentError as e:
        print("browse_monitor_test: FAIL: %s" % e, flush=True)
        return 1


if __name__ == "__main__":
    sys.exit(main())
