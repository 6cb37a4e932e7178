#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""policy_ns.py - namespaces, exact sysctl writes and TIME_WAIT loads for
kcong_policy's selftests.

  write FILE DATA...        open FILE once and write each DATA with one
                            write() call ('' is a zero-byte write); prints
                            one word per write: ok, or the errno's name
  set KNOB=VALUE...          write each net.kcong knob of the current
                            namespace; prints "KNOB=VALUE RESULT now=V"
  hold N SECS [--userns] [KNOB=VALUE...]
                            create N network namespaces and write each
                            net.kcong KNOB=VALUE in every one; --userns
                            makes each in a user namespace of its own (as
                            "unshare -Urn" does: works without privilege).
                            Prints "KNOB=VALUE ok=A EPERM=B ..." per knob,
                            then "ready PID FD" (FD: the first namespace,
                            as /proc/PID/fd/FD), and holds them until
                            SIGTERM or SECS
  onedrop PORT THRESHOLD TRIALS
                            in the current namespace: flood_guard=1, then
                            TRIALS times: write guard_threshold=THRESHOLD,
                            cause exactly one listen drop (an accept-queue
                            overflow on 127.0.0.1:PORT), write it again at
                            once; prints "drops D trials T" (D counted by
                            the kernel's ListenDrops + SyncookiesSent)
  twfill N PORT SECS        in the current namespace: N connections to
                            127.0.0.1..127.0.0.4:PORT, each closed by the
                            client first so that it keeps a TIME_WAIT
                            socket, at most SECS seconds; prints
                            "made M secs S"
  twpace RATE SECS PORT     as twfill, RATE connections per second for
                            SECS; prints "made M secs S"
  holdconn HOST PORT SECS   one connection held open until SIGUSR1 (or
                            SECS), then one byte sent over it; prints "ok"
                            if it still works, "fail ERRNO" if not

Every mode is bounded by its count or its SECS; nothing retries.
"""
import ctypes
import errno
import os
import resource
import signal
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from policy_load import still_carries  # noqa: E402

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
LIBC = ctypes.CDLL(None, use_errno=True)


def errname(e):
    return errno.errorcode.get(e, str(e))


def write_parts(path, parts):
    try:
        fd = os.open(path, os.O_WRONLY)
    except OSError as e:
        return [errname(e.errno)] * len(parts)
    out = []
    try:
        for data in parts:
            try:
                os.write(fd, data.encode())
                out.append("ok")
            except OSError as e:
                out.append(errname(e.errno))
    finally:
        os.close(fd)
    return out


def knob_writes(knobs):
    """Write each KNOB=VALUE here; the result word of each."""
    return [write_parts("/proc/sys/net/kcong/" + kv.split("=", 1)[0],
                        [kv.split("=", 1)[1] + "\n"])[0] for kv in knobs]


def knob_set(knobs):
    for kv, res in zip(knobs, knob_writes(knobs)):
        with open("/proc/sys/net/kcong/" + kv.split("=", 1)[0]) as f:
            print(kv, res, "now=" + f.read().strip())


def unshare(flags):
    if LIBC.unshare(flags) != 0:
        raise OSError(ctypes.get_errno(), "unshare")


def map_self_root(uid, gid):
    """Be root in the user namespace just made, as unshare -r does."""
    with open("/proc/self/setgroups", "w") as f:
        f.write("deny")
    with open("/proc/self/uid_map", "w") as f:
        f.write("0 %d 1" % uid)
    with open("/proc/self/gid_map", "w") as f:
        f.write("0 %d 1" % gid)


def userns_child(sock, knobs):
    """In a child: new user + network namespace, knobs, send back the fd."""
    uid, gid = os.getuid(), os.getgid()
    try:
        unshare(CLONE_NEWUSER | CLONE_NEWNET)
        map_self_root(uid, gid)
        res = knob_writes(knobs)
        fd = os.open("/proc/self/ns/net", os.O_RDONLY)
        socket.send_fds(sock, [" ".join(res).encode() or b"-"], [fd])
        os._exit(0)
    except OSError as e:
        sock.send(("fail " + errname(e.errno)).encode())
        os._exit(1)


def hold(n, secs, userns, knobs):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    if hard < n + 64:
        print("fail RLIMIT_NOFILE %d is below %d" % (hard, n + 64))
        return 1
    fds, counts = [], [dict() for _ in knobs]
    deadline = time.monotonic() + secs
    for _ in range(n):
        if time.monotonic() > deadline:
            break
        if userns:
            parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
            pid = os.fork()
            if pid == 0:
                parent.close()
                userns_child(child, knobs)
            child.close()
            msg, got, _, _ = socket.recv_fds(parent, 4096, 1)
            os.waitpid(pid, 0)
            parent.close()
            if not got:
                print(msg.decode())
                return 1
            fds.append(got[0])
            res = msg.decode().split() if knobs else []
        else:
            unshare(CLONE_NEWNET)
            res = knob_writes(knobs)
            fds.append(os.open("/proc/self/ns/net", os.O_RDONLY))
        for i, r in enumerate(res):
            counts[i][r] = counts[i].get(r, 0) + 1
    for kv, c in zip(knobs, counts):
        print(kv, " ".join("%s=%d" % (k, v) for k, v in sorted(c.items())))
    print("ready", os.getpid(), fds[0] if fds else -1, len(fds), flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    left = deadline - time.monotonic()
    if left > 0:
        time.sleep(left)
    return 0


def pressure():
    """ListenDrops + SyncookiesSent of the current namespace."""
    with open("/proc/net/netstat") as f:
        lines = f.read().splitlines()
    for names, values in zip(lines[::2], lines[1::2]):
        if names.startswith("TcpExt:"):
            d = dict(zip(names.split()[1:], map(int, values.split()[1:])))
            return d["ListenDrops"] + d["SyncookiesSent"]
    raise RuntimeError("no TcpExt in /proc/net/netstat")


def onedrop(port, threshold, trials):
    knob = "/proc/sys/net/kcong/guard_threshold"
    write_parts("/proc/sys/net/kcong/flood_guard", ["1\n"])
    lsk = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lsk.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsk.bind(("127.0.0.1", port))
    # listen(1): two connections complete into the accept queue, a third
    # SYN finds it full and is dropped (ListenDrops, no cookie).
    lsk.listen(1)
    held = [socket.create_connection(("127.0.0.1", port), timeout=2) for _ in range(2)]
    time.sleep(0.3)
    before = pressure()
    for _ in range(trials):
        write_parts(knob, ["%d\n" % threshold])
        sk = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sk.setblocking(False)
        sk.connect_ex(("127.0.0.1", port))
        time.sleep(0.005)
        sk.close()		# closed in SYN_SENT: no retransmitted SYN
        write_parts(knob, ["%d\n" % threshold])
        time.sleep(0.3)
    drops = pressure() - before
    for sk in held:
        sk.close()
    lsk.close()
    print("drops", drops, "trials", trials)


def twfill(n, port, secs, rate=0.0):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    lsk = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lsk.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsk.bind(("0.0.0.0", port))
    lsk.listen(4096)
    batch = 256 if not rate else max(1, int(rate / 50))
    made, t0 = 0, time.monotonic()
    dests = ["127.0.0.%d" % i for i in range(1, 5)]
    while made < n and time.monotonic() - t0 < secs:
        if rate:
            delay = t0 + made / rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        clients = []
        for i in range(min(batch, n - made)):
            sk = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            try:
                sk.connect((dests[(made + i) % len(dests)], port))
            except OSError:
                sk.close()
                continue
            clients.append(sk)
        for sk in clients:	# the client closes first: its TIME_WAIT
            sk.close()
        for _ in clients:
            conn, _ = lsk.accept()
            conn.close()
        made += len(clients)
    lsk.close()
    print("made", made, "secs", "%.2f" % (time.monotonic() - t0))


def holdconn(host, port, secs):
    signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])
    sk = socket.create_connection((host, port), timeout=5)
    print("held", flush=True)
    signal.sigtimedwait([signal.SIGUSR1], secs)
    still_carries(sk, errname)


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    mode, args = argv[1], argv[2:]
    if mode == "write":
        print(" ".join(write_parts(args[0], args[1:])))
    elif mode == "set":
        knob_set(args)
    elif mode == "hold":
        userns = "--userns" in args
        rest = [a for a in args[2:] if a != "--userns"]
        return hold(int(args[0]), float(args[1]), userns, rest)
    elif mode == "onedrop":
        onedrop(int(args[0]), int(args[1]), int(args[2]))
    elif mode == "twfill":
        twfill(int(args[0]), int(args[1]), float(args[2]))
    elif mode == "holdconn":
        holdconn(args[0], int(args[1]), float(args[2]))
    elif mode == "twpace":
        twfill(int(float(args[0]) * float(args[1])), int(args[2]), float(args[1]) + 5,
               float(args[0]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
