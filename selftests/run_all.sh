#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run kcong's selftests (selftests/*.sh, or those matching KCONG_TESTS, a
# space-separated list of globs) one after another, and after each one check
# the kernel: any WARNING, BUG, Oops, sanitizer (KASAN, KFENCE, UBSAN, SLUB
# poison or red zone), lockdep, DEBUG_OBJECTS, RCU stall, lockup or hung
# task report in the log, a kmemleak report (kernels with kmemleak: scanned
# after every file), or taint other than out-of-tree (O) and unsigned
# module (E), fails that file.  Runs as root on the kernel whose modules are
# to be tested (normally inside scripts/vm-run).
#
# Each file prints its own KTAP; this runner adds one case per file, a last
# case for the kernel's memory once every test module is unloaded (no
# kmemleak report; the TCP socket, TIME_WAIT and request-socket slab caches
# back to where they started), and its own "# Totals:" line.  Exit status 0
# when everything passed.

dir=$(cd "$(dirname "$0")" && pwd)
cd "$dir" || exit 1
. lib/ktap.sh

# Taint flags a kcong run may set: O (out-of-tree, 4096), E (unsigned, 8192).
ALLOWED_TAINT=$((4096 | 8192))
BAD_LOG='WARNING:|BUG:|BUG [a-z]|Oops|general protection|Call Trace:|UBSAN|KASAN|KFENCE|kernel BUG'
BAD_LOG="$BAD_LOG"'|RCU stall|rcu_.* detected .*stall|soft lockup|hung_task|blocked for more than|workqueue lockup'
BAD_LOG="$BAD_LOG"'|refcount_t:|list_(add|del) corruption|ODEBUG|possible (circular|recursive) locking'
BAD_LOG="$BAD_LOG"'|inconsistent lock state|suspicious RCU usage|sleeping function called from invalid context'
BAD_LOG="$BAD_LOG"'|Poison overwritten|Redzone|Object padding|suspected memory leak'
KMEMLEAK=/sys/kernel/debug/kmemleak
SLABS="TCP tw_sock_TCP request_sock_TCP"

tests=""
for f in *.sh; do
	[ "$f" = run_all.sh ] && continue
	if [ -n "${KCONG_TESTS:-}" ]; then
		match=0
		for g in $KCONG_TESTS; do
			# shellcheck disable=SC2053
			[[ $f == $g || $f == $g.sh ]] && match=1
		done
		[ "$match" -eq 1 ] || continue
	fi
	tests="$tests $f"
done

# Active objects of slab cache $1 (0 if the cache does not exist).
slab_active() {
	awk -v c="$1" '$1 == c { print $2; f = 1 } END { if (!f) print 0 }' /proc/slabinfo 2>/dev/null
}

# kmemleak: scan (twice: an object is reported once it has stayed
# unreferenced for a whole scan and is older than 5 s) and print what it
# found; nothing when the kernel has no kmemleak.
kmemleak_report() {
	[ -w "$KMEMLEAK" ] || return 0
	sleep 1
	echo scan > "$KMEMLEAK"
	sleep 6
	echo scan > "$KMEMLEAK"
	cat "$KMEMLEAK"
}

ktap_print_header
ktap_print_msg "kernel $(uname -r), tests:$tests"
ktap_set_plan $(($(echo $tests | wc -w) + 1))
taint0=$(cat /proc/sys/kernel/tainted)
# Boot-time objects are not the tests' business.  kmemleak's own scan
# thread (every 10 min, over all of memory, taking a vCPU under emulation
# in the middle of timed tests) is stopped: kmemleak_report scans after
# each file instead.
[ -w "$KMEMLEAK" ] && { echo scan > "$KMEMLEAK"; echo clear > "$KMEMLEAK"; echo scan=off > "$KMEMLEAK"; }
# slab_shrink CACHE: SLUB counts the free objects of per-CPU slabs as
# active until they are flushed (without slub_debug: KCONG_VM_CHECKS=0).
slab_shrink() {
	[ -w "/sys/kernel/slab/$1/shrink" ] && echo 1 > "/sys/kernel/slab/$1/shrink"
}
for c in $SLABS; do
	slab_shrink "$c"
	eval "slab0_$c=$(slab_active "$c")"
done
for f in $tests; do
	lines0=$(dmesg | wc -l)
	start=$SECONDS
	echo "# selftests: kcong: $f"
	# 900 s per file, KCONG_SLOW times that on a debug kernel.
	timeout --kill-after=10 "${KCONG_TEST_TIMEOUT:-$((900 * ${KCONG_SLOW:-1}))}" bash "./$f"
	rc=$?
	took=$((SECONDS - start))
	leaks=$(kmemleak_report)
	scans=""
	[ -w "$KMEMLEAK" ] && scans=" (then kmemleak's scans $((SECONDS - start - took))s)"
	newlog=$(dmesg | tail -n +$((lines0 + 1)))
	bad=$(echo "$newlog" | grep -E "$BAD_LOG")
	taint=$(cat /proc/sys/kernel/tainted)
	why=""
	[ "$rc" -ne 0 ] && [ "$rc" -ne 4 ] && why="exit status $rc"
	[ "$rc" -eq 124 ] && why="timed out"
	[ -n "$bad" ] && why="${why:+$why, }kernel log has warnings"
	[ -n "$leaks" ] && why="${why:+$why, }kmemleak reports"
	[ $((taint & ~ALLOWED_TAINT)) -ne 0 ] && [ $((taint0 & ~ALLOWED_TAINT)) -eq 0 ] &&
		why="${why:+$why, }kernel tainted ($taint)"
	if [ -z "$why" ]; then
		ktap_test_pass "$f: completed in ${took}s$scans, kernel log clean"
	else
		ktap_test_fail "$f: $why"
		if [ -n "$bad" ]; then
			echo "# kernel log during $f, from its first report on:"
			echo "$newlog" | awk -v re="$BAD_LOG" 'f || $0 ~ re { f = 1; print }' |
				head -n 80 | sed 's/^/#   /'
		fi
		[ -n "$leaks" ] && echo "$leaks" | head -n 60 | sed 's/^/#   kmemleak: /'
		# Report once, not again after the next file.
		[ -w "$KMEMLEAK" ] && echo clear > "$KMEMLEAK"
	fi
done

# Memory once nothing of the tests is left: every test namespace is gone
# (their TIME_WAIT sockets with them) and every kcong module unloaded.
for m in /sys/module/tcp_kcong_* /sys/module/kcong_policy; do
	[ -d "$m" ] && rmmod "$(basename "$m")" 2>/dev/null
done
left=""
for i in $(seq 60); do
	left=""
	for c in $SLABS; do
		slab_shrink "$c"
		now=$(slab_active "$c")
		eval "was=\$slab0_$c"
		[ "$now" -gt "$was" ] && left="$left $c:$was->$now"
	done
	[ -z "$left" ] && break
	sleep 0.5
done
leaks=$(kmemleak_report)
mods=$(ls -d /sys/module/tcp_kcong_* /sys/module/kcong_policy 2>/dev/null | xargs -r -n1 basename)
if [ -z "$left" ] && [ -z "$leaks" ] && [ -z "$mods" ]; then
	ktap_test_pass "memory: kcong modules unloaded, TCP slab caches back to their start ($SLABS), no kmemleak report"
else
	ktap_test_fail "memory: ${mods:+still loaded: $mods; }${left:+slab caches above their start:$left; }${leaks:+kmemleak reports}"
	if [ -n "$left" ]; then
		echo "# namespaces: $(ip netns list | wc -l) named ($(ip netns list | cut -d' ' -f1 | tr '\n' ' ')); /proc/net/sockstat:"
		sed 's/^/#   /' /proc/net/sockstat
		ss -tanH state all 2>/dev/null | head -n 20 | sed 's/^/#   /'
	fi
	[ -n "$leaks" ] && echo "$leaks" | head -n 60 | sed 's/^/#   kmemleak: /'
fi
ktap_finished
