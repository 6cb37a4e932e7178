#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Per-stream goodput of an iperf3 -J -P N run and Jain's fairness index:
one line per file, "jain goodput_1 goodput_2 ... sender_cc" (Mbit/s).

Jain's index is (sum x)^2 / (n * sum x^2): 1 for equal shares, 1/n when one
stream takes everything.  Goodput is what the receiver got per stream.
"""
import json
import sys


def streams(path):
    with open(path) as f:
        data = json.load(f)
    if "error" in data:
        raise SystemExit(f"{path}: iperf3 error: {data['error']}")
    end = data["end"]
    rates = [s["receiver"]["bits_per_second"] / 1e6 for s in end["streams"]]
    sq = sum(r * r for r in rates)
    jain = sum(rates) ** 2 / (len(rates) * sq) if sq else 0.0
    cc = end.get("sender_tcp_congestion", "?")
    return f"{jain:.3f} " + " ".join(f"{r:.2f}" for r in rates) + f" {cc}"


if __name__ == "__main__":
    for p in sys.argv[1:]:
        print(streams(p))
