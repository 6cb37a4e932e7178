#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run kcong's selftests (selftests/*.sh, or those matching KCONG_TESTS, a
# space-separated list of globs) one after another, and after each one check
# the kernel log and taint: any WARNING, BUG, Oops or taint other than
# out-of-tree (O) and unsigned module (E) fails that file.  Runs as root on
# the kernel whose modules are to be tested (normally inside scripts/vm-run).
#
# Each file prints its own KTAP; this runner adds one case per file and its
# own "# Totals:" line.  Exit status 0 when everything passed.

dir=$(cd "$(dirname "$0")" && pwd)
cd "$dir" || exit 1
. lib/ktap.sh

# Taint flags a kcong run may set: O (out-of-tree, 4096), E (unsigned, 8192).
ALLOWED_TAINT=$((4096 | 8192))
BAD_LOG='WARNING:|BUG:|Oops|general protection|Call Trace:|UBSAN|KASAN|kernel BUG|RCU stall|soft lockup|hung_task|refcount_t:|list_(add|del) corruption'

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

ktap_print_header
ktap_print_msg "kernel $(uname -r), tests:$tests"
ktap_set_plan "$(echo $tests | wc -w)"
taint0=$(cat /proc/sys/kernel/tainted)
for f in $tests; do
	lines0=$(dmesg | wc -l)
	start=$SECONDS
	echo "# selftests: kcong: $f"
	timeout --kill-after=10 "${KCONG_TEST_TIMEOUT:-900}" bash "./$f"
	rc=$?
	newlog=$(dmesg | tail -n +$((lines0 + 1)))
	bad=$(echo "$newlog" | grep -E "$BAD_LOG")
	taint=$(cat /proc/sys/kernel/tainted)
	why=""
	[ "$rc" -ne 0 ] && [ "$rc" -ne 4 ] && why="exit status $rc"
	[ "$rc" -eq 124 ] && why="timed out"
	[ -n "$bad" ] && why="${why:+$why, }kernel log has warnings"
	[ $((taint & ~ALLOWED_TAINT)) -ne 0 ] && [ $((taint0 & ~ALLOWED_TAINT)) -eq 0 ] &&
		why="${why:+$why, }kernel tainted ($taint)"
	if [ -z "$why" ]; then
		ktap_test_pass "$f: completed in $((SECONDS - start))s, kernel log clean"
	else
		ktap_test_fail "$f: $why"
		if [ -n "$bad" ]; then
			echo "# kernel log during $f:"
			echo "$newlog" | tail -n 60 | sed 's/^/#   /'
		fi
	fi
done
ktap_finished
