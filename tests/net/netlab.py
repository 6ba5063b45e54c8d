#!/usr/bin/env python3
"""A throwaway LAN of network namespaces for tests (Python standard library).

One namespace holds a bridge; each host is a namespace with a veth pair to
that bridge and an address 192.0.2.(10+i)/24.  There is no default route and
no interface in the machine's own namespace, so nothing a test sends can
leave the lab.  Namespace names are "<prefix><pid>-<n>-sw" and
"<prefix><pid>-<n>-h<i>", so parallel runs never collide, and
cleanup_stale() can tell a leftover (its pid is dead) from a live run.

Teardown kills every process inside each namespace and deletes it; it runs
on leaving the `with` block, at interpreter exit (atexit), and on SIGTERM,
SIGINT and SIGHUP.  A SIGKILLed run leaves namespaces behind: the next run's
cleanup_stale() removes them.

    with netlab.Lab(hosts=3) as lab:
        h1, h2, h3 = lab.hosts
        nmbd = lab.start_nmbd(h1, netbios_name="NAS01", os_level=65,
                              preferred_master=True)
        print(lab.run(h3, ["nmblookup", "-M", "SPRINGFIELD"]).stdout)

Tests that use it need root and `ip netns`; require_lab() exits with 77
(CTest's SKIP_RETURN_CODE) and a message when either is missing.
"""

import atexit
import itertools
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

DEFAULT_PREFIX = "lwt"
SUBNET = "192.0.2"
PREFIX_LENGTH = 24
BROADCAST = SUBNET + ".255"
SKIP = 77

_sequence = itertools.count(1)
_live_labs = []


class LabError(RuntimeError):
    pass


def skip(message):
    """Ends a test script as skipped (CTest SKIP_RETURN_CODE 77)."""
    print("SKIP: " + message, file=sys.stderr)
    sys.exit(SKIP)


def require_lab(*programs):
    """Skips the test unless we are root, `ip netns` works and every named
    program is installed."""
    if os.geteuid() != 0:
        skip("needs root for network namespaces")
    if shutil.which("ip") is None:
        skip("needs iproute2 (`ip`)")
    probe = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True)
    if probe.returncode != 0:
        skip("`ip netns` is not available: " + probe.stderr.strip())
    for program in programs:
        if shutil.which(program) is None:
            skip("needs " + program)


def _ip(*args, check=True):
    result = subprocess.run(["ip", *args], capture_output=True, text=True)
    if check and result.returncode != 0:
        raise LabError("ip %s: %s" % (" ".join(args), result.stderr.strip()))
    return result


def list_namespaces():
    out = _ip("netns", "list", check=False).stdout
    # Lines look like "name" or "name (id: 3)".
    return [line.split()[0] for line in out.splitlines() if line.strip()]


def _pids_in(namespace):
    out = _ip("netns", "pids", namespace, check=False).stdout
    return [int(p) for p in out.split() if p.isdigit()]


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def kill_namespace(namespace, grace=2.0):
    """SIGTERM everything in the namespace, SIGKILL what is left after
    `grace` seconds, then delete the namespace."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        pids = _pids_in(namespace)
        for pid in pids:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + grace
        while pids and time.monotonic() < deadline:
            pids = [p for p in pids if _alive(p)]
            time.sleep(0.05)
        if not pids:
            break
    _ip("netns", "del", namespace, check=False)


def cleanup_stale(prefix=DEFAULT_PREFIX):
    """Deletes namespaces and temporary directories of earlier runs with
    this prefix whose process is gone.  Returns the namespaces' names."""
    def stale(name):
        pid_text = name[len(prefix):].split("-", 1)[0]
        return name.startswith(prefix) and pid_text.isdigit() and not _alive(int(pid_text))

    removed = []
    for namespace in list_namespaces():
        if stale(namespace):
            kill_namespace(namespace)
            removed.append(namespace)
    # The run's host directories (smb.conf, logs, captures).
    tmp = tempfile.gettempdir()
    for name in os.listdir(tmp):
        path = os.path.join(tmp, name)
        if stale(name) and os.path.isdir(path):
            shutil.rmtree(path, ignore_errors=True)
    return removed


class Host:
    def __init__(self, lab, index):
        self.index = index
        self.namespace = "%s-h%d" % (lab.run_name, index)
        self.ifname = "v%d" % index
        self.address = "%s.%d" % (SUBNET, 10 + index)
        self.dir = os.path.join(lab.dir, "h%d" % index)

    def __repr__(self):
        return "Host(%s %s)" % (self.namespace, self.address)


class Nmbd:
    """A Samba nmbd running in the foreground inside one host."""

    def __init__(self, host, process, conf, log):
        self.host = host
        self.process = process
        self.conf = conf
        self.log = log

    def log_text(self):
        try:
            with open(self.log, encoding="utf-8", errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""


def _stop_process(process, sig=signal.SIGTERM, grace=5.0):
    if process.poll() is not None:
        return process.returncode
    process.send_signal(sig)
    try:
        return process.wait(grace)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait()


def _on_signal(signum, frame):
    # Turn the signal into an exception so `with` blocks unwind and tear
    # down; atexit covers what is left.
    raise SystemExit(128 + signum)


class Lab:
    def __init__(self, hosts=3, prefix=DEFAULT_PREFIX, keep_dir=False):
        if not 1 <= hosts <= 200:
            raise ValueError("hosts must be 1..200")
        self.run_name = "%s%d-%d" % (prefix, os.getpid(), next(_sequence))
        self.switch = self.run_name + "-sw"
        self.dir = tempfile.mkdtemp(prefix=self.run_name + "-")
        self.keep_dir = keep_dir
        self.hosts = [Host(self, i) for i in range(1, hosts + 1)]
        self._processes = []
        self._namespaces = []
        self._closed = False

    # -- life cycle ---------------------------------------------------------

    def __enter__(self):
        _live_labs.append(self)
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            if signal.getsignal(sig) in (signal.SIG_DFL, signal.default_int_handler):
                signal.signal(sig, _on_signal)
        try:
            self._build()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def _add_namespace(self, name):
        _ip("netns", "add", name)
        self._namespaces.append(name)
        _ip("-n", name, "link", "set", "lo", "up")

    def _build(self):
        self._add_namespace(self.switch)
        _ip("-n", self.switch, "link", "add", "br0", "type", "bridge")
        _ip("-n", self.switch, "link", "set", "br0", "up")
        for h in self.hosts:
            self._add_namespace(h.namespace)
            os.makedirs(h.dir)
            port = "p%d" % h.index
            # Both ends are created straight inside their namespaces: no
            # interface ever appears in the machine's own namespace.
            _ip("link", "add", h.ifname, "netns", h.namespace, "type", "veth",
                "peer", "name", port, "netns", self.switch)
            _ip("-n", self.switch, "link", "set", port, "master", "br0", "up")
            _ip("-n", h.namespace, "addr", "add",
                "%s/%d" % (h.address, PREFIX_LENGTH), "brd", BROADCAST, "dev", h.ifname)
            _ip("-n", h.namespace, "link", "set", h.ifname, "up")
        self._wait_carrier()

    def _wait_carrier(self, timeout=5.0):
        # The bridge ports go through learning; wait until every host link
        # says LOWER_UP so that the first packet is not lost.
        deadline = time.monotonic() + timeout
        for h in self.hosts:
            while True:
                out = _ip("-n", h.namespace, "link", "show", h.ifname).stdout
                if "LOWER_UP" in out or time.monotonic() > deadline:
                    break
                time.sleep(0.05)

    def close(self):
        if self._closed:
            return
        self._closed = True
        for p in reversed(self._processes):
            try:
                _stop_process(p, grace=2.0)
            except OSError:
                pass
        for name in reversed(self._namespaces):
            kill_namespace(name)
        if not self.keep_dir:
            shutil.rmtree(self.dir, ignore_errors=True)
        if self in _live_labs:
            _live_labs.remove(self)

    def leftovers(self):
        """Namespaces of this run that still exist (should be none after
        close())."""
        return [n for n in list_namespaces() if n.startswith(self.run_name + "-")]

    # -- running things in hosts ---------------------------------------------

    def argv(self, host, argv):
        return ["ip", "netns", "exec", host.namespace, *argv]

    def run(self, host, argv, timeout=30, check=False, **kwargs):
        """Runs argv inside host and waits; returns CompletedProcess with
        text stdout/stderr."""
        kwargs.setdefault("capture_output", True)
        kwargs.setdefault("text", True)
        result = subprocess.run(self.argv(host, argv), timeout=timeout, **kwargs)
        if check and result.returncode != 0:
            raise LabError("%s in %s exited %d: %s" % (
                argv[0], host.namespace, result.returncode, result.stderr))
        return result

    def popen(self, host, argv, **kwargs):
        """Starts argv inside host; the lab stops it on close."""
        process = subprocess.Popen(self.argv(host, argv), **kwargs)
        self._processes.append(process)
        return process

    def stop(self, process, sig=signal.SIGTERM, grace=5.0):
        code = _stop_process(process, sig, grace)
        if process in self._processes:
            self._processes.remove(process)
        return code

    # -- Samba ----------------------------------------------------------------

    def write_smb_conf(self, host, workgroup="SPRINGFIELD", netbios_name=None,
                       os_level=20, preferred_master=False, local_master=True,
                       domain_master=False, log_level=2, extra=None):
        """Writes host.dir/samba/smb.conf with private directories for every
        state Samba keeps, and returns its path.  nmblookup run with
        `-s PATH` then uses only this host's interface."""
        base = os.path.join(host.dir, "samba")
        dirs = {d: os.path.join(base, d)
                for d in ("lock", "state", "cache", "pid", "private", "log", "ncalrpc")}
        for d in dirs.values():
            os.makedirs(d, exist_ok=True)
        yes = lambda flag: "yes" if flag else "no"  # noqa: E731
        options = {
            "workgroup": workgroup,
            "netbios name": netbios_name or "HOST%d" % host.index,
            "interfaces": host.ifname,
            "bind interfaces only": "yes",
            "os level": str(os_level),
            "preferred master": yes(preferred_master),
            "local master": yes(local_master),
            "domain master": yes(domain_master),
            "lock directory": dirs["lock"],
            "state directory": dirs["state"],
            "cache directory": dirs["cache"],
            "pid directory": dirs["pid"],
            "private dir": dirs["private"],
            "ncalrpc dir": dirs["ncalrpc"],
            "log file": os.path.join(dirs["log"], "nmbd.log"),
            "log level": str(log_level),
            "disable spoolss": "yes",
            "load printers": "no",
        }
        options.update(extra or {})
        conf = os.path.join(base, "smb.conf")
        with open(conf, "w", encoding="utf-8") as f:
            f.write("[global]\n")
            for key, value in options.items():
                f.write("  %s = %s\n" % (key, value))
        return conf

    def start_nmbd(self, host, **conf_options):
        """Starts nmbd in host with its own smb.conf (see write_smb_conf)."""
        conf = self.write_smb_conf(host, **conf_options)
        log = os.path.join(host.dir, "samba", "log", "nmbd.log")
        process = self.popen(host, ["nmbd", "--foreground", "--no-process-group",
                                    "-s", conf],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.2)
        if process.poll() is not None:
            raise LabError("nmbd in %s exited at once (%d); log:\n%s" % (
                host.namespace, process.returncode, Nmbd(host, process, conf, log).log_text()))
        return Nmbd(host, process, conf, log)

    def stop_nmbd(self, nmbd, grace=5.0):
        """SIGTERM: nmbd releases its names and announces its shutdown."""
        return self.stop(nmbd.process, signal.SIGTERM, grace)

    def nmblookup(self, host, *args, timeout=30):
        conf = os.path.join(host.dir, "samba", "smb.conf")
        if not os.path.exists(conf):
            conf = self.write_smb_conf(host)
        return self.run(host, ["nmblookup", "-s", conf, *args], timeout=timeout)

    # -- capturing --------------------------------------------------------------

    def start_capture(self, host, path, capture_filter="udp port 137 or udp port 138",
                      interface=None, link_type=None, timeout=10.0):
        """Starts tshark in host writing classic pcap to path; returns once
        tshark says it is capturing.  interface defaults to the host's veth;
        "any" gives a Linux cooked capture (link_type LINUX_SLL or
        LINUX_SLL2)."""
        argv = ["tshark", "-i", interface or host.ifname, "-F", "pcap", "-w", path, "-q"]
        if capture_filter:
            argv += ["-f", capture_filter]
        if link_type:
            argv += ["-y", link_type]
        log = open(path + ".log", "w+", encoding="utf-8")
        process = self.popen(host, argv, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            log.seek(0)
            text = log.read()
            if "Capturing on" in text:
                # dumpcap has opened the interface; give it a moment to
                # install the filter.
                time.sleep(0.3)
                return process
            if process.poll() is not None:
                raise LabError("tshark exited: " + text)
            time.sleep(0.05)
        raise LabError("tshark did not start capturing")

    def stop_capture(self, process):
        # SIGINT makes tshark flush and close the file.
        return self.stop(process, signal.SIGINT, grace=10.0)


@atexit.register
def _close_all():
    for lab in list(_live_labs):
        lab.close()


def udp_exchange(lab, sender, receivers, address, port=40000, payload=b"netlab-probe",
                 timeout=5.0):
    """Sends one UDP datagram from sender to address:port with Python's
    socket module and returns, for each receiver, what it got (bytes, or
    None after timeout)."""
    receive_code = (
        "import socket,sys\n"
        "s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\n"
        "s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\n"
        "s.bind(('',%d)); s.settimeout(%f)\n"
        "print('ready',flush=True)\n"
        "try:\n"
        "    data,src=s.recvfrom(2048); sys.stdout.write(data.hex()+' '+src[0]+'\\n')\n"
        "except socket.timeout:\n"
        "    sys.stdout.write('timeout\\n')\n" % (port, timeout))
    listeners = []
    for r in receivers:
        p = lab.popen(r, [sys.executable, "-c", receive_code],
                      stdout=subprocess.PIPE, text=True)
        if p.stdout.readline().strip() != "ready":
            raise LabError("receiver in %s did not start" % r.namespace)
        listeners.append(p)
    send_code = (
        "import socket\n"
        "s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\n"
        "s.setsockopt(socket.SOL_SOCKET,socket.SO_BROADCAST,1)\n"
        "s.sendto(bytes.fromhex('%s'),('%s',%d))\n" % (payload.hex(), address, port))
    lab.run(sender, [sys.executable, "-c", send_code], check=True)
    results = []
    for p in listeners:
        out, _ = p.communicate(timeout=timeout + 5)
        lab.stop(p)
        words = out.split()
        results.append(bytes.fromhex(words[0]) if words and words[0] != "timeout" else None)
    return results
