#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# stress_params.sh - concurrent writers of good and bad values to every
# kcong module parameter, while flows read them on the data path.
# Afterwards every parameter holds a value one of the writes set (or its
# value before), kcong_vegas's alpha <= beta, and the flows kept moving.
#
#   sender ---- router ---- receiver      50 Mbit/s, 40 ms RTT, 0.5 % loss
#
# WRITERS threads per parameter for SECS seconds (lib/stress.py "params"),
# each write a random pick from the lists below, in and out of range,
# negative, not a number.

. "$(dirname "$0")/lib/kcong.sh"
. "$(dirname "$0")/lib/kcong_cc.sh"

SECS=${KCONG_STRESS_SECS:-8}
WRITERS=3
PORT=5540
P=/sys/module
SPECS="$P/tcp_kcong_vegas/parameters/alpha=1,2,3,4,6,12,0,-1,x,10001
$P/tcp_kcong_vegas/parameters/beta=2,4,6,12,20,0,1,-5,y,10001
$P/tcp_kcong_vegas/parameters/gamma=1,2,5,0,10001,z
$P/tcp_kcong_vegas/parameters/base_window=1,10,30,0,3601,q
$P/tcp_kcong_bic/parameters/max_increment=16,32,64,0,65537,x
$P/tcp_kcong_bic/parameters/min_increment=1,50,100,0,10001,-3
$P/tcp_kcong_bic/parameters/low_window=0,14,38,-1,1048577
$P/tcp_kcong_bic/parameters/beta=512,819,896,0,1024,b
$P/tcp_kcong_bic/parameters/fast_convergence=0,1,2,-1
$P/tcp_kcong_westwood/parameters/filter_gain=0,512,922,1024,-1,g
$P/tcp_kcong_westwood/parameters/min_sample_ms=1,20,50,0,10001"

cc_require_tools
ktap_print_header
ktap_set_plan 4

for m in tcp_kcong_vegas tcp_kcong_bic tcp_kcong_westwood; do
	kcong_load "$m" || ktap_print_msg "$m did not load"
done
topo_setup 50 40 0.5 1 || { ktap_print_msg "topology setup failed"; exit "$KSFT_FAIL"; }
flow_sink "$PORT" || { ktap_print_msg "sink did not start"; exit "$KSFT_FAIL"; }
defaults=$(for s in $SPECS; do f=${s%%=*}; echo "$f=$(cat "$f")"; done)

pids=""
for alg in kcong_vegas kcong_bic kcong_westwood; do
	flow_send "$alg" "$PORT" "$KCONG_TMP/flow-$alg.json" bulk:$((SECS + 2)) >/dev/null &
	pids="$pids $!"
done
python3 "$KCONG_LIB_DIR/stress.py" params --secs "$SECS" --writers "$WRITERS" $SPECS \
	> "$KCONG_TMP/params.json"
for p in $pids; do wait "$p"; done

res=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(d["writes_ok"], d["writes_refused"], len(d["stray"]),
      ",".join(b.split("/")[3] + "/" + b.split("/")[5] for b in d["stray"]) or "-")
' "$KCONG_TMP/params.json" 2>&1)
read -r wrote refused nbad which <<< "$res"
ktap_print_msg "$wrote writes accepted, $refused refused, over $SECS s with $WRITERS writers per parameter"
[ -n "$nbad" ] && [ "$nbad" = 0 ] && [ "$wrote" -gt 0 ] && [ "$refused" -gt 0 ]
ktap_check "every parameter holds a value that a write set, or its old one (not: $which)"

a=$(cat $P/tcp_kcong_vegas/parameters/alpha) b=$(cat $P/tcp_kcong_vegas/parameters/beta)
[ -n "$a" ] && [ "$a" -le "$b" ]
ktap_check "kcong_vegas alpha <= beta after the writers ($a, $b)"

moved=1
for alg in kcong_vegas kcong_bic kcong_westwood; do
	n=$(python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))["samples"]
print(max(x["bytes_acked"] for x in s))' "$KCONG_TMP/flow-$alg.json" 2>/dev/null)
	ktap_print_msg "$alg flow: ${n:-?} bytes acknowledged while its parameters were rewritten"
	[ -n "$n" ] && [ "$n" -gt 1000000 ] || moved=0
done
[ "$moved" = 1 ]
ktap_check "flows of every rewritten module kept moving (> 1 MB each)"

# Back to the defaults, so that later files see a module as loaded (twice:
# vegas's alpha may have to wait for beta).
for i in 1 2; do
	for s in $defaults; do echo "${s#*=}" > "${s%%=*}" 2>/dev/null; done
done
ok=1
for s in $defaults; do [ "$(cat "${s%%=*}")" = "${s#*=}" ] || ok=0; done
[ "$ok" = 1 ]
ktap_check "the parameters take their old values back"
ktap_finished
