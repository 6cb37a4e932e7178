#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# stress_flows.sh - hundreds of concurrent flows per algorithm through one
# bottleneck: every flow moves and together they fill the path, for every
# kcong algorithm and (as the control) the in-tree reno and cubic.
#
#   sender ---- router ---- receiver      100 Mbit/s, 40 ms RTT, 2 BDP
#
# FLOWS flows (one process, non-blocking) for SECS seconds each algorithm.
# 200 flows share a 334-packet pipe with 668 packets of queue: about five
# packets each, so most flows live on small windows and some on timeouts.
# Checked: every flow had data acknowledged, and the flows together
# carried at least half of the path's capacity over the whole run,
# slow start and timeouts included (the in-tree algorithms measured beside
# them show the same run's level); on the debug kernel half / KCONG_SLOW.

. "$(dirname "$0")/lib/kcong.sh"
. "$(dirname "$0")/lib/kcong_cc.sh"

FLOWS=${KCONG_STRESS_FLOWS:-200}
SECS=${KCONG_STRESS_SECS:-8}
ALGS="reno cubic kcong_reno kcong_newreno kcong_vegas kcong_bic kcong_westwood"
PORT=5530

cc_require_tools
ktap_print_header
ktap_set_plan 7

topo_setup 100 40 0 2 || { ktap_print_msg "topology setup failed"; exit "$KSFT_FAIL"; }
ip netns exec "$NS_RCV" sysctl -qw net.core.somaxconn=4096
flow_sink "$PORT" || { ktap_print_msg "sink did not start"; exit "$KSFT_FAIL"; }
cap=$(topo_capacity_mbit)

for alg in $ALGS; do
	if ! cc_load_any "$alg"; then
		ktap_test_fail "$alg: $FLOWS flows (not loaded)"
		continue
	fi
	ip netns exec "$NS_SND" timeout $((SECS + 60)) python3 "$KCONG_LIB_DIR/stress.py" flows \
		"$RCV_IP" "$PORT" --flows "$FLOWS" --secs "$SECS" --cc "$alg" > "$KCONG_TMP/flows-$alg.json"
	res=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
b = d["bytes"]
print(len(b), sum(1 for x in b if x > 0), min(b), "%.1f" % (sum(b) * 8 / float(sys.argv[2]) / 1e6), ",".join(d["cc"]))
' "$KCONG_TMP/flows-$alg.json" "$SECS" 2>&1)
	read -r n moved least mbit cc <<< "$res"
	ktap_print_msg "$alg: $n flows, $moved moved, least $least bytes, together $mbit Mbit/s of $cap ($cc)"
	[ "$n" = "$FLOWS" ] && [ "$moved" = "$FLOWS" ] && [ "$cc" = "$alg" ] &&
		kcong_ge "$mbit" "$(kcong_relax "$(awk -v c="$cap" 'BEGIN { print c / 2 }')")"
	ktap_check "$alg: $FLOWS concurrent flows all move and carry >= half the capacity ($mbit Mbit/s)"
done
ktap_finished
