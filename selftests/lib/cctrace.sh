#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cctrace.sh - record what a congestion control does to the window, on
# every ACK: the kernel's tcp:tcp_probe tracepoint (cwnd, ssthresh, srtt)
# and tcp:tcp_retransmit_skb, filtered on the flow's destination port, into
# a tracefs instance of the test's own so that nothing else is disturbed.
# lib/cwnd_trace.py reads the dump.  Source after lib/kcong.sh.
#
#   cctrace_require            SKIP the file without tracefs or the events
#   cctrace_start DPORT        record events of connections to DPORT
#   cctrace_stop OUT           stop, write the dump to OUT, clear

CCTRACE_DIR=""

cctrace_root() {
	kcong_tracefs tcp
}

cctrace_require() {
	local root

	root=$(cctrace_root) && [ -d "$root/events/tcp/tcp_probe" ] &&
		[ -d "$root/events/tcp/tcp_retransmit_skb" ] &&
		[ -d "$root/events/tcp/tcp_cong_state_set" ] && return 0
	ktap_print_header
	ktap_set_plan 1
	ktap_test_skip "$(basename "$0")" "no tracefs with the tcp:tcp_probe, tcp_retransmit_skb and tcp_cong_state_set events (CONFIG_TRACING)"
	ktap_finished
}

# Enabling an event patches kernel text (static keys, with int3 on a
# running SMP kernel), and enabling the first one also hooks sched_switch
# to record command names, patching __schedule.  Under QEMU/TCG that once
# ended in "Oops: int3" in __schedule on the other vCPU (6.12, 2026-12-02,
# cc_undo).  So command names are not recorded, the events are enabled
# once per file (the instance's rmdir at cleanup disables them), and each
# recording only changes the filter and switches the ring buffer.
cctrace_start() {
	local dport=$1 root ev

	root=$(cctrace_root) || return 1
	CCTRACE_DIR=$root/instances/kcong-$KCONG_SUFFIX
	if [ -d "$CCTRACE_DIR" ]; then
		echo 0 > "$CCTRACE_DIR/tracing_on"
	else
		echo 0 > "$root/options/record-cmd" 2>/dev/null
		mkdir "$CCTRACE_DIR" || return 1
		kcong_on_cleanup "rmdir $CCTRACE_DIR 2>/dev/null"
		echo 0 > "$CCTRACE_DIR/tracing_on"
		# About 100 bytes per event, one event per ACK: 16 MB per CPU
		# holds minutes of a 50 Mbit/s flow.
		echo 16384 > "$CCTRACE_DIR/buffer_size_kb"
	fi
	for ev in tcp_probe tcp_retransmit_skb tcp_cong_state_set; do
		echo "dport == $dport" > "$CCTRACE_DIR/events/tcp/$ev/filter" || return 1
		echo 1 > "$CCTRACE_DIR/events/tcp/$ev/enable" || return 1
	done
	echo > "$CCTRACE_DIR/trace"
	echo 1 > "$CCTRACE_DIR/tracing_on"
}

cctrace_stop() {
	local out=$1

	[ -n "$CCTRACE_DIR" ] || return 1
	echo 0 > "$CCTRACE_DIR/tracing_on"
	cat "$CCTRACE_DIR/trace" > "$out"
	echo > "$CCTRACE_DIR/trace"
	grep -q "entries-in-buffer\|tcp_probe" "$out"
}

# cctrace PY_ARGS...: lib/cwnd_trace.py
cctrace() {
	python3 "$KCONG_LIB_DIR/cwnd_trace.py" "$@"
}
