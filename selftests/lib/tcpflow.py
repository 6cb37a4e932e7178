#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A scripted TCP sender that watches its own socket, and the sink it sends
to.  The sender polls TCP_INFO (cwnd, ssthresh, srtt, pacing rate, CA state)
from a second thread while it runs a list of steps, so that a test can see
what the congestion control does at each step without ss, which is far too
slow to run as a process under emulation.

    tcpflow.py sink PORT [--secs S]
    tcpflow.py send HOST PORT [--cc NAME] [--every MS] [--out FILE] STEP...

Steps, run in order:
    bulk:S           send as fast as the socket takes data, S seconds
    drain            wait (at most 10 s) until everything written is sent and
                     acknowledged
    idle:S           send nothing for S seconds
    write:N          send N bytes once, then take a sample labelled "write"
    repeat:K:STEP... the STEPs after it (to the end), K times
    trickle:S:N:MS   N bytes every MS milliseconds for S seconds
    cc:NAME          setsockopt(TCP_CONGESTION, NAME), then a sample "cc"
    pace:BPS         setsockopt(SO_MAX_PACING_RATE, BPS bytes/s)
    nodelay          setsockopt(TCP_NODELAY): each write is sent at once
    sh:CMD           run CMD with /bin/sh (e.g. a tc change), wait for it
    snap:LABEL       take one sample labelled LABEL

The output is JSON: {"samples": [...]}, each sample a dict with t (s since
the start), step (the running step's index and text), label and the
TCP_INFO fields named below.
"""
import argparse
import json
import os
import socket
import struct
import subprocess
import sys
import threading
import time

TCP_CONGESTION = getattr(socket, "TCP_CONGESTION", 13)
SO_MAX_PACING_RATE = 47
# struct tcp_info up to tcpi_delivered (include/uapi/linux/tcp.h).
INFO = struct.Struct("<8B24I4Q2I4IQ3Q2I")
NAMES = ("state ca_state retransmits probes backoff options wscale flags "
         "rto ato snd_mss rcv_mss unacked sacked lost retrans fackets "
         "last_data_sent last_ack_sent last_data_recv last_ack_recv "
         "pmtu rcv_ssthresh rtt rttvar snd_ssthresh snd_cwnd advmss reordering "
         "rcv_rtt rcv_space total_retrans "
         "pacing_rate max_pacing_rate bytes_acked bytes_received segs_out segs_in "
         "notsent_bytes min_rtt data_segs_in data_segs_out delivery_rate "
         "busy_time rwnd_limited sndbuf_limited delivered delivered_ce").split()


def tcp_info(sock):
    raw = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, INFO.size)
    raw = raw.ljust(INFO.size, b"\0")
    return dict(zip(NAMES, INFO.unpack(raw)))


def sink(args):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("0.0.0.0", args.port))
    srv.listen(4096)
    srv.settimeout(1.0)
    deadline = time.monotonic() + args.secs

    def drain(conn):
        conn.settimeout(max(1.0, deadline - time.monotonic()))
        try:
            while conn.recv(1 << 16):
                pass
        except OSError:
            pass
        conn.close()

    while time.monotonic() < deadline:
        try:
            conn, _ = srv.accept()
        except socket.timeout:
            continue
        threading.Thread(target=drain, args=(conn,), daemon=True).start()


class Sender:
    def __init__(self, args):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if args.cc:
            self.sock.setsockopt(socket.IPPROTO_TCP, TCP_CONGESTION, args.cc.encode())
        self.sock.settimeout(10)
        self.sock.connect((args.host, args.port))
        self.t0 = time.monotonic()
        self.samples = []
        self.lock = threading.Lock()
        self.step = "connect"
        self.stop = threading.Event()
        self.every = args.every / 1000.0
        self.buf = b"\0" * (1 << 16)

    def sample(self, label):
        info = tcp_info(self.sock)
        cc = self.sock.getsockopt(socket.IPPROTO_TCP, TCP_CONGESTION, 16)
        info.update(t=round(time.monotonic() - self.t0, 6), step=self.step,
                    label=label, cc=cc.split(b"\0")[0].decode())
        with self.lock:
            self.samples.append(info)

    def poll(self):
        while not self.stop.wait(self.every):
            try:
                self.sample("poll")
            except OSError:
                return

    def send_for(self, secs):
        end = time.monotonic() + secs
        while time.monotonic() < end:
            self.sock.settimeout(max(0.01, end - time.monotonic()))
            try:
                self.sock.send(self.buf)
            except socket.timeout:
                pass

    def drain(self):
        end = time.monotonic() + 10
        while time.monotonic() < end:
            info = tcp_info(self.sock)
            if not info["unacked"] and not info["notsent_bytes"]:
                return
            time.sleep(0.005)

    def run(self, steps):
        poller = threading.Thread(target=self.poll, daemon=True)
        poller.start()
        for i, step in enumerate(steps):
            if step.startswith("repeat:"):
                count, _, first = step[len("repeat:"):].partition(":")
                steps = steps[:i] + ([first] + steps[i + 1:]) * int(count)
                break
        for i, step in enumerate(steps):
            self.step = f"{i}:{step}"
            kind, _, arg = step.partition(":")
            if kind == "bulk":
                self.send_for(float(arg))
            elif kind == "drain":
                self.drain()
            elif kind == "idle":
                time.sleep(float(arg))
            elif kind == "write":
                self.sock.settimeout(5)
                self.sock.sendall(bytes(int(arg)))
                self.sample("write")
            elif kind == "trickle":
                secs, n, ms = arg.split(":")
                end = time.monotonic() + float(secs)
                self.sock.settimeout(5)
                while time.monotonic() < end:
                    self.sock.sendall(self.buf[:int(n)])
                    time.sleep(float(ms) / 1000.0)
            elif kind == "cc":
                self.sock.setsockopt(socket.IPPROTO_TCP, TCP_CONGESTION, arg.encode())
                self.sample("cc")
            elif kind == "nodelay":
                self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            elif kind == "pace":
                self.sock.setsockopt(socket.SOL_SOCKET, SO_MAX_PACING_RATE, int(arg))
            elif kind == "sh":
                subprocess.run(arg, shell=True, check=True, timeout=30)
            elif kind == "snap":
                self.sample(arg)
            else:
                raise SystemExit(f"unknown step {step!r}")
        self.stop.set()
        poller.join()
        self.sample("end")
        self.sock.close()
        return self.samples


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("sink")
    p.add_argument("port", type=int)
    p.add_argument("--secs", type=float, default=120)
    p = sub.add_parser("send")
    p.add_argument("host")
    p.add_argument("port", type=int)
    p.add_argument("--cc")
    p.add_argument("--every", type=float, default=20, help="poll TCP_INFO every MS")
    p.add_argument("--out", default="-")
    p.add_argument("steps", nargs="+")
    args = ap.parse_args()
    if args.cmd == "sink":
        return sink(args)
    samples = Sender(args).run(args.steps)
    out = sys.stdout if args.out == "-" else open(args.out, "w")
    json.dump({"samples": samples}, out)
    out.write("\n")
    if out is not sys.stdout:
        out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
