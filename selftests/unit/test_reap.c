// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit test of include/kcong_reap.h: a TIME_WAIT socket's age and due
 * time, when the reaper's next sweep runs, and the CPU budget.
 */
#include "kcong_reap.h"
#include "unit.h"

static void test_age(void)
{
	unit_ok(!kcong_tw_expired(59000, 2000) && kcong_tw_expired(58000, 2000),
		"2 s lifetime: ends a socket with 58 s of 60 s left");
	unit_ok(!kcong_tw_expired(1, 60000) && !kcong_tw_expired(70000, 1000),
		"the default lifetime never ends early; a longer timer is left alone");
	unit_ok(kcong_tw_due_ms(5000, 59500, 1000) == 5500 &&
		kcong_tw_due_ms(5000, 58000, 1000) == 5000,
		"due time: half a second from now for a 0.5 s old socket, now for an old one");
	unit_ok(kcong_tw_due_ms(5000, 70000, 1000) == KCONG_NEVER_MS &&
		kcong_tw_due_ms(5000, 1000, 60000) == KCONG_NEVER_MS,
		"never due: a timer longer than TIME_WAIT, or no lifetime");
	unit_ok(kcong_tw_slack_ms(2000) == 250 && kcong_tw_slack_ms(1000) == 125 &&
		kcong_tw_slack_ms(60000) == 1000,
		"slack is lifetime/8 in [100, 1000] ms");
	unit_ok(kcong_tw_cut_short(58000, 2000) && !kcong_tw_cut_short(250, 2000) &&
		kcong_tw_cut_short(251, 2000),
		"2 s lifetime: cut short with more than 250 ms of its own timer left");
	unit_ok(!kcong_tw_cut_short(500, 59500) && kcong_tw_cut_short(1001, 59000),
		"59.5 s lifetime: 0.5 s before its timer is not early; 1.001 s is");
}

static void test_due(void)
{
	u64 clear = 1000;

	unit_ok(kcong_reap_due_after_sweep(KCONG_NEVER_MS, 2000, 1000, false) == KCONG_NEVER_MS,
		"a sweep that left nothing and missed nothing: nothing due");
	unit_ok(kcong_reap_due_after_sweep(2600, 2000, 1000, true) == 2600 &&
		kcong_reap_due_after_sweep(KCONG_NEVER_MS, 2000, 1000, true) == 3000,
		"sockets behind the sweep are due a lifetime after it started, at the latest");
	unit_ok(kcong_reap_due_on_poll(KCONG_NEVER_MS, &clear, 1500, 1000, 0) ==
		KCONG_NEVER_MS && clear == 1500,
		"poll with no TIME_WAIT socket: nothing due, accounted up to now");
	unit_ok(kcong_reap_due_on_poll(KCONG_NEVER_MS, &clear, 2500, 1000, 3) == 2500 &&
		clear == 1500,
		"poll that finds sockets: due a lifetime after the last empty look");
	unit_ok(kcong_reap_due_on_poll(1800, &clear, 2500, 1000, 3) == 1800,
		"a known due time is kept");
}

static void test_next(void)
{
	unit_ok(kcong_reap_next_ms(KCONG_NEVER_MS, 100, 125) == KCONG_NEVER_MS,
		"nothing due: no sweep");
	unit_ok(kcong_reap_next_ms(150, 100, 125) == 225 &&
		kcong_reap_next_ms(400, 100, 125) == 400,
		"due soon after a sweep: waits the slack; later: at the due time");
	unit_ok(kcong_reap_next_ms(50, KCONG_NEVER_MS, 125) == 50,
		"the first sweep waits for nothing but the due time");
}

static void test_wheel(void)
{
	unsigned long d, early, late_max, bad = 0;

	unit_ok(kcong_wheel_early(0) == 0 && kcong_wheel_early(63) == 63,
		"below 64 jiffies the wheel is exact: the delay as it is");
	/* The wheel may fire a timer at most 1/8 of its delay late. */
	for (d = 64; d < 1000000; d += 37) {
		early = kcong_wheel_early(d);
		late_max = early + early / 8;
		if (late_max > d || early < d - d / 8 - 1)
			bad++;
	}
	unit_ok(bad == 0, "7/8 of any longer delay, late by 1/8, is still on time (%lu bad)", bad);
	unit_ok(kcong_wheel_early(15000) == 13125,
		"a 60 s delay at HZ 250 is asked as 52.5 s");
}

static void test_budget(void)
{
	struct kcong_budget b = { 0 };
	u64 used = 0, t;
	int slices = 0;

	kcong_budget_refill(&b, 10000, 100);
	unit_ok(b.tokens_us == 100 * KCONG_BUDGET_BURST_MS,
		"a fresh budget holds one burst (%lld us)", (long long)b.tokens_us);
	kcong_budget_charge(&b, 25000);
	unit_ok(kcong_budget_wait_ms(&b, 100) == 150,
		"15 ms in debt at 100 ms/s: wait 150 ms (got %u)", kcong_budget_wait_ms(&b, 100));
	kcong_budget_refill(&b, 10150, 100);
	unit_ok(b.tokens_us == 0 && kcong_budget_wait_ms(&b, 100) == 0,
		"after the wait the debt is paid");
	/* A worker that runs 2 ms slices whenever allowed, for 10 s. */
	for (t = 20000; t < 30000; t++) {
		kcong_budget_refill(&b, t, 50);
		if (kcong_budget_wait_ms(&b, 50))
			continue;
		kcong_budget_charge(&b, 2000);
		used += 2000;
		slices++;
	}
	unit_ok(used <= 50 * (10000 + KCONG_BUDGET_BURST_MS) + 2000 && used >= 50 * 9000,
		"50 ms/s over 10 s: %llu us used in %d slices", (unsigned long long)used, slices);
	kcong_budget_refill(&b, (u64)1 << 62, 1000);
	unit_ok(b.tokens_us == 1000 * KCONG_BUDGET_BURST_MS,
		"a long idle time fills the bucket without overflow");
	kcong_budget_charge(&b, ~0ULL);
	unit_ok(b.tokens_us < 0 && kcong_budget_wait_ms(&b, 1) == 60000,
		"a huge charge waits at most a minute");
}

int main(void)
{
	unit_plan(24);
	test_age();
	test_due();
	test_next();
	test_wheel();
	test_budget();
	return unit_done();
}
