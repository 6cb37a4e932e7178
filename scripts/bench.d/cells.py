# SPDX-License-Identifier: GPL-2.0
"""Verdict cells: each kcong algorithm (or A/A label) against what it is
judged by, per path and metric, with the exact tests of stats.py.

A cell is (path, label, reference, metric).  Its marker is
  "ahead"    the label is better than the reference (p <= ALPHA, two-sided)
  "behind"   worse
  "none"     no difference shown
  "n/a"      too few runs for the test to mark anything
where better means higher goodput, bytes in the first 5 s and share, and
lower RTT and retransmissions.  A marker also needs the
medians at least MIN_RATIO apart (and, for the coarse metrics, FLOOR apart):
a difference of a few percent can be real and still flip from run to run,
so the bench leaves it unmarked rather than mark it one time in two.
"""
import math

import runs as R
import stats

# The metrics with a verdict: (key, heading, unit, higher is better, format).
METRICS = [
    ("goodput", "goodput", "Mbit/s", True, ".2f"),
    ("rtt_mean", "RTT mean", "ms", False, ".1f"),
    ("rtt_p95", "RTT p95", "ms", False, ".1f"),
    ("retrans_pct", "retr.", "%", False, ".2f"),
    ("mb5", "first 5 s", "MB", True, ".1f"),
]
SHARE = ("share", "share", "%", True, ".0f")
# t90 is shown beside the verdicts but gets none: reported every 0.1 s and
# bimodal on lossy paths (a flow reaches its pace in slow start, or seconds
# later after an early loss), its median flips between runs.
T90 = ("t90", "t90", "s", False, ".1f")
METRIC = {m[0]: m for m in METRICS + [SHARE, T90]}
MARK = {"ahead": "▲", "behind": "▼", "none": "", "n/a": "·"}
# "Medians differ by 25 % or more": the test of a bench that sees.
BIG = 1.25
# The smallest difference of medians a marker reports: 10 %, and for
# retransmissions also 0.05 percentage points.
MIN_RATIO = 1.10
FLOOR = {"retrans_pct": 0.05}


def ratio(a, b):
    """a / b for medians that may be 0 or infinite (t90 never reached)."""
    if a == b:
        return 1.0
    if b == 0 or math.isinf(a):
        return math.inf
    if math.isinf(b):
        return 0.0
    return a / b


def large_enough(metric, med, ref_med, r):
    """Are two medians far enough apart for a marker?"""
    if math.isnan(r) or 1 / MIN_RATIO < r < MIN_RATIO:
        return False
    if metric in FLOOR and not (math.isinf(med) or math.isinf(ref_med)):
        return abs(med - ref_med) >= FLOOR[metric] - 1e-9
    return True


def verdict(p, direction, higher_better, testable, large=True):
    if not testable:
        return "n/a"
    if p > stats.ALPHA or direction == 0 or not large:
        return "none"
    better = (direction > 0) == higher_better
    return "ahead" if better else "behind"


def ok_runs(runs, path, label):
    return [r for r in runs if r["path"] == path and r["alg"] == label and r["status"] == "ok"]


def pair_cells(path, label, ref, runs):
    """The metric cells of label against ref on a single-connection path."""
    a, b = ok_runs(runs, path.name, label), ok_runs(runs, path.name, ref)
    testable = stats.rank_sum_size(len(a), len(b)) > 0
    out = []
    for key, _, _, higher, _ in METRICS:
        xa, xb = [r[key] for r in a], [r[key] for r in b]
        xa = [x for x in xa if not math.isnan(x)]
        xb = [x for x in xb if not math.isnan(x)]
        p, d = stats.rank_sum_test(xa, xb) if xa and xb else (1.0, 0)
        ma, mb = stats.median(xa), stats.median(xb)
        r = ratio(ma, mb) if xa and xb else float("nan")
        out.append({"path": path.name, "alg": label, "ref": ref, "metric": key,
                    "n": len(xa), "m": len(xb), "med": ma, "ref_med": mb, "ratio": r,
                    "p": p, "size": stats.rank_sum_size(len(xa), len(xb)),
                    "marker": verdict(p, d, higher, testable and len(xa) == len(a)
                                      and len(xb) == len(b), large_enough(key, ma, mb, r))})
    return out


def share_cell(path, label, runs):
    """A vs path: is label's share of the bottleneck beside its partner
    different from half?  The two clients are launched in an order that
    alternates with the repetition, so with equal algorithms the share is
    symmetric about 1/2: the signed-rank test applies."""
    a = ok_runs(runs, path.name, label)
    shares = [r["share"] for r in a if not math.isnan(r["share"])]
    p, d = stats.signed_rank_test([s - 0.5 for s in shares])
    med = stats.median(shares)
    size = stats.signed_rank_size(len(shares))
    r = ratio(med, 1 - med) if shares else float("nan")
    return {"path": path.name, "alg": label, "ref": path.partner_of(label), "metric": "share",
            "n": len(shares), "m": len(shares), "med": med, "ref_med": 1 - med, "ratio": r,
            "p": p, "size": size,
            "marker": verdict(p, d, True, size > 0, large_enough("share", med, 1 - med, r))}


def all_cells(paths, runs):
    """Every verdict cell of a run, in presentation order."""
    out = []
    for p in paths:
        labels = sorted({r["alg"] for r in runs if r["path"] == p.name}, key=R.order_key)
        for label in labels:
            if p.vs:
                out.append(share_cell(p, label, runs))
                continue
            ref = R.namesake(label)
            if ref and ref in labels:
                out += pair_cells(p, label, ref, runs)
    return out


def key(cell):
    return (cell["path"], cell["alg"], cell["ref"], cell["metric"])


def agreement(cells_a, cells_b):
    """Cell-by-cell comparison of two runs' markers.  Returns a dict:
    pairs [(a, b)] of the cells both have and can test, agree, contradict
    (ahead in one, behind in the other), big [(a, b)] with medians >= 25 %
    apart in both runs and in the same direction, big_missed, those not
    marked in both, and big_opposite, >= 25 % apart in both runs but in
    opposite directions: noise that no test should mark (marked in both, it
    would be a contradiction)."""
    index = {key(c): c for c in cells_b}
    pairs = [(a, index[key(a)]) for a in cells_a
             if key(a) in index and "n/a" not in (a["marker"], index[key(a)]["marker"])]
    agree = sum(a["marker"] == b["marker"] for a, b in pairs)
    contra = [(a, b) for a, b in pairs if {a["marker"], b["marker"]} == {"ahead", "behind"}]
    both = [(a, b) for a, b in pairs if is_big(a) and is_big(b)]
    big = [(a, b) for a, b in both if (a["ratio"] > 1) == (b["ratio"] > 1)]
    opposite = [(a, b) for a, b in both if (a["ratio"] > 1) != (b["ratio"] > 1)]
    missed = [(a, b) for a, b in big if "none" in (a["marker"], b["marker"])]
    return {"pairs": pairs, "agree": agree, "contradict": contra, "big": big, "big_missed": missed,
            "big_opposite": opposite}


def is_big(cell):
    """Medians 25 % or more apart (retransmissions: and at least FLOOR
    apart: 0.00 against 0.01 % is not a difference of anything)."""
    r = cell["ratio"]
    if math.isnan(r) or 1 / BIG < r < BIG:
        return False
    floor = FLOOR.get(cell["metric"])
    return floor is None or abs(cell["med"] - cell["ref_med"]) >= floor - 1e-9


def fmt_value(x, spec=".1f"):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if isinstance(x, float) and math.isinf(x):
        return "never"
    return format(x, spec)


def fmt_cell(cell):
    """A cell for a table: the ratio of medians (or both medians where a
    ratio says little) and the marker."""
    key_, _, _, _, spec = METRIC[cell["metric"]]
    mark = MARK[cell.get("marker", "none")]
    if key_ == "share":
        text = f"{100 * cell['med']:.0f} %"
    elif key_ in ("retrans_pct", "t90"):
        text = f"{fmt_value(cell['med'], spec)} / {fmt_value(cell['ref_med'], spec)}"
    else:
        r = cell["ratio"]
        text = "–" if math.isnan(r) else ("∞" if math.isinf(r) else f"{r:.2f}×")
    return f"{text} {mark}".strip()
