// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit test of include/kcong_policy.h: knob ranges, the reuse rules,
 * the flood guard's state machine and the TIME_WAIT age test.
 */
#include "kcong_policy.h"
#include "unit.h"

static void test_ranges(void)
{
	unit_ok(kcong_knob_valid(KCONG_KNOB_SYNCOOKIES, 0) &&
		kcong_knob_valid(KCONG_KNOB_SYNCOOKIES, 2) &&
		!kcong_knob_valid(KCONG_KNOB_SYNCOOKIES, 3) &&
		!kcong_knob_valid(KCONG_KNOB_SYNCOOKIES, -1),
		"syncookies accepts 0..2 only");
	unit_ok(kcong_knob_valid(KCONG_KNOB_TW_LIFETIME_MS, 1000) &&
		kcong_knob_valid(KCONG_KNOB_TW_LIFETIME_MS, 60000) &&
		!kcong_knob_valid(KCONG_KNOB_TW_LIFETIME_MS, 999) &&
		!kcong_knob_valid(KCONG_KNOB_TW_LIFETIME_MS, 60001),
		"tw_lifetime_ms accepts 1000..60000 only");
	unit_ok(kcong_knob_valid(KCONG_KNOB_TW_REUSE, 3) &&
		!kcong_knob_valid(KCONG_KNOB_TW_REUSE, 4),
		"tw_reuse accepts 0..3 only");
	unit_ok(!kcong_knob_valid(KCONG_KNOB_NR, 0), "an unknown knob is invalid");
	unit_ok(!kcong_knob_valid(KCONG_KNOB_SYN_BACKLOG, 1LL << 32),
		"a value beyond int is invalid");
}

static void test_defaults_in_range(void)
{
	int k, bad = 0;

	for (k = 0; k < KCONG_KNOB_NR; k++)
		if (kcong_knob_ranges[k].def != -1 &&
		    !kcong_knob_valid(k, kcong_knob_ranges[k].def))
			bad++;
	unit_ok(bad == 0, "every fixed default is inside its range (%d bad)", bad);
}

static void test_reuse(void)
{
	unit_ok(kcong_reuse_allowed(KCONG_REUSE_OFF, 0) &&
		!kcong_reuse_allowed(KCONG_REUSE_GLOBAL, 0) &&
		!kcong_reuse_allowed(KCONG_REUSE_LOOPBACK, 0) &&
		!kcong_reuse_allowed(KCONG_REUSE_AUTO, 0) &&
		kcong_reuse_allowed(KCONG_REUSE_AUTO, 1),
		"reuse without timestamps is refused, off is always allowed");
	unit_ok(kcong_reuse_kernel_value(KCONG_REUSE_AUTO, false) == KCONG_REUSE_LOOPBACK &&
		kcong_reuse_kernel_value(KCONG_REUSE_AUTO, true) == KCONG_REUSE_GLOBAL &&
		kcong_reuse_kernel_value(KCONG_REUSE_OFF, true) == KCONG_REUSE_OFF,
		"auto maps to loopback/global, other modes to themselves");
	/* 200 ports, 75 %: engage at 150 TIME_WAIT, release below 75. */
	unit_ok(!kcong_reuse_auto_step(false, 149, 200, 75) &&
		kcong_reuse_auto_step(false, 150, 200, 75),
		"auto engages at pct of the port range");
	unit_ok(kcong_reuse_auto_step(true, 75, 200, 75) &&
		!kcong_reuse_auto_step(true, 74, 200, 75),
		"auto releases below half the threshold");
	unit_ok(kcong_reuse_auto_step(false, 65535, 65535, 100),
		"no overflow at the largest range");
}

static void test_guard(void)
{
	struct kcong_guard g = { 0 };
	enum kcong_guard_action a;

	/* threshold 100/s over 100 ms ticks: 10 events per tick. */
	unit_ok(!kcong_guard_pressure(9, 100, 100) && kcong_guard_pressure(10, 100, 100),
		"pressure at the threshold rate, not below");
	unit_ok(!kcong_guard_pressure(0, 0, 1) && kcong_guard_pressure(1, 0, 1),
		"a zero-length tick does not divide by zero");
	a = kcong_guard_step(&g, 5, 100, 1000, 100, 5000);
	unit_ok(a == KCONG_GUARD_NONE && !g.engaged, "below threshold: stays idle");
	a = kcong_guard_step(&g, 50, 100, 1100, 100, 5000);
	unit_ok(a == KCONG_GUARD_ENGAGE && g.engaged && g.engaged_at_ms == 1100,
		"a flood engages at the first tick");
	a = kcong_guard_step(&g, 50, 100, 1200, 100, 5000);
	unit_ok(a == KCONG_GUARD_NONE && g.engaged, "continued flood: stays engaged");
	a = kcong_guard_step(&g, 0, 100, 6100, 100, 5000);
	unit_ok(a == KCONG_GUARD_NONE && g.engaged, "quiet for 4.9 s of 5 s: still engaged");
	a = kcong_guard_step(&g, 0, 100, 6200, 100, 5000);
	unit_ok(a == KCONG_GUARD_RELEASE && !g.engaged, "quiet for 5 s: released");
	unit_ok(kcong_guard_syncookies(0) == 1 && kcong_guard_syncookies(1) == 1 &&
		kcong_guard_syncookies(2) == 2, "guard cookies: at least on overflow");
	unit_ok(kcong_guard_backlog(128, 4096) == 4096 && kcong_guard_backlog(8192, 4096) == 8192,
		"guard never narrows the backlog");
}

static void test_tw(void)
{
	unit_ok(!kcong_tw_expired(59000, 2000) && kcong_tw_expired(58000, 2000),
		"2 s lifetime: ends a socket with 58 s of 60 s left");
	unit_ok(!kcong_tw_expired(1, 60000) && !kcong_tw_expired(70000, 1000),
		"default lifetime never ends early; a longer timer is left alone");
	unit_ok(kcong_tw_scan_interval_ms(2000) == 250 &&
		kcong_tw_scan_interval_ms(1000) == 125 &&
		kcong_tw_scan_interval_ms(60000) == 1000,
		"scan interval is lifetime/8 in [100, 1000] ms");
}

int main(void)
{
	unit_plan(23);
	test_ranges();
	test_defaults_in_range();
	test_reuse();
	test_guard();
	test_tw();
	return unit_done();
}
