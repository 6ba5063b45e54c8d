#!/usr/bin/env python3
"""Sends UDP datagrams from inside a lab host (run it with `ip netns exec`,
or Lab.run / Lab.popen).  Standard library only.

  udp_sender.py list --sport 138
      reads lines "ADDRESS PORT HEX" from stdin and sends each payload
      as soon as its line arrives, answering "sent N" on stdout after
      each, so that a test can send one datagram at a time.
  udp_sender.py flood --count 100000 --source 192.0.2.12 --to 192.0.2.255
                      [--workgroup SPRINGFIELD] [--prefix F]
      sends COUNT HostAnnouncements of distinct servers (F0000000,
      F0000001, ...) to workgroup<1D> at ADDRESS:138 as fast as it can,
      then prints "sent N in S s".

The source port is bound to --sport (138 unless told) with SO_REUSEADDR,
as a real NetBIOS node sends from it.
"""

import argparse
import os
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import browse_frames  # noqa: E402


def open_socket(sport):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)
    s.bind(("", sport))
    return s


def send_list(args):
    s = open_socket(args.sport)
    sent = 0
    while True:
        # readline on the binary buffer returns as soon as a line is there.
        line = sys.stdin.buffer.readline()
        if not line:
            break
        words = line.split()
        if not words:
            continue
        address, port = words[0].decode(), int(words[1])
        payload = bytes.fromhex(words[2].decode()) if len(words) > 2 else b""
        s.sendto(payload, (address, port))
        sent += 1
        print("sent %d" % sent, flush=True)
    return 0


def flood(args):
    s = open_socket(args.sport)
    # Build first, so that the send loop runs at full speed.
    payloads = [browse_frames.host_announcement(
                    args.source, "%s%07d" % (args.prefix, i), args.workgroup,
                    comment="forged %d" % i, dgm_id=i)
                for i in range(args.count)]
    print("built %d" % len(payloads), flush=True)
    target = (args.to, 138)
    began = time.monotonic()
    sent = 0
    for p in payloads:
        while True:
            try:
                s.sendto(p, target)
                break
            except (BlockingIOError, OSError) as e:
                # A full send queue: wait for the device, do not drop here.
                if getattr(e, "errno", None) not in (11, 105):
                    raise
                time.sleep(0.0005)
        sent += 1
    print("sent %d in %.2f s" % (sent, time.monotonic() - began), flush=True)
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    p = sub.add_parser("list")
    p.add_argument("--sport", type=int, default=138)
    p = sub.add_parser("flood")
    p.add_argument("--count", type=int, default=100000)
    p.add_argument("--source", required=True)
    p.add_argument("--to", required=True)
    p.add_argument("--workgroup", default="SPRINGFIELD")
    p.add_argument("--prefix", default="F")
    p.add_argument("--sport", type=int, default=138)
    args = parser.parse_args()
    return send_list(args) if args.mode == "list" else flood(args)


if __name__ == "__main__":
    sys.exit(main())
