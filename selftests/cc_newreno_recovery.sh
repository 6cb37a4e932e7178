#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Reno (RFC 5681) against NewReno (RFC 6582) where they differ: several
# losses in one window, without SACK.  The router drops, deterministically,
# three packets out of every 1024 a flow sends (IP IDs ...100, ...102 and
# ...104 in each block of 1024; Linux numbers a TCP socket's packets
# consecutively), so every loss episode has three holes within five packets.
#
#   sender ---- [u32 drop: ip id & 0x3ff in {0x100,0x102,0x104}] router
#          ---- [netem 20 Mbit/s, 40 ms, 4 BDP buffer] ---- receiver
#
# Only the filter may drop.  The first drop comes anywhere in the first
# 1024 packets (the socket's first IP ID is random); when it came late,
# slow start had overshot the path (BDP 67 packets and the buffer's 268)
# and a non-SACK recovery of a hundred or more holes, one per round trip,
# was still running at the end of some 16 s runs: a third of the runs
# measured that, not the drop pattern (CI, 2026-12-02: NewReno 7.66 and
# 9.51 Mbit/s with 162 and 39 retransmissions; 6.12-rt the same day, 6.32
# and 9.33).  So the receiver's buffer is capped (tcp_rmem max 384 KiB:
# a window of 130-230 packets, by kernel): the flight stays below what the
# path holds, and above the windows the model below expects.
#
# Model (a window W at each episode, one episode per 1024 packets, RTT
# constant because W stays below the 67-packet BDP): NewReno halves once
# and climbs W/2 -> W in W/2 round trips; Reno halves three times and climbs
# W/8 -> W in 7W/8 round trips.  With 1024 packets per cycle that gives
# W = 52 / 46 and goodput 11.9 / 7.7 Mbit/s: NewReno 1.54x Reno.
# Goodput and mean cwnd count only the last 8 s of each 16 s run: the
# first overshoot's non-SACK recovery, one hole per round trip, took
# 1.6-6.5 s depending on where the socket's IP IDs began, and when the
# runs were measured from 2 s on the ratio was 1.15x, 1.17x or 1.35x (it
# compared startups).  From 8 s on, 6.1 measured 1.55x (NewReno 9.67 and
# 9.70 Mbit/s, Reno 6.33 and 6.20; 2026-12-01).  The test asks for 1.3x,
# the model less a sixth for noise, and that NewReno's mean cwnd is the
# larger; the per-episode ssthresh checks below are what tell one halving
# from three.
#
# The first run of each is traced (lib/cctrace.sh): per loss episode of
# three retransmissions (others, such as a timeout's go-back-N, are listed
# and not judged), ssthresh at the end of recovery over the window before
# it must be about 1/8 for Reno (three decreases: the loss and two partial
# ACKs; between 0.09 and 0.2) and about 1/2 for NewReno (at least 0.4),
# medians over at least three such episodes.  A fourth halving on the full
# ACK would fail the Reno check, but a bulk flow never has its full ACK
# held in recovery (new data is sent, so snd_una passes high_seq and the
# flow leaves at once): run against the modules before issue 10
# (2026-12-02, 6.12) this file passed, median 0.114.  That defect needs a
# sender that stops at a chunk's end: cc_undo.sh's last part.

. "$(dirname "$0")/lib/kcong.sh"
. "$(dirname "$0")/lib/cctrace.sh"

# On the debug kernel (KCONG_SLOW > 1) the rate is divided by KCONG_SLOW and
# the RTT and the run's seconds multiplied by it: the same 67-packet BDP,
# windows and cycles, at a rate its guest forwards with the link, not its
# CPU, the bottleneck.  At 20 Mbit/s and 40 ms there, the flows got 3.2-5.8
# Mbit/s at RTTs of 61-101 ms and NewReno 1.19x Reno, with the per-episode
# ssthresh checks passing (median 0.114 and 0.495; 2026-12-03).
RATE=$((20 / KCONG_SLOW)) RTT=$((40 * KCONG_SLOW)) BUF=4
SECS=$((16 * KCONG_SLOW)) OMIT=$((8 * KCONG_SLOW)) REPS=2
MIN_RATIO=1.3

kcong_require_root
kcong_require iperf3 iperf3
kcong_require tc iproute2
cctrace_require

ktap_print_header
ktap_set_plan 7

topo_setup "$RATE" "$RTT" 0 "$BUF" || { ktap_test_fail "topology setup"; ktap_finished; }
for ns in "$NS_SND" "$NS_RCV"; do
	ip netns exec "$ns" sysctl -qw net.ipv4.tcp_sack=0
done
ip netns exec "$NS_RCV" sysctl -qw net.ipv4.tcp_rmem="4096 131072 393216"

add_drops() {
	local id

	tc -n "$NS_RTR" qdisc add dev rtr0 clsact || return 1
	for id in 0x0100 0x0102 0x0104; do
		tc -n "$NS_RTR" filter add dev rtr0 ingress protocol ip prio 1 u32 \
			match ip protocol 6 0xff match u16 "$id" 0x03ff at 4 action drop || return 1
	done
}
ktap_test_result "deterministic drop filter installed (tc u32 on IP ID)" add_drops
kcong_load tcp_kcong_reno && kcong_load tcp_kcong_newreno && kcong_load_intree reno
ktap_check "kcong_reno, kcong_newreno and reno available"

# Mean snd_cwnd (packets) over the intervals after -O.
mean_cwnd() {
	python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
c = [s["snd_cwnd"] / 1448 for iv in d["intervals"] if not iv["sum"].get("omitted") for s in iv["streams"]]
print("%.1f" % (sum(c) / len(c)))
PY
}

for i in $(seq $REPS); do
	for alg in kcong_reno kcong_newreno reno; do
		out=$KCONG_TMP/$alg.$i.json
		[ "$i" = 1 ] && cctrace_start "$KCONG_PORT"
		if iperf_run "$alg" "$SECS" "$out" -O "$OMIT" -i 0.2; then
			echo "$(iperf_summary "$out" | cut -d' ' -f1-5) $(mean_cwnd "$out")" >> "$KCONG_TMP/$alg.sum"
		fi
		[ "$i" = 1 ] && cctrace_stop "$KCONG_TMP/$alg.trace"
	done
done

ktap_print_msg "goodput_mbit retransmits mean_rtt_ms p95_rtt_ms cc mean_cwnd, per run:"
for alg in kcong_reno kcong_newreno reno; do
	sed "s/^/#   /" "$KCONG_TMP/$alg.sum" 2>/dev/null
done
g_reno=$(cut -d' ' -f1 "$KCONG_TMP/kcong_reno.sum" 2>/dev/null | kcong_median)
g_new=$(cut -d' ' -f1 "$KCONG_TMP/kcong_newreno.sum" 2>/dev/null | kcong_median)
c_reno=$(cut -d' ' -f6 "$KCONG_TMP/kcong_reno.sum" 2>/dev/null | kcong_median)
c_new=$(cut -d' ' -f6 "$KCONG_TMP/kcong_newreno.sum" 2>/dev/null | kcong_median)
r_reno=$(cut -d' ' -f2 "$KCONG_TMP/kcong_reno.sum" 2>/dev/null | kcong_median)

[ -n "$r_reno" ] && kcong_ge "$r_reno" 1
ktap_check "the drop pattern causes retransmissions (kcong_reno median $r_reno)"
ratio=$(awk -v a="$g_new" -v b="$g_reno" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print 0 }')
kcong_ge "$ratio" "$MIN_RATIO"
ktap_check "NewReno goodput $g_new Mbit/s is ${ratio}x Reno's $g_reno (model 1.54x, need >= ${MIN_RATIO}x)"
[ -n "$c_new" ] && [ -n "$c_reno" ] && kcong_ge "$c_new" "$c_reno"
ktap_check "NewReno keeps the larger window: mean cwnd $c_new vs Reno $c_reno packets"

# recoveries: "episodes N median R min R other N"
for alg in kcong_reno kcong_newreno; do
	cctrace recoveries --holes 3 "$KCONG_TMP/$alg.trace" | grep '^#' | head -n 6
done
res=$(cctrace recoveries --holes 3 "$KCONG_TMP/kcong_reno.trace" | tail -n 1)
set -- $res
[ "${2:-0}" -ge 3 ] && awk -v m="$4" 'BEGIN { exit !(m >= 0.09 && m <= 0.2) }'
ktap_check "Reno: ssthresh after a 3-hole recovery is about 1/8 of the window ($res)"
res=$(cctrace recoveries --holes 3 "$KCONG_TMP/kcong_newreno.trace" | tail -n 1)
set -- $res
[ "${2:-0}" -ge 3 ] && awk -v m="$4" 'BEGIN { exit !(m >= 0.4) }'
ktap_check "NewReno: ssthresh after a 3-hole recovery is about 1/2 of the window ($res)"

ktap_finished
