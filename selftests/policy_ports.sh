#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# policy_ports.sh - ephemeral port exhaustion and what tw_reuse (auto) and
# tw_lifetime_ms do about it.
#
#   +---------------------+  veth, one per phase  +------------------------+
#   | client kc-pN-SUFX   | 198.18.(40+N).2       | server kc-ps-SUFX      |
#   | ip_local_port_range +-----------------------+ :9000, reads to EOF,   |
#   |   40000-40199 (200) |       198.18.(40+N).1 | then closes            |
#   +---------------------+                       +------------------------+
#
# Each phase gets a fresh client namespace (no TIME_WAIT left from the one
# before) and opens and closes connections at a fixed rate, client closing
# first, so every connection leaves a client TIME_WAIT holding its port.
# A slot the emulator's scheduling delayed past the next one is skipped,
# not caught up: a catch-up burst could exceed 200 connects in a second,
# which no reuse rule can serve (6.12, 2026-12-02: 8 EADDRNOTAVAIL of 1500
# under auto reuse while late slots were caught up; when they came was not
# recorded, so that cause is likely, not seen).  The attempts made are what
# is counted; the skipped slots and when failures came are printed.
#
# Model: without reuse a port is held 60 s, so 200 ports last 200/RATE s
# and every later connect() fails with EADDRNOTAVAIL: at 150/s for 10 s
# that is ~1300 of 1500 (asserted: at least half).  With reuse (timestamps
# on both ends) connect() may take over a TIME_WAIT 4-tuple once the
# second (ktime_get_seconds) of its last timestamp has passed, i.e. after
# 0..1 s: 200 ports then sustain ~200/s, so auto reuse at 150/s must show no
# failure.  Auto engages at tw_reuse_auto_pct=50 (100 TIME_WAIT, 0.67 s in)
# rather than the default 75, leaving 0.67 s of ports for the 100 ms tick
# under the emulator's scheduling delays.  The rate-limit phases are
# measurements, reported as diagnostics.

. "$(dirname "$0")/lib/policy.sh"


NS_S=kc-ps-$KCONG_SUFFIX
PORT=9000
PHASE=0

ktap_print_header
ktap_set_plan 4

if ! kcong_load kcong_policy; then
	ktap_test_fail "kcong_policy loads"
	ktap_finished
fi
# In the foreground, so that the cleanup knows the namespace (policy_ns
# records it) and kills the server with it.
policy_ns "$NS_S" &&
	{ ip netns exec "$NS_S" timeout 300 python3 "$POLICY_LOAD" server $PORT 4096 280 & }
kcong_wait_for 10 sh -c "ip netns exec $NS_S ss -Hltn 'sport = :$PORT' | grep -q LISTEN"
ktap_check "server namespace listening" || ktap_finished

# phase RATE SECS KNOB=VALUE...: a fresh client namespace with 200 ports and
# these net.kcong knobs; prints "attempts ok eaddrnotavail other secs
# auto_engaged reuse_switches ended_early" and leaves the namespace in $PNS.
phase() {
	local rate=$1 secs=$2 kv ns net res

	shift 2
	PHASE=$((PHASE + 1))
	ns=kc-p$PHASE-$KCONG_SUFFIX
	net=198.18.$((40 + PHASE))
	policy_ns "$ns" && policy_link "$ns" pc0 "$net.2" "$NS_S" "ps$PHASE" "$net.1" || return 1
	ip netns exec "$ns" sysctl -qw net.ipv4.ip_local_port_range="40000 40199"
	for kv in "$@"; do
		pol_set "$ns" "${kv%%=*}" "${kv#*=}" || { echo "# cannot set $kv" >&2; return 1; }
	done
	res=$(ip netns exec "$ns" timeout $((secs + 30)) python3 "$POLICY_LOAD" paced "$net.1" $PORT "$rate" "$secs")
	echo "$res $(pol_status "$ns" tw_reuse_auto_engaged) $(pol_status "$ns" reuse_switches)" \
		"$(pol_status "$ns" timewait_ended_early)"
	# The TIME_WAIT sockets go with the namespace.
	ip netns del "$ns"
}

phase 150 10 tw_reuse=0 > "$KCONG_TMP/res"
read -r n ok eaddr other secs _ < "$KCONG_TMP/res"
echo "# off, 150/s for 10 s: $n attempts in $secs s, $ok ok, $eaddr EADDRNOTAVAIL, $other other"
[ -n "$n" ] && [ $((eaddr * 2)) -ge "$n" ]
ktap_check "tw_reuse=0: $eaddr of $n connects fail with EADDRNOTAVAIL once 200 ports are spent (>= 50%)"

phase 150 10 tw_reuse=3 tw_reuse_auto_pct=50 > "$KCONG_TMP/res"
read -r n ok eaddr other secs engaged switches _ < "$KCONG_TMP/res"
echo "# auto, 150/s for 10 s: $n attempts in $secs s, $ok ok, $eaddr EADDRNOTAVAIL, $other other, engaged=$engaged switches=$switches"
[ -n "$n" ] && [ "$eaddr" -eq 0 ] && [ "$ok" -eq "$n" ] && [ "$engaged" = 1 ] && [ "$switches" -ge 1 ]
ktap_check "tw_reuse=auto: $ok of $n connects succeed, $eaddr EADDRNOTAVAIL, auto engaged ($engaged)"

# Where the limit lies: 5 s at each rate, reuse alone, a 1 s lifetime
# alone, and both.
echo "# rate limit (200 ports, 5 s per run): config rate -> attempts ok EADDRNOTAVAIL other secs"
measured=0
for cfg in "reuse tw_reuse=1" "lifetime1s tw_reuse=0 tw_lifetime_ms=1000" "both tw_reuse=1 tw_lifetime_ms=1000"; do
	name=${cfg%% *}
	for rate in 150 300; do
		# shellcheck disable=SC2086
		phase "$rate" 5 ${cfg#* } > "$KCONG_TMP/res"
		read -r n ok eaddr other secs _ _ ended < "$KCONG_TMP/res"
		echo "# $name $rate/s -> $n $ok $eaddr $other ${secs}s (achieved $(awk -v n="$n" -v s="$secs" 'BEGIN { printf "%.0f", n / s }')/s, ended early $ended)"
		[ -n "$n" ] && measured=$((measured + 1))
	done
done
[ "$measured" -eq 6 ]
ktap_check "rate-limit measurements ran ($measured of 6)"

ktap_finished
