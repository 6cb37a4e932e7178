#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# policy_netns.sh - kcong_policy's per-namespace state lives exactly as long
# as the namespace: namespaces that set a policy and go away at once, one
# going away while the reaper ends its TIME_WAIT sockets, and (where the
# kernel can inject the failure) a namespace whose kcong setup fails.
#
#   +--------------------+   +--------------------------+   +--------------+
#   | W kc-nw-SUFX       |   | churn: CHURN namespaces   |   | Q kc-nq-SUFX |
#   | guard + auto reuse |   | each writes the guard,    |   | TIME_WAIT    |
#   | on: the poller     |   | auto reuse and a 1 s      |   | sockets, 1 s |
#   | runs all along     |   | lifetime, then goes away  |   | lifetime,    |
#   +--------------------+   +--------------------------+   | deleted      |
#                                                            | mid-sweep    |
#                                                            | (3 times)    |
#                                                            +--------------+
#
# The module's own counts (host_namespaces, host_watched_namespaces in the
# initial namespace's status) must come back to where they were; a use
# after free of a namespace's state shows in the kernel log, which
# run_all.sh checks after every file (slub_debug poisoning and KFENCE on
# Debian's kernels, KASAN on the debug kernel).
#
# The failed setup uses the kernel's function error injection
# (/sys/kernel/debug/fail_function, CONFIG_FAIL_FUNCTION: the debug kernel
# of make check-debug has it, Debian's kernels do not): kcong's setup of
# new namespaces fails with ENOMEM; creating one must fail with it, leave
# no trace in the counts, and work again once the injection is removed.

. "$(dirname "$0")/lib/policy.sh"

kcong_require unshare util-linux

NS_W=kc-nw-$KCONG_SUFFIX
NS_Q=kc-nq-$KCONG_SUFFIX
NS_TOOL="$KCONG_LIB_DIR/policy_ns.py"
CHURN=40
ROUNDS_Q=3
TW_Q=2000
FF=/sys/kernel/debug/fail_function
FN=kcong_policy_net_publish

ktap_print_header
ktap_set_plan 4

if ! kcong_load kcong_policy; then
	ktap_test_fail "kcong_policy loads"
	ktap_finished
fi

host_counts() {
	echo "$(pol_status_init host_namespaces) $(pol_status_init host_watched_namespaces)"
}

counts_are() {
	[ "$(host_counts)" = "$1" ]
}

# 1: a namespace that keeps the poller running throughout.
policy_ns "$NS_W" && pol_set "$NS_W" flood_guard 1 && pol_set "$NS_W" tw_reuse 3 &&
	kcong_wait_for 3 pol_status_is "$NS_W" watched 1
base=$(host_counts)
[ -n "$base" ] && [ "${base#* }" -ge 1 ]
ktap_check "W watched by the poller; host namespaces/watched: $base" || ktap_finished

# 2: CHURN namespaces that ask for everything and go away at once.
python3 "$NS_TOOL" hold "$CHURN" 300 flood_guard=1 tw_reuse=3 tw_lifetime_ms=1000 > "$KCONG_TMP/churn" 2>&1 &
churn_pid=$!
kcong_on_cleanup "kill $churn_pid 2>/dev/null"
kcong_wait_for 300 grep -q '^ready\|^fail' "$KCONG_TMP/churn"
kill "$churn_pid"; wait "$churn_pid" 2>/dev/null
sed 's/^/# churn: /' "$KCONG_TMP/churn"
made=$(awk '$1 == "ready" { print $4 }' "$KCONG_TMP/churn")
kcong_wait_for 60 counts_are "$base"
[ "${made:-0}" -eq "$CHURN" ] && counts_are "$base" && pol_status_is "$NS_W" watched 1
ktap_check_rc $? "$CHURN namespaces set a policy and went away at once: counts back to '$base' ($(host_counts))"

# 3: a namespace deleted while the reaper ends its TIME_WAIT sockets.  The
# reaper's budget is cut to 5 ms/s for this, so that a sweep ending TW_Q
# sockets spans seconds of 2 ms slices: Q goes away between two of them,
# once the first sockets are gone and while others are left (the kernel's
# count; the module's own counters are added up at the end of a sweep).
param=/sys/module/kcong_policy/parameters/reaper_cpu_ms
cpu0=$(cat "$param")
kcong_on_cleanup "echo $cpu0 > $param"
echo 5 > "$param"
q_rc=0 q_mid=0
q_reaping() {
	[ "$(pol_status "$NS_Q" timewait_now)" -lt "$TW_Q" ] 2>/dev/null
}
for r in $(seq "$ROUNDS_Q"); do
	policy_ns "$NS_Q" &&
		ip netns exec "$NS_Q" timeout 60 python3 "$NS_TOOL" twfill "$TW_Q" 9400 30 > "$KCONG_TMP/q" &&
		pol_set "$NS_Q" tw_lifetime_ms 1000 || q_rc=1
	kcong_wait_for 10 q_reaping
	left=$(pol_status "$NS_Q" timewait_now)
	ip netns del "$NS_Q"
	echo "# Q round $r: $(cat "$KCONG_TMP/q"); deleted with $left of them left"
	[ "${left:-0}" -gt 0 ] && [ "$left" -lt "$TW_Q" ] && q_mid=$((q_mid + 1))
	kcong_wait_for 60 counts_are "$base" || q_rc=1
done
echo "$cpu0" > "$param"
[ "$q_rc" -eq 0 ] && [ "$q_mid" -ge 1 ] && counts_are "$base"
ktap_check "Q deleted mid-sweep in $q_mid of $ROUNDS_Q rounds ($TW_Q TIME_WAIT sockets): counts back to '$base'"

# 4: kcong's setup of a new namespace fails.
[ -d "$FF" ] || mount -t debugfs none /sys/kernel/debug 2>/dev/null
if [ ! -w "$FF/inject" ]; then
	ktap_test_skip "failed setup" "no $FF (CONFIG_FAIL_FUNCTION): runs on the debug kernel (make check-debug)"
	ktap_finished
fi
if ! echo "$FN" > "$FF/inject" 2>/dev/null; then
	ktap_test_fail "failed setup: $FN cannot be injected (ALLOW_ERROR_INJECTION missing?)"
	ktap_finished
fi
kcong_on_cleanup "echo '!$FN' > $FF/inject 2>/dev/null"
# retval is an unsigned long: -ENOMEM as its 64-bit two's complement.
printf '%#x\n' -12 > "$FF/$FN/retval"
# Quiet: every injected failure would otherwise log a stack dump, which
# run_all.sh must count as a kernel report (it matches "Call Trace:").
verbose0=$(cat "$FF/verbose")
kcong_on_cleanup "echo $verbose0 > $FF/verbose"
echo 0 > "$FF/verbose"
echo 100 > "$FF/probability"
echo 1 > "$FF/interval"
echo -1 > "$FF/times"
echo N > "$FF/task-filter"
# Meanwhile a writer flips W's guard 200 times (sysctl writes and the
# poller's work while another namespace's setup fails).  A write into the
# failing namespace itself cannot happen: its sysctl tree is the last
# thing its setup registers, and that registration is what fails.
( for j in $(seq 100); do
	pol_set "$NS_W" flood_guard 0; pol_set "$NS_W" flood_guard 1
done ) > /dev/null 2>&1 &
writer=$!
fail_rc=0
for i in 1 2 3; do
	if err=$(unshare -n true 2>&1); then
		fail_rc=1
	fi
	case "$err" in *"Cannot allocate memory"*) ;; *) fail_rc=1 ;; esac
	echo "# injected $i: ${err:-created}"
	counts_are "$base" || fail_rc=1
done
wait "$writer" || fail_rc=1
echo "!$FN" > "$FF/inject"
pol_status_is "$NS_W" watched 1 || fail_rc=1
unshare -n sh -c '[ -e /proc/net/kcong_policy ] && [ -e /proc/sys/net/kcong/tw_lifetime_ms ]' || fail_rc=1
kcong_wait_for 30 counts_are "$base" || fail_rc=1
[ "$fail_rc" -eq 0 ]
ktap_check_rc $? "failed setup: 3 namespaces refused ($(echo "$err" | tail -1)) while W's guard was rewritten 200 times, counts stay '$base'; then created again"

ktap_finished
