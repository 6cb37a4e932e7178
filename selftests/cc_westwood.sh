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
# Goal (issue 3): >= 2x kcong_reno's goodput and at least the in-tree
# westwood's, medians of KCONG_CC_RUNS (default 2) interleaved runs each.
# Random loss makes every run different, but the margins measured with
# scripts/measure-cc (see Documentation/westwood.md) are far above the
# run-to-run spread, so the targets are checked as they are.

. "$(dirname "$0")/lib/kcong.sh"
. "$(dirname "$0")/lib/kcong_cc.sh"

MOD=tcp_kcong_westwood
NAME=kcong_westwood
PATH_LOSSY=50/40/1/1

cc_begin "$MOD" "$NAME" 12
# A zero sample interval would divide by zero; a gain of 1024 never learns.
cc_check_param "$MOD" filter_gain 896 abc -1 1024 99999999999
cc_check_param "$MOD" min_sample_ms 50 x -10 0 10001
# enabled 1; rttcnt: bandwidth estimate in kbit/s (some, at most the 50 Mbit/s
# path); rtt: last RTT sample; minrtt: RTTmin, the path's 40 ms or more.
cc_check_info "$NAME" '$4 == 1 && $5 > 1000 && $5 <= 60000 && $7 >= 40000 && $7 < 60000'

if kcong_load "tcp_kcong_reno" && kcong_load_intree westwood; then
	cc_measure "$PATH_LOSSY" "$CC_RUNS" "$NAME" westwood kcong_reno
	g=$(cc_median "$NAME" 2) gi=$(cc_median westwood 2) gr=$(cc_median kcong_reno 2)
	ktap_print_msg "median of $CC_RUNS: $NAME $g, westwood $gi, kcong_reno $gr Mbit/s"
	kcong_ge "$g" "$(awk -v c="$gr" 'BEGIN { print 2 * c }')"
	ktap_check "$NAME goodput >= 2x kcong_reno on $PATH_LOSSY ($g vs $gr Mbit/s)"
	kcong_ge "$g" "$gi"
	ktap_check "$NAME goodput >= in-tree westwood on $PATH_LOSSY ($g vs $gi Mbit/s)"
else
	ktap_test_skip "$NAME goodput >= 2x kcong_reno" "tcp_kcong_reno or in-tree tcp_westwood not available"
	ktap_test_skip "$NAME goodput >= in-tree westwood" "tcp_kcong_reno or in-tree tcp_westwood not available"
fi
cc_check_fairness "$NAME" "$PATH_LOSSY"
cc_check_unload "$MOD"
ktap_finished
