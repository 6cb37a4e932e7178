#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cc_backoff.sh - every loss-based kcong algorithm backs off on congestion
# as its algorithm says, ACK by ACK, and costs the path no more queue and
# no more retransmissions than its in-tree namesake on the same path.
#
#   sender ---- router ---- receiver      20 Mbit/s, 40 ms RTT, no random
#    snd0    rtr0    rtr1    rcv0          loss, queue of 1 BDP: every loss
#                     ^ netem              is a queue overflow
#
# Each flow runs SECS seconds with the tcp:tcp_probe tracepoint recording
# cwnd and ssthresh on every ACK (lib/cctrace.sh).  For every loss episode
# (lib/cwnd_trace.py "episodes"), the cwnd on the first ACK after the flow
# leaves Recovery (where the core ends the reduction at ssthresh; else the
# median one to two smoothed RTTs after the loss) must be at most the
# algorithm's multiplicative decrease of the cwnd before it, x 1.1 + 2
# packets.  Not the window later on: BIC regrows up to 16 packets a round
# trip, enough to lift a 1-2 RTT median over 0.8 x 1.1 (in-tree bic failed
# this check once in CI, 2026-12-01; the failing episode was not printed).
#   reno, kcong_reno, kcong_newreno   1/2          (RFC 5681 eq. 4)
#   bic                               819/1024     (in-tree default beta)
#   kcong_bic                         896/1024     (its default beta)
#   kcong_westwood                    clamp(BDP / cwnd, 1/2, 1): the pipe,
#                                     BWE x RTTmin, about one BDP here
# A flow that never reduces (cwnd back at 1.00x within two round trips) is
# over every one of these.  reno and bic are checked too, so that the test
# is seen to hold for the kernel's own code; the in-tree westwood, whose
# window after recovery is its own bandwidth estimate x RTTmin (seen up to
# 0.71x), is only printed.
#
# Against the namesake measured in the same file: for kcong_reno and
# kcong_newreno, goodput within 15 % of reno's (both fill the pipe and its
# queue, so the model says equal; the slack is for run-to-run noise);
# for all, retransmitted segments
# at most 2x the namesake's + 0.3 percentage points (1.0 for kcong_bic),
# and mean RTT at most 1.25x.  The slack covers run-to-run noise and, for
# BIC, the different decrease (kcong_bic keeps 7/8 where bic keeps 4/5, so
# it loses more often and queues a little more; single runs here measured
# bic at 0.04-0.78 % and kcong_bic at 0.61-0.89 %).  A flow that does not
# back off fills the queue: the old kcong_westwood retransmitted 0.75 %
# against westwood's 0.02 % here, at 1.28x its mean RTT.
#
# On the debug kernel (KCONG_SLOW > 1) the path is 20 / KCONG_SLOW Mbit/s:
# its guest carries one flow at only 7-10 Mbit/s, so at 20 Mbit/s its CPU,
# not the link, was the bottleneck, nothing was lost (0 % retransmitted
# for every algorithm) and no episode was left to judge; at 5 Mbit/s cubic
# got 4.69 Mbit/s with 8 retransmissions in 10 s (2026-12-03).

. "$(dirname "$0")/lib/kcong.sh"
. "$(dirname "$0")/lib/kcong_cc.sh"
. "$(dirname "$0")/lib/cctrace.sh"

RATE=$((20 / KCONG_SLOW)) RTT=40 BUF=1
SECS=${KCONG_BACKOFF_SECS:-12}
# kcong algorithm, its namesake, and each one's decrease (md, "pipe", or
# "-": printed, not checked).
# The last field is the slack on retransmissions, in percentage points.
PAIRS="kcong_reno:reno:0.5:0.5:0.3 kcong_newreno:reno:0.5:0.5:0.3 kcong_bic:bic:0.875:0.8:1.0 kcong_westwood:westwood:pipe:-:0.3"

cc_require_tools
cctrace_require
ktap_print_header
ktap_set_plan 12

topo_setup "$RATE" "$RTT" 0 "$BUF" || { ktap_print_msg "topology setup failed"; exit "$KSFT_FAIL"; }
BDP=$(topo_bdp_pkts "$RATE" "$RTT")

# run ALG: one traced flow; "goodput retrans mean p95 cc pct" in $KCONG_TMP/ALG.sum
run() {
	local alg=$1 port=$KCONG_PORT out=$KCONG_TMP/$1.json

	[ -f "$KCONG_TMP/$alg.sum" ] && return 0
	cctrace_start "$port" || return 1
	iperf_run "$alg" "$SECS" "$out" -O 2
	cctrace_stop "$KCONG_TMP/$alg.trace" &&
		iperf_summary "$out" > "$KCONG_TMP/$alg.sum"
}

# check_episodes ALG MD: per-episode backoff within the algorithm's decrease.
check_episodes() {
	local alg=$1 md=$2 arg res

	if [ "$md" = pipe ]; then arg="--pipe $BDP"; else arg="--md $md"; fi
	res=$(cctrace episodes "$KCONG_TMP/$alg.trace" $arg 2>&1)
	echo "$res" | grep '^# episode' | head -n 40
	res=$(echo "$res" | tail -n 1)
	ktap_print_msg "$alg: $res"
	set -- $res
	[ "$1" = episodes ] && [ "$2" -ge 2 ] && [ "$4" -eq 0 ]
}

for pair in $PAIRS; do
	IFS=: read -r alg ref md ref_md slack <<< "$pair"
	first=0
	grep -qx "$ref" "$KCONG_TMP/checked" 2>/dev/null || { first=1; echo "$ref" >> "$KCONG_TMP/checked"; }
	if ! kcong_load "tcp_$alg" || ! kcong_load_intree "$ref"; then
		ktap_test_fail "$alg backs off on every loss (tcp_$alg or in-tree tcp_$ref missing)"
		ktap_test_fail "$alg: retransmissions and RTT within bounds of $ref (not run)"
		[ "$ref" = reno ] && ktap_test_fail "$alg: goodput within 15 % of reno's (not run)"
		[ "$first" = 1 ] && [ "$ref_md" != - ] && ktap_test_fail "$ref backs off on every loss (not run)"
		continue
	fi
	# The namesake first, then kcong's, one after the other.
	run "$ref" && run "$alg"
	if [ "$first" = 1 ] && [ "$ref_md" != - ]; then
		check_episodes "$ref" "$ref_md"
		ktap_check "$ref backs off on every loss (md $ref_md)"
	elif [ "$first" = 1 ]; then
		check_episodes "$ref" 0.5
	fi
	check_episodes "$alg" "$md"
	ktap_check "$alg backs off on every loss (md $md)"
	read -r g r m p cc pct < "$KCONG_TMP/$alg.sum"
	read -r gr rr mr pr ccr pctr < "$KCONG_TMP/$ref.sum"
	ktap_print_msg "$alg: $g Mbit/s, $pct % retransmitted, mean RTT $m ms; $ref: $gr Mbit/s, $pctr %, $mr ms"
	kcong_ge "$(awk -v r="$pctr" -v s="$slack" 'BEGIN { print 2 * r + s }')" "$pct" &&
		kcong_ge "$(awk -v r="$mr" 'BEGIN { print 1.25 * r }')" "$m"
	ktap_check "$alg: retransmissions ($pct %) and mean RTT ($m ms) within 2x+$slack and 1.25x of $ref ($pctr %, $mr ms)"
	if [ "$ref" = reno ]; then
		kcong_ge "$g" "$(awk -v r="$gr" 'BEGIN { print 0.85 * r }')"
		ktap_check "$alg: goodput $g Mbit/s within 15 % of reno's $gr"
	fi
done

ktap_finished
