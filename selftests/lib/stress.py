#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Load generators for kcong's stress selftests (selftests/stress_*.sh).
Each is bounded in time and count and prints one JSON object.

    stress.py switch HOST PORT --flows N --secs S --every-ms MS --algs A,B,...
        N bulk flows; every MS ms each flow's TCP_CONGESTION is set to the
        next algorithm of the list (flows start at different places in it).
        Reports the switches made, refused switches by errno, the median
        and largest time one setsockopt() took, the switcher's time on and
        waiting for a CPU, and per flow the bytes acknowledged in each
        second.  The switcher is a process of its own.

    stress.py flows HOST PORT --flows N --secs S --cc ALG
        N concurrent bulk flows with ALG from one process (non-blocking).
        Every flow is given its first data, then for S seconds each one the
        sender can write to is written to.  Reports the bytes acknowledged
        per flow in those seconds, the seconds they took and the first
        pass took, TcpExt memory-pressure counters over them, and the
        TCP_INFO of each flow that had nothing acknowledged in them.

    stress.py listen PORT --cc ALG --expect N --secs S
        A listener with TCP_CONGESTION = ALG; accepts until N children or S
        seconds and reports each child's algorithm as getsockopt sees it.

    stress.py connect HOST PORT --count N --secs S
        N connections to a listener opened at once, held until all are up
        (or S seconds), then closed.

    stress.py states HOST PORT --count N --algs A,B,... --unblock CMD
        N non-blocking connects that cannot complete yet (the caller drops
        the SYN-ACKs); each SYN_SENT socket is switched through the
        algorithms; CMD (a shell command) lets the handshakes through; each
        established socket sends, is shut down for writing (FIN_WAIT1/2 or
        CLOSING) and switched again, then closed with data still queued, so
        the kernel keeps it as an orphan.  Reports how many were switched in
        each state and the algorithms they ended with.

    stress.py netns --count N --parallel P [--timewait K] [--set KEY=VAL ...]
        N network namespaces, P at a time: each is created (unshare) with lo
        up, the sysctls KEY=VAL (names under /proc/sys, dots or slashes) are
        written, K connections over lo are closed to leave K TIME_WAIT
        sockets, and the namespace is left to die with them.  Reports the
        namespaces made, failed writes and the time taken.

    stress.py params --secs S --writers N FILE=V1,V2,... [...]
        N writer threads per parameter file write values from its list (good
        and bad alike) in random order for S seconds.  Reports, per file, the
        value before, the values whose write succeeded and the value at the
        end; the totals; and "stray": the files whose value at the end is
        neither one a write set nor the one before.

    stress.py overflow PORT --secs S [--rate R]
        Listen-queue pressure in the current namespace: a listener on
        127.0.0.1:PORT with a backlog of 0 that never accepts, and R
        non-blocking connects a second to it (at most 64 kept open, 16 per
        namespace for "guards", the oldest closed first), for S seconds.  Each one the full queue
        refuses counts in ListenDrops, which the flood guard watches.

    stress.py guards NS,NS,... --set KEY=VAL ... --expect KEY=VAL ...
                     --unload MODULE [--secs S]
        In each named namespace (/run/netns/NS): the sysctls KEY=VAL are
        written (names under /proc/sys, dots or slashes) and listen-queue
        pressure started as above, kept up until every namespace's guard
        has engaged (net.ipv4.tcp_syncookies = 1) or S seconds.  Then MODULE
        is unloaded with the pressure still on, and each namespace's
        sysctls are compared with the --expect values.  Reports the
        namespaces engaged, rmmod's exit status, and the namespaces whose
        values were all restored (with the first differences).
"""
import argparse
import ctypes
import errno
import json
import os
import resource
import selectors
import socket
import struct
import subprocess
import sys
import threading
import time

from tcpflow import tcp_info

STALL_FIELDS = ("state", "ca_state", "retransmits", "probes", "backoff", "rto",
                "unacked", "lost", "retrans", "snd_ssthresh", "snd_cwnd",
                "total_retrans", "last_data_sent", "segs_out", "data_segs_out",
                "notsent_bytes", "busy_time", "rwnd_limited", "sndbuf_limited")
MEM_COUNTERS = ("TCPMemoryPressures", "TCPMemoryPressuresChrono", "PruneCalled",
                "TCPRcvQDrop", "TCPBacklogDrop", "TCPWqueueTooBig")

TCP_CONGESTION = getattr(socket, "TCP_CONGESTION", 13)
CLONE_NEWNET = 0x40000000
LIBC = ctypes.CDLL(None, use_errno=True)
BUF = b"\0" * (1 << 16)


def acked(sock):
    """tcpi_bytes_acked of a socket (struct tcp_info offset 120)."""
    raw = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 232)
    return struct.unpack_from("<Q", raw, 120)[0] if len(raw) >= 128 else 0


def cc_of(sock):
    return sock.getsockopt(socket.IPPROTO_TCP, TCP_CONGESTION, 16).split(b"\0")[0].decode()


def connect(host, port, cc=None):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if cc:
        s.setsockopt(socket.IPPROTO_TCP, TCP_CONGESTION, cc.encode())
    s.settimeout(10)
    s.connect((host, port))
    return s


def per_second(socks, secs, stop):
    """Sample bytes acknowledged per flow once a second."""
    hist = [[] for _ in socks]
    last = [0] * len(socks)
    end = time.monotonic() + secs
    while time.monotonic() < end and not stop.is_set():
        time.sleep(min(1.0, max(0.0, end - time.monotonic())))
        for i, s in enumerate(socks):
            try:
                a = acked(s)
            except OSError:
                a = last[i]
            hist[i].append(a - last[i])
            last[i] = a
    return hist


def schedstat():
    """This thread's time on a CPU and waiting for one (s), /proc schedstat."""
    try:
        with open("/proc/thread-self/schedstat") as f:
            return [int(x) / 1e9 for x in f.read().split()[:2]]
    except (OSError, ValueError):
        return [0.0, 0.0]


def switch_loop(socks, algs, every_ms, secs):
    """Every every_ms, set each socket's TCP_CONGESTION to the next algorithm
    (socket i starts at algs[i]) for secs seconds.  Returns the switches made,
    the refusals by algorithm and errno, the time taken, and the median and
    largest time one setsockopt took (ms)."""
    refused, took = {}, []
    k = 0
    sched0 = schedstat()
    t0 = time.monotonic()
    while time.monotonic() - t0 < secs:
        for i, s in enumerate(socks):
            alg = algs[(k + i) % len(algs)]
            t = time.monotonic()
            try:
                s.setsockopt(socket.IPPROTO_TCP, TCP_CONGESTION, alg.encode())
                took.append(time.monotonic() - t)
            except OSError as e:
                key = f"{alg}:{errno.errorcode.get(e.errno, e.errno)}"
                refused[key] = refused.get(key, 0) + 1
        k += 1
        time.sleep(every_ms / 1000.0)
    elapsed = time.monotonic() - t0
    sched = [b - a for a, b in zip(sched0, schedstat())]
    took.sort()
    return {"switches": len(took), "refused": refused, "elapsed": elapsed,
            "switcher_cpu_s": round(sched[0], 3), "switcher_runqueue_s": round(sched[1], 3),
            "setsockopt_ms_median": round(1000 * took[len(took) // 2], 3) if took else None,
            "setsockopt_ms_max": round(1000 * took[-1], 3) if took else None}


def cmd_switch(a):
    algs = a.algs.split(",")
    socks = [connect(a.host, a.port) for _ in range(a.flows)]
    stop = threading.Event()

    # The switcher is a child process, forked before any thread starts: as
    # a thread it shared the interpreter lock with the senders, and
    # setsockopt() keeps that lock while it waits for the socket's (on the
    # debug kernel 5.6-8.4 switches a second as a thread, 11-16 as a
    # process, 2026-12-03).
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(rfd)
        res = switch_loop(socks, algs, a.every_ms, a.secs)
        os.write(wfd, json.dumps(res).encode())
        os._exit(0)
    os.close(wfd)

    def send(s):
        s.settimeout(0.2)
        while not stop.is_set():
            try:
                s.send(BUF)
            except socket.timeout:
                pass
            except OSError:
                return

    threads = [threading.Thread(target=send, args=(s,), daemon=True) for s in socks]
    for t in threads:
        t.start()
    hist = per_second(socks, a.secs, stop)
    with os.fdopen(rfd, "rb") as f:
        res = json.loads(f.read() or b"{}")
    os.waitpid(pid, 0)
    stop.set()
    for t in threads:
        t.join(2)
    final = [cc_of(s) for s in socks]
    for s in socks:
        s.close()
    res.setdefault("switches", 0)
    res.setdefault("refused", {"switcher:died": 1})
    res["switches_per_s"] = round(res["switches"] / max(res.get("elapsed", a.secs), 0.001), 1)
    res.update({"per_second": hist, "final_cc": final})
    return res


def tcpext(*names):
    """TcpExt counters of the current namespace (/proc/net/netstat)."""
    with open("/proc/net/netstat") as f:
        lines = f.read().splitlines()
    for head, values in zip(lines[::2], lines[1::2]):
        if head.startswith("TcpExt:"):
            d = dict(zip(head.split()[1:], map(int, values.split()[1:])))
            return {n: d.get(n, 0) for n in names}
    return {}


def cmd_flows(a):
    socks = []
    for _ in range(a.flows):
        s = connect(a.host, a.port, a.cc)
        s.setblocking(False)
        socks.append(s)
    # Every socket takes its first data before the clock starts.  On the
    # debug kernel one send() took about 57 ms and one pass over 200
    # sockets 11.5 s, longer than the whole 8 s run then was: the last
    # flows took their first data as it ended (2026-12-03).
    t = time.monotonic()
    for s in socks:
        try:
            s.send(BUF)
        except (BlockingIOError, InterruptedError):
            pass
    warmup = time.monotonic() - t
    sel = selectors.DefaultSelector()
    for i, s in enumerate(socks):
        sel.register(s, selectors.EVENT_WRITE, i)
    mem0 = tcpext(*MEM_COUNTERS)
    base = [acked(s) for s in socks]
    sends = [0] * len(socks)
    t0 = time.monotonic()
    end = t0 + a.secs
    while time.monotonic() < end:
        for key, _ in sel.select(timeout=0.2):
            if time.monotonic() >= end:
                break
            try:
                key.fileobj.send(BUF)
            except (BlockingIOError, InterruptedError):
                continue
            sends[key.data] += 1
    got = [acked(s) - b for s, b in zip(socks, base)]
    elapsed = time.monotonic() - t0
    ccs = sorted(set(cc_of(s) for s in socks))
    # A flow with nothing acknowledged in the timed seconds: where its
    # sender stands, to tell a run of timeouts from a window that never
    # opened or a socket the sender did not serve.
    stalled = []
    for i, (s, n) in enumerate(zip(socks, got)):
        if n <= 0:
            x = {k: v for k, v in tcp_info(s).items() if k in STALL_FIELDS}
            x.update(acked_before=base[i], sends=sends[i])
            stalled.append(x)
    mem1 = tcpext(*MEM_COUNTERS)
    for s in socks:
        s.close()
    return {"bytes": got, "secs": round(elapsed, 3), "warmup_s": round(warmup, 3),
            "cc": ccs, "stalled": stalled,
            "mem": {k: mem1[k] - mem0.get(k, 0) for k in mem1}}


def cmd_listen(a):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.setsockopt(socket.IPPROTO_TCP, TCP_CONGESTION, a.cc.encode())
    srv.bind(("0.0.0.0", a.port))
    srv.listen(4096)
    srv.settimeout(0.5)
    children, end = [], time.monotonic() + a.secs
    while len(children) < a.expect and time.monotonic() < end:
        try:
            c, _ = srv.accept()
            children.append(c)
        except socket.timeout:
            pass
    seen = {}
    for c in children:
        cc = cc_of(c)
        seen[cc] = seen.get(cc, 0) + 1
    for c in children:
        c.close()
    srv.close()
    return {"accepted": len(children), "cc": seen}


def cmd_connect(a):
    """COUNT connections opened at once (non-blocking), held until all are
    up or SECS have passed, then closed."""
    socks = []
    for _ in range(a.count):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        try:
            s.connect((a.host, a.port))
        except BlockingIOError:
            pass
        except OSError:
            s.close()
            break
        socks.append(s)
    sel = selectors.DefaultSelector()
    for s in socks:
        sel.register(s, selectors.EVENT_WRITE)
    up, end = 0, time.monotonic() + a.secs
    while sel.get_map() and time.monotonic() < end:
        for key, _ in sel.select(timeout=0.5):
            up += key.fileobj.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0
            sel.unregister(key.fileobj)
    # The listener accepts what it has queued before the peers close.
    time.sleep(1)
    for s in socks:
        s.close()
    return {"connected": up}


def cmd_states(a):
    algs = a.algs.split(",")
    socks, switched = [], {"syn_sent": 0, "closing": 0}
    for _ in range(a.count):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        try:
            s.connect((a.host, a.port))
        except BlockingIOError:
            pass
        socks.append(s)
    for k in range(3):
        for i, s in enumerate(socks):
            s.setsockopt(socket.IPPROTO_TCP, TCP_CONGESTION, algs[(i + k) % len(algs)].encode())
            switched["syn_sent"] += 1
    os.system(a.unblock)
    sel = selectors.DefaultSelector()
    for s in socks:
        sel.register(s, selectors.EVENT_WRITE)
    up, end = set(), time.monotonic() + 10
    while len(up) < len(socks) and time.monotonic() < end:
        for key, _ in sel.select(timeout=0.5):
            if key.fileobj.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0:
                up.add(key.fileobj)
            sel.unregister(key.fileobj)
    ends = {}
    for i, s in enumerate(socks):
        if s not in up:
            continue
        try:
            s.send(BUF)
            s.shutdown(socket.SHUT_WR)
            for k in range(3):
                s.setsockopt(socket.IPPROTO_TCP, TCP_CONGESTION,
                             algs[(i + k + 1) % len(algs)].encode())
                switched["closing"] += 1
            cc = cc_of(s)
            ends[cc] = ends.get(cc, 0) + 1
        except OSError:
            pass
    for s in socks:
        s.close()
    return {"connected": len(up), "switched": switched, "final_cc": ends}


def cmd_params(a):
    import random
    files = {}
    for spec in a.specs:
        path, _, vals = spec.partition("=")
        files[path] = vals.split(",")
    ok = {p: set() for p in files}
    counts = {p: [0, 0] for p in files}
    before = {}
    for p in files:
        with open(p) as f:
            before[p] = f.read().strip()
    lock = threading.Lock()
    end = time.monotonic() + a.secs

    def writer(path, seed):
        rnd = random.Random(seed)
        while time.monotonic() < end:
            v = rnd.choice(files[path])
            try:
                with open(path, "w") as f:
                    f.write(v)
                good = True
            except OSError:
                good = False
            with lock:
                counts[path][0 if good else 1] += 1
                if good:
                    ok[path].add(v)

    threads = [threading.Thread(target=writer, args=(p, i * 1000 + j))
               for i, p in enumerate(files) for j in range(a.writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out, stray = {}, []
    for p in files:
        with open(p) as f:
            final = f.read().strip()
        out[p] = {"before": before[p], "accepted": sorted(ok[p]),
                  "writes_ok": counts[p][0], "writes_refused": counts[p][1],
                  "final": final}
        if final not in ok[p] | {before[p]}:
            stray.append(p)
    return {"files": out, "writes_ok": sum(c[0] for c in counts.values()),
            "writes_refused": sum(c[1] for c in counts.values()),
            "stray": stray}


def lo_up():
    import fcntl
    SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    req = struct.pack("16sH14x", b"lo", 0)
    flags = struct.unpack("16sH14x", fcntl.ioctl(s, SIOCGIFFLAGS, req))[1]
    fcntl.ioctl(s, SIOCSIFFLAGS, struct.pack("16sH14x", b"lo", flags | IFF_UP))
    s.close()


def one_netns(sets, timewait):
    """In a child: a namespace of its own, set up, TIME_WAIT left behind."""
    if LIBC.unshare(CLONE_NEWNET):
        raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWNET)")
    lo_up()
    failed = 0
    for key, val in sets:
        try:
            with open("/proc/sys/" + key.replace(".", "/"), "w") as f:
                f.write(val)
        except OSError:
            failed += 1
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(("127.0.0.1", 0))
    srv.listen(timewait + 1)
    for _ in range(timewait):
        c = socket.create_connection(srv.getsockname())
        a, _ = srv.accept()
        c.close()          # the active closer keeps the TIME_WAIT
        a.close()
    srv.close()
    return failed


def cmd_netns(a):
    sets = [kv.split("=", 1) for kv in a.set]
    t0, made, failed, errors = time.monotonic(), 0, 0, 0
    running = {}
    todo = a.count
    while todo or running:
        while todo and len(running) < a.parallel:
            r, w = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(r)
                try:
                    n = one_netns(sets, a.timewait)
                    os.write(w, str(n).encode())
                    os._exit(0)
                except BaseException:
                    os._exit(1)
            os.close(w)
            running[pid] = r
            todo -= 1
        pid, status = os.wait()
        r = running.pop(pid)
        out = os.read(r, 64)
        os.close(r)
        if status == 0 and out:
            made += 1
            failed += int(out)
        else:
            errors += 1
    return {"made": made, "errors": errors, "failed_writes": failed,
            "seconds": round(time.monotonic() - t0, 1)}


# --- kcong_policy ---------------------------------------------------------------


def setns(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        if LIBC.setns(fd, CLONE_NEWNET):
            raise OSError(ctypes.get_errno(), "setns " + path)
    finally:
        os.close(fd)


def sysctl_path(key):
    return "/proc/sys/" + key.replace(".", "/")


def sysctl_read(key):
    with open(sysctl_path(key)) as f:
        return f.read().strip()


def sysctl_write(key, val):
    with open(sysctl_path(key), "w") as f:
        f.write(val)


class Pressure:
    """A listener that never accepts and connects that overflow it."""

    def __init__(self, port, keep=64):
        self.srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.srv.bind(("127.0.0.1", port))
        self.srv.listen(0)
        self.port = port
        self.keep = keep
        self.open = []
        self.made = 0

    def burst(self, n):
        for _ in range(n):
            if len(self.open) >= self.keep:
                self.open.pop(0).close()
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setblocking(False)
            try:
                s.connect(("127.0.0.1", self.port))
            except (BlockingIOError, OSError):
                pass
            self.open.append(s)
            self.made += 1

    def close(self):
        for s in self.open:
            s.close()
        self.srv.close()


def cmd_overflow(a):
    p = Pressure(a.port)
    end = time.monotonic() + a.secs
    while time.monotonic() < end:
        p.burst(max(1, int(a.rate / 20)))
        time.sleep(0.05)
    p.close()
    return {"connects": p.made}


def cmd_guards(a):
    names = [n for n in a.ns.split(",") if n]
    sets = [kv.split("=", 1) for kv in a.set]
    expect = [kv.split("=", 1) for kv in a.expect]
    # 17 descriptors a namespace: raise the soft limit to the hard one.
    resource.setrlimit(resource.RLIMIT_NOFILE,
                       (resource.getrlimit(resource.RLIMIT_NOFILE)[1],) * 2)
    home = os.open("/proc/self/ns/net", os.O_RDONLY)
    pressure, failed_writes = {}, 0
    for n in names:
        setns("/run/netns/" + n)
        for key, val in sets:
            try:
                sysctl_write(key, val)
            except OSError:
                failed_writes += 1
        pressure[n] = Pressure(a.port, keep=16)
    engaged, end = set(), time.monotonic() + a.secs
    while len(engaged) < len(names) and time.monotonic() < end:
        for n in names:
            setns("/run/netns/" + n)
            if sysctl_read("net.ipv4.tcp_syncookies") == "1":
                engaged.add(n)
            pressure[n].burst(8)
        time.sleep(0.05)
    # Unload with the pressure still on: the guard stays engaged.
    for n in names:
        setns("/run/netns/" + n)
        pressure[n].burst(8)
    if LIBC.setns(home, CLONE_NEWNET):
        raise OSError(ctypes.get_errno(), "setns back")
    rc = subprocess.run(["rmmod", a.unload]).returncode
    restored, diffs = 0, []
    for n in names:
        setns("/run/netns/" + n)
        bad = [f"{k}={sysctl_read(k)} (want {v})" for k, v in expect
               if sysctl_read(k) != v]
        restored += not bad
        if bad and len(diffs) < 5:
            diffs.append(n + ": " + ", ".join(bad))
        pressure[n].close()
    return {"namespaces": len(names), "failed_writes": failed_writes,
            "engaged": len(engaged), "rmmod": rc, "restored": restored,
            "differences": diffs}


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("switch")
    p.add_argument("host")
    p.add_argument("port", type=int)
    p.add_argument("--flows", type=int, default=8)
    p.add_argument("--secs", type=float, default=10)
    p.add_argument("--every-ms", type=float, default=20)
    p.add_argument("--algs", required=True)
    p.set_defaults(fn=cmd_switch)
    p = sub.add_parser("flows")
    p.add_argument("host")
    p.add_argument("port", type=int)
    p.add_argument("--flows", type=int, default=100)
    p.add_argument("--secs", type=float, default=5)
    p.add_argument("--cc")
    p.set_defaults(fn=cmd_flows)
    p = sub.add_parser("listen")
    p.add_argument("port", type=int)
    p.add_argument("--cc", required=True)
    p.add_argument("--expect", type=int, default=100)
    p.add_argument("--secs", type=float, default=30)
    p.set_defaults(fn=cmd_listen)
    p = sub.add_parser("connect")
    p.add_argument("host")
    p.add_argument("port", type=int)
    p.add_argument("--count", type=int, default=100)
    p.add_argument("--secs", type=float, default=5)
    p.set_defaults(fn=cmd_connect)
    p = sub.add_parser("states")
    p.add_argument("host")
    p.add_argument("port", type=int)
    p.add_argument("--count", type=int, default=50)
    p.add_argument("--algs", required=True)
    p.add_argument("--unblock", required=True)
    p.set_defaults(fn=cmd_states)
    p = sub.add_parser("netns")
    p.add_argument("--count", type=int, default=100)
    p.add_argument("--parallel", type=int, default=8)
    p.add_argument("--timewait", type=int, default=0)
    p.add_argument("--set", action="append", default=[])
    p.set_defaults(fn=cmd_netns)
    p = sub.add_parser("params")
    p.add_argument("--secs", type=float, default=5)
    p.add_argument("--writers", type=int, default=2)
    p.add_argument("specs", nargs="+")
    p.set_defaults(fn=cmd_params)
    p = sub.add_parser("overflow")
    p.add_argument("port", type=int)
    p.add_argument("--secs", type=float, default=5)
    p.add_argument("--rate", type=float, default=200)
    p.set_defaults(fn=cmd_overflow)
    p = sub.add_parser("guards")
    p.add_argument("ns")
    p.add_argument("--port", type=int, default=5590)
    p.add_argument("--set", action="append", default=[])
    p.add_argument("--expect", action="append", default=[])
    p.add_argument("--unload", required=True)
    p.add_argument("--secs", type=float, default=20)
    p.set_defaults(fn=cmd_guards)
    a = ap.parse_args()
    json.dump(a.fn(a), sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
