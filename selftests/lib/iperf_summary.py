#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Summarise iperf3 -J output: one line per file,
"goodput_mbit retransmits mean_rtt_ms p95_rtt_ms sender_cc retrans_pct",
retrans_pct being retransmitted segments per 100 segments sent (whole run).

Goodput is what the receiver got (end.sum_received), so retransmissions and
headers do not count.  RTT statistics come from the sender's per-interval
smoothed RTT samples, after iperf3's omitted (-O) seconds.
"""
import json
import sys


def summary(path):
    with open(path) as f:
        data = json.load(f)
    if "error" in data:
        raise SystemExit(f"{path}: iperf3 error: {data['error']}")
    end = data["end"]
    goodput = end["sum_received"]["bits_per_second"] / 1e6
    retrans = end["sum_sent"].get("retransmits", 0)
    rtts = sorted(s["rtt"] / 1000.0
                  for iv in data["intervals"] if not iv["sum"].get("omitted")
                  for s in iv["streams"] if "rtt" in s)
    mean = sum(rtts) / len(rtts) if rtts else 0.0
    p95 = rtts[min(len(rtts) - 1, int(0.95 * len(rtts)))] if rtts else 0.0
    cc = end.get("sender_tcp_congestion", "?")
    mss = data["start"].get("tcp_mss_default") or 1448
    segs = end["sum_sent"]["bytes"] / mss
    pct = 100.0 * retrans / segs if segs else 0.0
    return f"{goodput:.2f} {retrans} {mean:.2f} {p95:.2f} {cc} {pct:.3f}"


if __name__ == "__main__":
    for p in sys.argv[1:]:
        print(summary(p))
