#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ktap.sh - KTAP (TAP version 13) output for kcong's selftests, after the
# kernel's tools/testing/selftests/kselftest/ktap_helpers.sh.
#
#   ktap_print_header; ktap_set_plan N
#   ktap_test_pass NAME | ktap_test_fail NAME | ktap_test_skip NAME REASON
#   ktap_test_xfail NAME REASON       a known, reported failure (TODO)
#   ktap_test_result NAME CMD...      pass/fail by CMD's exit status
#   ktap_finished                     prints "# Totals:" and exits 0/1/4

KSFT_PASS=0
KSFT_FAIL=1
KSFT_SKIP=4

KTAP_TESTNO=1
KTAP_CNT_PASS=0
KTAP_CNT_FAIL=0
KTAP_CNT_SKIP=0
KTAP_CNT_XFAIL=0

ktap_print_header() {
	echo "TAP version 13"
}

ktap_set_plan() {
	echo "1..$1"
}

ktap_print_msg() {
	echo "# $*"
}

__ktap_test() {
	local result=$1 description=$2 directive=${3:-}

	echo "$result $KTAP_TESTNO - $description${directive:+ # $directive}"
	KTAP_TESTNO=$((KTAP_TESTNO + 1))
}

ktap_test_pass() {
	__ktap_test "ok" "$1"
	KTAP_CNT_PASS=$((KTAP_CNT_PASS + 1))
}

ktap_test_fail() {
	__ktap_test "not ok" "$1"
	KTAP_CNT_FAIL=$((KTAP_CNT_FAIL + 1))
}

ktap_test_skip() {
	__ktap_test "ok" "$1" "SKIP ${2:-}"
	KTAP_CNT_SKIP=$((KTAP_CNT_SKIP + 1))
}

# A known failure: an assertion that still runs and is reported, for a goal
# the code does not meet yet (counted as xfail, as kselftest does).
ktap_test_xfail() {
	__ktap_test "not ok" "$1" "TODO ${2:-known failure}"
	KTAP_CNT_XFAIL=$((KTAP_CNT_XFAIL + 1))
}

# ktap_test_result NAME CMD...: run CMD, report NAME by its exit status.
ktap_test_result() {
	local name=$1

	shift
	if "$@"; then
		ktap_test_pass "$name"
	else
		ktap_test_fail "$name"
	fi
}

# ktap_check NAME: pass or fail NAME on the status of the command before.
# NAME must not contain $(...): bash sets $? to a command substitution's
# status while it expands the arguments, so the check would see that one
# (a check written so passed at 3.05 of a needed 4.06 Mbit/s, 2026-12-04).
# Then use ktap_check_rc $? NAME: $? is expanded before what follows it.
ktap_check() {
	local rc=$? name=$1

	if [ "$rc" -eq 0 ]; then
		ktap_test_pass "$name"
	else
		ktap_test_fail "$name"
	fi
	return "$rc"
}

# ktap_check_rc RC NAME: as ktap_check, with the status given.
ktap_check_rc() {
	(exit "$1")
	ktap_check "$2"
}

ktap_print_totals() {
	echo "# Totals: pass:$KTAP_CNT_PASS fail:$KTAP_CNT_FAIL xfail:$KTAP_CNT_XFAIL xpass:0 skip:$KTAP_CNT_SKIP error:0"
}

ktap_finished() {
	ktap_print_totals
	if [ "$KTAP_CNT_FAIL" -gt 0 ]; then
		exit "$KSFT_FAIL"
	elif [ "$KTAP_CNT_PASS" -eq 0 ] && [ "$KTAP_CNT_SKIP" -gt 0 ]; then
		exit "$KSFT_SKIP"
	fi
	exit "$KSFT_PASS"
}
