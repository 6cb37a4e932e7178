#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cc_westwood.sh - kcong_westwood (tcp_kcong_westwood.ko): loads, is
# selectable by sysctl, iperf3 -C and route congctl, validates its
# parameters, shows its bandwidth estimate in ss -ti, unloads; and keeps its
# goodput under random (non-congestion) loss.
#
#   sender ---- router ---- receiver      50 Mbit/s, 40 ms RTT, 1% random
#    snd0    rtr0    rtr1    rcv0          loss, queue of 1 BDP
#                     ^ netem              (lib/kcong.sh)
#
# Westwood+'s claim (Grieco & Mascolo 2004): under random loss it keeps
# more goodput than Reno, because it cuts the window only to the pipe it
# measured instead of halving it - while still reducing on every loss.
# Checked on the lossy path with KCONG_CC_RUNS (default 2) interleaved runs
# each, the first kcong_westwood run traced (lib/cctrace.sh):
#   - median goodput >= 1.5x kcong_reno's (Documentation/westwood.md has
#     the measured ratio; halving on every random loss costs Reno more
#     than half its window on this path);
#   - every loss episode sets ssthresh within [cwnd/2, cwnd]: the pipe
#     estimate, never above the window, never below Reno's cut.
# Congestive backoff (cwnd after each loss at most BWE x RTTmin) is in
# cc_backoff.sh.  Goodput against the in-tree westwood is printed, not
# asserted: a module that never reduced won that comparison 3x.

. "$(dirname "$0")/lib/kcong.sh"
. "$(dirname "$0")/lib/kcong_cc.sh"
. "$(dirname "$0")/lib/cctrace.sh"

MOD=tcp_kcong_westwood
NAME=kcong_westwood
# On the debug kernel cc_path caps the rate at 5 Mbit/s, where at 40 ms and
# 1 % loss Reno's loss-limited rate (Mathis et al. 1997: 1.22 x MSS / (RTT
# x sqrt(p)), 3.5 Mbit/s) is nearly the link's 4.78: kcong_westwood got
# 1.13x kcong_reno there (3.195 and 2.82 Mbit/s, 2026-12-03), not for a
# fault.  The RTT x KCONG_SLOW (160 ms) brings Reno's rate down to 0.88
# Mbit/s, under a fifth of the link (here: 3.5 of 47.8 Mbit/s).  Not yet
# run on the debug kernel with it.
PATH_LOSSY=50/$((40 * KCONG_SLOW))/1/1

cc_begin "$MOD" "$NAME" 13
# A zero sample interval would divide by zero; a gain of 1024 never learns.
cc_check_param "$MOD" filter_gain 896 abc -1 1024 99999999999
cc_check_param "$MOD" min_sample_ms 50 x -10 0 10001
# enabled 1; rttcnt: bandwidth estimate in kbit/s (some, at most the 50 Mbit/s
# path); rtt: last RTT sample; minrtt: RTTmin, the path's 40 ms or more.
cc_check_info "$NAME" '$4 == 1 && $5 > 1000 && $5 <= 60000 && $7 >= 40000 && $7 < 60000'

# A bandwidth sample must not span an idle period.  With filter_gain 0 the
# estimate is the last sample, and with min_sample_ms 1000 a sample lasts
# a second: after 3 s of bulk transfer the estimate is the path's rate; 2 s
# idle, 10 packets, and 0.3 s later (before the next sample can close) the
# estimate must still be at least 60 % of the rate.  A sample spanning the
# idle time would read at most half of it (a second's data over 2 s or more).
PARAMS=/sys/module/$MOD/parameters
echo 0 > "$PARAMS/filter_gain" && echo 1000 > "$PARAMS/min_sample_ms"
flow_sink 5290
flow_send "$NAME" 5290 "$KCONG_TMP/idle.json" bulk:3 \
	"sh:python3 $KCONG_LIB_DIR/ca_info.py 5290 > $KCONG_TMP/bwe.before" drain idle:2 write:14480 idle:0.3 \
	"sh:python3 $KCONG_LIB_DIR/ca_info.py 5290 > $KCONG_TMP/bwe.after" drain
echo 922 > "$PARAMS/filter_gain" && echo 20 > "$PARAMS/min_sample_ms"
cap=$(topo_capacity_mbit)
# ca_info: sport dport cc enabled rttcnt(BWE kbit/s) rtt minrtt
b1=$(awk '$3 == "kcong_westwood" { print $5 }' "$KCONG_TMP/bwe.before" 2>/dev/null | head -n 1)
b2=$(awk '$3 == "kcong_westwood" { print $5 }' "$KCONG_TMP/bwe.after" 2>/dev/null | head -n 1)
ktap_print_msg "bandwidth estimate during bulk ${b1:-?} kbit/s, 0.3 s after 2 s idle ${b2:-?} kbit/s (path $cap Mbit/s)"
[ -n "$b2" ] && kcong_ge "$b2" "$(awk -v c="$cap" 'BEGIN { print 0.6 * c * 1000 }')"
ktap_check "$NAME: no bandwidth sample spans an idle period (estimate $b2 kbit/s after idle)"

if kcong_load "tcp_kcong_reno" && kcong_load_intree westwood; then
	cc_set_path "$PATH_LOSSY"
	cctrace_start "$KCONG_PORT"
	iperf_run "$NAME" "$CC_SECS" "$KCONG_TMP/traced.json" -O "$CC_OMIT"
	cctrace_stop "$KCONG_TMP/$NAME.trace"
	cc_measure "$PATH_LOSSY" "$CC_RUNS" "$NAME" westwood kcong_reno
	g=$(cc_median "$NAME" 2) gi=$(cc_median westwood 2) gr=$(cc_median kcong_reno 2)
	ktap_print_msg "median of $CC_RUNS: $NAME $g, westwood $gi, kcong_reno $gr Mbit/s"
	kcong_ge "$g" "$(awk -v c="$gr" 'BEGIN { print 1.5 * c }')"
	ktap_check "$NAME goodput >= 1.5x kcong_reno under random loss ($g vs $gr Mbit/s)"
	cctrace reductions "$KCONG_TMP/$NAME.trace" > "$KCONG_TMP/reductions"
	grep '^#' "$KCONG_TMP/reductions" | tail -n 5
	res=$(grep -v '^#' "$KCONG_TMP/reductions")
	ktap_print_msg "$NAME under 1% random loss: $res"
	set -- $res
	# episodes N reduced N bounded N.  Westwood+ takes ssthresh from its
	# pipe estimate BWE x RTTmin, clamped to [cwnd/2, cwnd]: with 1% loss
	# the window mostly stays below the path's BDP (166 packets), so a loss
	# often costs nothing (ssthresh = cwnd) - the design, not a failure to
	# back off (cc_backoff.sh checks the backoff under congestion).  What
	# must hold on every loss is the clamp: never above the window, never
	# below Reno's half.
	[ "${2:-0}" -ge 10 ] && [ "${6:--1}" -eq "$2" ]
	ktap_check "$NAME sets ssthresh within [cwnd/2, cwnd] on every loss ($res)"
else
	ktap_test_skip "$NAME goodput >= 1.5x kcong_reno" "tcp_kcong_reno or in-tree tcp_westwood not available"
	ktap_test_skip "$NAME sets ssthresh within [cwnd/2, cwnd] on every loss" "tcp_kcong_reno or in-tree tcp_westwood not available"
fi
cc_check_fairness "$NAME" "$PATH_LOSSY"
cc_check_unload "$MOD"
ktap_finished
