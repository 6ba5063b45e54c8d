#!/usr/bin/env python3
"""The daemon's life as an operator meets it, on a one-host lab LAN:

- it listens on the configured interface and answers `status`;
- a second daemon on the same control socket refuses to start;
- SIGHUP reloads a changed file without reopening unchanged interfaces,
  and a broken file keeps the running configuration, with the error named;
- with no interface list it follows interfaces that appear and go;
- with `option confirm '1'` on a LAN without a master browser it reports
  no_master_browser within seconds;
- SIGTERM ends it within a second, removing its socket.

usage: daemon_lifecycle_test.py LANWARDEN_BINARY
"""

import json
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import netlab  # noqa: E402

failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failures.append(what)


def wait_for(predicate, timeout, step=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return None


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    binary = sys.argv[1]
    netlab.require_lab()
    netlab.cleanup_stale()

    with netlab.Lab(hosts=1) as lab:
        host = lab.hosts[0]
        sock = os.path.join(lab.dir, "lw.sock")
        conf = os.path.join(lab.dir, "lanwarden.conf")
        log_path = os.path.join(lab.dir, "agent.log")

        def write_conf(interfaces, max_servers=1024, confirm=False, broken=False):
            lines = ["config agent", "\toption control_socket '%s'" % sock, "",
                     "config browser"]
            lines += ["\tlist interface '%s'" % i for i in interfaces]
            lines += ["\toption workgroup 'SPRINGFIELD'",
                      "\toption max_servers '%d'" % max_servers,
                      "\toption confirm '%d'" % (1 if confirm else 0)]
            if broken:
                lines.append("\toption os_level 'high'")
            with open(conf, "w") as f:
                f.write("\n".join(lines) + "\n")

        def status():
            r = lab.run(host, [binary, "status", "--json", "--socket", sock], timeout=10)
            return json.loads(r.stdout) if r.returncode == 0 else None

        def log_text():
            with open(log_path) as f:
                return f.read()

        write_conf([host.ifname])
        log = open(log_path, "w")
        agent = lab.popen(host, [binary, "run", "-f", "-c", conf], stdout=log, stderr=log)
        s = wait_for(status, 10)
        check(s is not None, "the daemon answers status")
        if s is None:
            print(log_text())
            return 1
        names = [i["name"] for i in s["interfaces"]]
        check(names == [host.ifname], "it listens on the configured interface (%s)" % names)
        check(s["interfaces"][0]["address"] == host.address, "with the interface's address")

        second = lab.run(host, [binary, "run", "-f", "-c", conf], timeout=10)
        check(second.returncode == 3 and "another lanwarden is already running on " + sock
              in second.stderr, "a second daemon on the same socket refuses to start: %r"
              % second.stderr.strip())

        # A reload that changes a limit keeps the sockets open.
        received_before = s["counters"]["interfaces"][host.ifname]["udp138"]["received"]
        netlab.udp_exchange(lab, host, [], netlab.BROADCAST, port=138, payload=b"\x00junk")
        write_conf([host.ifname], max_servers=10)
        agent.send_signal(signal.SIGHUP)
        s = wait_for(lambda: (lambda x: x if x and x["counters"]["config_reloads"] == 1
                              else None)(status()), 5)
        check(s is not None, "SIGHUP reloads the configuration")
        if s:
            check(s["counters"]["interfaces"][host.ifname]["udp138"]["received"]
                  >= received_before + 1,
                  "the unchanged interface kept its sockets (its counters went on)")
        check("iface.close" not in log_text(), "no interface was closed by the reload")

        write_conf([host.ifname], broken=True)
        agent.send_signal(signal.SIGHUP)
        time.sleep(0.5)
        s = status()
        check(s is not None and s["counters"]["config_reloads"] == 1,
              "a broken file is not applied and the daemon keeps answering")
        check(conf + ":" in log_text() and "os_level" in log_text(),
              "the log names the file, line and option of the broken reload")

        # Follow interfaces: with no list, every interface that is up.
        write_conf([], confirm=True)
        agent.send_signal(signal.SIGHUP)
        wait_for(lambda: (lambda x: x and x["counters"]["config_reloads"] == 2)(status()), 5)
        lab.run(host, ["ip", "link", "add", "lwx0", "type", "veth", "peer", "name", "lwx1"],
                check=True)
        lab.run(host, ["ip", "addr", "add", "198.51.100.1/24", "dev", "lwx0"], check=True)
        lab.run(host, ["ip", "link", "set", "lwx0", "up"], check=True)
        lab.run(host, ["ip", "link", "set", "lwx1", "up"], check=True)
        s = wait_for(lambda: (lambda x: x if x and "lwx0" in
                              [i["name"] for i in x["interfaces"]] else None)(status()), 5)
        check(s is not None, "an interface that appears is opened without a restart")
        lab.run(host, ["ip", "link", "del", "lwx0"], check=True)
        s = wait_for(lambda: (lambda x: x if x and "lwx0" not in
                              [i["name"] for i in x["interfaces"]] else None)(status()), 5)
        check(s is not None, "an interface that goes away is closed")

        # Active confirmation on a LAN without a master browser.
        s = wait_for(lambda: (lambda x: x if x and any(
            f["id"] == "no_master_browser" and f["workgroup"] == "SPRINGFIELD"
            for f in x["findings"]) else None)(status()), 5)
        check(s is not None, "with confirm on, an unanswered <1d> query reports "
              "no_master_browser within seconds")

        started = time.monotonic()
        agent.send_signal(signal.SIGTERM)
        try:
            code = agent.wait(timeout=5)
        except subprocess.TimeoutExpired:
            code = None
        elapsed = time.monotonic() - started
        check(code == 0 and elapsed < 1.0,
              "SIGTERM ends it cleanly within a second (exit %s after %.2f s)" % (code, elapsed))
        check(not os.path.exists(sock), "the control socket is removed")
        log.close()
        if failures:
            print("--- daemon log:\n" + log_text())
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
