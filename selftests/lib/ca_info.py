#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Print the congestion-control info of the TCP sockets of this network
namespace, as ss -ti reads it: one line per socket,

    "sport dport cc enabled rttcnt rtt minrtt"

from the inet_diag attributes INET_DIAG_CONG and INET_DIAG_VEGASINFO
(struct tcpvegas_info; "-" when the algorithm does not export it).
Usage: ca_info.py [--wait CC [--after S] [--timeout S]] [DPORT]
(only sockets to that destination port).  With --wait, dump every 0.1 s
until a socket with congestion control CC has its info enabled, then
print the dump S seconds (--after) later; exit 1 if none by --timeout:
a test starts it before its flow, since on a loaded debug-kernel guest a
python3 process takes up to 17 s to start (2026-12-03).
"""
import argparse
import socket
import struct
import sys
import time

NETLINK_SOCK_DIAG = 4
SOCK_DIAG_BY_FAMILY = 20
NLM_F_REQUEST, NLM_F_DUMP = 0x1, 0x300
NLMSG_ERROR, NLMSG_DONE = 2, 3
INET_DIAG_VEGASINFO, INET_DIAG_CONG = 3, 4
ALL_STATES = 0xfff


def dump(dport=None):
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_SOCK_DIAG)
    ext = (1 << (INET_DIAG_VEGASINFO - 1)) | (1 << (INET_DIAG_CONG - 1))
    req = struct.pack("=BBBBI", socket.AF_INET, socket.IPPROTO_TCP, ext, 0,
                      ALL_STATES) + bytes(48)
    hdr = struct.pack("=IHHII", 16 + len(req), SOCK_DIAG_BY_FAMILY,
                      NLM_F_REQUEST | NLM_F_DUMP, 1, 0)
    s.send(hdr + req)
    out = []
    while True:
        buf = s.recv(1 << 16)
        off = 0
        while off < len(buf):
            length, mtype = struct.unpack_from("=IH", buf, off)
            if mtype == NLMSG_DONE:
                return out
            if mtype == NLMSG_ERROR:
                raise SystemExit("inet_diag: netlink error")
            msg = buf[off + 16:off + length]
            sport, dp = struct.unpack_from("!HH", msg, 4)
            cc, vegas = "-", None
            a = 72
            while a + 4 <= len(msg):
                alen, atype = struct.unpack_from("=HH", msg, a)
                if alen < 4:
                    break
                data = msg[a + 4:a + alen]
                if atype == INET_DIAG_CONG:
                    cc = data.split(b"\0")[0].decode()
                elif atype == INET_DIAG_VEGASINFO and len(data) >= 16:
                    vegas = struct.unpack_from("=IIII", data)
                a += (alen + 3) & ~3
            if dport is None or dp == dport:
                v = " ".join(map(str, vegas)) if vegas else "- - - -"
                out.append(f"{sport} {dp} {cc} {v}")
            off += (length + 3) & ~3


def enabled(lines, cc):
    """Whether a socket of LINES runs CC with its info enabled."""
    return any(f[2] == cc and f[3] == "1" for f in (x.split() for x in lines))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wait", metavar="CC")
    ap.add_argument("--after", type=float, default=0.0)
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("dport", type=int, nargs="?")
    a = ap.parse_args()
    if a.wait:
        end = time.monotonic() + a.timeout
        while not enabled(dump(a.dport), a.wait):
            if time.monotonic() > end:
                return 1
            time.sleep(0.1)
        time.sleep(a.after)
    for line in dump(a.dport):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
