#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cc_core_duties.sh - what the TCP core does for an algorithm besides its
# window arithmetic, checked for every kcong algorithm and, as the control
# that shows each check can pass, for the in-tree reno:
#
#   pacing    after a mid-connection switch (TCP_CONGESTION) the pacing
#             rate follows the core's rule, ratio x mss x max(cwnd,
#             packets_out) / srtt (ratio 200 % while cwnd < ssthresh / 2,
#             else 120 %; tcp_update_pacing_rate), also after the path's
#             rate drops from 50 to 10 Mbit/s
#   restart   after an idle period longer than the RTO, the window is
#             halved once per RTO idle, but not below the route's initcwnd
#             (16 here) (tcp_cwnd_restart, the first part of RFC 2861's
#             window validation; the other part, tcp_cwnd_application_
#             limited, is the same code for every ->cong_avoid algorithm
#             and does not fire while ACKs keep coming: tcp_cong_avoid()
#             stamps the window on each)
#   cwr       a local-qdisc drop of the only packet in flight (CWR with
#             packets_out = 0) sets ssthresh from the window, not to 2
#   rack      a loss found by the RACK reordering timer is retransmitted
#             from the timer, not held until the next ACK arrives
#             (tcp_rack_reo_timeout gives PRR's first segment)
#
#   sender ---- router ---- receiver      50 Mbit/s, 40 ms, 1 BDP buffer;
#    snd0    rtr0    rtr1    rcv0          for "rack": 100 Mbit/s, 100 ms,
#                     ^ netem              and a drop filter at rtr0's
#                                          ingress (see below)
#
# Each sender is lib/tcpflow.py, which polls TCP_INFO every 20 ms.

. "$(dirname "$0")/lib/kcong.sh"
. "$(dirname "$0")/lib/kcong_cc.sh"
. "$(dirname "$0")/lib/cctrace.sh"

ALGS="reno kcong_reno kcong_newreno kcong_bic kcong_vegas kcong_westwood"
PORT=5400
INITCWND=16

cc_require_tools
cctrace_require
ktap_print_header
ktap_set_plan 30

topo_setup 50 40 0 1 || { ktap_print_msg "topology setup failed"; exit "$KSFT_FAIL"; }
flow_sink "$PORT" || { ktap_print_msg "sink did not start"; exit "$KSFT_FAIL"; }
for alg in $ALGS; do
	cc_load_any "$alg" || ktap_print_msg "$alg did not load"
done

# samples FILE PY_EXPR: evaluate a Python expression over the samples "s"
# (a list of dicts, lib/tcpflow.py) and print its value.
samples() {
	python3 -c "import json, statistics, sys; s = json.load(open(sys.argv[1]))['samples']; print($2)" "$1"
}

# --- pacing: one connection switched through every algorithm --------------
# Per algorithm: 1 s at 50 Mbit/s, then the path drops to 10 Mbit/s for
# 2 s.  Samples from 0.3 s after the switch on are compared with the core's
# rule; a rate left where the previous algorithm put it is 5x off after
# the drop.
steps=(bulk:2)
for alg in $ALGS; do
	steps+=("cc:$alg" bulk:1
		"sh:tc -n $NS_RTR qdisc change dev rtr1 root netem delay 40ms rate 10mbit limit 100"
		bulk:2
		"sh:tc -n $NS_RTR qdisc change dev rtr1 root netem delay 40ms rate 50mbit limit $TOPO_LIMIT")
done
flow_send cubic "$PORT" "$KCONG_TMP/pacing.json" "${steps[@]}" ||
	ktap_print_msg "the switching sender failed"
for alg in $ALGS; do
	res=$(samples "$KCONG_TMP/pacing.json" "
(lambda ok: '%d of %d' % (sum(ok), len(ok)))([
    0.8 <= x['pacing_rate'] / min(x['max_pacing_rate'],
        x['snd_mss'] * max(x['snd_cwnd'], x['unacked']) * (200 if x['snd_cwnd'] < x['snd_ssthresh'] // 2 else 120) / 100 * 1e6 / x['rtt']) <= 1.25
    for x in s if x['cc'] == '$alg' and x['label'] == 'poll' and x['rtt'] and
        x['t'] - min(y['t'] for y in s if y['cc'] == '$alg') > 0.3])" 2>&1)
	ktap_print_msg "$alg: pacing rate within 0.8-1.25x of the core's rule in $res samples"
	set -- $res
	[ "${3:-0}" -ge 20 ] && [ $(($1 * 10)) -ge $(($3 * 9)) ]
	ktap_check "$alg: pacing rate follows cwnd/srtt after a switch to it ($res samples within 0.8-1.25x)"
done

# --- restart after idle ------------------------------------------------------
# tcp_cwnd_restart: restart = min(initcwnd, cwnd); the old window is halved
# once per RTO of idle time while above that.  0.6 s idle is two RTOs here
# (RTO 240-290 ms): cwnd / 4, allowing one halving more or less; 1.5 s is
# at least four: the route's initcwnd for any window up to 16 x 16.
ip -n "$NS_SND" route replace 198.18.2.0/24 via 198.18.1.2 initcwnd "$INITCWND"
for alg in $ALGS; do
	flow_send "$alg" "$PORT" "$KCONG_TMP/idle-$alg.json" bulk:2 drain snap:b1 idle:0.6 write:1448 \
		bulk:1.5 drain snap:b2 idle:1.5 write:1448 drain
	res=$(samples "$KCONG_TMP/idle-$alg.json" "
' '.join(str(x['snd_cwnd']) for x in s if x['label'] in ('b1', 'b2', 'write'))")
	read -r b1 a1 b2 a2 <<< "$res"
	lo=$(( (b1 >> 3) > INITCWND ? (b1 >> 3) : (b1 < INITCWND ? b1 : INITCWND) ))
	hi=$(( (b1 >> 1) > INITCWND ? (b1 >> 1) : (b1 < INITCWND ? b1 : INITCWND) ))
	ktap_print_msg "$alg: 0.6 s idle: cwnd $b1 -> $a1 (expected $lo..$hi); 1.5 s idle: $b2 -> $a2 (expected $INITCWND)"
	[ -n "$a1" ] && [ "$a1" -ge "$lo" ] && [ "$a1" -le "$hi" ]
	ktap_check "$alg: after 0.6 s idle the window is halved per RTO ($b1 -> $a1, expected $lo..$hi)"
	[ -n "$a2" ] && [ "$a2" -eq "$((b2 < INITCWND ? b2 : INITCWND))" ]
	ktap_check "$alg: after 1.5 s idle it restarts at the route's initcwnd ($b2 -> $a2)"
done
ip -n "$NS_SND" route del 198.18.2.0/24

# --- CWR from the local qdisc with nothing in flight ----------------------
drop_all="sh:tc qdisc replace dev snd0 root pfifo limit 0"
restore="sh:tc qdisc del dev snd0 root"
for alg in $ALGS; do
	flow_send "$alg" "$PORT" "$KCONG_TMP/cwr-$alg.json" bulk:1.5 drain \
		"$drop_all" write:1448 "$restore" drain
	tc -n "$NS_SND" qdisc del dev snd0 root 2>/dev/null
	# cwnd as it was at the drop: the tc change can take longer than the
	# RTO under emulation, so the core may have restarted the window
	# first; CWR leaves cwnd alone until the next ACK.
	res=$(samples "$KCONG_TMP/cwr-$alg.json" "
'%d %d %d' % tuple(next(x[k] for x in s if x['label'] == 'write')
                   for k in ('snd_cwnd', 'snd_ssthresh', 'ca_state'))")
	read -r cwnd ss state <<< "$res"
	ktap_print_msg "$alg: cwnd $cwnd, after a local drop with nothing in flight: CA state $state, ssthresh $ss"
	# TCP_CA_CWR is 2: the drop did signal congestion.  The drop must find
	# a window to halve: at least the initial window, which is the least
	# the core's restart after idle leaves (against the modules before
	# issue 10 the window was 2 by then, and "2 -> 2" passed).
	[ "$state" = 2 ] && [ "$cwnd" -ge 10 ] && [ $((2 * ss + 2)) -ge "$cwnd" ]
	ktap_check "$alg: local-qdisc CWR with nothing in flight keeps ssthresh >= cwnd/2 ($cwnd -> $ss)"
done

# --- the RACK reordering timer ---------------------------------------------
# Each cycle: a 1000-byte segment P and a 1001-byte one right after it
# (TCP_NODELAY), 40 ms of nothing, then 30 full segments, all acknowledged
# before the next cycle.  The router drops every third 1052-byte IP packet
# (tc gact determ), so P is lost every few cycles and its retransmission
# gets through.  The SACK of P+1 alone cannot mark P lost (RACK waits its
# reordering window, min RTT / 4 = 25 ms), so the RACK timer does, about
# 25 ms later and 15 ms before the first SACK of the 30 arrives: with 30
# packets in flight, above the new ssthresh, only PRR's one forced segment
# lets the retransmission out at the timer.
topo_set_path 100 100 0 1
tc -n "$NS_RTR" qdisc add dev rtr0 clsact
tc -n "$NS_RTR" filter add dev rtr0 ingress protocol ip prio 1 u32 \
	match ip protocol 6 0xff match u16 1052 0xffff at 2 \
	action gact ok random determ drop 3
for alg in $ALGS; do
	cctrace_start "$PORT"
	flow_send "$alg" "$PORT" "$KCONG_TMP/rack-$alg.json" nodelay \
		repeat:14:write:1000 write:1001 idle:0.04 write:43440 drain
	cctrace_stop "$KCONG_TMP/rack-$alg.trace"
	res=$(cctrace rack "$KCONG_TMP/rack-$alg.trace" --ms 2)
	echo "$res" | grep '^#' | head -n 8
	res=$(echo "$res" | tail -n 1)
	set -- $res
	# retrans N acked N timer N: allow one in four to meet an ACK by chance.
	[ "$2" -ge 3 ] && [ $((4 * $4)) -le "$2" ]
	ktap_check "$alg: losses found by the RACK timer are retransmitted from it ($res)"
done

ktap_finished
