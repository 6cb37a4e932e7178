#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Summarise iperf3 -J output: one line per file,
"goodput_mbit retransmits mean_rtt_ms p95_rtt_ms sender_cc retrans_pct",
retrans_pct being retransmitted segments per 100 segments sent (whole run).

Goodput is what the receiver got (end.sum_received), so retransmissions and
headers do not count.  RTT statistics come from the sender's per-interval
smoothed RTT samples, after iperf3's omitted (-O) seconds.

    iperf_summary.py [--from S] OUT.json...

With --from S, the same line for the sender's intervals that start S
seconds or more into the measured transfer: goodput is then what the
sender's intervals say it sent (new data; retransmissions are not
counted), retransmits and RTT those of the same intervals.
"""
import argparse
import json


def summary(path, since=None):
    with open(path) as f:
        data = json.load(f)
    if "error" in data:
        raise SystemExit(f"{path}: iperf3 error: {data['error']}")
    end = data["end"]
    goodput = end["sum_received"]["bits_per_second"] / 1e6
    retrans = end["sum_sent"].get("retransmits", 0)
    ivs = [iv for iv in data["intervals"] if not iv["sum"].get("omitted")]
    if since is not None:
        ivs = [iv for iv in ivs if iv["sum"]["start"] >= since - 1e-3]
        secs = sum(iv["sum"]["seconds"] for iv in ivs)
        goodput = sum(iv["sum"]["bytes"] for iv in ivs) * 8 / secs / 1e6 if secs else 0.0
        retrans = sum(iv["sum"].get("retransmits", 0) for iv in ivs)
    rtts = sorted(s["rtt"] / 1000.0 for iv in ivs for s in iv["streams"] if "rtt" in s)
    mean = sum(rtts) / len(rtts) if rtts else 0.0
    p95 = rtts[min(len(rtts) - 1, int(0.95 * len(rtts)))] if rtts else 0.0
    cc = end.get("sender_tcp_congestion", "?")
    mss = data["start"].get("tcp_mss_default") or 1448
    sent = end["sum_sent"]["bytes"] if since is None else sum(iv["sum"]["bytes"] for iv in ivs)
    segs = sent / mss
    pct = 100.0 * retrans / segs if segs else 0.0
    return f"{goodput:.2f} {retrans} {mean:.2f} {p95:.2f} {cc} {pct:.3f}"


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description="Summarise iperf3 -J output.")
    ap.add_argument("--from", dest="since", type=float, default=None,
                    help="only the intervals from this many seconds on")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    for p in args.files:
        print(summary(p, args.since))
