#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# stress_listen.sh - a listener's TCP_CONGESTION is what its accepted
# children get, hundreds of them at once, for every kcong algorithm; and
# sockets in the states a congestion control is rarely switched in -
# connecting (SYN_SENT), closing (FIN_WAIT, CLOSING) and, once closed with
# data queued, orphaned - take a switch and carry it.
#
#   sender ---- router ---- receiver      100 Mbit/s, 10 ms RTT
#    snd0    rtr0    rtr1    rcv0
#                     ^ netem
#
# Inheritance: a listener in the receiver with TCP_CONGESTION = ALG, CHILDREN
# connections from the sender; every accepted child must report ALG.
# States: the router drops every SYN-ACK (tc u32 on the TCP flags at rtr1's
# ingress) while 100 non-blocking connects sit in SYN_SENT and are switched
# three times each through the kcong algorithms; the drop is removed, the
# handshakes complete on the SYN retransmission, each socket sends 64 KB,
# shuts down for writing, is switched three times more and is closed with
# data still queued (an orphan).  The kernel log check of run_all.sh and
# stress_rmmod.sh (module references) cover what happens to the orphans.

. "$(dirname "$0")/lib/kcong.sh"
. "$(dirname "$0")/lib/kcong_cc.sh"

CHILDREN=${KCONG_STRESS_CHILDREN:-300}
KCONG_ALGS="kcong_reno kcong_newreno kcong_vegas kcong_bic kcong_westwood"
PORT=5510

cc_require_tools
ktap_print_header
ktap_set_plan 7

topo_setup 100 10 0 2 || { ktap_print_msg "topology setup failed"; exit "$KSFT_FAIL"; }
for ns in "$NS_SND" "$NS_RCV"; do
	ip netns exec "$ns" sysctl -qw net.core.somaxconn=4096
	ip netns exec "$ns" sysctl -qw net.ipv4.tcp_max_syn_backlog=4096
done

for alg in $KCONG_ALGS; do
	port=$((PORT++))
	if ! kcong_load "tcp_$alg"; then
		ktap_test_fail "$alg: tcp_$alg loads"
		continue
	fi
	ip netns exec "$NS_RCV" timeout 60 python3 "$KCONG_LIB_DIR/stress.py" listen "$port" \
		--cc "$alg" --expect "$CHILDREN" --secs 40 > "$KCONG_TMP/listen-$alg.json" &
	lpid=$!
	kcong_wait_for 5 iperf_listening "$port"
	ip netns exec "$NS_SND" timeout 60 python3 "$KCONG_LIB_DIR/stress.py" connect "$RCV_IP" "$port" \
		--count "$CHILDREN" --secs 20 > "$KCONG_TMP/connect-$alg.json"
	wait "$lpid"
	res=$(python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(d["accepted"], json.dumps(d["cc"]).replace(" ", ""))' \
		"$KCONG_TMP/listen-$alg.json" 2>&1)
	ktap_print_msg "$alg listener: accepted, algorithms of the children: $res"
	[ "$res" = "$CHILDREN {\"$alg\":$CHILDREN}" ]
	ktap_check "$alg: all $CHILDREN children of a $alg listener run $alg"
done

# SYN_SENT, closing, orphaned.  tcp[13] & 0x12 == 0x12: SYN and ACK set.
block="tc -n $NS_RTR filter add dev rtr1 ingress protocol ip prio 1 u32 match ip protocol 6 0xff match u8 0x12 0x12 at 33 action drop"
unblock="tc -n $NS_RTR filter del dev rtr1 ingress protocol ip prio 1"
flow_sink "$PORT"
tc -n "$NS_RTR" qdisc add dev rtr1 clsact && $block
algs=$(echo $KCONG_ALGS | tr ' ' ',')
ip netns exec "$NS_SND" timeout 60 python3 "$KCONG_LIB_DIR/stress.py" states "$RCV_IP" "$PORT" \
	--count 100 --algs "$algs" --unblock "$unblock" > "$KCONG_TMP/states.json"
res=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(d["connected"], d["switched"]["syn_sent"], d["switched"]["closing"], sum(d["final_cc"].values()))
' "$KCONG_TMP/states.json" 2>&1)
read -r up syn closing ended <<< "$res"
ktap_print_msg "states: $res (connected, switches in SYN_SENT, switches while closing, closed with a kcong algorithm)"
[ "$syn" = 300 ] && [ "$up" = 100 ]
ktap_check "100 connecting sockets switched 3 times each in SYN_SENT, then established ($up)"
[ "$closing" = 300 ] && [ "$ended" = 100 ]
ktap_check "the same sockets switched 3 times each while closing, then orphaned ($closing switches)"
ktap_finished
