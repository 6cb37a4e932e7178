// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit test of include/kcong_policy.h: knob ranges, who may write
 * them, which policies are watched, the reuse rules and the flood guard's
 * state machine.
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

static void test_privilege(void)
{
	int k, host_only = 0;

	for (k = 0; k < KCONG_KNOB_NR; k++)
		host_only += kcong_knob_needs_host_admin(k, kcong_knob_ranges[k].min);
	unit_ok(host_only == 1 &&
		kcong_knob_needs_host_admin(KCONG_KNOB_TW_LIFETIME_MS, KCONG_TW_MIN_MS),
		"only tw_lifetime_ms has values that need the host's CAP_NET_ADMIN (%d such knobs)",
		host_only);
	unit_ok(kcong_knob_needs_host_admin(KCONG_KNOB_TW_LIFETIME_MS, KCONG_TW_LEN_MS - 1) &&
		!kcong_knob_needs_host_admin(KCONG_KNOB_TW_LIFETIME_MS, KCONG_TW_LEN_MS),
		"any lifetime below 60 s needs it, 60 s (off) never does");
}

static void test_watching(void)
{
	int knob[KCONG_KNOB_NR] = { 0 };

	knob[KCONG_KNOB_TW_REUSE] = KCONG_REUSE_LOOPBACK;
	knob[KCONG_KNOB_TW_LIFETIME_MS] = KCONG_TW_LEN_MS;
	unit_ok(!kcong_policy_polls_fast(knob) && !kcong_policy_reaps(knob),
		"default knobs: nothing to poll, nothing to reap");
	knob[KCONG_KNOB_FLOOD_GUARD] = 1;
	unit_ok(kcong_policy_polls_fast(knob), "the flood guard is polled");
	knob[KCONG_KNOB_FLOOD_GUARD] = 0;
	knob[KCONG_KNOB_TW_REUSE] = KCONG_REUSE_AUTO;
	unit_ok(kcong_policy_polls_fast(knob), "auto reuse is polled");
	knob[KCONG_KNOB_TW_REUSE] = KCONG_REUSE_GLOBAL;
	knob[KCONG_KNOB_TW_LIFETIME_MS] = 2000;
	unit_ok(!kcong_policy_polls_fast(knob) && kcong_policy_reaps(knob),
		"a lifetime is the reaper's, not a fast poll");
}

static void test_guard(void)
{
	struct kcong_guard g = { 0 };
	enum kcong_guard_action a;

	/* threshold 100/s over 100 ms windows: 10 events per window. */
	unit_ok(!kcong_guard_pressure(9, 100, 100) && kcong_guard_pressure(10, 100, 100),
		"pressure at the threshold rate, not below");
	unit_ok(!kcong_guard_pressure(0, 0, 1) && kcong_guard_pressure(1, 0, 1),
		"a zero-length window does not divide by zero");
	kcong_guard_arm(&g, 1000, 900);
	a = kcong_guard_step(&g, 1001, 905, 20, 5000);
	unit_ok(a == KCONG_GUARD_NONE && !g.engaged && g.window_events == 1000,
		"one event 5 ms into a window is not a rate: the window goes on");
	a = kcong_guard_step(&g, 1001, 1000, 20, 5000);
	unit_ok(a == KCONG_GUARD_NONE && !g.engaged,
		"one event in a 100 ms window is 10/s: below 20/s, stays idle");
	unit_ok(!kcong_guard_pressure(1, KCONG_GUARD_MIN_WINDOW_MS, 12),
		"one event never engages a threshold above 1000/%d ms",
		KCONG_GUARD_MIN_WINDOW_MS);
	a = kcong_guard_step(&g, 1006, 1100, 100, 5000);
	unit_ok(a == KCONG_GUARD_NONE && !g.engaged, "below threshold: stays idle");
	a = kcong_guard_step(&g, 1056, 1200, 100, 5000);
	unit_ok(a == KCONG_GUARD_ENGAGE && g.engaged && g.engaged_at_ms == 1200,
		"a flood engages at the end of the first window");
	a = kcong_guard_step(&g, 1106, 1300, 100, 5000);
	unit_ok(a == KCONG_GUARD_NONE && g.engaged, "continued flood: stays engaged");
	a = kcong_guard_step(&g, 1106, 6200, 100, 5000);
	unit_ok(a == KCONG_GUARD_NONE && g.engaged, "quiet for 4.9 s of 5 s: still engaged");
	a = kcong_guard_step(&g, 1106, 6300, 100, 5000);
	unit_ok(a == KCONG_GUARD_RELEASE && !g.engaged, "quiet for 5 s: released");
	a = kcong_guard_step(&g, 1106, 6250, 100, 5000);
	unit_ok(a == KCONG_GUARD_NONE && g.window_start_ms == 6300,
		"a clock going backwards starts no window");
	unit_ok(kcong_guard_syncookies(0) == 1 && kcong_guard_syncookies(1) == 1 &&
		kcong_guard_syncookies(2) == 2, "guard cookies: at least on overflow");
	unit_ok(kcong_guard_backlog(128, 4096) == 4096 && kcong_guard_backlog(8192, 4096) == 8192,
		"guard never narrows the backlog");
}

int main(void)
{
	unit_plan(30);
	test_ranges();
	test_defaults_in_range();
	test_reuse();
	test_privilege();
	test_watching();
	test_guard();
	return unit_done();
}
