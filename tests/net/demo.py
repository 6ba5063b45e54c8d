#!/usr/bin/env python3
"""README's demo (scripts/demo.sh runs it): a throwaway LAN of network
namespaces with two Samba nmbd peers and lanwarden watching it.

  192.0.2.11  NAS01  nmbd, os level 65, preferred master
  192.0.2.12  NAS02  nmbd, os level 20
  192.0.2.13         lanwarden run, monitor mode

It waits until lanwarden knows the master browser of SPRINGFIELD (up to
60 s; Samba needs about 25 s to hold its election), prints
`lanwarden status`, and removes the LAN again.  Nothing leaves the
namespaces: 192.0.2.0/24 is a documentation prefix and there is no route
out.

usage: demo.py LANWARDEN_BINARY
Exit 0 when the master browser was found, 1 when not, 2 when the demo
cannot run here (not root, no `ip netns`, no nmbd).
"""

import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import netlab  # noqa: E402
from lanwarden_agent import Agent, AgentError, master, server_names  # noqa: E402

WG = "SPRINGFIELD"
TIMEOUT = 60


def cannot_run(why):
    print("demo: " + why, file=sys.stderr)
    sys.exit(2)


def main():
    if len(sys.argv) != 2 or not os.access(sys.argv[1], os.X_OK):
        cannot_run("usage: demo.py LANWARDEN_BINARY")
    binary = os.path.abspath(sys.argv[1])
    if os.geteuid() != 0:
        cannot_run("needs root for network namespaces")
    for program in ("ip", "nmbd"):
        if shutil.which(program) is None:
            cannot_run("needs %s (scripts/install-deps.sh --demo installs it)" % program)
    netlab.cleanup_stale(prefix="lwdemo")

    with netlab.Lab(hosts=3, prefix="lwdemo") as lab:
        h1, h2, h3 = lab.hosts
        print("A throwaway LAN of network namespaces, workgroup %s, no route out:" % WG)
        print("  %s  NAS01  Samba nmbd, os level 65, preferred master" % h1.address)
        print("  %s  NAS02  Samba nmbd, os level 20" % h2.address)
        print("  %s         lanwarden run (monitor mode, listens only)" % h3.address)
        agent = Agent(lab, h3, binary, name="lanwarden", log_level="notice").start()
        lab.start_nmbd(h1, netbios_name="NAS01", os_level=65, preferred_master=True)
        lab.start_nmbd(h2, netbios_name="NAS02", os_level=20)

        sys.stdout.write("Waiting for the peers to elect a master browser (about 25 s) ")
        sys.stdout.flush()
        began = time.monotonic()
        found = False
        while time.monotonic() - began < TIMEOUT:
            try:
                status = agent.status()[0]
            except (AgentError, subprocess.TimeoutExpired) as e:
                print("\nlanwarden status failed: %s" % e)
                break
            # The winner claims SPRINGFIELD<1D> a few seconds before it
            # announces itself by name; wait for the name.
            found_master = master(status, WG)
            if found_master and found_master[0] and len(server_names(status, WG)) >= 2:
                found = True
                break
            sys.stdout.write(".")
            sys.stdout.flush()
            time.sleep(1)
        took = time.monotonic() - began
        print(" %s after %.0f s\n" % ("found" if found else "NOT found", took))

        print("$ lanwarden status")
        code, text = agent.status_table()
        print(text.rstrip())
        if not found:
            print("\nlanwarden's log:\n" + agent.stderr_text()[-3000:])
        agent.stop()
    print("\nThe namespaces, nmbd and lanwarden are gone again.")
    return 0 if found else 1


if __name__ == "__main__":
    sys.exit(main())
