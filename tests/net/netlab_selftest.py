#!/usr/bin/env python3
"""Self-test of netlab: builds three hosts, checks that a UDP datagram sent
by Python reaches another host by unicast and every other host by subnet
broadcast, tears the lab down and checks that no namespace of the run is
left.  Exit 0 pass, 1 fail, 77 skipped (not root, no `ip netns`)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import netlab  # noqa: E402


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

    for f in failures:
        print("FAIL: " + f)
    if not failures:
        print("ok: 3 hosts, unicast and broadcast delivered, teardown clean")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
