#!/usr/bin/env python3
"""Self-test of netlab: builds three hosts, checks that a UDP datagram sent
by Python reaches another host by unicast and every other host by subnet
broadcast, tears the lab down and checks that no namespace of the run is
left, also when the run is ended by SIGTERM, and that cleanup_stale()
removes what a SIGKILLed run left.  Exit 0 pass, 1 fail, 77 skipped (not root, no `ip netns`)."""

import os
import signal
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import netlab  # noqa: E402


CHILD = """
import sys, time
sys.path.insert(0, %r)
import netlab
with netlab.Lab(hosts=2) as lab:
    print(lab.run_name, flush=True)
    time.sleep(60)
""" % os.path.dirname(os.path.abspath(__file__))


def killed_run(sig):
    """Starts a lab in a child process, kills the child with sig and
    returns the run's name once the child is gone."""
    child = subprocess.Popen([sys.executable, "-c", CHILD], stdout=subprocess.PIPE, text=True)
    run_name = child.stdout.readline().strip()
    child.send_signal(sig)
    child.wait(timeout=30)
    return run_name


def run_namespaces(run_name):
    return [n for n in netlab.list_namespaces() if n.startswith(run_name + "-")]


def main():
    netlab.require_lab()
    stale = netlab.cleanup_stale()
    if stale:
        print("removed stale namespaces: " + " ".join(stale))

    failures = []
    with netlab.Lab(hosts=3) as lab:
        run_name = lab.run_name
        h1, h2, h3 = lab.hosts
        names = netlab.list_namespaces()
        for ns in [lab.switch] + [h.namespace for h in lab.hosts]:
            if ns not in names:
                failures.append("namespace %s was not created" % ns)

        got = netlab.udp_exchange(lab, h1, [h2], h2.address, payload=b"unicast")
        if got != [b"unicast"]:
            failures.append("unicast h1 -> h2: got %r" % got)

        got = netlab.udp_exchange(lab, h3, [h1, h2], netlab.BROADCAST, payload=b"bcast")
        if got != [b"bcast", b"bcast"]:
            failures.append("broadcast h3 -> all: got %r" % got)

        # No route leaves the lab: an address outside the subnet is
        # unreachable from a host.
        out = lab.run(h1, ["ip", "route", "get", "198.51.100.1"])
        if out.returncode == 0:
            failures.append("h1 has a route out: " + out.stdout.strip())

    left = [n for n in netlab.list_namespaces() if n.startswith(run_name + "-")]
    if left:
        failures.append("namespaces left after teardown: " + " ".join(left))

    # A run ended by SIGTERM tears its lab down itself.
    run_name = killed_run(signal.SIGTERM)
    if not run_name or run_namespaces(run_name):
        failures.append("SIGTERM left namespaces: %r" % run_namespaces(run_name))

    # A run killed outright leaves its namespaces; cleanup_stale removes
    # them because the run's pid is gone.
    run_name = killed_run(signal.SIGKILL)
    if len(run_namespaces(run_name)) != 3:
        failures.append("SIGKILLed run should leave 3 namespaces: %r"
                        % run_namespaces(run_name))
    removed = netlab.cleanup_stale()
    if run_namespaces(run_name) or not removed:
        failures.append("cleanup_stale left %r" % run_namespaces(run_name))

    for f in failures:
        print("FAIL: " + f)
    if not failures:
        print("ok: 3 hosts, unicast and broadcast delivered, teardown clean, "
              "also after SIGTERM, and cleanup_stale after SIGKILL")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
