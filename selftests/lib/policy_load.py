#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""policy_load.py - bounded TCP loads for kcong_policy's selftests.

  server PORT BACKLOG SECS     listen on PORT, accept, read to EOF, then
                               close (so the client closes first and keeps
                               the TIME_WAIT); exits after SECS
  paced HOST PORT RATE SECS    open and close one connection every 1/RATE s
                               for SECS, client closing first; a slot passed
                               by more than 1/RATE (the process was not
                               scheduled) is skipped, not caught up with a
                               burst; prints "attempts ok eaddrnotavail other
                               elapsed_s", and on stderr the slots skipped
                               and when the failures came
  legit HOST PORT RATE SECS T  start a connection attempt every 1/RATE s for
                               SECS, each in its own thread with connect
                               timeout T; prints "attempts ok failed"
  burst HOST PORT N            N connections back to back, client closing
                               first; prints "ok failed elapsed_s"
  hold HOST PORT SECS          one connection held open for SECS, then one
                               byte sent over it; prints "ok" if it still
                               works, "fail ERRNO" if it does not
  overflow PORT N              listen(0) on 127.0.0.1:PORT without accepting
                               and send N connection attempts at it, so that
                               the accept queue overflows (ListenDrops);
                               exits after one second
  watch SECS PERIOD_MS         every PERIOD_MS for SECS, one line from this
                               namespace's /proc/net/kcong_policy:
                               "t_ms events state", t_ms the wall clock in
                               ms, events ListenDrops + SyncookiesSent (what
                               the flood guard counts), state its guard_state

Every mode is bounded by its count or its SECS; nothing retries.
"""
import errno
import selectors
import socket
import sys
import threading
import time


def server(port, backlog, secs):
    sel = selectors.DefaultSelector()
    lsk = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lsk.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsk.bind(("0.0.0.0", port))
    lsk.listen(backlog)
    lsk.setblocking(False)
    sel.register(lsk, selectors.EVENT_READ)
    end = time.monotonic() + secs
    while time.monotonic() < end:
        for key, _ in sel.select(timeout=0.2):
            sk = key.fileobj
            if sk is lsk:
                try:
                    conn, _ = lsk.accept()
                except OSError:
                    continue
                conn.setblocking(False)
                sel.register(conn, selectors.EVENT_READ)
                continue
            try:
                data = sk.recv(4096)
            except OSError:
                data = b""
            if not data:
                sel.unregister(sk)
                sk.close()


def connect_close(host, port, timeout):
    """0 on success, else the errno of the failure."""
    sk = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sk.settimeout(timeout)
    try:
        sk.connect((host, port))
        return 0
    except socket.timeout:
        return errno.ETIMEDOUT
    except OSError as e:
        return e.errno or -1
    finally:
        sk.close()


def paced(host, port, rate, secs):
    n = ok = eaddr = other = skipped = 0
    fails = []
    t0 = time.monotonic()
    for i in range(int(rate * secs)):
        delay = t0 + i / rate - time.monotonic()
        if delay < -1.0 / rate:
            skipped += 1
            continue
        if delay > 0:
            time.sleep(delay)
        n += 1
        rc = connect_close(host, port, 2.0)
        if rc == 0:
            ok += 1
            continue
        fails.append(time.monotonic() - t0)
        if rc == errno.EADDRNOTAVAIL:
            eaddr += 1
        else:
            other += 1
    print(n, ok, eaddr, other, "%.2f" % (time.monotonic() - t0))
    span = "none" if not fails else "%.2f-%.2f s" % (fails[0], fails[-1])
    print(f"# paced {rate:g}/s: {skipped} slots skipped behind schedule; failures: {span}",
          file=sys.stderr)


def legit(host, port, rate, secs, timeout):
    n = int(rate * secs)
    results = [None] * n

    def attempt(i):
        results[i] = connect_close(host, port, timeout)

    threads = []
    t0 = time.monotonic()
    for i in range(n):
        delay = t0 + i / rate - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        t = threading.Thread(target=attempt, args=(i,))
        t.start()
        threads.append(t)
    for t in threads:
        t.join()
    ok = sum(1 for r in results if r == 0)
    print(n, ok, n - ok)


def burst(host, port, n):
    ok = 0
    t0 = time.monotonic()
    for _ in range(n):
        ok += connect_close(host, port, 2.0) == 0
    print(ok, n - ok, "%.2f" % (time.monotonic() - t0))


def still_carries(sk, errname=str):
    """Print "ok" if the connection sk still takes a byte and is not closed
    by the peer, else "fail" and why; close it."""
    try:
        sk.sendall(b"x")
        sk.settimeout(0.5)
        try:
            if sk.recv(1) == b"":
                print("fail EOF")
                return
        except socket.timeout:
            pass
        print("ok")
    except OSError as e:
        print("fail", errname(e.errno))
    finally:
        sk.close()


def hold(host, port, secs):
    sk = socket.create_connection((host, port), timeout=5)
    time.sleep(secs)
    still_carries(sk)


def overflow(port, n):
    lsk = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lsk.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsk.bind(("127.0.0.1", port))
    lsk.listen(0)
    clients = []
    for _ in range(n):
        sk = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sk.setblocking(False)
        sk.connect_ex(("127.0.0.1", port))
        clients.append(sk)
    time.sleep(1)
    for sk in clients:
        sk.close()
    lsk.close()


def watch(secs, period_ms):
    end = time.monotonic() + secs
    while time.monotonic() < end:
        vals = {}
        with open("/proc/net/kcong_policy") as f:
            for line in f:
                k, _, v = line.partition(" ")
                vals[k] = v.strip()
        events = int(vals.get("ListenDrops", 0)) + int(vals.get("SyncookiesSent", 0))
        print(int(time.time() * 1000), events, vals.get("guard_state", "?"), flush=True)
        time.sleep(period_ms / 1000.0)


def main(argv):
    mode, args = argv[1], argv[2:]
    if mode == "server":
        server(int(args[0]), int(args[1]), float(args[2]))
    elif mode == "paced":
        paced(args[0], int(args[1]), float(args[2]), float(args[3]))
    elif mode == "legit":
        legit(args[0], int(args[1]), float(args[2]), float(args[3]), float(args[4]))
    elif mode == "burst":
        burst(args[0], int(args[1]), int(args[2]))
    elif mode == "hold":
        hold(args[0], int(args[1]), float(args[2]))
    elif mode == "overflow":
        overflow(int(args[0]), int(args[1]))
    elif mode == "watch":
        watch(float(args[0]), float(args[1]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
