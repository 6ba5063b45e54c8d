#!/usr/bin/env python3
"""tshark as the judge of wire format, for tests (Python standard library).

  problems(path)          lines of packets tshark marks malformed or with an
                          expert item of severity warning or error; empty
                          when the capture is clean.
  fields(path, names)     one dict per packet: field name -> list of values.
  summary(path)           tshark's one-line summary of every packet.
  write_udp_pcap(path, datagrams)
                          a classic pcap (Ethernet, IPv4, UDP, checksums
                          filled in) around payloads, so that bytes an
                          encoder produced can be shown to tshark.
  cut_pcap(src, dst, until)
                          the packets of a classic pcap up to a time.

As a script: `tshark_judge.py FILE.pcap [FIELD...]` prints the problems
(exit 1 if any) and, with fields, one tab-separated line per packet.
"""

import shutil
import struct
import subprocess
import sys

# Expert severities are bit values (comment 0x00100000, chat 0x00200000,
# note 0x00400000, warning 0x00600000, error 0x00800000): a packet is a
# problem when it is malformed or tshark warns about it or worse.
PROBLEM_FILTER = "_ws.malformed || _ws.expert.severity >= 0x00600000"


class JudgeError(RuntimeError):
    pass


def available():
    return shutil.which("tshark") is not None


def _tshark(args, timeout=60):
    result = subprocess.run(["tshark", "-n", *args], capture_output=True, text=True,
                            timeout=timeout)
    if result.returncode != 0:
        raise JudgeError("tshark %s: exit %d: %s" % (" ".join(args), result.returncode,
                                                     result.stderr.strip()))
    return result.stdout


def problems(path):
    """Summary lines of every packet tshark finds malformed or flags with an
    expert item of severity warning or error."""
    out = _tshark(["-r", path, "-Y", PROBLEM_FILTER])
    return [line for line in out.splitlines() if line.strip()]


def summary(path, display_filter=None):
    args = ["-r", path]
    if display_filter:
        args += ["-Y", display_filter]
    return [line for line in _tshark(args).splitlines() if line.strip()]


def fields(path, names, display_filter=None):
    """One dict per packet (after display_filter) mapping each field name to
    the list of its values in that packet (empty when absent).  frame.number
    is always included, so results can be matched to the reader's records."""
    names = list(names)
    wanted = ["frame.number"] + [n for n in names if n != "frame.number"]
    args = ["-r", path, "-T", "fields", "-E", "separator=\t", "-E", "occurrence=a",
            "-E", "aggregator=\x1f"]
    for n in wanted:
        args += ["-e", n]
    if display_filter:
        args += ["-Y", display_filter]
    rows = []
    for line in _tshark(args).splitlines():
        cells = line.split("\t")
        cells += [""] * (len(wanted) - len(cells))
        rows.append({n: (c.split("\x1f") if c else []) for n, c in zip(wanted, cells)})
    return rows


# -- writing pcap files ------------------------------------------------------

def _checksum(data, start=0):
    if len(data) % 2:
        data += b"\0"
    total = start + sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total > 0xFFFF:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def _ipv4(text):
    return bytes(int(p) for p in text.split("."))


def _mac(address):
    raw = _ipv4(address)
    return b"\xff" * 6 if raw[3] == 255 else b"\x02\x00" + raw


def udp_frame(src, dst, sport, dport, payload):
    """Ethernet + IPv4 + UDP bytes around payload; addresses as text."""
    udp_len = 8 + len(payload)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + udp_len, 0, 0x4000, 64, 17, 0,
                     _ipv4(src), _ipv4(dst))
    ip = ip[:10] + struct.pack("!H", _checksum(ip)) + ip[12:]
    pseudo = _ipv4(src) + _ipv4(dst) + struct.pack("!BBH", 0, 17, udp_len)
    udp = struct.pack("!HHHH", sport, dport, udp_len, 0) + payload
    sum_ = _checksum(pseudo + udp) or 0xFFFF
    udp = udp[:6] + struct.pack("!H", sum_) + udp[8:]
    return _mac(dst) + _mac(src) + b"\x08\x00" + ip + udp


def write_udp_pcap(path, datagrams, start_time=1700000000.0):
    """datagrams: iterable of (src, dst, sport, dport, payload) or with a
    sixth element, the time in seconds.  Writes little-endian microsecond
    pcap, link type Ethernet."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i, d in enumerate(datagrams):
            when = d[5] if len(d) > 5 else start_time + i * 0.001
            frame = udp_frame(*d[:5])
            sec = int(when)
            usec = int(round((when - sec) * 1e6))
            f.write(struct.pack("<IIII", sec, usec, len(frame), len(frame)))
            f.write(frame)


def cut_pcap(src, dst, until):
    """Copies the classic pcap src to dst with only the packets captured
    at or before `until` (seconds since the epoch, as time.time());
    returns how many were kept."""
    with open(src, "rb") as f:
        data = f.read()
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        order = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        order = ">"
    else:
        raise JudgeError("%s is not a classic pcap file" % src)
    # Nanosecond files (magic a1b23c4d) keep nanoseconds in the second field.
    fraction = 1e9 if magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d") else 1e6
    out = bytearray(data[:24])
    offset = 24
    kept = 0
    while offset + 16 <= len(data):
        sec, frac, incl, _ = struct.unpack(order + "IIII", data[offset:offset + 16])
        end = offset + 16 + incl
        if end > len(data) or sec + frac / fraction > until:
            break
        out += data[offset:end]
        offset = end
        kept += 1
    with open(dst, "wb") as f:
        f.write(out)
    return kept


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    path = argv[1]
    bad = problems(path)
    for line in bad:
        print("PROBLEM: " + line)
    if len(argv) > 2:
        for row in fields(path, argv[2:]):
            print("\t".join(",".join(row[n]) for n in ["frame.number"] + argv[2:]
                            if n in row))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
