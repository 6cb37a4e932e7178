#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cc_undo.sh - a spurious fast retransmit, undone, gives back at most the
# window the flow had; and no kcong algorithm ever goes above
# snd_cwnd_clamp (a route's locked cwnd), undo or not.
#
#   sender ---- router ---- receiver      no rate limit, 20 ms one way;
#    snd0    rtr0    rtr1    rcv0          one packet in 64 (IP ID & 0x3f ==
#                     ^ prio              0x20) is held 15 ms longer
#                       band 1: netem 20 ms
#                       band 2: netem 35 ms (u32 filter on the IP ID)
#
# SACK is off and timestamps on, as in issue 10's report: the packets
# after the held one draw three duplicate ACKs, the sender retransmits and
# halves ssthresh, then the held packet arrives first and its ACK echoes a
# timestamp older than the retransmission, so the core undoes the
# reduction (tcp_try_undo_recovery / tcp_try_undo_partial) and restores
# ssthresh, in slow start the infinite one.  The sender writes 60-packet
# chunks and waits for each to be acknowledged, so that nothing new is sent
# in recovery and the undo comes on the ACK of everything sent (snd_una ==
# high_seq), which keeps a non-SACK flow in the Recovery state for one more
# ACK: the path where the old kcong_reno set cwnd = 0x7fffffff.  The
# sender's tcp_max_reordering is 3, so that every held packet does it.
# The held packet must be the path's only reordering: every interface
# hands its packets to one CPU (topo_in_order).  Without that, packets sent
# from two CPUs left the router up to a few ms out of order, and a "loss"
# whose original came a moment later made a partial ACK (2026-12-02, 6.12:
# 4 of 272 recoveries in kcong_reno's loss part ended within 10 ms of their
# retransmission; 0 of 275 in order).
#
# Each flow is traced (lib/cctrace.sh); lib/cwnd_trace.py "undo" compares
# the cwnd right after each undo with the cwnd before the reduction: the
# undo restores at most that, and the same ACK may add what it
# acknowledged (at most one window), so "worst" <= 1.  The in-tree reno runs
# first, to show that the path produces undos.
#
# Last, the held packet is dropped instead (a real loss per chunk): one
# loss must lower ssthresh once, not again on the ACK held in Recovery.
#
# Before that, the route gets "cwnd 24 lock" (the metrics cache carries the lock
# into snd_cwnd_clamp once one connection has closed) and a second of bulk
# transfer and 15 more chunks, with their undos, over the same path must
# never show cwnd above 24.

. "$(dirname "$0")/lib/kcong.sh"
. "$(dirname "$0")/lib/kcong_cc.sh"
. "$(dirname "$0")/lib/cctrace.sh"

ALGS="reno kcong_reno kcong_newreno kcong_bic kcong_vegas kcong_westwood"
CLAMP=24
CHUNK=$((60 * 1448))
PORT=5300

cc_require_tools
cctrace_require
ktap_print_header
ktap_set_plan 15

setup() {
	topo_setup 100 20 0 1 && topo_in_order || return 1
	tc -n "$NS_RTR" qdisc replace dev rtr1 root handle 1: prio bands 2 \
		priomap 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 &&
	tc -n "$NS_RTR" qdisc add dev rtr1 parent 1:1 handle 10: netem delay 20ms limit 10000 &&
	tc -n "$NS_RTR" qdisc add dev rtr1 parent 1:2 handle 20: netem delay 35ms limit 10000 &&
	tc -n "$NS_RTR" filter add dev rtr1 parent 1: protocol ip prio 1 u32 \
		match ip protocol 6 0xff match u16 0x0020 0x003f at 4 flowid 1:2 || return 1
	for ns in "$NS_SND" "$NS_RCV"; do
		ip netns exec "$ns" sysctl -qw net.ipv4.tcp_sack=0 || return 1
		ip netns exec "$ns" sysctl -qw net.ipv4.tcp_timestamps=1 || return 1
	done
	# Undos teach the sender that the path reorders (tp->reordering
	# grows), after which it stops retransmitting on three duplicates.
	ip netns exec "$NS_SND" sysctl -qw net.ipv4.tcp_max_reordering=3
	flow_sink "$PORT"
}
setup || { ktap_print_msg "topology setup failed"; exit "$KSFT_FAIL"; }

# traced NAME ALG STEP...: one traced tcpflow sender; the trace in NAME.trace
traced() {
	local name=$1 alg=$2

	shift 2
	cctrace_start "$PORT" &&
		flow_send "$alg" "$PORT" "$KCONG_TMP/$name.json" "$@"
	cctrace_stop "$KCONG_TMP/$name.trace"
}

for alg in $ALGS; do
	if ! cc_load_any "$alg"; then
		ktap_test_fail "$alg: undo restores at most the window before the loss (not loaded)"
		continue
	fi
	traced "undo-$alg" "$alg" bulk:0.3 drain "repeat:30:write:$CHUNK" drain
	res=$(cctrace undo "$KCONG_TMP/undo-$alg.trace")
	echo "$res" | grep '^# undo' | head -n 8
	echo "$res" | grep '^# worst\|^#   '
	res=$(echo "$res" | tail -n 1)
	set -- $res
	# undos N worst R maxcwnd C
	[ "$2" -ge 1 ] && awk -v w="$4" 'BEGIN { exit !(w <= 1.0) }' && [ "$6" -lt 100000 ]
	ktap_check "$alg: undo restores at most the window before the loss ($res)"
done

# The clamp: a locked route cwnd reaches snd_cwnd_clamp through the
# metrics cache, which the first connection to close fills.
ip netns exec "$NS_SND" sysctl -qw net.ipv4.tcp_no_metrics_save=0
ip -n "$NS_SND" route replace 198.18.2.0/24 via 198.18.1.2 cwnd lock "$CLAMP"
flow_send reno "$PORT" "$KCONG_TMP/warm.json" write:1448 drain >/dev/null
for alg in $ALGS; do
	traced "clamp-$alg" "$alg" bulk:1 drain "repeat:15:write:$CHUNK" drain
	res=$(cctrace maxcwnd "$KCONG_TMP/clamp-$alg.trace")
	set -- $res
	# reno must reach the clamp: the path would take far more without it.
	[ "$2" -le "$CLAMP" ] && [ "$4" -gt 100 ] && { [ "$alg" != reno ] || [ "$2" -eq "$CLAMP" ]; }
	ktap_check "$alg: cwnd never above the route's locked cwnd $CLAMP ($res)"
done
ip -n "$NS_SND" route del 198.18.2.0/24
ip netns exec "$NS_SND" ip tcp_metrics flush all 2>/dev/null

# One real loss per chunk: the packet that was held is now dropped.  A
# chunk's single hole is retransmitted on three duplicate ACKs, and the ACK
# of the retransmission acknowledges everything sent (snd_una == high_seq):
# without SACK the core holds the flow in Recovery for that ACK.  One loss
# is one decrease: ssthresh must not be lowered again before the flow is
# Open (issue 10's defect 5: the old kcong_reno halved a second time on
# that held ACK; NewReno and the in-tree reno never lower it in recovery).
tc -n "$NS_RTR" filter del dev rtr1 parent 1: prio 1 &&
	tc -n "$NS_RTR" filter add dev rtr1 parent 1: protocol ip prio 1 u32 \
		match ip protocol 6 0xff match u16 0x0020 0x003f at 4 action drop ||
	ktap_print_msg "drop filter not installed"
for alg in reno kcong_reno kcong_newreno; do
	traced "loss-$alg" "$alg" bulk:0.3 drain "repeat:20:write:$CHUNK" drain
	res=$(cctrace halvings "$KCONG_TMP/loss-$alg.trace")
	echo "$res" | grep '^#' | head -n 5
	res=$(echo "$res" | tail -n 1)
	set -- $res
	# episodes N more N other N (recoveries of several holes, such as two
	# dropped packets in one window of the bulk start, are not judged)
	[ "$2" -ge 3 ] && [ "$4" -eq 0 ]
	ktap_check "$alg: one loss, one decrease: ssthresh not lowered again in recovery ($res)"
done

ktap_finished
