"""The lanwarden daemon in a netlab host, for tests (standard library).

    agent = Agent(lab, host, binary, interfaces=[host.ifname],
                  options={"max_servers": "1024"})
    agent.start()                   # `lanwarden run -c FILE -f`, waits for status
    status, seconds = agent.status()
    agent.stop()                    # SIGTERM; returns (exit code, seconds)

The configuration (UCI), the control socket and the daemon's stderr live
in a directory of the host (host.dir/<name>/).  The control socket is a
file, so `lanwarden status` runs in the machine's own namespace and needs
no `ip netns exec`.

Helpers read the status JSON the way a script of an administrator would:
workgroup(), server_names(), finding_ids(), malformed_counts().
"""

import json
import os
import signal
import socket
import subprocess
import time

import netlab


class AgentError(RuntimeError):
    pass


def binary_from(argv, env="LANWARDEN"):
    """The lanwarden binary: argv[1] (CTest passes $<TARGET_FILE:lanwarden>)
    or $LANWARDEN; skips the test when neither names an executable."""
    path = argv[1] if len(argv) > 1 else os.environ.get(env, "")
    if not path or not os.access(path, os.X_OK):
        netlab.skip("no lanwarden binary (argument or $%s): %r" % (env, path))
    return os.path.abspath(path)


class Agent:
    def __init__(self, lab, host, binary, name="agent", interfaces=None,
                 workgroup=None, options=None, log_level="debug"):
        self.lab = lab
        self.host = host
        self.binary = binary
        self.name = name
        self.dir = os.path.join(host.dir, name)
        self.config = os.path.join(self.dir, "lanwarden.conf")
        self.socket = os.path.join(self.dir, "lanwarden.sock")
        self.stderr_path = os.path.join(self.dir, "stderr.log")
        self.interfaces = interfaces if interfaces is not None else [host.ifname]
        self.workgroup = workgroup
        self.options = dict(options or {})
        self.log_level = log_level
        self.process = None

    def __repr__(self):
        return "Agent(%s in %s)" % (self.name, self.host.namespace)

    def write_config(self):
        os.makedirs(self.dir, exist_ok=True)
        lines = ["config agent", "\toption control_socket '%s'" % self.socket, "",
                 "config browser"]
        lines += ["\tlist interface '%s'" % i for i in self.interfaces]
        if self.workgroup:
            lines.append("\toption workgroup '%s'" % self.workgroup)
        lines += ["\toption %s '%s'" % (k, v) for k, v in self.options.items()]
        with open(self.config, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        return self.config

    def start(self, timeout=10.0):
        """Starts the daemon in the foreground and returns once its control
        socket answers `status`; raises AgentError with its stderr if it
        exits or stays silent."""
        self.write_config()
        self._stderr = open(self.stderr_path, "w+", encoding="utf-8")
        argv = [self.binary, "run", "-c", self.config, "-f", "--log-level", self.log_level]
        self.process = self.lab.popen(self.host, argv, stdout=subprocess.DEVNULL,
                                      stderr=self._stderr)
        deadline = time.monotonic() + timeout
        last = ""
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AgentError("%s exited %d at start; stderr:\n%s" % (
                    self, self.process.returncode, self.stderr_text()))
            if os.path.exists(self.socket):
                result = self._status_call(timeout=5)
                if result.returncode == 0:
                    return self
                last = result.stderr
            time.sleep(0.05)
        raise AgentError("%s: no status within %.0f s (%s); stderr:\n%s" % (
            self, timeout, last.strip(), self.stderr_text()))

    @property
    def pid(self):
        # `ip netns exec` execs the program, so the child is the daemon.
        return self.process.pid

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def _status_call(self, timeout, json_output=True):
        argv = [self.binary, "status", "--socket", self.socket]
        if json_output:
            argv.insert(2, "--json")
        return subprocess.run(argv, capture_output=True, text=True, timeout=timeout)

    def status(self, timeout=10.0):
        """(status dict, seconds the call took); raises AgentError when
        `lanwarden status --json` fails or prints something else than JSON."""
        began = time.monotonic()
        result = self._status_call(timeout)
        took = time.monotonic() - began
        if result.returncode != 0:
            raise AgentError("status exited %d: %s" % (result.returncode,
                                                       result.stderr.strip()))
        try:
            return json.loads(result.stdout), took
        except ValueError as e:
            raise AgentError("status --json printed no JSON (%s):\n%s" % (e, result.stdout))

    def request(self, request=None, timeout=10.0):
        """One request straight on the control socket (one JSON line out,
        one JSON line back), without the `lanwarden status` client:
        (answer dict, seconds, bytes of the answer)."""
        began = time.monotonic()
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(timeout)
            s.connect(self.socket)
            s.sendall((json.dumps(request or {"method": "status"}) + "\n").encode())
            chunks = []
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        took = time.monotonic() - began
        data = b"".join(chunks)
        try:
            return json.loads(data), took, len(data)
        except ValueError as e:
            raise AgentError("the control socket answered no JSON (%s): %r" % (e, data[:200]))

    def status_table(self, timeout=10.0):
        result = self._status_call(timeout, json_output=False)
        return result.returncode, result.stdout + result.stderr

    def stderr_text(self):
        try:
            with open(self.stderr_path, encoding="utf-8", errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def proc_status(self):
        """/proc/PID/status of the daemon as a dict of strings."""
        fields = {}
        with open("/proc/%d/status" % self.pid, encoding="ascii") as f:
            for line in f:
                key, _, value = line.partition(":")
                fields[key] = value.strip()
        return fields

    def rss_kb(self):
        return int(self.proc_status()["VmRSS"].split()[0])

    def stop(self, sig=signal.SIGTERM, grace=5.0):
        """Signals the daemon and waits; returns (exit code, seconds it took
        to exit), the code None when it had to be killed."""
        if self.process is None:
            return None, 0.0
        began = time.monotonic()
        self.process.send_signal(sig)
        try:
            code = self.process.wait(grace)
        except subprocess.TimeoutExpired:
            code = None
        took = time.monotonic() - began
        self.lab.stop(self.process)
        return code, took


def analyze(binary, pcap, timeout=60):
    """`lanwarden analyze PCAP --json` as a dict; raises AgentError when it
    fails or prints no JSON."""
    result = subprocess.run([binary, "analyze", pcap, "--json"], capture_output=True,
                            text=True, timeout=timeout)
    if result.returncode != 0:
        raise AgentError("analyze %s exited %d: %s" % (pcap, result.returncode,
                                                       result.stderr.strip()))
    try:
        return json.loads(result.stdout)
    except ValueError as e:
        raise AgentError("analyze --json printed no JSON (%s):\n%s" % (e, result.stdout))


# -- reading status ----------------------------------------------------------

def workgroup(status, name, interface=None):
    """The status entry of workgroup `name` (on `interface`), or None."""
    for w in status.get("workgroups", []):
        if w.get("name") == name and (interface is None or w.get("interface") == interface):
            return w
    return None


def master(status, name, interface=None):
    """(name, address) of the workgroup's master browser, or None."""
    w = workgroup(status, name, interface)
    m = w and w.get("master_browser")
    return (m.get("name"), m.get("address")) if m else None


def server_names(status, name, interface=None):
    w = workgroup(status, name, interface)
    return sorted(s.get("name") for s in (w or {}).get("servers", []))


def server_count(status):
    return sum(len(w.get("servers", [])) for w in status.get("workgroups", []))


def election_count(status, name, interface=None):
    w = workgroup(status, name, interface)
    return ((w or {}).get("elections") or {}).get("count", 0)


def finding_ids(status, workgroup_name=None):
    return sorted(f.get("id") for f in status.get("findings", [])
                  if workgroup_name is None or f.get("workgroup") == workgroup_name)


def counter_sum(status, key):
    """Sum of every counter called `key` anywhere under status["counters"]
    (the daemon may keep them per interface)."""
    def walk(node):
        if isinstance(node, dict):
            total = 0
            for k, v in node.items():
                if k == key and isinstance(v, (int, float)) and not isinstance(v, bool):
                    total += v
                else:
                    total += walk(v)
            return total
        if isinstance(node, list):
            return sum(walk(v) for v in node)
        return 0
    return walk(status.get("counters", {}))


def malformed_counts(status):
    """(name service, datagram service) malformed packet counters."""
    return counter_sum(status, "nbns_malformed"), counter_sum(status, "nbdgm_malformed")


def wait_for(what, probe, timeout, interval=0.5, progress=None):
    """Calls probe() until it returns a true value or timeout seconds
    pass; returns (value, seconds waited).  The value is the last probe
    result (false on timeout)."""
    began = time.monotonic()
    value = None
    while True:
        value = probe()
        if value or time.monotonic() - began > timeout:
            return value, time.monotonic() - began
        if progress:
            progress()
        time.sleep(interval)
