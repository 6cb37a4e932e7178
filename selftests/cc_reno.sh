#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kcong_reno and kcong_newreno: loading, every way of selecting them,
# autoloading after "make install", and the unload rules (topology in
# lib/kcong.sh):
#
#   sender ---- router [netem: 50 Mbit/s, 40 ms, 1 BDP buffer] ---- receiver
#
# Their goodput, retransmissions and delay against the in-tree reno, and
# their window on every ACK, are checked in cc_backoff.sh and the other
# per-ACK tests (Documentation/core-duties.md).

. "$(dirname "$0")/lib/kcong.sh"
. "$(dirname "$0")/lib/kcong_cc.sh"

ALGS="kcong_reno kcong_newreno"
RATE=50 RTT=40 BUF=1

kcong_require_root
kcong_require iperf3 iperf3
kcong_require tc iproute2
kcong_require ethtool ethtool

ktap_print_header
ktap_set_plan 20

snd_cc() {
	ip netns exec "$NS_SND" sysctl -n net.ipv4.tcp_congestion_control
}

# The algorithm iperf3 reports the sender's socket used.
cc_of() {
	python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["end"].get("sender_tcp_congestion", "?"))' "$1"
}

# A transfer without -C: the socket gets the netns default or the route's.
used_by_plain_transfer() {
	[ "$(cc_plain_transfer)" = "$1" ]
}

topo_setup "$RATE" "$RTT" 0 "$BUF" || { ktap_test_fail "topology setup"; ktap_finished; }
kcong_load_intree reno

for alg in $ALGS; do
	mod=tcp_$alg
	ktap_test_result "$alg: module loads" kcong_load "$mod"
	ktap_test_result "$alg: listed in tcp_available_congestion_control" kcong_ca_available "$alg"

	ip netns exec "$NS_SND" sysctl -qw net.ipv4.tcp_congestion_control="$alg"
	[ "$(snd_cc)" = "$alg" ] && used_by_plain_transfer "$alg"
	ktap_check "$alg: selected by sysctl net.ipv4.tcp_congestion_control"

	# A namespace default holds a module reference.
	! rmmod "$mod" 2>/dev/null && kcong_is_loaded "$mod"
	ktap_check "$alg: rmmod refused while it is a namespace default"
	ip netns exec "$NS_SND" sysctl -qw net.ipv4.tcp_congestion_control=reno

	ip -n "$NS_SND" route replace 198.18.2.0/24 via 198.18.1.2 congctl "$alg" &&
		used_by_plain_transfer "$alg"
	ktap_check "$alg: selected per route (ip route ... congctl)"
	ip -n "$NS_SND" route del 198.18.2.0/24 2>/dev/null

	# The flow lasts 6 s x KCONG_SLOW: on the debug kernel an ss process
	# beside a flow takes up to 10 s, and with a 6 s flow ss listed the
	# socket but rmmod, run after it, was not refused (2026-12-03): the
	# flow had ended by then.
	out=$KCONG_TMP/$alg.busy.json
	iperf_run "$alg" $((6 * KCONG_SLOW)) "$out" &
	busy=$!
	kcong_wait_for 10 eval "ip netns exec $NS_SND ss -tiH state established | grep -q $alg"
	ktap_test_result "$alg: selected per socket (iperf3 -C), seen in ss -ti" test $? -eq 0
	! rmmod "$mod" 2>/dev/null && kcong_is_loaded "$mod"
	ktap_check "$alg: rmmod refused while a socket uses it"
	wait "$busy"
	[ "$(cc_of "$out")" = "$alg" ]
	ktap_check "$alg: iperf3 reports $alg as the sender's algorithm"
	kcong_rmmod_wait "$mod" 10
	ktap_check "$alg: rmmod succeeds once no socket uses it"
done

# After "make install" the kernel loads the module itself when a name is
# written to the sysctl (request_module("tcp_%s")).
install_log=$KCONG_TMP/install.log
if make -C "$KCONG_TOP" KDIR="/lib/modules/$(uname -r)/build" install >"$install_log" 2>&1; then
	for alg in $ALGS; do
		kcong_is_loaded "tcp_$alg" && kcong_rmmod_wait "tcp_$alg"
		ip netns exec "$NS_SND" sysctl -qw net.ipv4.tcp_congestion_control="$alg" &&
			kcong_is_loaded "tcp_$alg"
		ktap_check "$alg: autoloaded by the sysctl write after make install"
		ip netns exec "$NS_SND" sysctl -qw net.ipv4.tcp_congestion_control=reno
		KCONG_LOADED="tcp_$alg $KCONG_LOADED"
	done
else
	sed 's/^/# /' "$install_log" | tail -n 20
	for alg in $ALGS; do
		ktap_test_fail "$alg: autoloaded by the sysctl write after make install (make install failed)"
	done
fi

ktap_finished
