#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The analysing half of scripts/measure-vegas: issue 14's targets for a
delay-based algorithm against the in-tree vegas, from one measurement
directory (measure-vegas.d/run), as a Markdown table (DIR/summary.md, also
printed) and gnuplot plots of the window over time (DIR/plots/*.png).

    analyse.py DIR [--ref vegas] [--no-plots]

Definitions (each number is a median over the repetitions, [min..max]):
  startup    the first 3 s of the receiver's 0.2 s intervals (the same
             seconds make bench's quick set sees: -O 1, then 2 s)
  steady     from 10 s to the end of the transfer
  goodput    what the receiver got, Mbit/s; util = goodput / capacity,
             capacity = rate x 1448 / 1514 (payload of a 1514-byte frame)
  RTT        the sender's smoothed RTT (tcpi_rtt) at the end of each 0.2 s
             interval, averaged over the part (as make bench does)
  t90        end of the first 1-s window in which the receiver got at
             least 90 % of the capacity
  share      coexist, join: ALG's part of the bytes both flows delivered
             while both ran (the trace's snd_una, one clock for both flows)
  alone RTT  coexist, join: mean smoothed RTT of ALG from 8 s after the
             competitor's last ACK to the end
  converge   converge: seconds from the second flow's first ACK until
             Jain's index of the two flows' goodput over 2-s windows is at
             least 0.95 in every window after (until the second flow ends)
  pathchange the path's delay grows by D ms at the trace marker: "settled"
             is the seconds from the change to the start of the first 2-s
             window from which every window's mean smoothed RTT is at most
             the new base + 5 ms, the new base being the flow's least
             smoothed RTT before the change plus the growth; "after" figures are from SETTLE_BY s
             after the change to the end (goodput from the trace's snd_una)
  RTT no higher  within RTT_SLACK_MS: at an empty queue the emulated
             path's mean RTT varies by about a millisecond between runs
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "selftests", "lib"))
import flows_trace  # noqa: E402
from cwnd_trace import before  # noqa: E402

STARTUP = 3.0
STEADY_FROM = 10.0
ALONE_AFTER = 8.0
JAIN_GOAL = 0.95
RTT_SLACK_MS = 1.0
PATH_TARGET = {"clean": 0.90, "deepbuf8": 0.90, "deepbuf4": 0.90, "longfat": 0.80}
DEEP = "deepbuf4"
SETTLE_BY = 10.0
MARK = re.compile(r"\s(\d+\.\d+): tracing_mark_write: kcong: path")


def capacity(rate):
    return rate * 1448 / 1514


def parse_path(spec):
    rate, rtt, loss, buf = spec.split("/")
    return float(rate), float(rtt), float(loss), float(buf)


def meta(d):
    m = {}
    with open(os.path.join(d, "meta.txt")) as f:
        for line in f:
            if "=" in line and not line.startswith("param "):
                k, v = line.rstrip("\n").split("=", 1)
                m[k] = v
    m.setdefault("params", [])
    with open(os.path.join(d, "meta.txt")) as f:
        m["params"] = [l.strip()[6:] for l in f if l.startswith("param ")]
    return m


def runs(d):
    out = []
    with open(os.path.join(d, "runs.tsv")) as f:
        next(f)
        for line in f:
            part, name, alg, rep, path, wall, status = line.rstrip("\n").split("\t")
            out.append(dict(part=part, name=name, alg=alg, rep=int(rep), path=path,
                            wall=int(wall), status=status))
    return out


# --- iperf3 JSON ------------------------------------------------------------

def load_json(path):
    try:
        with open(path) as f:
            data = json.load(f)
    except (OSError, ValueError):
        return None
    return None if "error" in data else data


def recv_intervals(data):
    """(start, end, bytes) of the receiver's intervals."""
    srv = data.get("server_output_json") or {}
    return [(iv["sum"]["start"], iv["sum"]["end"], iv["sum"]["bytes"])
            for iv in srv.get("intervals", [])]


def goodput(ivs, lo, hi):
    sel = [iv for iv in ivs if iv[0] >= lo - 1e-3 and iv[1] <= hi + 0.05]
    if not sel:
        return None
    secs = sel[-1][1] - sel[0][0]
    return sum(iv[2] for iv in sel) * 8 / secs / 1e6 if secs > 0 else None


def t90(ivs, cap):
    need = 0.9 * cap * 1e6 / 8
    for i in range(len(ivs)):
        j = i
        while j < len(ivs) and ivs[j][1] - ivs[i][0] < 1.0 - 1e-3:
            j += 1
        if j >= len(ivs):
            return None
        if sum(iv[2] for iv in ivs[i:j + 1]) / (ivs[j][1] - ivs[i][0]) >= need:
            return ivs[j][1]
    return None


def mean_rtt(data, lo, hi):
    v = [s["rtt"] / 1000 for iv in data["intervals"] for s in iv["streams"]
         if "rtt" in s and iv["sum"]["start"] >= lo - 1e-3 and iv["sum"]["end"] <= hi + 0.05]
    return sum(v) / len(v) if v else None


def single(d, r):
    cap = capacity(parse_path(r["path"])[0])
    data = load_json(os.path.join(d, "paths", f"{r['name']}.{r['alg']}.{r['rep']}.json"))
    if not data:
        return None
    ivs = recv_intervals(data)
    end = ivs[-1][1] if ivs else 0
    return dict(
        su_gp=goodput(ivs, 0, STARTUP), su_rtt=mean_rtt(data, 0, STARTUP),
        st_gp=goodput(ivs, STEADY_FROM, end), st_rtt=mean_rtt(data, STEADY_FROM, end),
        t90=t90(ivs, cap), retr=data["end"]["sum_sent"].get("retransmits", 0), cap=cap)


# --- traces (selftests/lib/flows_trace.py) ---------------------------------------

def load_trace(path):
    try:
        return flows_trace.load(path)
    except OSError:
        return {}


def coexist(d, r, base_ms):
    tr = load_trace(os.path.join(d, r["part"], f"{r['alg']}.{r['rep']}.trace"))
    if 5201 not in tr or 5202 not in tr:
        return None
    x = flows_trace.share(tr, 5201, 5202, ALONE_AFTER)
    return dict(share=x["share"], gp=x["goodput"], peer_gp=x["peer_goodput"],
                rtt_shared=x["srtt"], alone_rtt=x["alone_srtt"], alone_gp=x["alone_goodput"],
                alone_ok=x["alone_srtt"] is not None and x["alone_srtt"] <= base_ms + 5)


def converge(d, r):
    tr = load_trace(os.path.join(d, "converge", f"{r['alg']}.{r['rep']}.trace"))
    if 5201 not in tr or 5202 not in tr:
        return None
    conv, last, wins = flows_trace.converge(tr, 5201, 5202, JAIN_GOAL)
    return dict(conv=conv, jain_last10=last, span=len(wins))


def change_time(path):
    """The trace's clock at the path-change marker (run's trace_marker)."""
    try:
        with open(path, errors="replace") as f:
            for line in f:
                m = MARK.search(line)
                if m:
                    return float(m.group(1))
    except OSError:
        pass
    return None


def pathchange(d, r, grow_ms, cap):
    f = os.path.join(d, "pathchange", f"{r['alg']}.{r['rep']}.trace")
    ev = load_trace(f).get(5201)
    tc = change_time(f)
    if not ev or tc is None or ev[0][0] >= tc:
        return None
    # The path's own RTT: the least smoothed RTT before the change (netem's
    # delay, serialisation and the guest's forwarding), plus the growth.
    new_base_ms = min(e[4] for e in ev if e[0] < tc) / 1000 + grow_ms
    end, win = ev[-1][0], 2.0
    wins, t = [], tc
    while t + win <= end:
        wins.append((t, flows_trace.mean_srtt_ms(ev, t, t + win)))
        t += win
    settled = None
    for i, (t, _) in enumerate(wins):
        if all(v is not None and v <= new_base_ms + 5 for _, v in wins[i:]):
            settled = t - tc
            break
    lo = tc + SETTLE_BY
    data = load_json(os.path.join(d, "pathchange", f"{r['alg']}.{r['rep']}.json"))
    retr = None
    if data:
        at = tc - ev[0][0]
        retr = sum(s.get("retransmits", 0) for iv in data["intervals"] for s in iv["streams"]
                   if iv["sum"]["start"] >= at + SETTLE_BY - 1e-3)
    return dict(new_base=new_base_ms, settled=settled, rtt=flows_trace.mean_srtt_ms(ev, lo, end),
                gp=flows_trace.mbit(ev, lo, end), retr=retr, cap=cap,
                before_rtt=flows_trace.mean_srtt_ms(ev, tc - 4, tc))


# --- report ---------------------------------------------------------------------

def stats(v):
    v = [x for x in v if x is not None]
    if not v:
        return None
    return statistics.median(v), min(v), max(v), len(v)


def fmt(s, f="{:.1f}", unit=""):
    if s is None:
        return "-"
    med, lo, hi, n = s
    if n == 1:
        return f.format(med) + unit
    return f"{f.format(med)}{unit} [{f.format(lo)}..{f.format(hi)}]"


def util(s, cap):
    return f"{100 * s[0] / cap:.0f}%" if s else "-"


def report(d, ref, plots):
    m = meta(d)
    rs = [r for r in runs(d) if r["status"] == "ok"]
    algs = m["algs"].split()
    lines = [f"# measure-vegas: {m.get('kernel', '?')}, {m.get('reps', '?')} repetitions",
             "", f"Directory `{d}`; started {m.get('started', '?')}; modules "
             f"`{m.get('module_dir', '?')}`; parameters: {', '.join(m['params']) or 'defaults'}.",
             "Medians [min..max] over the repetitions.  Startup = the first 3 s, steady = "
             "10 s to the end (see analyse.py).", ""]
    verdicts = []
    # Single-flow paths.
    res = {}
    for r in rs:
        if r["part"] == "paths":
            x = single(d, r)
            if x:
                res.setdefault((r["name"], r["alg"]), []).append((r, x))
    names = []
    for r in rs:
        if r["part"] == "paths" and r["name"] not in names:
            names.append(r["name"])
    if names:
        lines += ["## One flow per path", "",
                  "| path | alg | startup Mbit/s (util) | startup RTT ms | steady Mbit/s (util) | "
                  "steady RTT ms | t90 s | retrans |", "|---|---|---|---|---|---|---|---|"]
        for name in names:
            for alg in algs:
                xs = [x for _, x in res.get((name, alg), [])]
                if not xs:
                    continue
                cap = xs[0]["cap"]
                sg, gg = stats([x["su_gp"] for x in xs]), stats([x["st_gp"] for x in xs])
                t9 = [x["t90"] for x in xs]
                t9s = fmt(stats(t9)) + (f" ({sum(t is None for t in t9)} never)"
                                        if any(t is None for t in t9) else "")
                lines.append(
                    f"| {name} | {alg} | {fmt(sg)} ({util(sg, cap)}) | "
                    f"{fmt(stats([x['su_rtt'] for x in xs]))} | {fmt(gg)} ({util(gg, cap)}) | "
                    f"{fmt(stats([x['st_rtt'] for x in xs]))} | {t9s} | "
                    f"{fmt(stats([x['retr'] for x in xs]), '{:.0f}')} |")
        lines.append("")
        # Targets against the reference.
        for alg in algs:
            if alg == ref:
                continue
            for name in names:
                xs = [x for _, x in res.get((name, alg), [])]
                ys = [x for _, x in res.get((name, ref), [])]
                if not xs or not ys:
                    continue
                for part, gk, rk in (("startup", "su_gp", "su_rtt"), ("steady", "st_gp", "st_rtt")):
                    sv = [stats([z[k] for z in zs]) for zs in (xs, ys) for k in (gk, rk)]
                    if None in sv:
                        continue
                    g, t, gr, tr_ = (v[0] for v in sv)
                    ok = g >= 0.95 * gr and t <= tr_ + RTT_SLACK_MS
                    verdicts.append((f"{name} {part}: {alg} goodput >= 0.95x {ref} at mean RTT no higher "
                                     f"(+{RTT_SLACK_MS:g} ms)",
                                     ok, f"{g / gr:.2f}x, RTT {t:.1f} vs {tr_:.1f} ms"))
                if None in [x["st_gp"] for x in xs] + [x["st_rtt"] for x in xs]:
                    continue
                if name in PATH_TARGET:
                    g = stats([x["st_gp"] for x in xs])[0]
                    cap = xs[0]["cap"]
                    t9 = stats([x["t90"] for x in xs])
                    verdicts.append((f"{name} steady: {alg} >= {100 * PATH_TARGET[name]:.0f}% of capacity",
                                     g >= PATH_TARGET[name] * cap,
                                     f"{100 * g / cap:.1f}%, t90 {fmt(t9)} s"))
                if name == DEEP:
                    base = parse_path(res[(name, alg)][0][0]["path"])[1]
                    cap = xs[0]["cap"]
                    worst_rtt = max(x["st_rtt"] for x in xs)
                    worst_gp = min(x["st_gp"] for x in xs)
                    verdicts.append((f"{name} steady, every run: {alg} mean RTT <= base + 5 ms at >= 95% capacity",
                                     worst_rtt <= base + 5 and worst_gp >= 0.95 * cap,
                                     f"worst RTT {worst_rtt:.1f} ms, lowest {100 * worst_gp / cap:.1f}%, "
                                     f"n={len(xs)}"))
    # Coexistence: started together, or joining a cubic flow that already
    # fills the link.
    for part, how in (("coexist", "30 s together"), ("join", f"joining it {m.get('join_lead', '10')} s in, 30 s together")):
        co = {}
        for r in rs:
            if r["part"] != part:
                continue
            base = parse_path(r["path"])[1]
            x = coexist(d, r, base)
            if x:
                co.setdefault(r["alg"], []).append(x)
        if co:
            lines += [f"## {part}: against one cubic flow (50 Mbit/s, 40 ms, 4-BDP buffer, {how})", "",
                      "| alg | share | alg Mbit/s | cubic Mbit/s | alg RTT shared ms | alg RTT alone ms | "
                      "alg Mbit/s alone |", "|---|---|---|---|---|---|---|"]
            for alg in algs:
                xs = co.get(alg, [])
                if not xs:
                    continue
                lines.append(f"| {alg} | {fmt(stats([100 * x['share'] for x in xs]), '{:.1f}', '%')} | "
                             f"{fmt(stats([x['gp'] for x in xs]))} | {fmt(stats([x['peer_gp'] for x in xs]))} | "
                             f"{fmt(stats([x['rtt_shared'] for x in xs]))} | "
                             f"{fmt(stats([x.get('alone_rtt') for x in xs]))} | "
                             f"{fmt(stats([x.get('alone_gp') for x in xs]))} |")
                if alg != ref:
                    sh = stats([x["share"] for x in xs])
                    verdicts.append((f"{part}: {alg} keeps >= 30% against cubic (median, every run)",
                                     sh[1] >= 0.30, f"median {100 * sh[0]:.1f}%, lowest {100 * sh[1]:.1f}%"))
                    verdicts.append((f"{part}: {alg} back to RTT <= base + 5 ms when alone (every run)",
                                     all(x["alone_ok"] for x in xs),
                                     "worst " + fmt(stats([max([x.get("alone_rtt") or 1e9 for x in xs])])) + " ms"))
            lines.append("")
    # Convergence.
    cv = {}
    for r in rs:
        if r["part"] == "converge":
            x = converge(d, r)
            if x:
                cv.setdefault(r["alg"], []).append(x)
    if cv:
        lines += ["## Two flows of one algorithm, the second 10 s later (50 Mbit/s, 40 ms, 4-BDP)", "",
                  "| alg | seconds to Jain >= 0.95 (2-s windows) for good | Jain, last 10 s together |",
                  "|---|---|---|"]
        for alg in algs:
            xs = cv.get(alg, [])
            if not xs:
                continue
            never = sum(x["conv"] is None for x in xs)
            lines.append(f"| {alg} | {fmt(stats([x['conv'] for x in xs]), '{:.0f}')}"
                         f"{f' ({never} never)' if never else ''} | "
                         f"{fmt(stats([x['jain_last10'] for x in xs]), '{:.3f}')} |")
            if alg != ref:
                ok = all(x["conv"] is not None and x["conv"] <= 20 for x in xs)
                verdicts.append((f"converge: two {alg} flows reach Jain >= 0.95 within 20 s (every run)",
                                 ok, "; ".join("never" if x["conv"] is None else f"{x['conv']:.0f} s"
                                               for x in xs)))
        lines.append("")
    # Path change.
    pc, pcm = {}, m.get("pathchange", "")
    at, grow = (pcm.split("+", 1)[0], float(pcm.split("+", 1)[1].split("/")[0])) if "+" in pcm else (None, 0)
    for r in rs:
        if r["part"] == "pathchange" and at is not None:
            path = r["path"].split("+")[0]
            x = pathchange(d, r, grow, capacity(parse_path(path)[0]))
            if x:
                pc.setdefault(r["alg"], []).append((path, x))
    if pc:
        path = next(iter(pc.values()))[0][0]
        lines += [f"## The path's delay grows by {grow:g} ms at {at} s ({path})", "",
                  "| alg | RTT before ms | new base ms | settled s | RTT after ms | Mbit/s after (util) | "
                  "retrans after |", "|---|---|---|---|---|---|---|"]
        for alg in algs:
            xs = [x for _, x in pc.get(alg, [])]
            if not xs:
                continue
            never = sum(x["settled"] is None for x in xs)
            g = stats([x["gp"] for x in xs])
            lines.append(f"| {alg} | {fmt(stats([x['before_rtt'] for x in xs]))} | "
                         f"{fmt(stats([x['new_base'] for x in xs]))} | {fmt(stats([x['settled'] for x in xs]), '{:.0f}')}"
                         f"{f' ({never} never)' if never else ''} | "
                         f"{fmt(stats([x['rtt'] for x in xs]))} | {fmt(g)} ({util(g, xs[0]['cap'])}) | "
                         f"{fmt(stats([x['retr'] for x in xs]), '{:.0f}')} |")
            if alg != ref:
                ok = all(x["rtt"] is not None and x["rtt"] <= x["new_base"] + 5 for x in xs)
                verdicts.append((f"pathchange: {alg} mean RTT <= new base + 5 ms from {SETTLE_BY:g} s "
                                 "after the change (every run)", ok,
                                 "; ".join(f"{x['rtt']:.1f} vs {x['new_base']:.1f} ms" for x in xs)))
        lines += ["", f"New base = the least smoothed RTT before the change + {grow:g} ms; after = from "
                  f"{SETTLE_BY:g} s after the change to the end.", ""]
    if verdicts:
        lines += ["## Targets", "", "| target | met | measured |", "|---|---|---|"]
        lines += [f"| {t} | {'yes' if ok else '**no**'} | {v} |" for t, ok, v in verdicts]
        lines.append("")
    text = "\n".join(lines)
    with open(os.path.join(d, "summary.md"), "w") as f:
        f.write(text)
    print(text)
    if plots:
        make_plots(d, rs, algs, m)


# --- plots --------------------------------------------------------------------------

def series(ev, t0, step=0.02):
    """(t, cwnd, ssthresh-or-nan, srtt_ms, goodput over the last 0.5 s)."""
    out, t, end = [], ev[0][0], ev[-1][0]
    while t <= end:
        i = before(ev, t)
        if i >= 0:
            e = ev[i]
            gp = (e[1] - flows_trace.delivered(ev, t - 0.5)) * 8 / 0.5 / 1e6
            ss = e[3] if e[3] < 100000 else float("nan")
            out.append((t - t0, e[2], ss, e[4] / 1000, gp))
        t += step
    return out


COLOURS = {"vegas": "#1b7837", "kcong_vegas": "#e08214", "cubic": "#2166ac"}


def colour(alg, i):
    return COLOURS.get(alg, ["#762a83", "#b2182b", "#4d4d4d"][i % 3])


def write_dat(path, rows):
    with open(path, "w") as f:
        for r in rows:
            f.write(" ".join(f"{x:.4f}" if isinstance(x, float) else str(x) for x in r) + "\n")


def gnuplot(gp):
    try:
        subprocess.run(["gnuplot", os.path.basename(gp)], check=True, cwd=os.path.dirname(gp))
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"measure-vegas: gnuplot {gp}: {e}", file=sys.stderr)


def gp_head(name, title):
    """A gnuplot script's start: NAME.png, three plots over time, one TITLE."""
    return f"""set terminal pngcairo size 1100,800 font ',10' noenhanced
set output '{name}.png'
set multiplot layout 3,1 title '{title}'
set key top right
set grid
set xlabel 'seconds'
"""


def make_plots(d, rs, algs, m):
    pd = os.path.join(d, "plots")
    os.makedirs(pd, exist_ok=True)
    kernel = m.get("kernel", "?")
    # One flow on the long-fat path (and every other path), first repetition.
    for r in rs:
        if r["part"] != "paths" or r["rep"] != 1 or r["alg"] != algs[0]:
            continue
        rate, rtt, loss, buf = parse_path(r["path"])
        bdp = rate * 1e6 / 8 * rtt / 1000 / 1500
        plots = []
        for alg in algs:
            tr = load_trace(os.path.join(d, "paths", f"{r['name']}.{alg}.1.trace"))
            if 5201 not in tr:
                continue
            ev = tr[5201]
            dat = f"{r['name']}.{alg}.dat"
            write_dat(os.path.join(pd, dat), series(ev, ev[0][0]))
            plots.append((alg, dat))
        if not plots:
            continue
        gp = os.path.join(pd, f"{r['name']}.gp")
        with open(gp, "w") as f:
            f.write(gp_head(r['name'], f"{r['name']}: {rate:g} Mbit/s, {rtt:g} ms, {loss:g}% loss, "
                            f"{buf:g}-BDP buffer ({kernel}), first repetition, tcp_probe per ACK"))
            f.write(f"""set ylabel 'cwnd (packets)'
plot {bdp:.0f} w l dt 2 lc 'grey' t 'BDP', {bdp * (1 + buf):.0f} w l dt 3 lc 'grey' t 'BDP + buffer', \\
""")
            f.write(", \\\n".join(f"  '{dat}' u 1:2 w l lw 1.5 lc '{colour(alg, i)}' t '{alg}'" for i, (alg, dat) in enumerate(plots)) + "\n")
            f.write(f"set ylabel 'smoothed RTT (ms)'\nplot {rtt:g} w l dt 2 lc 'grey' t 'base', {rtt + 5:g} w l dt 3 lc 'grey' t 'base + 5 ms', \\\n")
            f.write(", \\\n".join(f"  '{dat}' u 1:4 w l lw 1.5 lc '{colour(alg, i)}' t '{alg}'" for i, (alg, dat) in enumerate(plots)) + "\n")
            f.write(f"set ylabel 'goodput, 0.5 s (Mbit/s)'\nplot {capacity(rate):.2f} w l dt 2 lc 'grey' t 'capacity', \\\n")
            f.write(", \\\n".join(f"  '{dat}' u 1:5 w l lw 1.5 lc '{colour(alg, i)}' t '{alg}'" for i, (alg, dat) in enumerate(plots)) + "\n")
            f.write("unset multiplot\n")
        gnuplot(gp)
    # Two-flow parts, first repetition of each algorithm.
    for part, peer_label in (("coexist", m.get("competitor", "cubic")), ("join", m.get("competitor", "cubic")),
                             ("converge", "second flow")):
        for alg in algs:
            tr = load_trace(os.path.join(d, part, f"{alg}.1.trace"))
            if 5201 not in tr or 5202 not in tr:
                continue
            t0 = min(tr[5201][0][0], tr[5202][0][0])
            a, b = f"{part}.{alg}.dat", f"{part}.{alg}.peer.dat"
            write_dat(os.path.join(pd, a), series(tr[5201], t0))
            write_dat(os.path.join(pd, b), series(tr[5202], t0))
            rate, rtt, loss, buf = parse_path(m.get("shared_path", "50/40/0/4"))
            bdp = rate * 1e6 / 8 * rtt / 1000 / 1500
            name = f"{part}-{alg}"
            second = peer_label if part != "converge" else f"{alg} (second)"
            first = alg if part != "converge" else f"{alg} (first)"
            ca = colour(alg, 0)
            cb = colour(m.get("competitor", "cubic") if part != "converge" else "", 1)
            gp = os.path.join(pd, f"{name}.gp")
            with open(gp, "w") as f:
                f.write(gp_head(name, f"{part}: {first} and {second}, {rate:g} Mbit/s, {rtt:g} ms, "
                                f"{buf:g}-BDP buffer ({kernel}), first repetition"))
                f.write(f"""set ylabel 'cwnd (packets)'
plot {bdp:.0f} w l dt 2 lc 'grey' t 'BDP', '{a}' u 1:2 w l lw 1.5 lc '{ca}' t '{first}', '{b}' u 1:2 w l lw 1.5 lc '{cb}' t '{second}'
set ylabel 'smoothed RTT (ms)'
plot {rtt:g} w l dt 2 lc 'grey' t 'base', {rtt + 5:g} w l dt 3 lc 'grey' t 'base + 5 ms', '{a}' u 1:4 w l lw 1.5 lc '{ca}' t '{first}', '{b}' u 1:4 w l lw 1.5 lc '{cb}' t '{second}'
set ylabel 'goodput, 0.5 s (Mbit/s)'
plot {capacity(rate):.2f} w l dt 2 lc 'grey' t 'capacity', '{a}' u 1:5 w l lw 1.5 lc '{ca}' t '{first}', '{b}' u 1:5 w l lw 1.5 lc '{cb}' t '{second}'
unset multiplot
""")
            gnuplot(gp)
    # The path change, first repetition, every algorithm on one plot (each
    # flow's clock from its first ACK; the change marked where it came).
    plots, at = [], None
    for i, alg in enumerate(algs):
        f = os.path.join(d, "pathchange", f"{alg}.1.trace")
        ev, tc = load_trace(f).get(5201), change_time(f)
        if not ev or tc is None:
            continue
        at = tc - ev[0][0]
        write_dat(os.path.join(pd, f"pathchange.{alg}.dat"), series(ev, ev[0][0]))
        plots.append((alg, f"pathchange.{alg}.dat", i))
    if plots:
        path = next((r["path"] for r in rs if r["part"] == "pathchange"), "?")
        rate = parse_path(path.split("+")[0])[0]
        gp = os.path.join(pd, "pathchange.gp")
        cols = [(alg, dat, colour(alg, i)) for alg, dat, i in plots]
        with open(gp, "w") as f:
            f.write(gp_head("pathchange", f"pathchange: {path} ({kernel}), first repetition, "
                            "tcp_probe per ACK"))
            f.write(f"""set arrow from {at:.1f}, graph 0 to {at:.1f}, graph 1 nohead dt 2 lc 'grey'
""")
            for col, label in ((2, "cwnd (packets)"), (4, "smoothed RTT (ms)"), (5, "goodput, 0.5 s (Mbit/s)")):
                f.write(f"set ylabel '{label}'\nplot " + ", ".join(
                    f"'{dat}' u 1:{col} w l lw 1.5 lc '{c}' t '{alg}'" for alg, dat, c in cols) + "\n")
            f.write("unset multiplot\n")
        gnuplot(gp)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir")
    ap.add_argument("--ref", default="vegas")
    ap.add_argument("--no-plots", action="store_true")
    a = ap.parse_args()
    report(a.dir, a.ref, not a.no_plots)


if __name__ == "__main__":
    sys.exit(main())
