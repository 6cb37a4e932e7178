#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# stress_rmmod.sh - a congestion-control module in use cannot be unloaded,
# and can be once nothing uses it; and loading and unloading every kcong
# module again and again while other flows run leaves the kernel clean.
#
#   sender ---- router ---- receiver      50 Mbit/s, 20 ms RTT, 1 BDP
#
# For each kcong algorithm, rmmod must fail while (a) a listening socket,
# (b) an established, sending connection, (c) an orphan - closed with data
# queued behind a path that is blackholed for the moment - uses it, and
# succeed within 20 s of the last one going away.  (Each user is waited
# for up to 5 s before rmmod is tried; like every kcong_wait_for limit,
# KCONG_SLOW times that on the debug kernel, where the listener and the
# flow also last KCONG_SLOW times longer: a 2 s flow had ended there
# before rmmod was tried, so rmmod rightly succeeded.)  Then CYCLES rounds of:
# load every kcong module, start a one-second flow with each, unload each
# as soon as it is free, with two cubic flows running throughout.

. "$(dirname "$0")/lib/kcong.sh"
. "$(dirname "$0")/lib/kcong_cc.sh"

CYCLES=${KCONG_STRESS_CYCLES:-5}
KCONG_ALGS="kcong_reno kcong_newreno kcong_vegas kcong_bic kcong_westwood"
PORT=5520

cc_require_tools
ktap_print_header
ktap_set_plan 7

topo_setup 50 20 0 1 || { ktap_print_msg "topology setup failed"; exit "$KSFT_FAIL"; }
flow_sink "$PORT" || { ktap_print_msg "sink did not start"; exit "$KSFT_FAIL"; }

busy() {	# busy MODULE: rmmod must fail and leave it loaded
	! rmmod "$1" 2>/dev/null && kcong_is_loaded "$1"
}

for alg in $KCONG_ALGS; do
	mod=tcp_$alg
	kcong_load "$mod" || { ktap_test_fail "$alg: loads"; continue; }
	ok=1 why=""
	# (a) a listener
	ip netns exec "$NS_RCV" timeout 30 python3 "$KCONG_LIB_DIR/stress.py" listen 5599 --cc "$alg" \
		--expect 1 --secs $((3 * KCONG_SLOW)) >/dev/null &
	pid=$!
	kcong_wait_for 5 iperf_listening 5599 ||
		{ ok=0; why="$why (no listener)"; }
	busy "$mod" || { ok=0; why="$why listener"; }
	wait "$pid"
	# (b) a sending connection
	flow_send "$alg" "$PORT" "$KCONG_TMP/b.json" bulk:$((2 * KCONG_SLOW)) >/dev/null &
	pid=$!
	kcong_wait_for 5 eval "ip netns exec $NS_SND ss -tiH state established | grep -q $alg" ||
		{ ok=0; why="$why (no established flow seen)"; }
	busy "$mod" || { ok=0; why="$why established"; }
	wait "$pid"
	# (c) an orphan: the path is blackholed while the socket is closed
	# with data queued; it lives on retransmission timeouts until the
	# path is back.
	tc -n "$NS_RTR" qdisc add dev rtr0 clsact 2>/dev/null
	flow_send "$alg" "$PORT" "$KCONG_TMP/c.json" \
		"sh:tc -n $NS_RTR filter add dev rtr0 ingress protocol ip prio 9 matchall action drop" \
		write:8000 >/dev/null
	orphans=$(ip netns exec "$NS_SND" awk '/^TCP:/ { print $5 }' /proc/net/sockstat)
	busy "$mod" || { ok=0; why="$why orphan"; }
	tc -n "$NS_RTR" filter del dev rtr0 ingress protocol ip prio 9
	kcong_rmmod_wait "$mod" 20 && ! kcong_is_loaded "$mod" || { ok=0; why="$why (not unloaded after)"; }
	ktap_print_msg "$alg: orphans while blackholed: $orphans"
	[ "$ok" = 1 ]
	ktap_check "$alg: rmmod refused while a listener, a flow, an orphan use it; done once free${why:+ (failed:$why)}"
done

# Load/unload cycles under traffic.
flow_send cubic "$PORT" "$KCONG_TMP/bg1.json" bulk:$((CYCLES * 6 + 20)) >/dev/null &
bg1=$!
flow_send cubic "$PORT" "$KCONG_TMP/bg2.json" bulk:$((CYCLES * 6 + 20)) >/dev/null &
bg2=$!
done_cycles=0 bad=""
for c in $(seq "$CYCLES"); do
	for alg in $KCONG_ALGS; do
		insmod "$(kcong_ko "tcp_$alg")" || bad="$bad insmod:$alg"
		flow_send "$alg" "$PORT" "$KCONG_TMP/cyc-$alg.json" bulk:1 >/dev/null &
	done
	wait_flows=$(jobs -p | grep -v -e "^$bg1\$" -e "^$bg2\$")
	for p in $wait_flows; do
		[ "$p" = "$IPERF_SERVER_PID" ] || wait "$p"
	done
	for alg in $KCONG_ALGS; do
		kcong_rmmod_wait "tcp_$alg" 20 || bad="$bad rmmod:$alg"
	done
	done_cycles=$c
	[ -n "$bad" ] && break
done
kill "$bg1" "$bg2" 2>/dev/null
wait "$bg1" "$bg2" 2>/dev/null
ktap_print_msg "$done_cycles cycles of loading 5 modules, a 1 s flow each, unloading; problems:${bad:- none}"
[ "$done_cycles" = "$CYCLES" ] && [ -z "$bad" ]
ktap_check "$CYCLES load/flow/unload cycles of every kcong module beside two cubic flows"
for alg in $KCONG_ALGS; do kcong_is_loaded "tcp_$alg" && rmmod "tcp_$alg"; done
! ls -d /sys/module/tcp_kcong_* >/dev/null 2>&1
ktap_check "no kcong module left loaded"
ktap_finished
