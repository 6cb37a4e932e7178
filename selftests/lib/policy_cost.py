#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""policy_cost.py TRACE SPAN_US CPU0_TOTAL CPU0_IDLE CPU1_TOTAL CPU1_IDLE HZ
policy_cost.py --text-range MODULE

The second form prints the lowest and highest text address of MODULE's
functions in /proc/kallsyms (the highest plus a page), for a trace filter.

Reads a tracefs dump of workqueue:workqueue_execute_start/end (filtered to
kcong_policy's functions by lib/policy_cost.sh) and prints one line:

  wakeups N work_ms W span_s S wakeups_per_s R work_pct P cpu_pct C

N: work items executed; W: their summed execution time (start to end on
the same worker); R = N / S; P: W as a share of one CPU over the span; C:
the whole guest's non-idle time (/proc/stat) as a share of one CPU.  Then
one "# function N W" line per work function.
"""
import re
import sys

EVENT = re.compile(r"^\s*(\S+)-(\d+)\s+\[\d+\].*?\s(\d+\.\d+): (workqueue_execute_start|"
                   r"workqueue_execute_end): work struct \S+ function (\S+)")


def text_range(module):
    addrs = []
    with open("/proc/kallsyms") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 4 and parts[3] == "[%s]" % module and parts[1] in "tT":
                addrs.append(int(parts[0], 16))
    if not addrs or not min(addrs):
        return 1
    print("0x%x 0x%x" % (min(addrs), max(addrs) + 4096))
    return 0


def main(argv):
    if argv[1] == "--text-range":
        return text_range(argv[2])
    trace, span_us = argv[1], int(argv[2])
    tot0, idle0, tot1, idle1, hz = (int(x) for x in argv[3:8])
    started, count, work_s = {}, {}, {}
    with open(trace) as f:
        for line in f:
            m = EVENT.match(line)
            if not m:
                continue
            pid, ts, ev, fn = m.group(2), float(m.group(3)), m.group(4), m.group(5)
            if ev == "workqueue_execute_start":
                started[pid] = (ts, fn)
                count[fn] = count.get(fn, 0) + 1
            elif pid in started:
                t0, fn0 = started.pop(pid)
                work_s[fn0] = work_s.get(fn0, 0.0) + ts - t0
    span = span_us / 1e6
    n = sum(count.values())
    work = sum(work_s.values())
    busy = ((tot1 - tot0) - (idle1 - idle0)) / hz
    print("wakeups %d work_ms %.1f span_s %.2f wakeups_per_s %.2f work_pct %.3f cpu_pct %.1f" %
          (n, work * 1e3, span, n / span, 100 * work / span, 100 * busy / span))
    for fn in sorted(count):
        print("# %s %d %.1f" % (fn, count[fn], work_s.get(fn, 0.0) * 1e3))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
