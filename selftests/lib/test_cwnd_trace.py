#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Host tests of cwnd_trace.py (run by `make unit`; prints KTAP).

Each case writes a small synthetic tracefs dump in the format of
tcp:tcp_probe, tcp:tcp_retransmit_skb and tcp:tcp_cong_state_set, runs one
command of cwnd_trace.py on it and checks its last line: one trace that the
kernel's rules allow, and one that breaks them, per rule, so that a checker
that can no longer tell them apart fails here.
"""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
INF = 2147483647
SRTT = 40000            # us
results = []


def ok(cond, text):
    results.append(bool(cond))
    print(f"{'ok' if cond else 'not ok'} {len(results)} - {text}")


class Trace:
    """Events at increasing times, one flow (sport 5201)."""

    def __init__(self):
        self.lines = []

    def probe(self, t, cwnd, ssthresh):
        self.lines.append(f" iperf3-1 [000] ..s1. {t:.6f}: tcp_probe: family=AF_INET "
                          f"src=198.18.1.1:5201 dest=198.18.2.2:40000 snd_cwnd={cwnd} "
                          f"ssthresh={ssthresh} srtt={SRTT}")

    def retrans(self, t):
        self.lines.append(f" iperf3-1 [000] ..s1. {t:.6f}: tcp_retransmit_skb: "
                          f"skbaddr=0 skaddr=0 family=AF_INET sport=5201 dport=40000")

    def state(self, t, st):
        self.lines.append(f" iperf3-1 [000] ..s1. {t:.6f}: tcp_cong_state_set: "
                          f"family=AF_INET sport=5201 dport=40000 cong_state={st}")

    def run(self, *args):
        with tempfile.NamedTemporaryFile("w", suffix=".trace", delete=False) as f:
            f.write("\n".join(self.lines) + "\n")
        try:
            out = subprocess.run([sys.executable, os.path.join(HERE, "cwnd_trace.py"),
                                  args[0], f.name, *args[1:]],
                                 capture_output=True, text=True, check=True).stdout
        finally:
            os.unlink(f.name)
        return out.strip().splitlines()[-1].split()


def steady(tr, t0, t1, cwnd, ss, step=0.01):
    t = t0
    while t < t1:
        tr.probe(t, cwnd, ss)
        t += step


def spurious(tr, t, pre, after):
    """A spurious fast retransmit at t: entry into Recovery with a cwnd of
    PRE, halved ssthresh, then an undo to an infinite ssthresh that leaves
    the window at AFTER, and Open."""
    tr.probe(t, pre, INF)
    tr.state(t + 0.0001, 3)
    tr.retrans(t + 0.0002)
    tr.probe(t + 0.001, pre, pre // 2)
    tr.probe(t + 0.02, pre, pre // 2)
    tr.state(t + 0.0401, 0)
    tr.probe(t + 0.041, after, INF)


def decrease_in_open(before, after):
    """From 1.0 s a flow at (cwnd, ssthresh) BEFORE; at 1.5 s a decrease
    to AFTER in Open, a retransmission 10 ms later; AFTER until 1.6 s."""
    tr = Trace()
    steady(tr, 1.0, 1.5, *before)
    tr.probe(1.5, *after)
    tr.retrans(1.51)
    steady(tr, 1.52, 1.6, *after)
    return tr


def enter_recovery(tr, t, cwnd, ss_before, ss_after):
    """Recovery entered at t: a retransmission, ssthresh to SS_AFTER."""
    tr.probe(t, cwnd, ss_before)
    tr.state(t + 0.0001, 3)
    tr.retrans(t + 0.0002)
    tr.probe(t + 0.001, cwnd, ss_after)


def undo_after_decrease(after):
    """A delay-based decrease in Open (cwnd and ssthresh 40 -> 30, a
    retransmission of a held packet soon after), the window regrowing to
    100 with no state change, then the entry into Recovery at 100, which
    raises ssthresh from 30 to 75, undone a round trip later to AFTER with
    ssthresh unchanged (prior_ssthresh = 75); last a spurious recovery at
    50 undone to 50."""
    tr = decrease_in_open((40, 40), (30, 30))
    steady(tr, 1.6, 1.7, 100, 30)
    enter_recovery(tr, 1.7, 100, 30, 75)
    tr.state(1.74, 0)
    steady(tr, 1.741, 3.0, after, 75)
    steady(tr, 3.0, 3.5, 50, INF)
    spurious(tr, 3.5, 50, 50)
    steady(tr, 3.6, 4.0, 50, INF)
    return tr.run("undo")


def undo_chain_from_open():
    """A slow-start exit in Open (ssthresh infinite -> 40 at cwnd 40, a
    retransmission soon after), ssthresh raised to 90 by cwnd validation,
    then a spurious recovery at 100 (ssthresh 90 -> 75) undone to 100 and
    ssthresh 90: an undo of that recovery, by the window it had."""
    tr = decrease_in_open((40, INF), (40, 40))
    steady(tr, 1.6, 1.7, 100, 90)
    enter_recovery(tr, 1.7, 100, 90, 75)
    tr.probe(1.72, 100, 75)
    tr.state(1.7401, 0)
    tr.probe(1.741, 100, 90)
    steady(tr, 1.75, 2.0, 100, 90)
    return tr.run("undo")


def undo_partial_chain():
    """Without SACK (6.12-rt, cc_undo.sh): a recovery entered at 200
    (ssthresh 100), three partial undos each followed on the same ACK by a
    new recovery (ssthresh 85, then 88, a net rise, then 56) while PRR
    brings cwnd down to 84, then an undo to the 200 the chain began with:
    the window before the chain's first reduction."""
    tr = Trace()
    steady(tr, 1.0, 1.5, 200, INF)
    tr.probe(1.5, 200, INF)
    tr.state(1.5001, 1)
    tr.state(1.5002, 3)
    tr.retrans(1.5003)
    tr.probe(1.501, 199, 100)
    t, cwnd, prev = 1.52, 199, 100
    for ss in (85, 88, 56):
        steady(tr, t, t + 0.01, cwnd, prev, step=0.005)
        tr.state(t + 0.011, 1)
        tr.state(t + 0.0111, 3)
        tr.retrans(t + 0.0112)
        cwnd, prev = cwnd - 38, ss
        tr.probe(t + 0.012, cwnd, ss)
        t += 0.02
    tr.state(t, 1)
    tr.probe(t + 0.001, 201, INF)
    tr.state(t + 0.002, 0)
    steady(tr, t + 0.01, t + 0.3, 201, INF)
    return tr.run("undo")


def recovery(tr, t, pre, holes, ssthreshs):
    """A loss episode at t with HOLES retransmissions one round trip apart
    and ssthresh stepping through SSTHRESHS on the ACKs in between."""
    tr.probe(t, pre, 1000)
    tr.state(t + 0.0001, 3)
    for k in range(holes):
        tr.retrans(t + 0.0002 + k * 0.04)
        tr.probe(t + 0.001 + k * 0.04, pre, ssthreshs[min(k, len(ssthreshs) - 1)])
    tr.state(t + 0.0002 + holes * 0.04, 0)


def recoveries(per_episode, holes_of=lambda k: 3):
    tr = Trace()
    t = 1.0
    for k in range(5):
        steady(tr, t, t + 0.5, 48, 1000)
        recovery(tr, t + 0.5, 48, holes_of(k), per_episode)
        t += 1.0
    steady(tr, t, t + 0.5, 48, 1000)
    return tr


def halvings(second_decrease, holes):
    """Three recoveries without SACK, each entered at cwnd 40 (ssthresh
    20) and left on the full ACK; the middle one with HOLES
    retransmissions and, if SECOND_DECREASE, ssthresh lowered once more on
    its partial ACK (Reno's rule)."""
    tr = Trace()
    t = 1.0
    for k in range(3):
        steady(tr, t, t + 0.5, 40, INF if k == 0 else 40)
        middle = k == 1
        if middle and second_decrease and holes == 1:
            # The decrease on an ACK after the retransmission's.
            enter_recovery(tr, t + 0.5, 40, 40, 20)
            tr.probe(t + 0.52, 40, 10)
            tr.state(t + 0.54, 0)
        else:
            recovery(tr, t + 0.5, 40, holes if middle else 1,
                     [20, 10] if middle and second_decrease else [20])
        t += 1.0
    steady(tr, t, t + 0.3, 20, 20)
    return tr.run("halvings")


def main():
    print("TAP version 13")
    print("1..11")
    # undo: the core's rule, cwnd after the undo <= 2 x prior + 2.
    res = undo_after_decrease(100)
    ok(res[1] == "1" and float(res[3]) <= 1.0,
       "undo: entering Recovery above a delay-based decrease's ssthresh is no undo "
       f"({' '.join(res)})")
    res = undo_chain_from_open()
    ok(res[1] == "1" and float(res[3]) <= 0.5,
       f"undo: a recovery after a decrease in Open is undone to its own window ({' '.join(res)})")
    res = undo_partial_chain()
    ok(res[1] == "1" and float(res[3]) <= 0.5,
       f"undo: a chain of partial undos and new recoveries is undone to the window before it "
       f"({' '.join(res)})")
    tr = Trace()
    steady(tr, 1.0, 1.5, 50, INF)
    spurious(tr, 1.5, 50, 150)
    steady(tr, 1.6, 2.0, 150, INF)
    res = tr.run("undo")
    ok(res[1] == "1" and float(res[3]) > 1.0,
       f"undo: an undo to three times the window before the loss is over 1 ({' '.join(res)})")

    # recoveries --holes 3: Reno's three decreases against NewReno's one.
    res = recoveries([24, 12, 6]).run("recoveries", "--holes", "3")
    ok(res[1] == "5" and 0.09 <= float(res[3]) <= 0.2,
       f"recoveries: three decreases in a 3-hole recovery, about 1/8 ({' '.join(res)})")
    res = recoveries([24]).run("recoveries", "--holes", "3")
    ok(res[1] == "5" and float(res[3]) >= 0.4,
       f"recoveries: one decrease, about 1/2 ({' '.join(res)})")
    # One-hole episodes are another experiment: not judged, counted.
    res = recoveries([24, 12, 6], lambda k: 1 if k % 2 else 3).run("recoveries", "--holes", "3")
    ok(res[1] == "3" and res[-1] == "2" and float(res[3]) <= 0.2,
       f"recoveries: episodes of one retransmission are counted apart ({' '.join(res)})")
    res = recoveries([24, 12, 6], lambda k: 1 if k % 2 else 3).run("recoveries")
    ok(res[1] == "5" and res[-1] == "0",
       f"recoveries: without --holes every episode is judged ({' '.join(res)})")

    # halvings: one loss, one decrease.
    res = halvings(False, 1)
    ok(res[1:] == ["3", "more", "0", "other", "0"],
       f"halvings: three one-loss recoveries, one decrease each ({' '.join(res)})")
    res = halvings(True, 1)
    ok(res[1] == "3" and res[3] == "1",
       f"halvings: a second decrease after one loss is counted ({' '.join(res)})")
    res = halvings(True, 2)
    ok(res[1:] == ["2", "more", "0", "other", "1"],
       f"halvings: a recovery of two holes is not judged ({' '.join(res)})")

    failed = results.count(False)
    print(f"# Totals: pass:{len(results) - failed} fail:{failed} xfail:0 xpass:0 skip:0 error:0")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
