#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Compare two bench results directories cell by cell (scripts/bench
--compare A B): which verdict markers moved, how often the two runs agree,
and, with the same exact rank-sum test, which algorithm's figures changed
from run A to run B (a change to an algorithm judged against a saved run).

Usage: compare.py A B      (prints Markdown)
"""
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import analyse  # noqa: E402
import cells as C  # noqa: E402
import runs as R  # noqa: E402
import stats  # noqa: E402


def describe(results, meta, runs):
    return (f"`{os.path.relpath(results)}`: kernel {meta.get('kernel', '?')}, "
            f"{meta.get('started', '?')}, {len(runs)} transfers"
            + (f", A/A of {meta['aa']}" if meta.get("aa") else ""))


def marker_text(c):
    return C.fmt_cell(c) + (" (no difference)" if c["marker"] == "none" else "")


def marker_table(w, cells_a, cells_b):
    index = {C.key(c): c for c in cells_b}
    w("| path | algorithm | against | metric | A | B | marker |")
    w("|---|---|---|---|---:|---:|---|")
    for a in cells_a:
        b = index.get(C.key(a))
        if not b:
            continue
        ma, mb = C.MARK[a["marker"]] or "–", C.MARK[b["marker"]] or "–"
        moved = "same" if a["marker"] == b["marker"] else f"moved {ma} → {mb}"
        if {a["marker"], b["marker"]} == {"ahead", "behind"}:
            moved = f"**contradiction** {ma} → {mb}"
        w(f"| {a['path']} | {a['alg']} | {a['ref']} | {C.METRIC[a['metric']][1]} | "
          f"{C.fmt_cell(a)} | {C.fmt_cell(b)} | {moved} |")
    only = [c for c in cells_a if C.key(c) not in index]
    only_b = [c for c in cells_b if C.key(c) not in {C.key(x) for x in cells_a}]
    if only or only_b:
        w("")
        w(f"Cells in one run only: {len(only)} in A, {len(only_b)} in B (other paths, "
          f"algorithms or metrics).")


def agreement_table(w, cells_a, cells_b):
    metrics = [m[0] for m in C.METRICS] + ["share"]
    w("| metric | cells | agree | contradictions | ≥ 25 % apart in both, same way | "
      "of those marked in both |")
    w("|---|---:|---:|---:|---:|---:|")
    total = C.agreement(cells_a, cells_b)
    for m in metrics + [None]:
        sel_a = [c for c in cells_a if m is None or c["metric"] == m]
        g = total if m is None else C.agreement(sel_a, cells_b)
        if not g["pairs"]:
            continue
        name = "**all**" if m is None else C.METRIC[m][1]
        w(f"| {name} | {len(g['pairs'])} | {g['agree']} ({100 * g['agree'] / len(g['pairs']):.0f} %) "
          f"| {len(g['contradict'])} | {len(g['big'])} | {len(g['big']) - len(g['big_missed'])} |")
    return total


def changes(w, paths_a, runs_a, runs_b, paths_b):
    """Each (path, label, metric) in both runs: B's runs against A's."""
    common = [p for p in paths_a if p.name in {q.name for q in paths_b}]
    rows, tested, marked = [], 0, 0
    for p in common:
        labels = sorted({r["alg"] for r in runs_a if r["path"] == p.name}
                        & {r["alg"] for r in runs_b if r["path"] == p.name}, key=R.order_key)
        metrics = [C.SHARE] if p.vs else C.METRICS
        for label in labels:
            ra, rb = C.ok_runs(runs_a, p.name, label), C.ok_runs(runs_b, p.name, label)
            for key, name, unit, higher, spec in metrics:
                xa = [r[key] for r in ra if not math.isnan(r[key])]
                xb = [r[key] for r in rb if not math.isnan(r[key])]
                if stats.rank_sum_size(len(xb), len(xa)) == 0:
                    continue
                tested += 1
                pv, d = stats.rank_sum_test(xb, xa)
                if pv > stats.ALPHA:
                    continue
                ma, mb = stats.median(xa), stats.median(xb)
                # Would a verdict cell mark it (medians also 10 % apart)?
                cell = C.large_enough(key, mb, ma, C.ratio(mb, ma))
                marked += cell
                better = (d > 0) == higher
                scale = 100 if key == "share" else 1
                rows.append(f"| {p.name} | {label} | {name} | "
                            f"{C.fmt_value(scale * ma, spec)} → {C.fmt_value(scale * mb, spec)} "
                            f"{unit} | {'better ▲' if better else 'worse ▼'} | {pv:.3f} | "
                            f"{'yes' if cell else 'no'} |")
    w(f"{len(rows)} of {tested} (path, algorithm, metric) figures changed from A to B "
      f"(B's runs against A's, exact two-sided rank-sum test, p ≤ 0.05; if nothing had "
      f"changed, about {0.05 * tested:.0f} or fewer would by chance).  An in-tree "
      f"algorithm that changed points at a different machine state (load, another kernel), "
      f"not at a change of code: judge kcong's changes against those.")
    if tested:
        w("")
        w(f"**A/A across the runs.**  When A and B ran the same code, every figure is its own "
          f"A/A control: judged by the verdict cells' rule (p ≤ 0.05 and medians at least "
          f"{100 * (C.MIN_RATIO - 1):.0f} % apart), {marked} of {tested} would be marked, "
          f"{100 * marked / tested:.1f} % ({100 - 100 * marked / tested:.1f} % no difference).  "
          f"Between two runs the machine's load may differ too, and such real "
          f"differences count here as false markers: a harsher control than the A/A "
          f"inside one run (`make bench AA=ALG`).")
    if rows:
        w("")
        w("| path | algorithm | metric | A → B (medians) | B is | p | a cell would mark it |")
        w("|---|---|---|---:|---|---:|---|")
        for r in rows:
            w(r)


def compare(dir_a, dir_b):
    meta_a, paths_a, runs_a, cells_a = analyse.analyse(dir_a)
    meta_b, paths_b, runs_b, cells_b = analyse.analyse(dir_b)
    out = []
    w = out.append
    w("# Comparing two bench runs")
    w("")
    w(f"- A: {describe(dir_a, meta_a, runs_a)}")
    w(f"- B: {describe(dir_b, meta_b, runs_b)}")
    w("")
    w("## Agreement of the verdict markers")
    w("")
    g = agreement_table(w, cells_a, cells_b)
    w("")
    if g["pairs"]:
        w(f"{g['agree']} of {len(g['pairs'])} cells agree ({100 * g['agree'] / len(g['pairs']):.0f} %); "
          f"contradictions (ahead in one run, behind in the other): {len(g['contradict'])}; "
          f"cells whose medians are 25 % or more apart in both runs, the same way: "
          f"{len(g['big'])}, marked in both: {len(g['big']) - len(g['big_missed'])}.")
        for a, b in g["big_missed"]:
            w(f"- ≥ 25 % apart in both but not marked in both: {a['path']} {a['alg']} "
              f"{C.METRIC[a['metric']][1]}: A {C.fmt_cell(a)} (p = {a['p']:.3f}), "
              f"B {C.fmt_cell(b)} (p = {b['p']:.3f})")
        for a, b in g["big_opposite"]:
            w(f"- ≥ 25 % apart in both but in opposite directions (noise, not expected to be "
              f"marked): {a['path']} {a['alg']} {C.METRIC[a['metric']][1]}: A {C.fmt_cell(a)} "
              f"(p = {a['p']:.3f}), B {C.fmt_cell(b)} (p = {b['p']:.3f})")
    else:
        w("The two runs have no testable cell in common.")
    w("")
    w("## Every cell")
    w("")
    marker_table(w, cells_a, cells_b)
    w("")
    w("## What changed from A to B")
    w("")
    changes(w, paths_a, runs_a, runs_b, paths_b)
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: compare.py RESULTS_A RESULTS_B")
    for d in sys.argv[1:]:
        if not os.path.exists(os.path.join(d, "plan.tsv")):
            sys.exit(f"compare: {d} is not a results directory of this bench (no plan.tsv)")
    sys.stdout.write(compare(sys.argv[1], sys.argv[2]))


if __name__ == "__main__":
    main()
