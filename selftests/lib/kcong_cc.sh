#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kcong_cc.sh - the checks every congestion-control selftest makes (load,
# register, select by sysctl / iperf3 -C / route congctl, module-parameter
# validation, ss -ti info, unload) and the interleaved comparison with the
# in-tree namesake.  Each cc_check_* prints exactly one KTAP result.
# Source it after lib/kcong.sh; uses its sender - router - receiver topology.

CC_SECS=${KCONG_CC_SECS:-15}	# seconds per measured transfer
CC_OMIT=${KCONG_CC_OMIT:-3}	# slow-start seconds iperf3 leaves out
CC_RUNS=${KCONG_CC_RUNS:-2}	# interleaved runs per algorithm in a file
# The debug kernel's guest forwards one flow through the three namespaces
# at only 7-10 Mbit/s: at 20 Mbit/s its CPU, not netem, was the bottleneck
# (no loss, 0 retransmissions), at 5 Mbit/s the link was (cubic 4.69
# Mbit/s, 8 retransmissions in 10 s; 2026-12-03).  There (KCONG_SLOW > 1)
# every path these files measure has its rate capped at CC_DEBUG_MBIT; its
# RTT, loss and buffer (in BDPs) are kept.
CC_DEBUG_MBIT=${KCONG_CC_DEBUG_MBIT:-5}

# cc_path RATE/RTT/LOSS/BUF: the path this kernel measures (see above).
cc_path() {
	local rate rtt loss buf

	IFS=/ read -r rate rtt loss buf <<< "$1"
	[ "$KCONG_SLOW" -gt 1 ] && [ "$rate" -gt "$CC_DEBUG_MBIT" ] && rate=$CC_DEBUG_MBIT
	echo "$rate/$rtt/$loss/$buf"
}

# cc_set_path PATH: the topology's path becomes PATH as cc_path gives it for
# this kernel, which is left in CC_PATH.
cc_set_path() {
	local rate rtt loss buf

	CC_PATH=$(cc_path "$1")
	IFS=/ read -r rate rtt loss buf <<< "$CC_PATH"
	topo_set_path "$rate" "$rtt" "$loss" "$buf"
}

# cc_check_load MODULE NAME: insmod; NAME registered and unprivileged-allowed.
cc_check_load() {
	local mod=$1 name=$2

	if ! kcong_load "$mod"; then
		ktap_test_fail "$mod loads"
		return 1
	fi
	ktap_test_pass "$mod loads"
	kcong_ca_available "$name" &&
		grep -qw "$name" /proc/sys/net/ipv4/tcp_allowed_congestion_control
	ktap_check "$name in tcp_available and tcp_allowed_congestion_control"
}

# cc_plain_transfer: a connection from the sender without TCP_CONGESTION
# sends a little data; prints the algorithm its socket ran (the namespace's
# default or the route's congctl).
cc_plain_transfer() {
	local out=$KCONG_TMP/plain.$$.json

	[ -n "${CC_SINK_PORT:-}" ] || { CC_SINK_PORT=5299; flow_sink "$CC_SINK_PORT" || return 1; }
	flow_send "" "$CC_SINK_PORT" "$out" write:14480 drain || return 1
	python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["samples"][-1]["cc"])' "$out"
}

# cc_check_sysctl NAME: the sender namespace's default picks NAME.
cc_check_sysctl() {
	local name=$1 old cc

	old=$(ip netns exec "$NS_SND" sysctl -n net.ipv4.tcp_congestion_control)
	ip netns exec "$NS_SND" sysctl -qw net.ipv4.tcp_congestion_control="$name" &&
		cc=$(cc_plain_transfer)
	ip netns exec "$NS_SND" sysctl -qw net.ipv4.tcp_congestion_control="$old"
	[ "$cc" = "$name" ]
	ktap_check "selectable by sysctl net.ipv4.tcp_congestion_control (got '$cc')"
}

# cc_check_route NAME: "ip route ... congctl NAME" picks it per destination.
cc_check_route() {
	local name=$1 cc

	ip -n "$NS_SND" route replace 198.18.2.0/24 via 198.18.1.2 congctl "$name" &&
		cc=$(cc_plain_transfer)
	ip -n "$NS_SND" route del 198.18.2.0/24 via 198.18.1.2
	[ "$cc" = "$name" ]
	ktap_check "selectable by ip route ... congctl (got '$cc')"
}

# cc_check_iperf NAME: iperf3 -C NAME runs NAME and carries a quarter of the
# capacity in 5 s.  Selection, not performance (measured elsewhere): a
# window collapsed to a few packets would carry under 2%; kcong_vegas's
# slow climb after an early slow-start exit carried 48% in one run.
cc_check_iperf() {
	local name=$1 out=$KCONG_TMP/iperf-C.json sum

	iperf_run "$name" 5 "$out" -O 1 && sum=$(iperf_summary "$out")
	ktap_print_msg "iperf3 -C $name: goodput retrans mean_rtt p95_rtt cc = $sum"
	[ "$(echo "$sum" | awk '{ print $5 }')" = "$name" ] &&
		kcong_ge "$(echo "$sum" | awk '{ print $1 }')" "$(kcong_relax "$(awk -v c="$(topo_capacity_mbit)" 'BEGIN { print c / 4 }')")"
	ktap_check "iperf3 -C $name carries traffic through the netem path"
}

# cc_check_param MODULE PARAM GOOD BAD...: every BAD write fails with EINVAL
# and keeps the value; GOOD is accepted; the old value is put back.
cc_check_param() {
	local mod=$1 p=$2 good=$3 f=/sys/module/$1/parameters/$2 old v ok=1
	shift 3

	old=$(cat "$f") || { ktap_test_fail "$mod $p: readable"; return; }
	for v in "$@"; do
		if echo "$v" > "$f" 2>/dev/null; then
			ktap_print_msg "$p=$v was accepted"
			ok=0
		fi
		[ "$(cat "$f")" = "$old" ] || { ktap_print_msg "$p=$v changed the value"; ok=0; }
	done
	echo "$good" > "$f" && [ "$(cat "$f")" = "$good" ] || { ktap_print_msg "$p=$good refused"; ok=0; }
	echo "$old" > "$f"
	[ "$ok" = 1 ]
	ktap_check "parameter $p: rejects $* (old value kept); accepts $good"
}

# cc_check_info NAME AWK_COND: during a transfer, ss -ti lists the flow with
# NAME, and the INET_DIAG_VEGASINFO it reads satisfies AWK_COND over
# "enabled rttcnt rtt minrtt" ($4..$7 of lib/ca_info.py).  ca_info.py starts
# before the flow and reads it from its own process a second after its
# info is enabled; the flow lasts 6 s x KCONG_SLOW: on the debug kernel a
# python3 or ss process took 3-5 s to start on an idle guest and 17 s
# beside a flow, and the 6 s flow had ended before either read it
# (2026-12-03).
cc_check_info() {
	local name=$1 cond=$2 port=$KCONG_PORT secs=$((6 * KCONG_SLOW)) info ss_out waiter

	ip netns exec "$NS_SND" python3 "$KCONG_LIB_DIR/ca_info.py" --wait "$name" --after 1 \
		--timeout $((secs + 10)) "$port" > "$KCONG_TMP/info.txt" 2>&1 &
	waiter=$!
	iperf_run "$name" "$secs" "$KCONG_TMP/info.json" -O 0 &
	KCONG_PORT=$((KCONG_PORT + 1))
	wait "$waiter"
	ss_out=$(ip netns exec "$NS_SND" ss -tin dst "$RCV_IP")
	wait
	info=$(grep " $name " "$KCONG_TMP/info.txt")
	echo "$info" | sed "s/^/# ca_info (sport dport cc enabled rttcnt rtt minrtt): /"
	echo "$ss_out" | grep -qw "$name" &&
		echo "$info" | awk "\$3 == \"$name\" && ($cond) { f = 1 } END { exit !f }"
	ktap_check "ss -ti shows $name and its INET_DIAG_VEGASINFO ($cond)"
}

# cc_measure PATH RUNS ALG...: RUNS interleaved transfers of every ALG on
# PATH (RATE/RTT/LOSS/BUF, as cc_path gives it for this kernel); appends
# "ALG goodput retrans mean p95" lines to $KCONG_TMP/perf.  Extra iperf3
# arguments in CC_IPERF_ARGS.
cc_measure() {
	local path=$1 runs=$2 r alg out
	shift 2

	cc_set_path "$path"
	path=$CC_PATH
	for r in $(seq "$runs"); do
		for alg in "$@"; do
			out=$KCONG_TMP/perf-$alg-$r.json
			iperf_run "$alg" "$CC_SECS" "$out" -O "$CC_OMIT" || continue
			echo "$alg $(iperf_summary "$out" | cut -d' ' -f1-4)" >> "$KCONG_TMP/perf"
			ktap_print_msg "$path run $r $alg: $(tail -n 1 "$KCONG_TMP/perf")"
		done
	done
}

# cc_median ALG FIELD: median of FIELD (2 goodput, 3 retrans, 4 mean RTT).
cc_median() {
	awk -v a="$1" -v f="$2" '$1 == a { print $f }' "$KCONG_TMP/perf" | kcong_median
}

# cc_check_fairness NAME PATH: two NAME flows share PATH (as cc_path gives
# it for this kernel); Jain's index of their goodputs must reach 0.9.
cc_check_fairness() {
	local name=$1 path out=$KCONG_TMP/fair.json res

	cc_set_path "$2"
	path=$CC_PATH
	iperf_run "$name" "$CC_SECS" "$out" -O "$CC_OMIT" -P 2 &&
		res=$(python3 "$KCONG_LIB_DIR/iperf_streams.py" "$out")
	ktap_print_msg "two $name flows on $path: jain goodput1 goodput2 = $res"
	kcong_ge "${res%% *}" 0.9
	ktap_check "two $name flows: Jain's fairness index >= 0.9"
}

# cc_load_any ALG: a kcong algorithm from the build, an in-tree one by modprobe.
cc_load_any() {
	case "$1" in
	kcong_*) kcong_load "tcp_$1" ;;
	*) kcong_load_intree "$1" ;;
	esac
}

# cc_check_unload MODULE: rmmod succeeds once the flows are gone.
cc_check_unload() {
	kcong_rmmod_wait "$1" 10 && ! kcong_is_loaded "$1"
	ktap_check "$1 unloads once idle"
}

# cc_require_tools: SKIP the file when a tool is missing, FAIL nothing.
cc_require_tools() {
	kcong_require_root
	kcong_require ip iproute2
	kcong_require tc iproute2
	kcong_require ss iproute2
	kcong_require iperf3 iperf3
	kcong_require ethtool ethtool
	kcong_require python3 python3
}

# cc_begin MODULE NAME PLAN: what every file starts with: tools, KTAP
# header and plan, load, the topology (its paths are set per measurement),
# and selection by sysctl, iperf3 -C and route congctl (5 results).
cc_begin() {
	local mod=$1 name=$2 plan=$3 rate rtt loss buf

	cc_require_tools
	ktap_print_header
	ktap_set_plan "$plan"
	if ! cc_check_load "$mod" "$name"; then
		ktap_print_msg "$mod did not load: nothing else can run"
		ktap_finished
	fi
	IFS=/ read -r rate rtt loss buf <<< "$(cc_path 50/40/0/1)"
	topo_setup "$rate" "$rtt" "$loss" "$buf" || { ktap_print_msg "topology setup failed"; exit "$KSFT_FAIL"; }
	cc_check_sysctl "$name"
	cc_check_iperf "$name"
	cc_check_route "$name"
}
