#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# policy_knobs.sh - net.kcong.* knobs of kcong_policy.ko: every knob's range
# and each class of bad input, write-through to net.ipv4.*, the timestamps
# rule of tw_reuse, namespace isolation, the status file, the guard's
# measuring window, and restore on unload.
#
#   +------------+  +------------+  +------------+  +------------+
#   | kc-pa-SUFX |  | kc-pb-SUFX |  | kc-pc-SUFX |  | kc-pd-SUFX |  four namespaces,
#   |  lo only   |  |  lo only   |  |  lo only   |  |  lo only   |  no links: A is
#   +------------+  +------------+  +------------+  +------------+  changed, B not
#
# A: operator values + flood guard engaged by an accept-queue overflow on
#    its loopback; B: left at defaults; C: operator tw_reuse=0; D: single
#    listen drops right after sysctl writes.  After rmmod A must be back at
#    the operator's values, B and C untouched.

. "$(dirname "$0")/lib/policy.sh"


NS_A=kc-pa-$KCONG_SUFFIX
NS_B=kc-pb-$KCONG_SUFFIX
NS_C=kc-pc-$KCONG_SUFFIX
NS_D=kc-pd-$KCONG_SUFFIX
NS_TOOL="$KCONG_LIB_DIR/policy_ns.py"

# name min max: the ranges of include/kcong_policy.h.
RANGES="syncookies 0 2
syn_backlog 16 1048576
flood_guard 0 1
guard_threshold 1 1000000
guard_quiet_ms 1000 3600000
guard_syn_backlog 16 1048576
tw_reuse 0 3
tw_reuse_auto_pct 1 100
tw_lifetime_ms 1000 60000"

ktap_print_header
ktap_set_plan 18

if ! kcong_load kcong_policy; then
	ktap_test_fail "kcong_policy loads"
	ktap_finished
fi
policy_ns "$NS_A" && policy_ns "$NS_B" && policy_ns "$NS_C" && policy_ns "$NS_D" || {
	ktap_test_fail "namespaces"
	ktap_finished
}

# 1: the tree exists in the initial and in every new namespace.
n_init=$(ls /proc/sys/net/kcong | wc -l)
n_a=$(ip netns exec "$NS_A" ls /proc/sys/net/kcong | wc -l)
[ "$n_init" -eq 9 ] && [ "$n_a" -eq 9 ] && ip netns exec "$NS_A" test -r /proc/net/kcong_policy
ktap_check "9 knobs and the status file in the initial and a new namespace (got $n_init, $n_a)"

# 2-10: per knob: min and max accepted and read back; below min, above
# max, garbage, two numbers, trailing junk, empty, fraction and overflow all
# fail with an error and leave the old value.  Runs inside A as one bash per
# knob (builtins only), as each "ip netns exec" costs tens of ms under TCG.
knob_range_ok() {
	local f=/proc/sys/net/kcong/$1 min=$2 max=$3 old cur v rc=0

	read -r old < "$f"
	for v in "$min" "$max"; do
		printf '%s\n' "$v" 2>/dev/null > "$f" || { echo "# $1: valid $v rejected"; rc=1; }
		read -r cur < "$f"
		[ "$cur" = "$v" ] || { echo "# $1: wrote $v, read $cur"; rc=1; }
	done
	printf '%s\n' "$old" 2>/dev/null > "$f" || { echo "# $1: cannot restore $old"; rc=1; }
	for v in $((min - 1)) $((max + 1)) abc "$min $min" "${min}x" "" 1.5 99999999999 -; do
		if printf '%s\n' "$v" 2>/dev/null > "$f"; then
			echo "# $1: bad value '$v' accepted"
			rc=1
		fi
		read -r cur < "$f"
		[ "$cur" = "$old" ] || { echo "# $1: value changed to $cur by bad write '$v'"; rc=1; }
	done
	return $rc
}

while read -r knob min max; do
	ip netns exec "$NS_A" bash -c "$(declare -f knob_range_ok); knob_range_ok $knob $min $max"
	ktap_check "$knob: $min..$max accepted, 9 kinds of bad input give EINVAL and keep the value"
done <<< "$RANGES"

# 11: a zero-byte write() is no value: EINVAL, at offset 0 and after a
# value written on the same file (bash cannot make one: policy_ns.py).
empty_rc=0
while read -r knob _; do
	cur=$(pol_get "$NS_A" "$knob")
	res=$(ip netns exec "$NS_A" python3 "$NS_TOOL" write "/proc/sys/net/kcong/$knob" '' "$cur" '')
	[ "$res" = "EINVAL ok EINVAL" ] && [ "$(pol_get "$NS_A" "$knob")" = "$cur" ] ||
		{ echo "# $knob: empty, '$cur', empty -> $res"; empty_rc=1; }
done <<< "$RANGES"
[ "$empty_rc" -eq 0 ]
ktap_check "every knob: an empty write fails with EINVAL, before and after a valid one"

# 12: the three kernel knobs are views of net.ipv4.* in both directions.
write_through() {
	pol_set "$NS_A" syncookies 0 && [ "$(ipv4_get "$NS_A" tcp_syncookies)" = 0 ] &&
	pol_set "$NS_A" syn_backlog 256 && [ "$(ipv4_get "$NS_A" tcp_max_syn_backlog)" = 256 ] &&
	pol_set "$NS_A" tw_reuse 1 && [ "$(ipv4_get "$NS_A" tcp_tw_reuse)" = 1 ] &&
	pol_set "$NS_A" tw_reuse 3 && [ "$(ipv4_get "$NS_A" tcp_tw_reuse)" = 2 ] &&
	ip netns exec "$NS_A" sysctl -qw net.ipv4.tcp_syncookies=2 &&
	[ "$(pol_get "$NS_A" syncookies)" = 2 ] &&
	pol_set "$NS_A" syncookies 0 && pol_set "$NS_A" tw_reuse 2
}
write_through
ktap_check "syncookies/syn_backlog/tw_reuse write through to net.ipv4.*, auto idles at loopback, direct writes show"

# 13: reuse needs timestamps.
reuse_needs_ts() {
	local lines0 rc=0

	lines0=$(dmesg | wc -l)
	ip netns exec "$NS_A" sysctl -qw net.ipv4.tcp_timestamps=0
	for v in 1 2 3; do
		pol_set "$NS_A" tw_reuse "$v" && { echo "# tw_reuse=$v accepted without timestamps"; rc=1; }
	done
	[ "$(ipv4_get "$NS_A" tcp_tw_reuse)" = 2 ] || { echo "# kernel tw_reuse changed"; rc=1; }
	dmesg | tail -n +$((lines0 + 1)) | grep -q "tw_reuse=1 refused: reuse needs net.ipv4.tcp_timestamps" ||
		{ echo "# no log line for the refusal"; rc=1; }
	pol_set "$NS_A" tw_reuse 0 && [ "$(ipv4_get "$NS_A" tcp_tw_reuse)" = 0 ] ||
		{ echo "# tw_reuse=0 refused"; rc=1; }
	ip netns exec "$NS_A" sysctl -qw net.ipv4.tcp_timestamps=1
	return $rc
}
reuse_needs_ts
ktap_check "tw_reuse 1/2/3 refused with EINVAL and a log line while tcp_timestamps=0; 0 allowed"

# 14: namespace isolation.
init_before=$(sysctl -n net.ipv4.tcp_syncookies net.ipv4.tcp_max_syn_backlog net.ipv4.tcp_tw_reuse | xargs)
pol_set "$NS_A" syn_backlog 256 && pol_set "$NS_A" tw_lifetime_ms 5000 && pol_set "$NS_A" flood_guard 1 &&
	pol_set "$NS_C" tw_reuse 0
b_vals=$(for k in syncookies tw_reuse flood_guard tw_lifetime_ms; do pol_get "$NS_B" $k; done | xargs)
init_after=$(sysctl -n net.ipv4.tcp_syncookies net.ipv4.tcp_max_syn_backlog net.ipv4.tcp_tw_reuse | xargs)
[ "$b_vals" = "1 2 0 60000" ] && [ "$init_before" = "$init_after" ] &&
	[ "$(pol_get "$NS_A" tw_lifetime_ms)" = 5000 ] && [ "$(ipv4_get "$NS_B" tcp_syncookies)" = 1 ]
ktap_check "namespace isolation: B keeps defaults ($b_vals), initial namespace unchanged ($init_after)"

# 15: each namespace's status shows its own values.
[ "$(pol_status "$NS_A" tw_lifetime_ms)" = 5000 ] && [ "$(pol_status "$NS_B" tw_lifetime_ms)" = 60000 ] &&
	[ "$(pol_status "$NS_A" flood_guard)" = on ] && [ "$(pol_status "$NS_B" flood_guard)" = off ] &&
	[ "$(pol_status "$NS_C" tw_reuse_policy)" = off ] && [ "$(pol_status "$NS_A" tcp_syncookies)" = 0 ]
ktap_check "/proc/net/kcong_policy shows each namespace's own values"

# 16: the guard engages on listen drops in A only.
pol_set "$NS_A" guard_threshold 1 && pol_set "$NS_A" guard_quiet_ms 3600000 &&
	ip netns exec "$NS_A" timeout 10 python3 "$POLICY_LOAD" overflow 7000 20
kcong_wait_for 3 pol_status_is "$NS_A" guard_state engaged
guard_ok=$?
a_kernel=$(ipv4_get "$NS_A" tcp_syncookies; ipv4_get "$NS_A" tcp_max_syn_backlog)
a_kernel=$(echo $a_kernel)
[ "$guard_ok" -eq 0 ] && [ "$a_kernel" = "1 4096" ] && [ "$(pol_get "$NS_A" syncookies)" = 0 ] &&
	[ "$(pol_status "$NS_B" guard_state)" = idle ] && [ "$(ipv4_get "$NS_B" tcp_syncookies)" = 1 ]
ktap_check "guard engaged in A by accept-queue drops: kernel syncookies/backlog '$a_kernel', policy keeps 0, B idle"
[ "$guard_ok" -eq 0 ] || ip netns exec "$NS_A" cat /proc/net/kcong_policy | sed 's/^/# /'

# 17: one listen drop is no flood.  The guard measures rates over windows
# of at least 90 ms (a tick), never over the moments between two sysctl
# writes: one drop in a window is at most 1000/90 = 11/s, below a 20/s
# threshold.  Five times: a write, one drop, a write at once.
res=$(ip netns exec "$NS_D" timeout 30 python3 "$NS_TOOL" onedrop 7100 20 5)
sleep 0.3	# a tick after the last drop
echo "# D: $res; floods_detected $(pol_status "$NS_D" floods_detected)"
[ "$res" = "drops 5 trials 5" ] && [ "$(pol_status "$NS_D" floods_detected)" = 0 ] &&
	[ "$(pol_status "$NS_D" guard_state)" = idle ]
ktap_check "single listen drops right after sysctl writes do not engage the guard (threshold 20/s)"

# 18: unload puts back what the module overrode, in every namespace.
b_before=$(for k in tcp_syncookies tcp_max_syn_backlog tcp_tw_reuse; do ipv4_get "$NS_B" $k; done | xargs)
kcong_rmmod_wait kcong_policy 5
a_after=$(for k in tcp_syncookies tcp_max_syn_backlog tcp_tw_reuse; do ipv4_get "$NS_A" $k; done | xargs)
b_after=$(for k in tcp_syncookies tcp_max_syn_backlog tcp_tw_reuse; do ipv4_get "$NS_B" $k; done | xargs)
c_after=$(ipv4_get "$NS_C" tcp_tw_reuse)
[ ! -e /proc/sys/net/kcong ] && [ "$a_after" = "0 256 0" ] && [ "$b_after" = "$b_before" ] && [ "$c_after" = 0 ]
ktap_check "rmmod: A restored to operator's '0 256 0' (got '$a_after'), B unchanged ('$b_after'), C keeps tw_reuse 0"

ktap_finished
