#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# stress_switch.sh - TCP_CONGESTION switched on established, sending flows
# many times a second, round-robin through every kcong and in-tree
# algorithm, on a lossy path; the flows keep moving, every switch is
# accepted, and every module unloads afterwards (no reference leaked).
#
#   sender ---- router ---- receiver      50 Mbit/s, 40 ms RTT, 1 % random
#    snd0    rtr0    rtr1    rcv0          loss, 1 BDP of queue
#                     ^ netem
#
# 8 flows (4 on the debug kernel) for SECS seconds; every 10 ms each flow
# gets the next algorithm of the list (flows start at different places in
# it), so every algorithm's init and release run against every other's
# state, in every CA state a lossy flow passes through.  "Keep moving": every flow has data
# acknowledged in every second (lib/stress.py "switch").  At least 50
# switches a second (a tenth of what the loop asks for: the guest's CPU is
# shared with 8 senders), relaxed by KCONG_SLOW on the debug kernel.
#
# On the debug kernel (KCONG_SLOW > 1) the path carries 50 / (2 x
# KCONG_SLOW) Mbit/s and 4 flows.  There the packets alone saturate the two
# vCPUs at 12 Mbit/s: the switcher then waited 2-7 s of the 10 for a CPU,
# and up to 3 s in one setsockopt() for a socket whose owner waited for
# one, and made 5-24 switches a second in 8 runs; at 6 Mbit/s 117 a second,
# at 3 Mbit/s 445-465 but with a window of a packet or two a flow stalled
# for a whole second (2026-12-03).  At 50 Mbit/s a flow had moved nothing
# in a second (2026-12-02).  The switcher's time on and waiting for a CPU
# is printed with its rate.

. "$(dirname "$0")/lib/kcong.sh"
. "$(dirname "$0")/lib/kcong_cc.sh"

SECS=${KCONG_STRESS_SECS:-10}
FLOWS=$((KCONG_SLOW > 1 ? 4 : 8))
PORT=5500
KCONG_ALGS="kcong_reno kcong_newreno kcong_vegas kcong_bic kcong_westwood"
INTREE="reno cubic bic vegas westwood bbr"

cc_require_tools
ktap_print_header
ktap_set_plan 4

algs=""
for a in $KCONG_ALGS $INTREE; do
	cc_load_any "$a" && algs="$algs,$a"
done
algs=${algs#,}
RATE=$((KCONG_SLOW > 1 ? 50 / (2 * KCONG_SLOW) : 50))
topo_setup "$RATE" 40 1 1 || { ktap_print_msg "topology setup failed"; exit "$KSFT_FAIL"; }
flow_sink "$PORT" || { ktap_print_msg "sink did not start"; exit "$KSFT_FAIL"; }

ip netns exec "$NS_SND" timeout $((SECS + 60)) python3 "$KCONG_LIB_DIR/stress.py" switch \
	"$RCV_IP" "$PORT" --flows "$FLOWS" --secs "$SECS" --every-ms 10 --algs "$algs" \
	> "$KCONG_TMP/switch.json"
res=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
low = min(min(h) for h in d["per_second"])
print(d["switches"], d["switches_per_s"], len(d["refused"]), low, ",".join(sorted(set(d["final_cc"]))),
      json.dumps(d["refused"]).replace(" ", ""), d.get("setsockopt_ms_median"), d.get("setsockopt_ms_max"),
      d.get("switcher_cpu_s"), d.get("switcher_runqueue_s"))
' "$KCONG_TMP/switch.json" 2>&1)
read -r switches rate refused low final refusals med max cpu_s rq_s <<< "$res"
ktap_print_msg "algorithms: $algs; path $RATE Mbit/s, 40 ms, 1 % loss"
ktap_print_msg "$FLOWS flows, $SECS s: $switches switches ($rate/s), refused: $refusals;" \
	"least data acknowledged by one flow in one second: $low bytes; ended with $final"
ktap_print_msg "one setsockopt took $med ms (median), $max ms at most; the switcher ran $cpu_s s" \
	"and waited $rq_s s for a CPU"
min_rate=$(kcong_relax 50)
[ -n "$switches" ] && kcong_ge "$rate" "$min_rate" && [ "$refused" = 0 ]
ktap_check "every switch accepted, at least $min_rate/s ($switches in $SECS s)"
[ -n "$low" ] && [ "$low" -gt 0 ]
ktap_check "every flow moved in every second (least $low bytes in a second)"
echo "$final" | tr ',' '\n' | while read -r a; do
	echo ",$algs," | grep -q ",$a," || exit 1
done
ktap_check "each flow ends with one of the algorithms it was given ($final)"

ok=1
for a in $KCONG_ALGS; do
	kcong_rmmod_wait "tcp_$a" 20 || { ktap_print_msg "tcp_$a did not unload"; ok=0; }
done
[ "$ok" = 1 ]
ktap_check "every kcong module unloads once the flows are gone"
ktap_finished
