#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# policy_timewait.sh - net.kcong.tw_lifetime_ms ends TIME_WAIT sockets older
# than the lifetime, in its own namespace only, and touches nothing else.
#
#   +--------------+             +---------------+             +--------------+
#   | A kc-ta-SUFX |  veth       | S kc-ts-SUFX  |  veth       | B kc-tb-SUFX |
#   | lifetime 2 s | 198.18.20.2 | server :8000  | 198.18.21.2 | default 60 s |
#   |     ta0      +-------------+ ts0       ts1 +-------------+ tb0          |
#   +--------------+ 198.18.20.1 +---------------+ 198.18.21.1 +--------------+
#
# A and B each open and close BURST connections to S, closing first, so the
# TIME_WAIT sockets are theirs.  A must reach zero TIME_WAIT sockets within
# lifetime + 1 s of the moment none of its sockets is still closing (the
# last one entered TIME_WAIT just before), and not before lifetime - 0.3 s
# (its youngest socket is that old; 0.3 s covers polling under emulation).  B
# must keep all of its own.  One connection from A stays established
# throughout and must still carry data; S's listener must still accept.

. "$(dirname "$0")/lib/policy.sh"

kcong_require ss iproute2

NS_A=kc-ta-$KCONG_SUFFIX
NS_S=kc-ts-$KCONG_SUFFIX
NS_B=kc-tb-$KCONG_SUFFIX
LIFETIME=2000
BURST=200
PORT=8000

ktap_print_header
ktap_set_plan 5

if ! kcong_load kcong_policy; then
	ktap_test_fail "kcong_policy loads"
	ktap_finished
fi
policy_ns "$NS_A" && policy_ns "$NS_S" && policy_ns "$NS_B" &&
	policy_link "$NS_A" ta0 198.18.20.2 "$NS_S" ts0 198.18.20.1 &&
	policy_link "$NS_B" tb0 198.18.21.2 "$NS_S" ts1 198.18.21.1 &&
	pol_set "$NS_A" tw_lifetime_ms "$LIFETIME"
ktap_check "topology, tw_lifetime_ms=$LIFETIME in A" || ktap_finished

ip netns exec "$NS_S" timeout 60 python3 "$POLICY_LOAD" server $PORT 1024 50 &
kcong_wait_for 10 sh -c "ip netns exec $NS_S ss -Hltn 'sport = :$PORT' | grep -q LISTEN"
ip netns exec "$NS_A" timeout 30 python3 "$POLICY_LOAD" hold 198.18.20.1 $PORT 12 > "$KCONG_TMP/hold" &
hold_pid=$!

t_start=$(now_ms)
ip netns exec "$NS_A" timeout 30 python3 "$POLICY_LOAD" burst 198.18.20.1 $PORT $BURST > "$KCONG_TMP/a" &
a_pid=$!
ip netns exec "$NS_B" timeout 30 python3 "$POLICY_LOAD" burst 198.18.21.1 $PORT $BURST > "$KCONG_TMP/b"
wait "$a_pid"
echo "# bursts: A ok/failed/s $(cat "$KCONG_TMP/a"), B $(cat "$KCONG_TMP/b")"
# A socket enters TIME_WAIT when the server's FIN arrives, which may lag the
# client's close: the clock starts once none of A's is still closing.
kcong_wait_for 10 sh -c "[ \$(ip netns exec $NS_A ss -Htan state fin-wait-1 state fin-wait-2 state closing | wc -l) -eq 0 ]"
t_end=$(now_ms)
tw_a0=$(tw_count "$NS_A")
kcong_wait_for $(( LIFETIME / 1000 + 3 )) sh -c "[ \$(ip netns exec $NS_A ss -Htan state time-wait | wc -l) -eq 0 ]"
t_zero=$(now_ms)
decay=$((t_zero - t_end))
# One snapshot of B: counted in two ss calls, a socket moving from
# FIN_WAIT2 to TIME_WAIT between them was missed by both.
read -r tw_b closing_b < <(ip netns exec "$NS_B" ss -Htan |
	awk '$1 == "TIME-WAIT" { t++ } $1 ~ /^(FIN-WAIT|CLOSING)/ { c++ } END { print t + 0, c + 0 }')
est_a=$(ip netns exec "$NS_A" ss -Htn state established | wc -l)
echo "# A: $tw_a0 TIME_WAIT after the burst, zero $decay ms after the last entered TIME_WAIT; B: $tw_b"

# Upper bound: every socket had entered TIME_WAIT by t_end.  Lower bound:
# the last one entered after t_start, so none may be gone before
# t_start + lifetime.  (t_end itself comes from polling ss, which takes
# hundreds of ms per call under emulation, so "decay >= lifetime" would
# not be sound.)
since_start=$((t_zero - t_start))
[ "$tw_a0" -gt 0 ] && [ "$(tw_count "$NS_A")" -eq 0 ] && [ "$decay" -le $((LIFETIME + 1000)) ] &&
	[ "$since_start" -ge "$LIFETIME" ]
ktap_check "A: TIME_WAIT $tw_a0 -> 0 in $decay ms after the last closed (<= $((LIFETIME + 1000))), $since_start ms after the burst began (>= $LIFETIME)"

ended=$(pol_status "$NS_A" timewait_ended_early)
ended_b=$(pol_status "$NS_B" timewait_ended_early)
# B's sockets are not waited for: one whose server FIN is late is still
# closing, and is counted as such.
[ $((tw_b + closing_b)) -eq "$BURST" ] && [ "$tw_b" -gt 0 ] && [ "$ended_b" -eq 0 ]
ktap_check "B (default lifetime): all $BURST kept ($tw_b TIME_WAIT + $closing_b still closing), none ended early"

[ "$ended" -ge "$tw_a0" ] && [ "$ended" -le "$BURST" ]
ktap_check "A: status counts $ended ended early ($tw_a0..$BURST expected)"

wait "$hold_pid"
hold=$(cat "$KCONG_TMP/hold")
late=$(ip netns exec "$NS_A" timeout 20 python3 "$POLICY_LOAD" burst 198.18.20.1 $PORT 5)
[ "$est_a" -ge 1 ] && [ "$hold" = ok ] && [ "${late%% *}" = 5 ]
ktap_check "established connection still carries data ($hold), listener still accepts ($late)"
if [ "$hold" != ok ]; then
	ip netns exec "$NS_A" ss -tan | sed 's/^/# /'
fi

ktap_finished
