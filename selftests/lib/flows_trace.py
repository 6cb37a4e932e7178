#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Goodput, shares and RTT of one or more flows over time, from a tracefs
dump of tcp:tcp_probe events (lib/cctrace.sh) whose filter took the flows'
destination ports.  On one clock for every flow, which iperf3's own
intervals are not.

tcp_probe fires on every segment a sender receives, with snd_una (what the
receiver has acknowledged: goodput, retransmissions not counted twice),
snd_cwnd, ssthresh and srtt.  A flow is the sender socket with the most
events towards a destination port (the other one is iperf3's control
connection).  Times below are seconds from the flow's first event.

    flows_trace.py startup TRACE --port P --cap MBIT [--secs 3]
        "goodput_mbit mean_srtt_ms t90_s" of the first SECS seconds; t90 is
        the end of the first 1-s window with 90 % of CAP ("-" if none)
    flows_trace.py share TRACE --port A --peer B [--after 8]
        While both flows ran: "share_a goodput_a goodput_b mean_srtt_a";
        then A alone, from AFTER seconds after B's last event on:
        "alone_srtt_a alone_goodput_a" ("- -" if A ended too soon)
    flows_trace.py converge TRACE --port A --peer B [--goal 0.95] [--win 2]
        Jain's index of the two goodputs over consecutive WIN-second windows
        from B's first event to the end of the shorter flow: "converge_s
        jain_last_10s windows", converge_s being the start of the first
        window from which every window reaches GOAL ("-" if none does)
"""
import argparse
import re
import sys

from cwnd_trace import before

EVENT = re.compile(r"\s(\d+\.\d+): tcp_probe: (.*)$")
FIELD = re.compile(r"(\w+)=(\S+)")


def load(path):
    """{dport: [(t, delivered_bytes, cwnd, ssthresh, srtt_us)]}."""
    flows = {}
    with open(path, errors="replace") as f:
        for line in f:
            m = EVENT.search(line)
            if not m:
                continue
            fl = dict(FIELD.findall(m.group(2)))
            try:
                sport = int(fl["src"].rsplit(":", 1)[1])
                dport = int(fl["dest"].rsplit(":", 1)[1])
                rec = (float(m.group(1)), int(fl["snd_una"], 16), int(fl["snd_cwnd"]),
                       int(fl["ssthresh"]), int(fl["srtt"]))
            except (KeyError, ValueError):
                continue
            flows.setdefault(dport, {}).setdefault(sport, []).append(rec)
    out = {}
    for dport, by_sport in flows.items():
        ev = sorted(max(by_sport.values(), key=len))
        prev, acc, res = ev[0][1], 0, []
        for t, una, cwnd, ss, srtt in ev:
            step = (una - prev) % (1 << 32)
            if step < (1 << 31):        # else an old snd_una, out of order
                acc += step
                prev = una
            res.append((t, acc, cwnd, ss, srtt))
        out[dport] = res
    return out


def delivered(ev, t):
    i = before(ev, t)
    return ev[i][1] if i >= 0 else 0


def mbit(ev, lo, hi):
    return (delivered(ev, hi) - delivered(ev, lo)) * 8 / (hi - lo) / 1e6 if hi > lo else 0.0


def mean_srtt_ms(ev, lo, hi, step=0.2):
    """The smoothed RTT sampled every STEP seconds, as iperf3 samples it."""
    v, t = [], lo
    while t <= hi + 1e-9:
        i = before(ev, t)
        if i >= 0:
            v.append(ev[i][4] / 1000)
        t += step
    return sum(v) / len(v) if v else None


def t90(ev, cap_mbit, win=1.0, step=0.05):
    t0, end = ev[0][0], ev[-1][0]
    t = t0
    while t + win <= end:
        if mbit(ev, t, t + win) >= 0.9 * cap_mbit:
            return t + win - t0
        t += step
    return None


def jain(x):
    sq = sum(a * a for a in x)
    return sum(x) ** 2 / (len(x) * sq) if sq else 0.0


def startup(flows, port, cap, secs):
    ev = flows[port]
    t0 = ev[0][0]
    return mbit(ev, t0, t0 + secs), mean_srtt_ms(ev, t0, t0 + secs), t90(ev, cap)


def share(flows, port, peer, after):
    a, b = flows[port], flows[peer]
    lo, hi = max(a[0][0], b[0][0]), min(a[-1][0], b[-1][0])
    da, db = delivered(a, hi) - delivered(a, lo), delivered(b, hi) - delivered(b, lo)
    res = {"share": da / (da + db) if da + db else 0.0, "goodput": mbit(a, lo, hi),
           "peer_goodput": mbit(b, lo, hi), "srtt": mean_srtt_ms(a, lo, hi),
           "alone_srtt": None, "alone_goodput": None}
    if b[-1][0] + after + 1 < a[-1][0]:
        res["alone_srtt"] = mean_srtt_ms(a, b[-1][0] + after, a[-1][0])
        res["alone_goodput"] = mbit(a, b[-1][0] + after, a[-1][0])
    return res


def converge(flows, port, peer, goal, win=2.0):
    a, b = flows[port], flows[peer]
    lo, hi = b[0][0], min(a[-1][0], b[-1][0])
    wins, t = [], lo
    while t + win <= hi + 1e-9:
        wins.append((t - lo, jain([mbit(a, t, t + win), mbit(b, t, t + win)])))
        t += win
    conv = None
    for i in range(len(wins)):
        if all(j >= goal for _, j in wins[i:]):
            conv = wins[i][0]
            break
    last = jain([mbit(a, max(lo, hi - 10), hi), mbit(b, max(lo, hi - 10), hi)])
    return conv, last, wins


def fmt(x, f="{:.2f}"):
    return "-" if x is None else f.format(x)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("startup")
    p.add_argument("trace")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--cap", type=float, required=True)
    p.add_argument("--secs", type=float, default=3.0)
    p = sub.add_parser("share")
    p.add_argument("trace")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--peer", type=int, required=True)
    p.add_argument("--after", type=float, default=8.0)
    p = sub.add_parser("converge")
    p.add_argument("trace")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--peer", type=int, required=True)
    p.add_argument("--goal", type=float, default=0.95)
    p.add_argument("--win", type=float, default=2.0)
    a = ap.parse_args()
    flows = load(a.trace)
    need = [a.port] + ([a.peer] if hasattr(a, "peer") else [])
    missing = [p for p in need if p not in flows]
    if missing:
        raise SystemExit(f"{a.trace}: no tcp_probe events towards port(s) {missing}")
    if a.cmd == "startup":
        g, r, t = startup(flows, a.port, a.cap, a.secs)
        print(f"{g:.2f} {fmt(r)} {fmt(t)}")
    elif a.cmd == "share":
        r = share(flows, a.port, a.peer, a.after)
        print(f"{r['share']:.3f} {r['goodput']:.2f} {r['peer_goodput']:.2f} {fmt(r['srtt'])} "
              f"{fmt(r['alone_srtt'])} {fmt(r['alone_goodput'])}")
    else:
        conv, last, wins = converge(flows, a.port, a.peer, a.goal, a.win)
        for t, j in wins:
            print(f"# window {t:.0f}-{t + a.win:.0f} s: jain {j:.3f}")
        print(f"{fmt(conv, '{:.0f}')} {last:.3f} {len(wins)}")


if __name__ == "__main__":
    sys.exit(main())
