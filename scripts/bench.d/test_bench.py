#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Host tests of the bench's analysis (run by `make unit`; prints KTAP).

- The exact tests against brute-force enumeration, ties and infinities
  included.
- Their false-positive rate on synthetic A/A data: runs drawn from one
  distribution for both labels (normal, heavy-tailed, bimodal like an early
  loss on a long path, quantised like t90, with "never reached"), many
  trials; the rate of markers must stay within 5 % (plus the binomial
  noise of the simulation).
- Their power on a 25 % difference at the noise the bench sees, so that a
  change that weakens the test shows up here too.
- Per-run metrics of a synthetic iperf3 result (windows, t90, first 5 s).
- The agreement of two runs' markers.
Deterministic: fixed seeds.
"""
import itertools
import math
import os
import re
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cells as C  # noqa: E402
import runs as R  # noqa: E402
import stats  # noqa: E402

results = []


def ok(cond, text):
    results.append(bool(cond))
    print(f"{'ok' if cond else 'not ok'} {len(results)} - {text}")


def brute_rank_sum(a, b):
    pooled = list(a) + list(b)
    ranks = stats.midranks(pooled)
    n = len(a)
    mean2 = n * (len(pooled) + 1)
    obs = abs(sum(ranks[:n]) - mean2)
    hits = total = 0
    for idx in itertools.combinations(range(len(pooled)), n):
        total += 1
        hits += abs(sum(ranks[i] for i in idx) - mean2) >= obs
    return hits / total


def brute_signed_rank(d):
    nz = [x for x in d if x != 0]
    ranks = stats.midranks([abs(x) for x in nz])
    tot = sum(ranks)
    obs = abs(2 * sum(r for r, x in zip(ranks, nz) if x > 0) - tot)
    hits = 0
    for signs in itertools.product((0, 1), repeat=len(nz)):
        hits += abs(2 * sum(r for r, s in zip(ranks, signs) if s) - tot) >= obs
    return hits / 2 ** len(nz)


def test_exact():
    ok(abs(stats.rank_sum_test([1, 2, 3, 4], [5, 6, 7, 8])[0] - 2 / 70) < 1e-12,
       "rank sum: 4 runs all below 4 others gives p = 2/70")
    ok(stats.rank_sum_test([5, 6, 7, 8], [1, 2, 3, 4])[1] == 1,
       "rank sum: direction +1 when the first sample ranks higher")
    ok(stats.rank_sum_test([1, 2, 3], [4, 5, 6])[0] > 0.05,
       "rank sum: 3 runs against 3 can never reach p <= 0.05")
    rng = random.Random(13)
    worst = 0.0
    for _ in range(300):
        n, m = rng.randint(1, 6), rng.randint(1, 6)
        pool = [1, 2, 2, 3, 5, math.inf, 0.5]
        a = [rng.choice(pool) if rng.random() < 0.4 else rng.random() for _ in range(n)]
        b = [rng.choice(pool) if rng.random() < 0.4 else rng.random() for _ in range(m)]
        worst = max(worst, abs(stats.rank_sum_test(a, b)[0] - brute_rank_sum(a, b)))
    ok(worst < 1e-12, f"rank sum equals brute-force enumeration, ties and inf included "
       f"(300 samples, worst difference {worst:.1e})")
    worst = 0.0
    for _ in range(300):
        d = [rng.choice([-2, -1, 0, 1, 1, 2, 3]) if rng.random() < 0.5 else rng.gauss(0, 1)
             for _ in range(rng.randint(1, 9))]
        if not any(d):
            continue
        worst = max(worst, abs(stats.signed_rank_test(d)[0] - brute_signed_rank(d)))
    ok(worst < 1e-12, f"signed rank equals brute-force enumeration, ties and zeros included "
       f"(worst difference {worst:.1e})")
    ok(abs(stats.signed_rank_test([0.1] * 6)[0] - 2 / 64) < 1e-12,
       "signed rank: 6 shares all above half gives p = 2/64")
    ok(stats.min_runs_rank_sum() == 4, "the rank-sum test needs 4 runs a side to mark anything")
    ok(stats.rank_sum_size(4, 4) == 2 / 70 and stats.rank_sum_size(3, 5) == 2 / 56,
       "exact sizes: 4+4 runs 2.86 %, 3+5 runs 3.57 %")
    ok(stats.signed_rank_size(5) == 0 and stats.signed_rank_size(6) == 2 / 64,
       "the signed-rank test needs 6 repetitions")


# Synthetic run-to-run noise, shaped like what the bench sees.
DISTRIBUTIONS = {
    "normal, 5 % spread": lambda r: r.gauss(95, 5),
    "lognormal, heavy tail": lambda r: math.exp(r.gauss(3, 0.6)),
    "bimodal: one run in three loses early (longfat)": lambda r: (r.gauss(30, 8) if r.random() < 1 / 3
                                                                  else r.gauss(90, 3)),
    "quantised to 0.1 s like t90": lambda r: round(abs(r.gauss(0.6, 0.15)), 1),
    "t90 that is sometimes never reached": lambda r: math.inf if r.random() < 0.3 else r.gauss(4, 1),
}


def test_false_positive_rate():
    rng = random.Random(2026)
    trials = 4000
    # 3 sigma of a binomial at 5 %: the simulation's own noise.
    slack = 3 * math.sqrt(0.05 * 0.95 / trials)
    for n, m in [(4, 4), (5, 5), (6, 6), (3, 5), (8, 8)]:
        for name, draw in DISTRIBUTIONS.items():
            marks = 0
            for _ in range(trials):
                a = [draw(rng) for _ in range(n)]
                b = [draw(rng) for _ in range(m)]
                marks += stats.rank_sum_test(a, b)[0] <= stats.ALPHA
            rate = marks / trials
            ok(rate <= stats.ALPHA + slack,
               f"A/A {n}+{m} runs, {name}: {100 * rate:.1f} % marked (exact size "
               f"{100 * stats.rank_sum_size(n, m):.1f} %)")
    for n in (6, 8):
        marks = 0
        for _ in range(trials):
            # A fair split of the bottleneck: shares symmetric about 1/2.
            d = [rng.gauss(0, 0.08) for _ in range(n)]
            marks += stats.signed_rank_test(d)[0] <= stats.ALPHA
        ok(marks / trials <= stats.ALPHA + slack,
           f"A/A shares, {n} repetitions: {100 * marks / trials:.1f} % marked")


def test_power():
    rng = random.Random(7)
    trials = 2000
    # A 25 % difference of medians where the bench's spread is 10 % (sd).
    for n, want in [(4, 0.75), (5, 0.9)]:
        marks = 0
        for _ in range(trials):
            a = [rng.gauss(100, 10) for _ in range(n)]
            b = [rng.gauss(75, 7.5) for _ in range(n)]
            p, d = stats.rank_sum_test(a, b)
            marks += p <= stats.ALPHA and d > 0
        ok(marks / trials >= want, f"power: 25 % apart at 10 % noise, {n}+{n} runs: "
           f"{100 * marks / trials:.0f} % marked (want >= {100 * want:.0f} %)")


def synthetic_result(rate_mbit, secs, ramp_s, interval=0.1, rtt_ms=40.0, retrans_each=1):
    """An iperf3 -J result whose receiver gets rate_mbit after a linear ramp."""
    rx, tx = [], []
    t = 0.0
    while t < secs - 1e-9:
        e = round(t + interval, 6)
        mbit = rate_mbit * min(1.0, e / ramp_s) if ramp_s else rate_mbit
        b = int(mbit * 1e6 / 8 * interval)
        rx.append({"sum": {"start": t, "end": e, "bytes": b}, "streams": [{"bytes": b}]})
        tx.append({"sum": {"start": t, "end": e, "bytes": b, "retransmits": retrans_each},
                   "streams": [{"end": e, "rtt": int(rtt_ms * 1000), "snd_cwnd": 100 * 1448}]})
        t = e
    return {"start": {"tcp_mss_default": 1448}, "intervals": tx,
            "end": {"sender_tcp_congestion": "reno"},
            "server_output_json": {"intervals": rx}}


def test_run_metrics():
    p = R.Path({"path": "x", "rate_mbit": "100", "rtt_ms": "40", "loss": "none", "buf_bdp": "1",
                "flows": "1", "reps": "4", "startup_s": "3", "steady_s": "10", "partner": "-",
                "algs": "reno"})
    cap = p.capacity
    m = R.run_metrics(p, synthetic_result(cap, 13, 2.0))
    ok(abs(m["goodput"] - cap) < 0.01 * cap, f"steady goodput is the rate after the ramp "
       f"({m['goodput']:.2f} of {cap:.2f} Mbit/s)")
    # The 0.5 s mean first reaches 90 % at about t = 2.05 s.
    ok(1.9 <= m["t90"] <= 2.2, f"t90 of a 2 s linear ramp is about 2 s (got {m['t90']:.2f})")
    want = cap / 8 * (5 - 1.0)     # MB in 5 s: a 2 s ramp carries half of its 2 s
    ok(abs(m["mb5"] - want) < 0.02 * want, f"first 5 s: {m['mb5']:.2f} MB (want {want:.2f})")
    ok(abs(m["rtt_mean"] - 40) < 1e-9 and abs(m["rtt_p95"] - 40) < 1e-9,
       "steady RTT mean and p95 from the sender's samples")
    sent = cap * 1e6 / 8 * 10 / 1448 + 100
    ok(abs(m["retrans_pct"] - 100 * 100 / sent) < 0.02 * 100 * 100 / sent,
       f"retransmissions of the steady window only ({m['retrans_pct']:.3f} %)")
    slow = R.run_metrics(p, synthetic_result(cap / 2, 13, 0))
    ok(slow["t90"] <= 0.5 + 1e-9, "t90 against the flow's own steady goodput when below capacity")
    never = synthetic_result(cap, 13, 2.0)
    for iv in never["server_output_json"]["intervals"]:
        if iv["sum"]["end"] > 3:
            iv["sum"]["bytes"] = iv["streams"][0]["bytes"] = int(cap * 1e6 / 8 * 0.1)
        else:
            iv["sum"]["bytes"] = iv["streams"][0]["bytes"] = int(cap * 1e6 / 8 * 0.1 * 0.5)
    m = R.run_metrics(p, never)
    ok(2.9 < m["t90"] < 3.6, f"t90 counts from the first byte (half rate until 3 s: {m['t90']:.2f})")


def cell(metric, marker, ratio):
    return {"path": "p", "alg": "kcong_reno", "ref": "reno", "metric": metric,
            "marker": marker, "ratio": ratio, "med": ratio, "ref_med": 1.0}


def test_agreement():
    a = [cell("goodput", "ahead", 1.3), cell("rtt_mean", "none", 1.0),
         cell("retrans_pct", "behind", 2.0), cell("mb5", "none", 1.3), cell("rtt_p95", "n/a", 1.0)]
    b = [cell("goodput", "ahead", 1.4), cell("rtt_mean", "ahead", 0.9),
         cell("retrans_pct", "ahead", 0.5), cell("mb5", "none", 1.26), cell("rtt_p95", "none", 1.0)]
    g = C.agreement(a, b)
    ok(len(g["pairs"]) == 4 and g["agree"] == 2, "agreement: 2 of the 4 testable cells agree")
    ok(len(g["contradict"]) == 1 and g["contradict"][0][0]["metric"] == "retrans_pct",
       "agreement: ahead in one run and behind in the other is a contradiction")
    ok(len(g["big"]) == 2 and len(g["big_missed"]) == 1,
       "agreement: a cell 25 % apart in both runs but unmarked is reported")
    ok(len(g["big_opposite"]) == 1 and g["big_opposite"][0][0]["metric"] == "retrans_pct",
       "agreement: 25 % apart in both runs, in opposite directions, is noise, not a miss")
    tiny = dict(cell("retrans_pct", "none", math.inf), med=0.01, ref_med=0.0)
    ok(not C.is_big(tiny), "agreement: 0.01 % against 0 % retransmissions is not 25 % apart")
    ok(C.ratio(math.inf, math.inf) == 1.0 and C.ratio(0, 0) == 1.0 and C.ratio(1, 0) == math.inf,
       "ratios of medians that are 0 or never reached")


def test_min_effect():
    ok(not C.large_enough("goodput", 92, 100, C.ratio(92, 100))
       and C.large_enough("goodput", 90, 100, C.ratio(90, 100))
       and C.large_enough("goodput", 111, 100, C.ratio(111, 100)),
       "a marker needs medians 10 % apart")
    ok(not C.large_enough("retrans_pct", 0.0, 0.03, C.ratio(0.0, 0.03))
       and C.large_enough("mb5", 0.0, 0.03, C.ratio(0.0, 0.03)),
       "retransmissions need 0.05 percentage points between the medians")
    runs = [{"path": "p", "alg": a, "status": "ok", "goodput": g, "rtt_mean": 40.0 + i,
             "rtt_p95": 45.0, "retrans_pct": 0.0, "t90": 0.5, "mb5": 10.0 * g}
            for a, base in (("kcong_reno", 100), ("reno", 95)) for i, g in
            enumerate(base + k * 0.1 for k in range(5))]
    p = R.Path({"path": "p", "rate_mbit": "100", "rtt_ms": "40", "loss": "none", "buf_bdp": "1",
                "flows": "1", "reps": "5", "startup_s": "3", "steady_s": "10", "partner": "-",
                "algs": "reno kcong_reno"})
    cs = {c["metric"]: c for c in C.pair_cells(p, "kcong_reno", "reno", runs)}
    ok(cs["goodput"]["p"] <= stats.ALPHA and cs["goodput"]["marker"] == "none",
       "5 % apart with p <= 0.05: no marker")
    ok(cs["retrans_pct"]["marker"] == "none" and cs["retrans_pct"]["p"] == 1.0,
       "all-zero retransmissions on both sides: p = 1, no marker")


def write_results(d, rates, shares):
    """A synthetic results directory: path "p" (100 Mbit/s, 40 ms) with
    rates {label: [Mbit/s per run]}, path "v" (vs namesake) with the
    kcong_reno flow's shares."""
    import json
    os.makedirs(os.path.join(d, "raw", "p"))
    os.makedirs(os.path.join(d, "raw", "v"))
    with open(os.path.join(d, "plan.tsv"), "w") as f:
        f.write("path\trate_mbit\trtt_ms\tloss\tbuf_bdp\tflows\treps\tstartup_s\tsteady_s"
                "\tpartner\talgs\n")
        f.write(f"p\t100\t40\tnone\t1\t1\t4\t3\t10\t-\t{' '.join(rates)}\n")
        f.write("v\t100\t40\tnone\t1\t2\t6\t3\t10\tnamesake\tkcong_reno\n")
    rows = ["path\talg\trep\tflows\tfile\tstatus\twall_s"]

    def put(rel, data, cc):
        data["end"]["sender_tcp_congestion"] = cc
        with open(os.path.join(d, rel), "w") as f:
            json.dump(data, f)
    for label, rs in rates.items():
        for rep, rate in enumerate(rs, 1):
            rel = f"raw/p/{label}.{rep}.json"
            put(rel, synthetic_result(rate, 13, 1.0), R.cc_of(label))
            rows.append(f"p\t{label}\t{rep}\t1\t{rel}\tok\t14.0")
    for rep, sh in enumerate(shares, 1):
        rel = f"raw/v/kcong_reno.{rep}.json"
        put(rel, synthetic_result(90 * sh, 13, 1.0), "kcong_reno")
        put(rel[:-5] + ".peer.json", synthetic_result(90 * (1 - sh), 13, 1.0), "reno")
        rows.append(f"v\tkcong_reno\t{rep}\t2\t{rel}\tok\t14.0")
    with open(os.path.join(d, "runs.tsv"), "w") as f:
        f.write("\n".join(rows) + "\n")
    with open(os.path.join(d, "meta.txt"), "w") as f:
        f.write("kernel=synthetic\n")


def test_pipeline():
    """analyse and compare end to end on two synthetic results directories:
    in B kcong_reno lost 30 % of its goodput and its share."""
    import tempfile
    import analyse
    import compare
    with tempfile.TemporaryDirectory() as tmp:
        a, b = os.path.join(tmp, "a"), os.path.join(tmp, "b")
        write_results(a, {"reno": [90, 91, 92, 93], "kcong_reno": [90.5, 91.5, 92.5, 93.5]},
                      [0.50, 0.52, 0.48, 0.51, 0.49, 0.50])
        write_results(b, {"reno": [90, 91, 92, 93], "kcong_reno": [60, 61, 62, 63]},
                      [0.30, 0.32, 0.28, 0.31, 0.29, 0.33])
        _, paths, runs, cells = analyse.analyse(a)
        ok(len(runs) == 14 and all(r["status"] == "ok" for r in runs),
           "pipeline: every synthetic run read")
        g = {c["metric"]: c for c in cells if c["path"] == "p"}
        ok(g["goodput"]["marker"] == "none" and g["goodput"]["n"] == 4,
           "pipeline: 1 % apart is no difference")
        _, _, _, cells_b = analyse.analyse(b)
        gb = {c["metric"]: c for c in cells_b}
        ok(gb["goodput"]["marker"] == "behind" and gb["share"]["marker"] == "behind",
           "pipeline: 33 % less goodput and a 30 % share are marked behind")
        text = compare.compare(a, b)
        ok("**contradiction**" not in text and "moved – → ▼" in text,
           "compare: the goodput marker moved from none to behind")
        ok("| p | kcong_reno | goodput | 92.00 → 61.50 Mbit/s | worse ▼ |" in text,
           "compare: what changed from A to B, with the same test")
        ok(re.search(r"\| worse ▼ \| [0-9.]+ \| yes \|", text)
           and re.search(r"A/A across the runs.*, [1-9][0-9]* of [0-9]+ would be marked", text),
           "compare: a 33 % change counts against the A/A across the runs")
        same = compare.compare(a, a)
        ok(re.search(r"A/A across the runs.*, 0 of [1-9][0-9]* would be marked", same)
           and "**contradiction**" not in same,
           "compare: a run against itself: nothing changed, A/A 0 marked")


def main():
    print("TAP version 13")
    test_exact()
    test_false_positive_rate()
    test_power()
    test_run_metrics()
    test_agreement()
    test_min_effect()
    test_pipeline()
    print(f"1..{len(results)}")
    fails = results.count(False)
    print(f"# Totals: pass:{len(results) - fails} fail:{fails} xfail:0 xpass:0 skip:0 error:0")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
