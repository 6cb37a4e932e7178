#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Read a tracefs dump of tcp:tcp_probe and tcp:tcp_retransmit_skb (see
lib/cctrace.sh) and check what a congestion control did with the window.

tcp_probe fires at the start of tcp_rcv_established(), once per segment the
sender receives, so each event shows cwnd and ssthresh as they were before
that ACK was processed.  The flow is the sender socket with the most events.

    cwnd_trace.py episodes TRACE [--md F | --pipe PKTS] [--after 2]
        Loss episodes: each entry into Recovery or Loss
        (tcp:tcp_cong_state_set).  For each, pre = cwnd on the ACK before it,
        post = the cwnd on the first ACK after the flow leaves Recovery or
        Loss (where the core ends the reduction at ssthresh), when that is
        within AFTER smoothed RTTs and before the next episode; otherwise
        the median cwnd from 1 to AFTER smoothed RTTs later (or until the
        next episode).  Growth after the exit is not judged: BIC regrows
        up to 16 packets per round trip.  Episodes whose reduction is
        undone, or that the next one follows within a round trip, are
        counted as "unreduced".  The allowed
        post is MD x pre x 1.1 + 2 packets (10 % and two packets of slack for
        the growth those round trips allow); with --pipe, MD is Westwood's
        clamp(PIPE / pre, 1/2, 1).  Prints one line per episode and
        "episodes N over N worst R median R unreduced N".

    cwnd_trace.py undo TRACE
        Undos (ssthresh raised back to at least its value before a reduction
        that came with a retransmission, within 8 smoothed RTTs of it: the
        core's cwnd validation after an application-limited stretch raises
        ssthresh too, long after a real loss): the cwnd right after each,
        against the cwnd before the reduction that was undone.  Only
        decreases made in CWR, Recovery or Loss are reductions (the core
        undoes its own, not an algorithm's delay-based decrease in Open).
        Reductions with no return to Open between them are one chain,
        undone to the window before its first (the core keeps prior_cwnd
        when a partial undo is followed by a new recovery on the same ACK).
        The undo may restore that window and the same ACK may grow it by
        what it acknowledged (at most the window again), so "worst" is max
        over undos of
        (cwnd after - 2) / (2 x cwnd before): above 1 is more than the core
        allows.  Prints the worst undo and "undos N worst R maxcwnd C".

    cwnd_trace.py halvings TRACE
        For every stay in Recovery that ends in Open with one
        retransmission (one loss), how many times ssthresh is lowered after
        the entry's own decrease.  Prints one line per recovery with any
        and "episodes N more N other N" (other: recoveries of more or fewer
        retransmissions, not judged).
    cwnd_trace.py maxcwnd TRACE       largest cwnd and ssthresh seen
    cwnd_trace.py rack TRACE [--ms 1]
        Retransmissions sent within MS of an incoming ACK were sent from ACK
        processing, the others from a timer.  Prints "retrans N acked N
        timer N".
    cwnd_trace.py reductions TRACE
        For every entry into Recovery or Loss (tcp:tcp_cong_state_set),
        whether the ssthresh set then is below the cwnd the flow had, and
        whether it lies between half that cwnd and the cwnd (two packets
        of slack for an ACK the trace shows before its effect; when the
        episode before ended on the same ACK, an undo may have restored the
        window it had, so the largest cwnd since then).  Prints
        "episodes N reduced N bounded N".
    cwnd_trace.py recoveries TRACE [--holes N]
        The lowest ssthresh of each recovery (within five smoothed RTTs,
        before the next episode) over the cwnd before it; with --holes, only
        of the recoveries that retransmitted exactly N packets (an episode
        with fewer holes, or a timeout's go-back-N, is another experiment).
        Prints one line per episode and "episodes N median R min R other N"
        (other: recoveries not judged).
"""
import argparse
import bisect
import re
import statistics
import sys

EVENT = re.compile(r"\s(\d+\.\d+): (tcp_probe|tcp_retransmit_skb|tcp_cong_state_set): (.*)$")
CA_OPEN, CA_CWR, CA_RECOVERY, CA_LOSS = 0, 2, 3, 4
CA_REDUCING = (CA_CWR, CA_RECOVERY, CA_LOSS)
FIELD = re.compile(r"(\w+)=(\S+)")


def load(path, states=None):
    """The busiest flow's probe events (t, cwnd, ssthresh, srtt_us) and its
    retransmission times; its CA state changes (t, state) into STATES."""
    probes, retrans, changes = {}, {}, {}
    with open(path, errors="replace") as f:
        for line in f:
            m = EVENT.search(line)
            if not m:
                continue
            t, kind, rest = float(m.group(1)), m.group(2), m.group(3)
            fields = dict(FIELD.findall(rest))
            if kind == "tcp_probe":
                sport = int(fields["src"].rsplit(":", 1)[1])
                probes.setdefault(sport, []).append(
                    (t, int(fields["snd_cwnd"]), int(fields["ssthresh"]),
                     int(fields["srtt"])))
            elif kind == "tcp_retransmit_skb":
                retrans.setdefault(int(fields["sport"]), []).append(t)
            else:
                changes.setdefault(int(fields["sport"]), []).append(
                    (t, int(fields["cong_state"])))
    if not probes:
        raise SystemExit(f"{path}: no tcp_probe events")
    sport = max(probes, key=lambda p: len(probes[p]))
    if states is not None:
        states.extend(changes.get(sport, []))
    return probes[sport], sorted(retrans.get(sport, []))


def state_at(states, t):
    """The CA state at time t: the last change at or before it (Open if none)."""
    st = CA_OPEN
    for ts, s in states:
        if ts > t:
            break
        st = s
    return st


def retrans_between(retrans, t0, t1):
    """Retransmissions (a sorted list of times) at t0 <= t <= t1."""
    return bisect.bisect_right(retrans, t1) - bisect.bisect_left(retrans, t0)


def before(probes, t):
    """Index of the last probe event at or before t (-1 if none)."""
    lo, hi = 0, len(probes)
    while lo < hi:
        mid = (lo + hi) // 2
        if probes[mid][0] <= t:
            lo = mid + 1
        else:
            hi = mid
    return lo - 1


def episodes(probes, retrans, gap=1.0):
    """Start times of loss episodes (retransmissions after GAP smoothed RTTs
    without any) and the probe index just before each."""
    out, last = [], None
    for t in retrans:
        i = before(probes, t)
        if i < 0:
            last = t
            continue
        srtt = probes[i][3] / 1e6
        if last is None or t - last >= gap * srtt:
            out.append((t, i))
        last = t
    return out


def loss_entries(states):
    """Times the flow entered Recovery or Loss (tcp:tcp_cong_state_set)."""
    out, prev = [], 0
    for t, st in states:
        if st in (CA_RECOVERY, CA_LOSS) and prev not in (CA_RECOVERY, CA_LOSS):
            out.append(t)
        prev = st
    return out


def cmd_episodes(a):
    states = []
    probes, _ = load(a.trace, states)
    starts = loss_entries(states)
    over, ratios, skipped = 0, [], 0
    for k, t in enumerate(starts):
        i = before(probes, t)
        if i < 0:
            continue
        pre, pre_ss, srtt = probes[i][1], probes[i][2], probes[i][3] / 1e6
        # A recovery that ends and a new one that starts on the same ACK:
        # the core set cwnd = ssthresh in between, after the last probe.
        if any(t - 0.005 <= ts < t and st == 0 for ts, st in states):
            pre = max(pre, min(pre_ss, 1 << 30))
        end = t + a.after * srtt
        if k + 1 < len(starts):
            end = min(end, starts[k + 1])
        if probes[-1][0] < t + a.after * srtt and k + 1 == len(starts):
            continue
        first = [p[2] for p in probes[i + 1:] if p[0] <= t + srtt]
        window = [p for p in probes[i + 1:] if t + srtt <= p[0] <= end]
        # Undone (ssthresh back), or the next episode came within a round
        # trip: nothing to judge this one by.
        if not window or not first or min(first) >= pre_ss or window[-1][2] >= pre_ss:
            skipped += 1
            print(f"# loss at {t:.3f}s undone or cut short (cwnd {pre}, ssthresh {pre_ss})")
            continue
        post, how = statistics.median(p[1] for p in window), "median"
        exit_t = next((ts for ts, st in states
                       if ts > t and st not in (CA_RECOVERY, CA_LOSS)), None)
        if exit_t is not None and exit_t <= end:
            j = before(probes, exit_t) + 1
            if j < len(probes) and probes[j][0] <= end:
                post, how = probes[j][1], "at exit"
        md = a.md if a.pipe is None else min(1.0, max(0.5, a.pipe / pre))
        limit = md * pre * 1.1 + 2
        ratio = post / pre
        ratios.append(ratio)
        bad = post > limit
        over += bad
        print(f"# episode at {t:.3f}s: cwnd {pre} -> {post:g} {how} ({ratio:.2f}x, "
              f"allowed {limit:.1f}, srtt {srtt * 1000:.1f} ms){' OVER' if bad else ''}")
    worst = max(ratios) if ratios else 0
    med = statistics.median(ratios) if ratios else 0
    print(f"episodes {len(ratios)} over {over} worst {worst:.2f} median {med:.2f} unreduced {skipped}")


UNDO_RTTS = 8


def context(probes, retrans, states, t0, t1, lines=30):
    """What a failing check needs to be read without its trace: the probes
    from t0 to t1 (at most LINES, evenly picked), each with the CA state
    and the retransmissions since the one before."""
    sel = [p for p in probes if t0 <= p[0] <= t1]
    step = max(1, -(-len(sel) // lines))
    last = t0
    for p in sel[::step] + ([sel[-1]] if sel and (len(sel) - 1) % step else []):
        print(f"#   {p[0]:.4f}s cwnd {p[1]} ssthresh {p[2]} state {state_at(states, p[0])}"
              f" retrans {retrans_between(retrans, last, p[0])}")
        last = p[0]


def cmd_undo(a):
    states = []
    probes, retrans = load(a.trace, states)
    opens = [t for t, st in states if st == CA_OPEN]
    worst, n, red, worst_text, worst_span = 0.0, 0, None, "", None
    for i in range(1, len(probes)):
        t, cwnd, ss = probes[i][0], probes[i][1], probes[i][2]
        prev_ss = probes[i - 1][2]
        # A loss reduction: a retransmission from that ACK on, possibly held
        # back a while by TCP small queues.
        srtt = probes[i][3] / 1e6
        # Only the core undoes, and only its own reductions: those of CWR,
        # Recovery and Loss.  A decrease the algorithm makes in Open (a
        # delay-based one) is no reduction an undo gives back.
        if (ss < prev_ss and state_at(states, t) in CA_REDUCING and
                any(probes[i - 1][0] - 0.001 <= r <= t + srtt for r in retrans)):
            # A chain of reductions that never went back to Open keeps the
            # window and ssthresh from before its first one: Reno's partial
            # ACKs, and without SACK a partial undo followed on the same
            # ACK by a new recovery, which keeps prior_cwnd and
            # prior_ssthresh (tcp_try_undo_partial, tcp_enter_recovery).
            if not red or any(red[3] <= o <= t for o in opens):
                red = (probes[i - 1][0], probes[i - 1][1], prev_ss, t)
            else:
                red = red[:3] + (t,)
        elif ss > prev_ss and red:
            # An undo gives back at least the old ssthresh (the core
            # restores prior_ssthresh) after a reduction that came with a
            # retransmission; ssthresh also rises when the core validates
            # an application-limited window, without one.
            # An undo comes with the ACKs of the episode (DSACK, or
            # timestamps older than the retransmission): within a few round
            # trips of the last reduction.  A reduction kept longer was a
            # real loss, and a later rise (cwnd validation after the
            # drains) is no undo of it.
            t_red, pre, pre_ss, t_last = red
            if t - t_last > UNDO_RTTS * srtt:
                red = None
                continue
            if ss < pre_ss or not any(t_red - srtt <= r <= t for r in retrans):
                continue
            ratio = (cwnd - 2) / (2 * pre)
            n += 1
            red = None
            text = (f"undo at {t:.3f}s: ssthresh {prev_ss} -> {ss}, cwnd before the "
                    f"reduction at {t_red:.3f}s {pre}, after the undo {cwnd}")
            if ratio >= worst:
                worst, worst_text, worst_span = ratio, text, (t_red - 2 * srtt, t)
            print(f"# {text}")
    if worst_text:
        print(f"# worst: {worst_text}")
    if worst > 1.0:
        context(probes, retrans, states, *worst_span)
    print(f"undos {n} worst {worst:.2f} maxcwnd {max(p[1] for p in probes)}")


def cmd_halvings(a):
    states = []
    probes, retrans = load(a.trace, states)
    # Each entry into Recovery, and the ssthresh decreases after it until
    # the flow leaves it (the entry's own decrease shows on the ACK after
    # it, and is not counted).
    eps, more, other = 0, 0, 0
    for k, (t, st) in enumerate(states):
        prev = states[k - 1][1] if k else CA_OPEN
        if st != CA_RECOVERY or prev == CA_RECOVERY:
            continue
        # Until the flow leaves Recovery (a partial undo and a new
        # recovery on one ACK count as two recoveries); only those that
        # end in Open.
        nxt = states[k + 1] if k + 1 < len(states) else None
        if nxt is None or nxt[1] != CA_OPEN:
            continue
        end = nxt[0]
        # One loss is one retransmission: a recovery of two holes has a
        # partial ACK, on which Reno rightly decreases again.
        if retrans_between(retrans, t, end) != 1:
            other += 1
            continue
        eps += 1
        ss = [p[2] for p in probes[before(probes, t) + 1:before(probes, end) + 1]]
        # ss[0] is the ACK after the entry, which already carries its
        # decrease; any later decrease is one more.
        extra = sum(1 for x, y in zip(ss, ss[1:]) if y < x)
        more += extra
        if extra:
            print(f"# recovery at {t:.3f}s: ssthresh {ss[0]} then lowered {extra} more time(s), to {min(ss)}")
    print(f"episodes {eps} more {more} other {other}")


def cmd_maxcwnd(a):
    probes, _ = load(a.trace)
    print(f"maxcwnd {max(p[1] for p in probes)} events {len(probes)}")


def cmd_rack(a):
    probes, retrans = load(a.trace)
    acked = timer = 0
    for t in retrans:
        i = before(probes, t)
        since = (t - probes[i][0]) * 1000 if i >= 0 else 1e9
        if since <= a.ms:
            acked += 1
        else:
            timer += 1
        print(f"# retransmission at {t:.4f}s, {since:.2f} ms after the last ACK")
    print(f"retrans {len(retrans)} acked {acked} timer {timer}")


def cmd_reductions(a):
    states = []
    probes, _ = load(a.trace, states)
    n = reduced = bounded = 0
    last = 0
    for k, (t, st) in enumerate(states):
        prev = states[k - 1][1] if k else 0
        if st not in (CA_RECOVERY, CA_LOSS) or prev in (CA_RECOVERY, CA_LOSS):
            continue
        i = before(probes, t)
        # ssthresh is set as the state changes; the next ACK shows it.
        j = i + 1
        if i < 0 or j >= len(probes):
            continue
        n += 1
        cwnd, ss = probes[i][1], probes[j][2]
        reduced += ss < cwnd
        # The event at i is the ACK that started the episode, or the last
        # one before a timer did; that ACK may still have grown the window
        # by up to a delayed ACK's two packets before ssthresh was taken.
        top = cwnd
        if k and states[k - 1][0] > probes[i][0]:
            # The previous episode ended on this same ACK, by an undo
            # that may have put back the window it had before it.
            top = max(p[1] for p in probes[last:i + 1])
        last = i
        ok = cwnd // 2 <= ss <= top + 2
        bounded += ok
        if ss >= cwnd or not ok:
            print(f"# {'Recovery' if st == CA_RECOVERY else 'Loss'} at {t:.3f}s: "
                  f"cwnd {cwnd}, ssthresh set to {ss}"
                  f"{'' if ok else ' (outside [cwnd/2, cwnd])'}")
    print(f"episodes {n} reduced {reduced} bounded {bounded}")


def cmd_recoveries(a):
    probes, retrans = load(a.trace)
    # Without SACK the holes of one window are retransmitted a round trip
    # apart: one recovery.
    eps = episodes(probes, retrans, gap=2.5)
    ratios, other = [], 0
    for k, (t, i) in enumerate(eps):
        pre, srtt = probes[i][1], probes[i][3] / 1e6
        # A recovery of three holes takes three round trips; stop at the
        # next episode.
        end = min(t + 5 * srtt, eps[k + 1][0] if k + 1 < len(eps) else t + 5 * srtt)
        if probes[-1][0] < end:
            continue
        ss = min(p[2] for p in probes[i:] if p[0] <= end)
        if ss >= probes[i][2]:
            continue            # no reduction: not a loss episode
        holes = retrans_between(retrans, t, end)
        judged = not a.holes or holes == a.holes
        print(f"# episode at {t:.3f}s: cwnd {pre}, {holes} retransmission(s), lowest ssthresh "
              f"of the recovery {ss} ({ss / pre:.3f}x){'' if judged else ', not judged'}")
        if judged:
            ratios.append(ss / pre)
        else:
            other += 1
    med = statistics.median(ratios) if ratios else 0
    low = min(ratios) if ratios else 0
    print(f"episodes {len(ratios)} median {med:.3f} min {low:.3f} other {other}")


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("episodes")
    p.add_argument("trace")
    p.add_argument("--md", type=float, default=0.5)
    p.add_argument("--pipe", type=float)
    p.add_argument("--after", type=float, default=2.0)
    p.set_defaults(fn=cmd_episodes)
    for name, fn in (("undo", cmd_undo), ("maxcwnd", cmd_maxcwnd), ("halvings", cmd_halvings),
                     ("reductions", cmd_reductions)):
        p = sub.add_parser(name)
        p.add_argument("trace")
        p.set_defaults(fn=fn)
    p = sub.add_parser("recoveries")
    p.add_argument("trace")
    p.add_argument("--holes", type=int, default=0)
    p.set_defaults(fn=cmd_recoveries)
    p = sub.add_parser("rack")
    p.add_argument("trace")
    p.add_argument("--ms", type=float, default=1.0)
    p.set_defaults(fn=cmd_rack)
    a = ap.parse_args()
    a.fn(a)


if __name__ == "__main__":
    sys.exit(main())
