#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The analysing half of `make bench`: reads what bench.d/run left in a
results directory and writes

  runs.csv          one line per transfer (every metric below, per run)
  summary.md        per path and algorithm: median goodput, spread,
                    utilization, retransmissions, mean and 95th-percentile
                    RTT, Jain's index, kcong/namesake ratio; the Mathis
                    model on random-loss paths; the noise level
  plots/*.png       gnuplot (the .dat and .gp files stay beside them)

Usage: analyse.py RESULTS_DIR      (prints summary.md)

Goodput is what the receiver got after iperf3's omitted (-O) seconds.  RTT
statistics are over the sender's smoothed-RTT samples, one per flow per
report interval, after the omitted seconds.  Only the Python standard
library and gnuplot are used.
"""
import csv
import json
import math
import os
import statistics
import subprocess
import sys

MSS = 1448                 # payload bytes per 1500-byte packet with timestamps
WIRE = 1514                # bytes the netem rate counts per packet

INTREE = ["reno", "bic", "vegas", "westwood", "cubic"]
# kcong algorithm -> its in-tree namesake.
NAMESAKE = {"kcong_reno": "reno", "kcong_newreno": "reno", "kcong_bic": "bic",
            "kcong_vegas": "vegas", "kcong_westwood": "westwood"}
# Presentation order: each in-tree algorithm followed by its kcong namesakes.
ORDER = ["reno", "kcong_reno", "kcong_newreno", "bic", "kcong_bic", "vegas",
         "kcong_vegas", "westwood", "kcong_westwood", "cubic"]
# One hue per family; kcong lighter (bars) or dashed (lines).
COLOR = {"reno": "#1f4e9c", "kcong_reno": "#5b9bd5", "kcong_newreno": "#9cc8ef",
         "bic": "#b35806", "kcong_bic": "#f1a340",
         "vegas": "#1b7837", "kcong_vegas": "#7fbf7b",
         "westwood": "#762a83", "kcong_westwood": "#b990cc",
         "cubic": "#444444"}
RENO_FAMILY = ["reno", "kcong_reno", "kcong_newreno"]
# A vs split is uneven beyond 55/45: two flows of one algorithm on the
# fairness path split up to about that (Jain 0.99) within a few seconds.
UNEVEN = 0.05


def namesake(alg):
    return NAMESAKE.get(alg, alg[6:] if alg.startswith("kcong_") else None)


def order_key(alg):
    return (ORDER.index(alg) if alg in ORDER else len(ORDER), alg)


# --- reading ---------------------------------------------------------------------

def read_kv(path):
    kv = {}
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                if "=" in line:
                    k, v = line.rstrip("\n").split("=", 1)
                    kv[k] = v
    return kv


class Path:
    def __init__(self, fields):
        self.name = fields[0]
        self.rate = float(fields[1])
        self.rtt = float(fields[2])
        self.loss = fields[3]
        self.buf = float(fields[4])
        # "vs": each kcong algorithm against its in-tree namesake, one flow each.
        self.vs = fields[5] == "vs"
        self.flows = 2 if self.vs else int(fields[5])
        # Measured seconds of this path's transfers, when not the plan's.
        self.seconds = int(fields[6]) if len(fields) > 6 else None

    @property
    def capacity(self):
        """Payload goodput the bottleneck carries, Mbit/s."""
        return self.rate * MSS / WIRE

    @property
    def random_loss(self):
        """Loss probability of a random:PCT path, else None."""
        if self.loss.startswith("random:"):
            return float(self.loss.split(":")[1]) / 100
        return None

    def mathis(self, rtt_ms=None):
        """Mathis et al.: MSS/RTT * sqrt(3/2) / sqrt(p), Mbit/s."""
        p = self.random_loss
        rtt = (rtt_ms or self.rtt) / 1000
        return MSS * 8 / rtt * math.sqrt(1.5) / math.sqrt(p) / 1e6

    def describe(self):
        loss = {"none": "no loss"}.get(self.loss, self.loss.replace("random:", "") + " % random loss"
                                       if self.loss.startswith("random:") else self.loss)
        bdp = math.ceil(self.rate * 1e6 / 8 * self.rtt / 1000 / 1500)
        flows = f"{self.flows} flows" if self.flows > 1 else "1 flow"
        if self.vs:
            flows = "each kcong algorithm against its in-tree namesake, one flow each"
        secs = f"; {self.seconds} s measured per run" if self.seconds else ""
        return (f"{self.rate:g} Mbit/s, {self.rtt:g} ms RTT, {loss}, "
                f"{self.buf:g} BDP buffer (BDP {bdp} packets), {flows}; "
                f"capacity {self.capacity:.1f} Mbit/s of goodput{secs}")


def read_paths(path):
    paths = []
    with open(path) as f:
        for line in f:
            s = line.strip()
            if not s or s.startswith("#") or s.startswith("@"):
                continue
            paths.append(Path(s.split()))
    return paths


def percentile(sorted_vals, q):
    if not sorted_vals:
        return float("nan")
    return sorted_vals[min(len(sorted_vals) - 1, int(q * len(sorted_vals)))]


def jain(xs):
    s = sum(xs)
    sq = sum(x * x for x in xs)
    return s * s / (len(xs) * sq) if sq > 0 else float("nan")


def run_metrics(path, data):
    """Every per-run metric of one iperf3 -J result."""
    end = data["end"]
    goodput = end["sum_received"]["bits_per_second"] / 1e6
    flows = [s["receiver"]["bits_per_second"] / 1e6 for s in end.get("streams", [])]
    retrans = end["sum_sent"].get("retransmits", 0)
    sent_pkts = end["sum_sent"]["bytes"] / MSS
    rtts = sorted(s["rtt"] / 1000.0 for iv in data["intervals"] if not iv["sum"].get("omitted")
                  for s in iv["streams"] if "rtt" in s)
    return {
        "goodput_mbit": goodput,
        "utilization": goodput / path.capacity,
        "retransmits": retrans,
        "retrans_pct": 100.0 * retrans / sent_pkts if sent_pkts else 0.0,
        "rtt_mean_ms": statistics.fmean(rtts) if rtts else float("nan"),
        "rtt_p95_ms": percentile(rtts, 0.95),
        "jain": jain(flows) if len(flows) > 1 else float("nan"),
        "flow_goodputs": flows,
        "sender_cc": end.get("sender_tcp_congestion", "?"),
    }


def time_series(data):
    """[(t, cwnd_pkts, rtt_ms)] of the first flow, omitted seconds included."""
    out, t = [], 0.0
    for iv in data["intervals"]:
        s = iv["streams"][0]
        t += s["seconds"]
        if "snd_cwnd" in s:
            out.append((t, s["snd_cwnd"] / MSS, s.get("rtt", 0) / 1000.0))
    return out


def add_peer(results, p, run):
    """A vs run: the namesake's flow from the .peer.json beside the kcong
    one; goodput becomes the pair's total, flow_goodputs [kcong, namesake]."""
    peer_file = run["file"][:-len(".json")] + ".peer.json"
    with open(os.path.join(results, peer_file)) as jf:
        peer = json.load(jf)
    if "error" in peer:
        raise ValueError("namesake flow: " + peer["error"])
    m = run_metrics(p, peer)
    if m["sender_cc"] != namesake(run["alg"]):
        run["status"] = f"namesake flow ran {m['sender_cc']}"
    k, n = run["goodput_mbit"], m["goodput_mbit"]
    run.update({"goodput_mbit": k + n, "utilization": (k + n) / p.capacity,
                "flow_goodputs": [k, n], "jain": jain([k, n]),
                "share": k / (k + n) if k + n > 0 else float("nan"),
                "retransmits": run["retransmits"] + m["retransmits"]})


def load(results):
    paths = {p.name: p for p in read_paths(os.path.join(results, "scenarios"))}
    runs = []
    with open(os.path.join(results, "runs.tsv")) as f:
        for row in csv.DictReader(f, delimiter="\t"):
            p = paths[row["path"]]
            run = {"path": p.name, "alg": row["alg"], "rep": int(row["rep"]), "flows": p.flows,
                   "file": row["file"], "status": row["status"], "data": None}
            if row["status"] == "ok":
                try:
                    with open(os.path.join(results, row["file"])) as jf:
                        data = json.load(jf)
                    if "error" in data:
                        raise ValueError(data["error"])
                    run.update(run_metrics(p, data))
                    run["data"] = data
                    if run["sender_cc"] != run["alg"]:
                        run["status"] = f"ran {run['sender_cc']}"
                    elif p.vs:
                        add_peer(results, p, run)
                except (OSError, ValueError, KeyError) as e:
                    run["status"] = f"unreadable: {e}"
            runs.append(run)
    return list(paths.values()), runs


# --- statistics ------------------------------------------------------------------

def aggregate(paths, runs):
    """{(path, alg): stats} over the successful runs."""
    agg = {}
    for p in paths:
        for alg in sorted({r["alg"] for r in runs if r["path"] == p.name}, key=order_key):
            ok = [r for r in runs if r["path"] == p.name and r["alg"] == alg and r["status"] == "ok"]
            if not ok:
                agg[(p.name, alg)] = None
                continue
            g = [r["goodput_mbit"] for r in ok]
            med = statistics.median(g)
            ranked = [r["flow_goodputs"] if p.vs else sorted(r["flow_goodputs"], reverse=True)
                      for r in ok]
            agg[(p.name, alg)] = {
                "n": len(ok),
                "goodput": med, "min": min(g), "max": max(g),
                "spread_pct": 100.0 * (max(g) - min(g)) / med if med > 0 else float("nan"),
                "utilization": med / p.capacity,
                "retrans_pct": statistics.median(r["retrans_pct"] for r in ok),
                "rtt_mean": statistics.fmean(r["rtt_mean_ms"] for r in ok),
                "rtt_p95": statistics.median(r["rtt_p95_ms"] for r in ok),
                "jain": statistics.median(r["jain"] for r in ok) if p.flows > 1 else None,
                "share": statistics.median(r["share"] for r in ok) if p.vs else None,
                "share_min": min(r["share"] for r in ok) if p.vs else None,
                "share_max": max(r["share"] for r in ok) if p.vs else None,
                # Mean goodput of the fastest, second fastest, ... flow
                # (vs paths: of the kcong flow, then of the namesake's).
                "flow_ranks": [statistics.fmean(f[i] for f in ranked) for i in range(p.flows)]
                if all(len(f) == p.flows for f in ranked) else [],
            }
    return agg


def ratio(agg, path, alg):
    """(kcong/namesake goodput ratio, verdict) or None."""
    ref = namesake(alg)
    a, b = agg.get((path, alg)), agg.get((path, ref))
    if not a or not b or b["goodput"] <= 0:
        return None
    r = a["goodput"] / b["goodput"]
    # Different only when the two ranges of repetitions do not overlap.
    if min(a["n"], b["n"]) < 2:
        verdict = "single run"
    elif a["min"] > b["max"]:
        verdict = "ahead"
    elif a["max"] < b["min"]:
        verdict = "behind"
    else:
        verdict = "within noise"
    return r, verdict, ref


# --- Markdown --------------------------------------------------------------------

def fmt(x, spec=".1f"):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return format(x, spec)


def summary(results, meta, notes, paths, runs, agg):
    out = []
    w = out.append
    algs = sorted({r["alg"] for r in runs}, key=order_key)
    w(f"# kcong bench — kernel {meta.get('kernel', '?')}, {meta.get('started', '?')}")
    w("")
    w(f"{len(algs)} algorithms × {len(paths)} paths × {meta.get('reps', '?')} repetitions, each "
      f"{meta.get('omit', '?')} s of slow start (omitted) + {meta.get('seconds', '?')} s measured "
      f"(unless a path says otherwise), interleaved; {meta.get('host', '?')}, {meta.get('cpus', '?')} CPUs; "
      f"{meta.get('started', '?')} – {meta.get('finished', 'unfinished')}.")
    w(f"Results: `{os.path.relpath(results)}/` (raw iperf3 JSON in raw/, every run in runs.csv, "
      f"plots in plots/).")
    failed = [r for r in runs if r["status"] != "ok"]
    if notes or failed:
        w("")
        for n in notes:
            w(f"- {n}")
        for r in failed:
            w(f"- {r['path']}/{r['alg']} repetition {r['rep']}: {r['status']}")
    spreads = [s["spread_pct"] for s in agg.values() if s and s["n"] > 1 and not math.isnan(s["spread_pct"])]
    for p in paths:
        w("")
        w(f"## {p.name}: {p.describe()}")
        w("")
        if p.vs:
            vs_table(w, p, algs, agg)
            continue
        head = ["algorithm", "goodput Mbit/s", "min–max", "spread", "util.", "retr. %",
                "RTT mean ms", "RTT p95 ms"]
        if p.flows > 1:
            head.append("Jain")
        head.append("vs namesake")
        w("| " + " | ".join(head) + " |")
        w("|" + "|".join("---" if i == 0 else "---:" for i in range(len(head))) + "|")
        for alg in algs:
            s = agg.get((p.name, alg))
            if s is None:
                continue
            rat = ratio(agg, p.name, alg) if alg.startswith("kcong_") else None
            row = [alg, fmt(s["goodput"], ".2f"), f"{s['min']:.2f}–{s['max']:.2f}",
                   fmt(s["spread_pct"], ".0f") + " %", fmt(100 * s["utilization"], ".0f") + " %",
                   fmt(s["retrans_pct"], ".2f"), fmt(s["rtt_mean"]), fmt(s["rtt_p95"])]
            if p.flows > 1:
                row.append(fmt(s["jain"], ".3f"))
            row.append(f"{rat[0]:.2f}× {rat[2]} ({rat[1]})" if rat else "")
            w("| " + " | ".join(row) + " |")
        if p.random_loss:
            model = p.mathis()
            w("")
            w(f"Mathis model at {100 * p.random_loss:g} % loss and the base RTT of {p.rtt:g} ms: "
              f"{model:.2f} Mbit/s.  Measured / model:")
            for alg in RENO_FAMILY + ["cubic"]:
                s = agg.get((p.name, alg))
                if s:
                    w(f"- {alg}: {s['goodput'] / model:.2f} (with its measured mean RTT of "
                      f"{s['rtt_mean']:.1f} ms the model gives {p.mathis(s['rtt_mean']):.2f} Mbit/s, "
                      f"ratio {s['goodput'] / p.mathis(s['rtt_mean']):.2f})")
    w("")
    w("## kcong against its in-tree namesake (median goodput ratio)")
    w("")
    kalgs = [a for a in algs if a.startswith("kcong_")]
    if kalgs:
        w("| path | " + " | ".join(f"{a} / {namesake(a)}" for a in kalgs) + " |")
        w("|---|" + "|".join("---:" for _ in kalgs) + "|")
        for p in (p for p in paths if not p.vs):
            cells = []
            for a in kalgs:
                rat = ratio(agg, p.name, a)
                mark = {"ahead": " ▲", "behind": " ▼"}.get(rat[1], "") if rat else ""
                cells.append(f"{rat[0]:.2f}{mark}" if rat else "–")
            w(f"| {p.name} | " + " | ".join(cells) + " |")
        w("")
        w("▲/▼: every repetition of the kcong algorithm was above/below every repetition of its "
          "namesake; unmarked ratios are within the run-to-run noise.")
    else:
        w("No kcong algorithm ran.")
    w("")
    w("## Noise")
    w("")
    if spreads:
        w(f"Spread = (max − min) / median goodput over the repetitions of one algorithm on one path: "
          f"median {statistics.median(spreads):.0f} %, worst {max(spreads):.0f} % "
          f"({len(spreads)} algorithm-path pairs).  A ratio closer to 1 than the spread of both "
          f"sides is not a difference.")
    else:
        w("One repetition only: no noise estimate.  Use more repetitions (scripts/bench --reps N).")
    return "\n".join(out) + "\n"


def vs_table(w, p, algs, agg):
    """A vs path: each kcong algorithm's share of the bottleneck against
    its namesake running beside it."""
    w("| kcong flow | beside | kcong Mbit/s | namesake Mbit/s | kcong share | share min–max | "
      "Jain | util. | retr. % | RTT mean ms |")
    w("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for alg in algs:
        s = agg.get((p.name, alg))
        if not s or len(s["flow_ranks"]) != 2:
            continue
        mark = ""
        if s["n"] >= 2 and s["share_min"] > 0.5 + UNEVEN:
            mark = " ▲"
        elif s["n"] >= 2 and s["share_max"] < 0.5 - UNEVEN:
            mark = " ▼"
        w(f"| {alg} | {namesake(alg)} | {s['flow_ranks'][0]:.2f} | {s['flow_ranks'][1]:.2f} | "
          f"{100 * s['share']:.0f} %{mark} | {100 * s['share_min']:.0f}–{100 * s['share_max']:.0f} % | "
          f"{fmt(s['jain'], '.3f')} | {fmt(100 * s['utilization'], '.0f')} % | "
          f"{fmt(s['retrans_pct'], '.2f')} | {fmt(s['rtt_mean'])} |")
    w("")
    w(f"Share: the kcong flow's part of the two flows' goodput (50 % is an even split); "
      f"▲/▼: more/less than {100 * (0.5 + UNEVEN):.0f} % in every repetition.  RTT is the "
      f"kcong flow's.")


def write_csv(results, runs, paths):
    pmap = {p.name: p for p in paths}
    cols = ["path", "rate_mbit", "rtt_ms", "loss", "buf_bdp", "flows", "alg", "rep", "status",
            "goodput_mbit", "utilization", "retransmits", "retrans_pct", "rtt_mean_ms", "rtt_p95_ms",
            "jain", "share", "flow_goodputs_mbit", "sender_cc", "file"]
    with open(os.path.join(results, "runs.csv"), "w", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(cols)
        for r in runs:
            p = pmap[r["path"]]
            row = {"rate_mbit": p.rate, "rtt_ms": p.rtt, "loss": p.loss, "buf_bdp": p.buf, **r}
            if "flow_goodputs" in r:
                row["flow_goodputs_mbit"] = ";".join(f"{x:.3f}" for x in r["flow_goodputs"])
            out = []
            for c in cols:
                v = row.get(c, "")
                out.append(f"{v:.4g}" if isinstance(v, float) else v)
            wr.writerow(out)


# --- plots -----------------------------------------------------------------------

def rgb(alg):
    return int(COLOR.get(alg, "#999999")[1:], 16)


def layout(n):
    cols = min(n, 3)
    return (n + cols - 1) // cols, cols


def gp_escape(s):
    return s.replace("'", "''")


def plot_goodput(pdir, paths, algs, agg):
    """One panel per path: median goodput bars, min-max error bars,
    capacity (dashed) and, on random-loss paths, the Mathis model."""
    with open(os.path.join(pdir, "goodput.dat"), "w") as f:
        for p in paths:
            f.write(f"# {p.name}\n")
            for i, a in enumerate(algs):
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
          "set ylabel 'goodput, Mbit/s'", "set yrange [0:*]", "set key top right font ',9'",
          f"set xrange [-0.7:{len(algs) - 0.3}]",
          f"set multiplot layout {rows},{cols} title 'Median goodput per algorithm "
          f"(bars: min-max over repetitions)' font ',12'"]
    for k, p in enumerate(paths):
        gp.append(f"set title '{gp_escape(p.name)}: {p.rate:g} Mbit/s, {p.rtt:g} ms, {p.loss}, "
                  f"{p.buf:g} BDP, {p.flows} flow{'s' if p.flows > 1 else ''}'")
        extra = f", {p.capacity:.3f} with lines dt 2 lc rgb '#888888' title 'capacity'"
        if p.random_loss:
            gp.append(f"set yrange [0:{max(p.mathis() * 1.6, max(agg[(p.name, a)]['max'] for a in algs if agg.get((p.name, a))) * 1.15):.3f}]")
            extra = f", {p.mathis():.3f} with lines dt 3 lw 2 lc rgb '#c0392b' title 'Mathis model'"
        else:
            gp.append(f"set yrange [0:{p.capacity * 1.15:.3f}]")
        gp.append(f"plot 'goodput.dat' index {k} using 1:3:6:xtic(stringcolumn(2)) with boxes "
                  f"lc rgb variable notitle, '' index {k} using 1:3:4:5 with yerrorbars "
                  f"pt -1 lc rgb '#000000' notitle{extra}")
    gp.append("unset multiplot")
    return run_gnuplot(pdir, "goodput", gp)


def plot_tput_delay(pdir, paths, algs, agg, runs):
    """Pantheon-style: goodput against 95th-percentile RTT, one big point per
    algorithm (medians) and small points for the single runs; the delay
    axis is reversed, so better is up and to the right."""
    with open(os.path.join(pdir, "tput_delay.dat"), "w") as f:
        for p in paths:
            for a in algs:
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
                    f.write(f"{r['rtt_p95_ms']:.2f} {r['goodput_mbit']:.3f} {rgb(r['alg'])}\n")
            f.write("\n\n")
    rows, cols = layout(len(paths))
    gp = [f"set terminal pngcairo size {cols * 560},{rows * 420} noenhanced font 'DejaVu Sans,10'",
          "set output 'tput_delay.png'", "set grid lc rgb '#dddddd'",
          "set xlabel '95th-percentile RTT, ms (reversed: better to the right)'",
          "set ylabel 'goodput, Mbit/s'", "set xrange [*:*] reverse", "set yrange [0:*]", "set offsets graph 0.08, graph 0.08, graph 0.08, 0",
          "set key outside right top font ',8' spacing 0.9",
          "set multiplot layout %d,%d title 'Throughput against delay (large: median of the "
          "repetitions, small: single runs)' font ',12'" % (rows, cols)]
    pts = {a: 7 if a in INTREE else 9 for a in algs}
    for k, p in enumerate(paths):
        gp.append(f"set title '{gp_escape(p.name)}'")
        cmds = [f"'tput_delay_runs.dat' index {k} using 1:2:3 with points pt 6 ps 0.6 "
                f"lc rgb variable notitle"]
        for i, a in enumerate(algs):
            idx = k * len(algs) + i
            if agg.get((p.name, a)):
                cmds.append(f"'tput_delay.dat' index {idx} using 1:2:3 with points pt {pts[a]} "
                            f"ps 2 lc rgb variable title '{gp_escape(a)}'")
        gp.append("plot " + ", ".join(cmds))
    gp.append("unset multiplot")
    return run_gnuplot(pdir, "tput_delay", gp)


def plot_time_series(pdir, p, algs, runs, omit):
    """cwnd and RTT over time of the first repetition of each algorithm."""
    shown = []
    with open(os.path.join(pdir, f"timeseries-{p.name}.dat"), "w") as f:
        for a in algs:
            r = next((r for r in runs if r["path"] == p.name and r["alg"] == a
                      and r["status"] == "ok"), None)
            if not r:
                continue
            f.write(f"# {a} repetition {r['rep']}: t cwnd_pkts rtt_ms\n")
            for t, c, rt in time_series(r["data"]):
                f.write(f"{t:.3f} {c:.1f} {rt:.2f}\n")
            f.write("\n\n")
            shown.append(a)
    if not shown:
        return None
    bdp = p.rate * 1e6 / 8 * p.rtt / 1000 / 1500
    def lines(col):
        return ", ".join(
            f"'timeseries-{p.name}.dat' index {i} using 1:{col} with lines lw 1.6 "
            f"lc rgb '{COLOR.get(a, '#999999')}' dt {2 if a.startswith('kcong_') else 1} "
            f"title '{gp_escape(a)}'" for i, a in enumerate(shown))
    gp = ["set terminal pngcairo size 1100,800 noenhanced font 'DejaVu Sans,10'",
          f"set output 'timeseries-{p.name}.png'", "set grid lc rgb '#dddddd'",
          "set key outside right top font ',9'",
          f"set object 1 rect from 0, graph 0 to {omit}, graph 1 fc rgb '#eeeeee' fs solid "
          "noborder behind",
          f"set multiplot layout 2,1 title '{gp_escape(p.name)}: {p.rate:g} Mbit/s, {p.rtt:g} ms, "
          f"{p.loss}, {p.buf:g} BDP - one run of each algorithm "
          f"(kcong dashed; grey: omitted slow start)' font ',11'",
          "set ylabel 'cwnd, packets'", "set xlabel ''", "set yrange [0:*]",
          f"plot {lines(2)}, {bdp:.1f} with lines dt 3 lc rgb '#888888' title 'BDP', "
          f"{bdp * (1 + p.buf):.1f} with lines dt 4 lc rgb '#bbbbbb' title 'BDP + buffer'",
          "set ylabel 'smoothed RTT, ms'", "set xlabel 'time, s'",
          f"plot {lines(3)}, {p.rtt:g} with lines dt 3 lc rgb '#888888' title 'base RTT'",
          "unset multiplot"]
    return run_gnuplot(pdir, f"timeseries-{p.name}", gp)


def plot_fairness(pdir, paths, algs, agg):
    """Per-flow goodput of the multi-flow paths: the fastest, second fastest...
    flow (mean over repetitions) side by side, Jain's index above."""
    multi = [p for p in paths if p.flows > 1]
    if not multi:
        return None
    rows, cols = layout(len(multi))
    gp = [f"set terminal pngcairo size {max(cols * 620, 900)},{rows * 420} noenhanced font 'DejaVu Sans,10'",
          "set output 'fairness.png'", "set style fill solid 0.85 border lc rgb '#333333'",
          "set grid ytics lc rgb '#dddddd'", "set xtics rotate by 40 right nomirror",
          "set ylabel 'goodput per flow, Mbit/s'", "set key off",
          f"set xrange [-0.7:{len(algs) - 0.3}]",
          f"set multiplot layout {rows},{cols} title 'Per-flow goodput, fastest flow first (vs: the kcong flow first) "
          f"(mean over repetitions); Jain index on top; dashed: fair share' font ',12'"]
    for k, p in enumerate(multi):
        name = f"fairness-{p.name}.dat"
        w = 0.8 / p.flows
        with open(os.path.join(pdir, name), "w") as f:
            for i, a in enumerate(algs):
                s = agg.get((p.name, a))
                if not s or not s["flow_ranks"]:
                    continue
                for j, g in enumerate(s["flow_ranks"]):
                    x = i - 0.4 + w * (j + 0.5)
                    c = rgb(namesake(a)) if p.vs and j == 1 else rgb(a)
                    f.write(f"{x:.3f} {g:.3f} {c} {a} {fmt(s['jain'], '.2f')} {i}\n")
        share = p.capacity / p.flows
        what = "kcong flow (left) beside its namesake" if p.vs else f"{p.flows} flows"
        gp += [f"set title '{gp_escape(p.name)}: {what}, {p.rate:g} Mbit/s, {p.rtt:g} ms, "
               f"{p.buf:g} BDP'", f"set boxwidth {w * 0.95:.3f}",
               f"set yrange [0:{p.capacity * 1.1:.2f}]",
               "set xtics (" + ", ".join(f"'{gp_escape(a + (' vs ' + namesake(a) if p.vs else ''))}' {i}"
                                         for i, a in enumerate(algs)
                                         if agg.get((p.name, a))) + ")",
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


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: analyse.py RESULTS_DIR")
    results = sys.argv[1]
    meta = read_kv(os.path.join(results, "meta.txt"))
    notes = []
    if os.path.exists(os.path.join(results, "notes.txt")):
        with open(os.path.join(results, "notes.txt")) as f:
            notes = [line.strip() for line in f if line.strip()]
    paths, runs = load(results)
    ran = {r["path"] for r in runs}
    paths = [p for p in paths if p.name in ran]
    if not runs:
        sys.exit(f"{results}: no runs recorded")
    agg = aggregate(paths, runs)
    algs = sorted({r["alg"] for r in runs}, key=order_key)
    write_csv(results, runs, paths)

    pdir = os.path.join(results, "plots")
    os.makedirs(pdir, exist_ok=True)
    single = [p for p in paths if not p.vs]
    problems = [plot_goodput(pdir, single, algs, agg) if single else None,
                plot_tput_delay(pdir, single, algs, agg, runs) if single else None,
                plot_fairness(pdir, paths, algs, agg)]
    for p in paths:
        if p.flows == 1:
            problems.append(plot_time_series(pdir, p, algs, runs, float(meta.get("omit", 0))))
    notes += [x for x in problems if x]

    text = summary(results, meta, notes, paths, runs, agg)
    with open(os.path.join(results, "summary.md"), "w") as f:
        f.write(text)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
