#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# policy_cost.sh - what kcong_policy.ko costs the host while a test waits:
# every execution of one of the module's work functions, recorded by the
# workqueue:workqueue_execute_start/end tracepoints in a tracefs instance of
# the test's own, filtered on the module's text addresses (so the old
# module's per-namespace work counts the same way), and the guest's CPU
# time from /proc/stat.  lib/policy_cost.py turns the dump into figures.
# Source after lib/policy.sh.
#
#   cost_require            SKIP the file without tracefs or the events
#   cost_start              start recording (the module must be loaded)
#   cost_stop OUT           stop; OUT: "wakeups N work_ms W span_s S
#                           wakeups_per_s R work_pct P cpu_pct C" (P and C in
#                           % of one CPU; C is the whole guest's busy time)

COST_DIR=""

cost_root() {
	kcong_tracefs workqueue
}

cost_require() {
	local root

	root=$(cost_root) && [ -d "$root/events/workqueue/workqueue_execute_start" ] &&
		[ -d "$root/events/workqueue/workqueue_execute_end" ] && [ -r /proc/kallsyms ] &&
		return 0
	ktap_print_header
	ktap_set_plan 1
	ktap_test_skip "$(basename "$0")" "no tracefs with workqueue:workqueue_execute_start/end (CONFIG_TRACING)"
	ktap_finished
}

# /proc/stat's first line: total and idle+iowait jiffies.
cost_cpu_jiffies() {
	awk '$1 == "cpu" { t = 0; for (i = 2; i <= NF; i++) t += $i; print t, $5 + $6; exit }' /proc/stat
}

cost_start() {
	local root lo hi ev

	root=$(cost_root) || return 1
	read -r lo hi <<< "$(python3 "$KCONG_LIB_DIR/policy_cost.py" --text-range kcong_policy)"
	[ -n "$lo" ] || { echo "# cost_start: no kcong_policy symbols in /proc/kallsyms" >&2; return 1; }
	COST_DIR=$root/instances/kcong-cost-$KCONG_SUFFIX
	[ -d "$COST_DIR" ] || mkdir "$COST_DIR" || return 1
	kcong_on_cleanup "rmdir $COST_DIR 2>/dev/null"
	echo 0 > "$COST_DIR/tracing_on"
	echo 8192 > "$COST_DIR/buffer_size_kb"
	echo > "$COST_DIR/trace"
	for ev in workqueue_execute_start workqueue_execute_end; do
		echo "function >= $lo && function <= $hi" > "$COST_DIR/events/workqueue/$ev/filter" || return 1
		echo 1 > "$COST_DIR/events/workqueue/$ev/enable"
	done
	COST_T0=$(date +%s%N)
	COST_CPU0=$(cost_cpu_jiffies)
	echo 1 > "$COST_DIR/tracing_on"
}

cost_stop() {
	local out=$1 t1 cpu1 ev

	echo 0 > "$COST_DIR/tracing_on"
	t1=$(date +%s%N)
	cpu1=$(cost_cpu_jiffies)
	cat "$COST_DIR/trace" > "$out.trace"
	for ev in workqueue_execute_start workqueue_execute_end; do
		echo 0 > "$COST_DIR/events/workqueue/$ev/enable"
	done
	echo > "$COST_DIR/trace"
	python3 "$KCONG_LIB_DIR/policy_cost.py" "$out.trace" $(((t1 - COST_T0) / 1000)) \
		$COST_CPU0 $cpu1 "$(getconf CLK_TCK)" > "$out"
}

# cost_get FILE KEY
cost_get() {
	awk -v k="$2" '{ for (i = 1; i < NF; i++) if ($i == k) print $(i + 1) }' "$1"
}
