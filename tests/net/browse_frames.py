"""NetBIOS datagrams built by hand, for tests that play a peer the lab
has no real program for: a browse client forcing an election, a forger
flooding host announcements, a sender of malformed datagrams.

Layouts follow RFC 1002 section 4.4 (NBDS header, names), the SMB
"mailslot write" transaction and [MS-BRWS] 2.2 (browser frames), as
summarised in the project's NetBIOS reference, sections 1.3 and 2.
Standard library only.

    datagram = browse_datagram("192.0.2.14", "CLIENT", "SPRINGFIELD", 0x1e,
                               request_election(0, 0, 0, "CLIENT"))

`malformed_nbds()` and `malformed_nbns()` return (label, bytes) pairs that
a careful decoder must drop.
"""

import struct

NBDS_PORT = 138
NBNS_PORT = 137

DIRECT_UNIQUE = 0x10
DIRECT_GROUP = 0x11
# First fragment, sender is an M node: what Samba puts in every datagram.
NBDS_FLAGS = 0x0A

BROWSE_MAILSLOT = b"\\MAILSLOT\\BROWSE\0"

HOST_ANNOUNCEMENT = 0x01
REQUEST_ELECTION = 0x08
LOCAL_MASTER_ANNOUNCEMENT = 0x0F

# Server type bits ([MS-BRWS] 2.2.1): a Samba member server.
SAMBA_MEMBER_TYPE = 0x00819A03


def encode_name(name, suffix, pad=b" "):
    """The 34-byte wire form of a NetBIOS name without scope: length byte
    0x20, the 16 raw bytes first-level encoded as letters, terminator."""
    raw = name.upper().encode("ascii")[:15].ljust(15, pad) + bytes([suffix])
    letters = bytearray()
    for b in raw:
        letters += bytes([0x41 + (b >> 4), 0x41 + (b & 0x0F)])
    return b"\x20" + bytes(letters) + b"\x00"


def _ipv4(text):
    return bytes(int(part) for part in text.split("."))


def nbds(msg_type, source_ip, source_name, dest_name, user_data, dgm_id=1):
    """A direct unique or group datagram (RFC 1002 4.4.2). source_name and
    dest_name are already encoded (encode_name)."""
    body = source_name + dest_name + user_data
    header = struct.pack("!BBH4sHHH", msg_type, NBDS_FLAGS, dgm_id & 0xFFFF,
                         _ipv4(source_ip), NBDS_PORT, len(body), 0)
    return header + body


def mailslot_write(frame, mailslot=BROWSE_MAILSLOT):
    """SMB_COM_TRANSACTION carrying one mailslot write of frame."""
    header = b"\xffSMB" + bytes([0x25]) + bytes(27)
    data_offset = 32 + 1 + 17 * 2 + 2 + len(mailslot)
    words = struct.pack(
        "<HHHHBBHIHHHHHBB3H",
        0, len(frame),      # total parameter and data counts
        0, 0, 0, 0,         # max parameter, max data, max setup, reserved
        0, 0, 0,            # flags, timeout, reserved
        0, data_offset,     # parameter count and offset (none, at the data)
        len(frame), data_offset,
        3, 0,               # setup count, reserved
        1, 1, 2)            # mailslot write, priority, class 2 (broadcast)
    return (header + bytes([17]) + words + struct.pack("<H", len(mailslot) + len(frame))
            + mailslot + frame)


def announcement(opcode, server, server_type=SAMBA_MEMBER_TYPE, comment="",
                 period_ms=720000, update_count=0, os_major=6, os_minor=1):
    """A HostAnnouncement (0x01) or LocalMasterAnnouncement (0x0F) frame."""
    name = server.upper().encode("ascii")[:15].ljust(16, b"\0")
    return (struct.pack("<BBI", opcode, update_count & 0xFF, period_ms) + name
            + struct.pack("<BBIBBH", os_major, os_minor, server_type, 15, 1, 0xAA55)
            + comment.encode("ascii") + b"\0")


def request_election(version, criteria, uptime_ms, server):
    """A RequestElection frame; version 0 and criteria 0 is the "force an
    election" probe a browse client sends when it finds no master."""
    return (struct.pack("<BBIII", REQUEST_ELECTION, version, criteria, uptime_ms, 0)
            + server.upper().encode("ascii") + b"\0")


def browse_datagram(source_ip, source_host, workgroup, dest_suffix, frame, dgm_id=1):
    """frame in a \\MAILSLOT\\BROWSE write from source_host<00> to
    workgroup<dest_suffix>: group datagram for <1E>, unique otherwise."""
    msg_type = DIRECT_GROUP if dest_suffix in (0x1E, 0x00, 0x01) else DIRECT_UNIQUE
    return nbds(msg_type, source_ip, encode_name(source_host, 0x00),
                encode_name(workgroup, dest_suffix), mailslot_write(frame), dgm_id)


def host_announcement(source_ip, server, workgroup, comment="", period_ms=720000,
                      dgm_id=1, server_type=SAMBA_MEMBER_TYPE):
    """The whole UDP payload of server's HostAnnouncement to workgroup<1D>."""
    frame = announcement(HOST_ANNOUNCEMENT, server, server_type, comment, period_ms)
    return browse_datagram(source_ip, server, workgroup, 0x1D, frame, dgm_id)


def force_election(source_ip, client, workgroup):
    """The whole UDP payload of a client's 0/0 RequestElection to
    workgroup<1E>."""
    return browse_datagram(source_ip, client, workgroup, 0x1E,
                           request_election(0, 0, 0, client))


def malformed_nbds(source_ip):
    """Datagrams for UDP 138 that no decoder may accept, each with a label."""
    good = host_announcement(source_ip, "BADINPUT", "SPRINGFIELD")
    smb_at = 14 + 34 + 34
    cases = [
        ("empty datagram", b""),
        ("header cut after 9 bytes", good[:9]),
        ("header only", good[:14]),
        ("source name cut", good[:30]),
        ("name length 0x3f instead of 0x20", good[:14] + b"\x3f" + good[15:]),
        ("compression pointer to itself", good[:14] + b"\xc0\x0e" + good[48:]),
        ("name letters outside A-P", good[:15] + b"Z" * 32 + good[47:]),
        ("DGM_LENGTH larger than the datagram",
         good[:10] + struct.pack("!H", 4000) + good[12:]),
        ("SMB magic wrong", good[:smb_at] + b"\xfeSMB" + good[smb_at + 4:]),
        ("SMB word count 200", good[:smb_at + 32] + b"\xc8" + good[smb_at + 33:]),
        ("SMB DataOffset past the end",
         good[:smb_at + 57] + struct.pack("<H", 0xFFF0) + good[smb_at + 59:]),
        ("SMB DataCount past the end",
         good[:smb_at + 55] + struct.pack("<H", 0x7FFF) + good[smb_at + 57:]),
        ("browser frame cut in the server name", good[:smb_at + 86 + 10]),
        ("unknown message type 0x7f", b"\x7f" + good[1:]),
        ("random bytes", bytes((i * 37 + 11) & 0xFF for i in range(180))),
    ]
    return cases


def malformed_nbns():
    """Datagrams for UDP 137 that no decoder may accept, each with a label."""
    question = encode_name("SPRINGFIELD", 0x1D) + struct.pack("!HH", 0x20, 1)
    good = struct.pack("!HHHHHH", 0x1234, 0x0110, 1, 0, 0, 0) + question
    return [
        ("empty datagram", b""),
        ("header cut after 5 bytes", good[:5]),
        ("question promised, none present", good[:12]),
        ("question name cut", good[:30]),
        ("name pointer loop", good[:12] + b"\xc0\x0c" + struct.pack("!HH", 0x20, 1)),
        ("name pointer past the end", good[:12] + b"\xc0\xff" + struct.pack("!HH", 0x20, 1)),
        ("name label of 63 bytes in a 50-byte datagram", good[:12] + b"\x3f" + good[13:]),
        ("65535 answers promised",
         struct.pack("!HHHHHH", 0x1235, 0x8580, 0, 0xFFFF, 0, 0) + question),
        ("registration with RDLENGTH past the end",
         struct.pack("!HHHHHH", 0x1236, 0x2910, 1, 0, 0, 1) + question
         + b"\xc0\x0c" + struct.pack("!HHIH", 0x20, 1, 0, 600) + b"\x00\x00"),
        ("random bytes", bytes((i * 53 + 7) & 0xFF for i in range(90))),
    ]
