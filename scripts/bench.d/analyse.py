#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The analysing half of `make bench`: reads what bench.d/run left in a
results directory and writes

  runs.csv      one line per transfer, every metric (runs.py)
  cells.csv     one line per verdict cell: medians, ratio, p, marker (cells.py)
  summary.md    the verdicts, the shared-bottleneck table, per path and
                algorithm the medians and spread, the Mathis model on
                random-loss paths, the noise
  plots/*.png   gnuplot (the .dat and .gp files stay beside them)

Usage: analyse.py RESULTS_DIR      (prints summary.md)

Only the Python standard library and gnuplot are used.
"""
import csv
import math
import os
import statistics
import subprocess
import sys

import cells as C
import runs as R
import stats

# One hue per family; kcong lighter (bars) or dashed (lines).
COLOR = {"reno": "#1f4e9c", "kcong_reno": "#5b9bd5", "kcong_newreno": "#9cc8ef",
         "bic": "#b35806", "kcong_bic": "#f1a340",
         "vegas": "#1b7837", "kcong_vegas": "#7fbf7b",
         "westwood": "#762a83", "kcong_westwood": "#b990cc",
         "cubic": "#444444"}
RENO_FAMILY = ["reno", "kcong_reno", "kcong_newreno"]


def color(label):
    c = COLOR.get(R.cc_of(label), "#999999")
    if "#" in label:
        # The second entry of an A/A pair: the same hue, lighter.
        v = int(c[1:], 16)
        c = "#%06x" % sum(((v >> s & 255) + 255) // 2 << s for s in (16, 8, 0))
    return c


def rgb(label):
    return int(color(label)[1:], 16)


# --- aggregation -------------------------------------------------------------------

def aggregate(paths, runs):
    """{(path, label): medians and spread over the successful runs}."""
    agg = {}
    for p in paths:
        for label in sorted({r["alg"] for r in runs if r["path"] == p.name}, key=R.order_key):
            ok = C.ok_runs(runs, p.name, label)
            if not ok:
                agg[(p.name, label)] = None
                continue
            g = [r["goodput"] for r in ok]
            med = statistics.median(g)
            s = {"n": len(ok), "goodput": med, "min": min(g), "max": max(g),
                 "spread_pct": 100.0 * (max(g) - min(g)) / med if med > 0 else float("nan"),
                 "utilization": med / p.capacity}
            for k in ("rtt_mean", "rtt_p95", "retrans_pct", "t90", "mb5"):
                s[k] = stats.median([r[k] for r in ok])
            s["jain"] = stats.median([r["jain"] for r in ok]) if p.flows > 1 else None
            if p.vs:
                sh = [r["share"] for r in ok]
                s.update(share=stats.median(sh), share_min=min(sh), share_max=max(sh),
                         flow_ranks=[statistics.fmean(r["own_goodput"] for r in ok),
                                     statistics.fmean(r["partner_goodput"] for r in ok)])
            else:
                ranked = [sorted(r["flow_goodputs"], reverse=True) for r in ok]
                s["flow_ranks"] = ([statistics.fmean(f[i] for f in ranked) for i in range(p.flows)]
                                   if all(len(f) == p.flows for f in ranked) else [])
            agg[(p.name, label)] = s
    return agg


# --- Markdown --------------------------------------------------------------------

fmt = C.fmt_value


def summary(results, meta, notes, paths, runs, agg, cells):
    out = []
    w = out.append
    aa = meta.get("aa")
    title = f"A/A control ({', '.join(aa.split())} entered twice)" if aa else "kcong bench"
    w(f"# {title} — kernel {meta.get('kernel', '?')}, {meta.get('started', '?')}")
    w("")
    w(f"{len(runs)} transfers on {len(paths)} paths, interleaved; {meta.get('host', '?')}, "
      f"{meta.get('cpus', '?')} CPUs; {meta.get('started', '?')} – "
      f"{meta.get('finished', 'unfinished')}.  Results: `{os.path.relpath(results)}/` "
      f"(raw iperf3 JSON in raw/, every run in runs.csv, every verdict in cells.csv, plots in "
      f"plots/).")
    w("")
    w("| path | what | repetitions | startup + steady s | algorithms |")
    w("|---|---|---:|---:|---|")
    for p in paths:
        what = f"{p.rate:g} Mbit/s {p.rtt:g} ms {p.loss} {p.buf:g} BDP"
        what += f", beside {p.partner}" if p.vs else (f", {p.flows} flows" if p.flows > 1 else "")
        w(f"| {p.name} | {what} | {p.reps} | {p.startup:g} + {p.steady:g} | {' '.join(p.labels)} |")
    failed = [r for r in runs if r["status"] != "ok"]
    short = [p.name for p in paths if not p.steady_ok]
    if notes or failed or short:
        w("")
        for n in notes:
            w(f"- {n}")
        for r in failed:
            w(f"- {r['path']}/{r['alg']} repetition {r['rep']}: {r['status']}")
        if short:
            w(f"- steady window shorter than 10 s or 100 RTTs on {', '.join(short)}: those "
              f"figures are not steady state")
    verdict_section(w, paths, cells, agg, aa)
    share_section(w, paths, agg, cells)
    for p in paths:
        if not p.vs:
            path_section(w, p, agg)
    noise_section(w, paths, agg)
    return "\n".join(out) + "\n"


def verdict_section(w, paths, cells, agg, aa):
    pair = [c for c in cells if c["metric"] != "share"]
    w("")
    if aa:
        w("## A/A: each algorithm's second entry (#2) against its first")
    else:
        w("## Verdicts: each kcong algorithm against its in-tree namesake")
    w("")
    if not pair:
        w("No algorithm ran beside its namesake on a single-flow path.")
        return
    heads = [m[1] + (" %" if m[0] == "retrans_pct" else "") for m in C.METRICS]
    w("| path | algorithm | against | " + " | ".join(heads) + " | t90 s | runs |")
    w("|---|---|---|" + "---:|" * len(heads) + "---:|---:|")
    rows = {}
    for c in pair:
        rows.setdefault((c["path"], c["alg"], c["ref"]), {})[c["metric"]] = c
    for (path, alg, ref), cs in rows.items():
        first = next(iter(cs.values()))
        a, b = agg.get((path, alg)), agg.get((path, ref))
        t90 = f"{fmt(a['t90'])} / {fmt(b['t90'])}" if a and b else "–"
        w(f"| {path} | {alg} | {ref} | " + " | ".join(C.fmt_cell(cs[m[0]]) for m in C.METRICS)
          + f" | {t90} | {first['n']}+{first['m']} |")
    w("")
    w("Each cell: the ratio of medians (this algorithm / the one it is judged against; for "
      "retransmissions and t90 both medians) and the verdict of an exact two-sided Wilcoxon "
      "rank-sum test of the runs: ▲ better, ▼ worse (p ≤ 0.05 and medians at least 10 % apart, "
      "retr. also 0.05 points), blank: no difference shown, · too few runs to test.  Better = "
      "more goodput and more bytes in the first 5 s, less RTT, fewer retransmissions.  goodput, "
      "RTT and retr. are steady-state figures; first 5 s and t90 (time to 90 % of the capacity "
      "or of the flow's own steady goodput, whichever is smaller; shown, not judged) are startup "
      "figures.  Documentation/bench.md explains each.")
    false_rate_line(w, cells, aa)


def false_rate_line(w, cells, aa):
    tested = [c for c in cells if c["marker"] != "n/a"]
    if not tested:
        return
    marked = [c for c in tested if c["marker"] in ("ahead", "behind")]
    chance = sum(c["size"] for c in tested)
    w("")
    if aa:
        none = len(tested) - len(marked)
        w(f"**A/A result: {none} of {len(tested)} cells \"no difference shown\" "
          f"({100 * none / len(tested):.0f} %)**; by the tests' exact sizes at most about "
          f"{chance:.1f} false markers were to be expected.")
        for c in marked:
            w(f"- marked: {c['path']} {c['alg']} {c['metric']}: {C.fmt_cell(c)} (p = {c['p']:.3f})")
    else:
        w(f"{len(marked)} of {len(tested)} cells marked.  Each marker's false-positive rate is "
          f"at most 5 % (exactly {min(c['size'] for c in tested):.1%}–"
          f"{max(c['size'] for c in tested):.1%} with these repetitions): if no algorithm "
          f"differed from its namesake, at most about {chance:.1f} markers would still appear by "
          f"chance.")


def share_section(w, paths, agg, cells):
    vs = [p for p in paths if p.vs]
    if not vs:
        return
    w("")
    w("## Sharing one bottleneck")
    w("")
    w("| path | flow | beside | flow Mbit/s | beside Mbit/s | share | share min–max | Jain | "
      "util. | flow's RTT mean ms | runs |")
    w("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    index = {(c["path"], c["alg"]): c for c in cells if c["metric"] == "share"}
    for p in vs:
        for label in p.labels:
            s = agg.get((p.name, label))
            c = index.get((p.name, label))
            if not s or not c:
                continue
            w(f"| {p.name} | {label} | {p.partner_of(label)} | {s['flow_ranks'][0]:.2f} | "
              f"{s['flow_ranks'][1]:.2f} | {C.fmt_cell(c)} | {100 * s['share_min']:.0f}–"
              f"{100 * s['share_max']:.0f} % | {fmt(s['jain'], '.3f')} | "
              f"{fmt(100 * s['utilization'], '.0f')} % | {fmt(s['rtt_mean'])} | {s['n']} |")
    w("")
    w("Share: the flow's part of the two flows' steady goodput (50 % is an even split); ▲/▼: "
      "more/less than half by an exact two-sided signed-rank test of the repetitions' shares "
      "(p ≤ 0.05, and the medians of the two flows at least 10 % apart; the two clients are "
      "launched in alternating order, so equal algorithms split symmetrically).  Jain's index and utilization are of the pair.")


def path_section(w, p, agg):
    w("")
    w(f"## {p.name}: {p.describe()}")
    w("")
    head = ["algorithm", "runs", "goodput Mbit/s", "min–max", "spread", "util.", "RTT mean ms",
            "RTT p95 ms", "retr. %", "t90 s", "first 5 s MB"]
    if p.flows > 1:
        head.append("Jain")
    w("| " + " | ".join(head) + " |")
    w("|---|" + "---:|" * (len(head) - 1))
    for label in p.labels:
        s = agg.get((p.name, label))
        if s is None:
            continue
        row = [label, str(s["n"]), fmt(s["goodput"], ".2f"), f"{s['min']:.2f}–{s['max']:.2f}",
               fmt(s["spread_pct"], ".0f") + " %", fmt(100 * s["utilization"], ".0f") + " %",
               fmt(s["rtt_mean"]), fmt(s["rtt_p95"]), fmt(s["retrans_pct"], ".2f"),
               fmt(s["t90"]), fmt(s["mb5"])]
        if p.flows > 1:
            row.append(fmt(s["jain"], ".3f"))
        w("| " + " | ".join(row) + " |")
    if p.random_loss:
        model = p.mathis()
        w("")
        w(f"Mathis model at {100 * p.random_loss:g} % loss and the base RTT of {p.rtt:g} ms: "
          f"{model:.2f} Mbit/s.  Measured steady goodput / model:")
        for alg in RENO_FAMILY + ["cubic"]:
            s = agg.get((p.name, alg))
            if s:
                w(f"- {alg}: {s['goodput'] / model:.2f} (with its measured mean RTT of "
                  f"{s['rtt_mean']:.1f} ms the model gives {p.mathis(s['rtt_mean']):.2f} Mbit/s, "
                  f"ratio {s['goodput'] / p.mathis(s['rtt_mean']):.2f})")


def noise_section(w, paths, agg):
    w("")
    w("## Noise")
    w("")
    w("Spread = (max − min) / median of the steady goodput over the repetitions of one "
      "algorithm on one path; the median and the worst per path:")
    w("")
    for p in paths:
        sp = [s["spread_pct"] for (pn, _), s in agg.items()
              if pn == p.name and s and s["n"] > 1 and not math.isnan(s["spread_pct"])]
        if sp:
            w(f"- {p.name}: median {statistics.median(sp):.0f} %, worst {max(sp):.0f} % "
              f"({len(sp)} algorithms)")
        else:
            w(f"- {p.name}: one repetition only, no estimate")


# --- CSV -------------------------------------------------------------------------

def csv_value(v):
    if isinstance(v, float):
        return "inf" if math.isinf(v) else f"{v:.5g}"
    return v


def write_csv(results, paths, runs, cells):
    pmap = {p.name: p for p in paths}
    cols = ["path", "rate_mbit", "rtt_ms", "loss", "buf_bdp", "flows", "alg", "rep", "status",
            "goodput", "utilization", "rtt_mean", "rtt_p95", "retrans_pct", "t90", "mb5",
            "jain", "share", "flow_goodputs", "sender_cc", "wall_s", "file"]
    with open(os.path.join(results, "runs.csv"), "w", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(cols)
        for r in runs:
            p = pmap[r["path"]]
            row = {"rate_mbit": p.rate, "rtt_ms": p.rtt, "loss": p.loss, "buf_bdp": p.buf,
                   "flows": p.flows, **r}
            if "flow_goodputs" in r:
                row["flow_goodputs"] = ";".join(f"{x:.3f}" for x in r["flow_goodputs"])
            wr.writerow([csv_value(row.get(c, "")) for c in cols])
    cols = ["path", "alg", "ref", "metric", "n", "m", "med", "ref_med", "ratio", "p", "size",
            "marker"]
    with open(os.path.join(results, "cells.csv"), "w", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(cols)
        for c in cells:
            wr.writerow([csv_value(c[k]) for k in cols])


# --- plots -----------------------------------------------------------------------

def layout(n):
    cols = min(n, 3)
    return (n + cols - 1) // cols, cols


def gp_escape(s):
    return s.replace("'", "''")


def plot_goodput(pdir, paths, agg):
    """One panel per path: median steady goodput bars, min-max error bars,
    capacity (dashed) and, on random-loss paths, the Mathis model."""
    with open(os.path.join(pdir, "goodput.dat"), "w") as f:
        for p in paths:
            f.write(f"# {p.name}\n")
            for i, a in enumerate(p.labels):
                s = agg.get((p.name, a))
                if s:
                    f.write(f"{i} {a} {s['goodput']:.3f} {s['min']:.3f} {s['max']:.3f} {rgb(a)}\n")
            f.write("\n\n")
    rows, cols = layout(len(paths))
    gp = [f"set terminal pngcairo size {cols * 560},{rows * 420} noenhanced font 'DejaVu Sans,10'",
          "set output 'goodput.png'",
          "set style fill solid 0.9 border lc rgb '#333333'",
          "set boxwidth 0.75", "set grid ytics lc rgb '#dddddd'",
          "set xtics rotate by 40 right nomirror", "set ytics nomirror",
          "set ylabel 'steady goodput, Mbit/s'", "set key top right font ',9'",
          f"set multiplot layout {rows},{cols} title 'Median steady-state goodput "
          f"(bars: min-max over repetitions)' font ',12'"]
    for k, p in enumerate(paths):
        gp.append(f"set xrange [-0.7:{len(p.labels) - 0.3}]")
        gp.append(f"set title '{gp_escape(p.name)}: {p.rate:g} Mbit/s, {p.rtt:g} ms, {p.loss}, "
                  f"{p.buf:g} BDP'")
        extra = f", {p.capacity:.3f} with lines dt 2 lc rgb '#888888' title 'capacity'"
        top = max([agg[(p.name, a)]["max"] for a in p.labels if agg.get((p.name, a))] + [0])
        if p.random_loss:
            gp.append(f"set yrange [0:{max(p.mathis() * 1.6, top * 1.15):.3f}]")
            extra = f", {p.mathis():.3f} with lines dt 3 lw 2 lc rgb '#c0392b' title 'Mathis model'"
        else:
            gp.append(f"set yrange [0:{max(p.capacity, top) * 1.15:.3f}]")
        gp.append(f"plot 'goodput.dat' index {k} using 1:3:6:xtic(stringcolumn(2)) with boxes "
                  f"lc rgb variable notitle, '' index {k} using 1:3:4:5 with yerrorbars "
                  f"pt -1 lc rgb '#000000' notitle{extra}")
    gp.append("unset multiplot")
    return run_gnuplot(pdir, "goodput", gp)


def plot_tput_delay(pdir, paths, agg, runs):
    """Pantheon-style: steady goodput against steady 95th-percentile RTT,
    one big point per algorithm (medians) and small points for the single
    runs; the delay axis is reversed, so better is up and to the right."""
    with open(os.path.join(pdir, "tput_delay.dat"), "w") as f:
        for p in paths:
            for a in p.labels:
                s = agg.get((p.name, a))
                f.write(f"# {p.name} {a}\n")
                if s:
                    f.write(f"{s['rtt_p95']:.2f} {s['goodput']:.3f} {rgb(a)}\n")
                f.write("\n\n")
    with open(os.path.join(pdir, "tput_delay_runs.dat"), "w") as f:
        for p in paths:
            f.write(f"# {p.name}\n")
            for r in runs:
                if r["path"] == p.name and r["status"] == "ok":
                    f.write(f"{r['rtt_p95']:.2f} {r['goodput']:.3f} {rgb(r['alg'])}\n")
            f.write("\n\n")
    rows, cols = layout(len(paths))
    gp = [f"set terminal pngcairo size {cols * 560},{rows * 420} noenhanced font 'DejaVu Sans,10'",
          "set output 'tput_delay.png'", "set grid lc rgb '#dddddd'",
          "set xlabel 'steady 95th-percentile RTT, ms (reversed: better to the right)'",
          "set ylabel 'steady goodput, Mbit/s'", "set xrange [*:*] reverse", "set yrange [0:*]",
          "set offsets graph 0.08, graph 0.08, graph 0.08, 0",
          "set key outside right top font ',8' spacing 0.9",
          "set multiplot layout %d,%d title 'Throughput against delay in steady state (large: "
          "median of the repetitions, small: single runs)' font ',12'" % (rows, cols)]
    idx = 0
    for k, p in enumerate(paths):
        gp.append(f"set title '{gp_escape(p.name)}'")
        cmds = [f"'tput_delay_runs.dat' index {k} using 1:2:3 with points pt 6 ps 0.6 "
                f"lc rgb variable notitle"]
        for a in p.labels:
            if agg.get((p.name, a)):
                pt = 9 if a.startswith("kcong_") else (5 if "#" in a else 7)
                cmds.append(f"'tput_delay.dat' index {idx} using 1:2:3 with points pt {pt} "
                            f"ps 2 lc rgb variable title '{gp_escape(a)}'")
            idx += 1
        gp.append("plot " + ", ".join(cmds))
    gp.append("unset multiplot")
    return run_gnuplot(pdir, "tput_delay", gp)


def plot_time_series(pdir, p, runs):
    """Receiver goodput, cwnd and RTT over the whole transfer, first
    repetition of each algorithm; the startup phase shaded."""
    shown = []
    with open(os.path.join(pdir, f"timeseries-{p.name}.dat"), "w") as f:
        for a in p.labels:
            r = next((r for r in runs if r["path"] == p.name and r["alg"] == a
                      and r["status"] == "ok"), None)
            if not r:
                continue
            f.write(f"# {a} repetition {r['rep']}: t goodput_mbit cwnd_pkts rtt_ms\n")
            # The receiver's goodput over the last 0.5 s: per 0.1 s it jumps
            # whenever a hole is filled and the reordered data is delivered.
            ser = r["series"]
            rx = {}
            for i, (_, e, _, _) in enumerate(ser):
                span = ser[max(0, i - 4):i + 1]
                secs = span[-1][1] - span[0][0]
                if secs > 0:
                    rx[round(e, 1)] = sum(x[2] for x in span) * 8 / 1e6 / secs
            for t, c, rt in R.sender_series(r["data"]):
                f.write(f"{t:.3f} {fmt(rx.get(round(t, 1)), '.3f')} {c:.1f} {rt:.2f}\n")
            f.write("\n\n")
            shown.append(a)
    if not shown:
        return None

    def lines(col):
        return ", ".join(
            f"'timeseries-{p.name}.dat' index {i} using 1:{col} with lines lw 1.4 "
            f"lc rgb '{color(a)}' dt {2 if a.startswith('kcong_') or '#' in a else 1} "
            f"title '{gp_escape(a)}'" for i, a in enumerate(shown))
    gp = ["set terminal pngcairo size 1100,1000 noenhanced font 'DejaVu Sans,10'",
          f"set output 'timeseries-{p.name}.png'", "set grid lc rgb '#dddddd'",
          "set key outside right top font ',9'", "set datafile missing '–'",
          f"set object 1 rect from 0, graph 0 to {p.startup:g}, graph 1 fc rgb '#eeeeee' "
          "fs solid noborder behind",
          f"set multiplot layout 3,1 title '{gp_escape(p.name)}: {p.rate:g} Mbit/s, {p.rtt:g} ms, "
          f"{p.loss}, {p.buf:g} BDP - one run of each algorithm (kcong dashed; grey: the "
          f"startup phase)' font ',11'",
          "set ylabel 'receiver goodput (0.5 s mean), Mbit/s'", "set xlabel ''", "set yrange [0:*]",
          f"plot {lines(2)}, {p.capacity:.2f} with lines dt 3 lc rgb '#888888' title 'capacity'",
          "set ylabel 'cwnd, packets'",
          f"plot {lines(3)}, {p.bdp_pkts} with lines dt 3 lc rgb '#888888' title 'BDP', "
          f"{p.bdp_pkts * (1 + p.buf):.1f} with lines dt 4 lc rgb '#bbbbbb' title 'BDP + buffer'",
          "set ylabel 'smoothed RTT, ms'", "set xlabel 'time, s'",
          f"plot {lines(4)}, {p.rtt:g} with lines dt 3 lc rgb '#888888' title 'base RTT'",
          "unset multiplot"]
    return run_gnuplot(pdir, f"timeseries-{p.name}", gp)


def plot_fairness(pdir, paths, agg):
    """Per-flow steady goodput of the multi-flow paths: the fastest, second
    fastest... flow (mean over repetitions) side by side, Jain's index above;
    on a vs path the algorithm's flow left, its partner's right."""
    multi = [p for p in paths if p.flows > 1]
    if not multi:
        return None
    rows, cols = layout(len(multi))
    gp = [f"set terminal pngcairo size {max(cols * 620, 900)},{rows * 420} noenhanced "
          f"font 'DejaVu Sans,10'",
          "set output 'fairness.png'", "set style fill solid 0.85 border lc rgb '#333333'",
          "set grid ytics lc rgb '#dddddd'", "set xtics rotate by 40 right nomirror",
          "set ylabel 'steady goodput per flow, Mbit/s'", "set key off",
          f"set multiplot layout {rows},{cols} title 'Per-flow goodput, fastest flow first (vs: "
          f"the algorithm first, its partner second; mean over repetitions); Jain index on top; "
          f"dashed: fair share' font ',12'"]
    for p in multi:
        name = f"fairness-{p.name}.dat"
        wd = 0.8 / p.flows
        shown = [a for a in p.labels if agg.get((p.name, a)) and agg[(p.name, a)]["flow_ranks"]]
        with open(os.path.join(pdir, name), "w") as f:
            for i, a in enumerate(shown):
                s = agg[(p.name, a)]
                for j, g in enumerate(s["flow_ranks"]):
                    x = i - 0.4 + wd * (j + 0.5)
                    c = rgb(p.partner_of(a)) if p.vs and j == 1 else rgb(a)
                    f.write(f"{x:.3f} {g:.3f} {c} {a} {fmt(s['jain'], '.2f')} {i}\n")
        share = p.capacity / p.flows
        what = f"beside {p.partner}" if p.vs else f"{p.flows} flows"
        gp += [f"set title '{gp_escape(p.name)}: {what}, {p.rate:g} Mbit/s, {p.rtt:g} ms, "
               f"{p.buf:g} BDP'", f"set boxwidth {wd * 0.95:.3f}",
               f"set xrange [-0.7:{max(len(shown), 1) - 0.3}]",
               f"set yrange [0:{p.capacity * 1.1:.2f}]",
               "set xtics (" + ", ".join(
                   f"'{gp_escape(a + (' vs ' + p.partner_of(a) if p.vs else ''))}' {i}"
                   for i, a in enumerate(shown)) + ")",
               f"plot '{name}' using 1:2:3 with boxes lc rgb variable, "
               f"'' using 6:({p.capacity * 1.03:.2f}):(sprintf('J=%s', strcol(5))) every {p.flows} "
               f"with labels font ',9', "
               f"{share:.3f} with lines dt 2 lc rgb '#888888'"]
    gp.append("unset multiplot")
    return run_gnuplot(pdir, "fairness", gp)


def run_gnuplot(pdir, name, lines):
    script = os.path.join(pdir, name + ".gp")
    with open(script, "w") as f:
        f.write("\n".join(lines) + "\n")
    try:
        res = subprocess.run(["gnuplot", name + ".gp"], cwd=pdir, capture_output=True, text=True)
    except FileNotFoundError:
        return f"{name}.png not drawn: gnuplot is missing (apt-get install gnuplot-nox)"
    if res.returncode != 0:
        return f"{name}.png not drawn: {res.stderr.strip().splitlines()[-1:]}"
    return None


def analyse(results):
    """(meta, paths, runs, cells) of a results directory."""
    meta = R.read_kv(os.path.join(results, "meta.txt"))
    paths, runs = R.load(results)
    ran = {r["path"] for r in runs}
    paths = [p for p in paths if p.name in ran]
    return meta, paths, runs, C.all_cells(paths, runs)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: analyse.py RESULTS_DIR")
    results = sys.argv[1]
    meta, paths, runs, cells = analyse(results)
    if not runs:
        sys.exit(f"{results}: no runs recorded")
    notes = []
    if os.path.exists(os.path.join(results, "notes.txt")):
        with open(os.path.join(results, "notes.txt")) as f:
            notes = [line.strip() for line in f if line.strip()]
    agg = aggregate(paths, runs)
    write_csv(results, paths, runs, cells)

    pdir = os.path.join(results, "plots")
    os.makedirs(pdir, exist_ok=True)
    single = [p for p in paths if not p.vs]
    problems = [plot_goodput(pdir, single, agg) if single else None,
                plot_tput_delay(pdir, single, agg, runs) if single else None,
                plot_fairness(pdir, paths, agg)]
    for p in paths:
        if p.flows == 1:
            problems.append(plot_time_series(pdir, p, runs))
    notes += [x for x in problems if x]

    text = summary(results, meta, notes, paths, runs, agg, cells)
    with open(os.path.join(results, "summary.md"), "w") as f:
        f.write(text)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
