// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of include/kcong_vegas.h against Brakmo & Peterson 1995:
 * Diff = (Expected - Actual) x BaseRTT = cwnd x (RTT - BaseRTT) / RTT, the
 * alpha/beta/gamma decisions at and around their boundaries, the slow-start
 * exit window, the 3/4 cut on loss, the windowed base RTT, and zero and
 * overflow edge cases.
 */
#include "unit.h"
#include "kcong_vegas.h"

static const struct kcong_vegas_params paper = { .alpha = 2, .beta = 4, .gamma = 1 };

/*
 * The RTT at which Diff is @q packets for @cwnd and @base:
 * q = cwnd (rtt - base) / rtt  =>  rtt = cwnd base / (cwnd - q), rounded
 * down (Diff just below q) or, with @up, up (Diff just above q).
 */
static u32 rtt_for_queue(u32 cwnd, u32 base, u32 q, bool up)
{
	u64 num = (u64)cwnd * base, den = cwnd - q;

	return (u32)((num + (up ? den - 1 : 0)) / den);
}

static void test_diff_matches_paper(void)
{
	static const u32 cwnds[] = { 10, 100, 1000 };
	static const u32 rtts[] = { 40000, 40100, 41000, 50000, 80000 };
	unsigned int i, j;
	int worst_ok = 1;

	unit_ok(kcong_vegas_diff(100, 50000, 40000) >> KCONG_VEGAS_DIFF_SHIFT == 20,
		"diff: cwnd 100, RTT 50 ms, BaseRTT 40 ms queues 20 packets");
	for (i = 0; i < 3; i++)
		for (j = 0; j < 5; j++) {
			double base = 40000, rtt = rtts[j], w = cwnds[i];
			double paper_diff = (w / base - w / rtt) * base;
			double got = (double)kcong_vegas_diff(cwnds[i], rtts[j], 40000) / 256;

			if (got > paper_diff + 1e-9 || paper_diff - got >= 1.0 / 256)
				worst_ok = 0;
		}
	unit_ok(worst_ok, "diff equals (Expected - Actual) x BaseRTT within 1/256 packet");
}

static void test_decisions(void)
{
	u32 base = 40000, cwnd = 200;

	unit_ok(kcong_vegas_decide(&paper, cwnd, base, base, false) == KCONG_VEGAS_GROW,
		"no queue: grow");
	unit_ok(kcong_vegas_decide(&paper, cwnd, rtt_for_queue(cwnd, base, 1, false), base, false) ==
		KCONG_VEGAS_GROW, "1 packet queued (< alpha): grow");
	unit_ok(kcong_vegas_decide(&paper, cwnd, rtt_for_queue(cwnd, base, 2, true), base, false) ==
		KCONG_VEGAS_HOLD, "alpha packets queued (just above): hold");
	unit_ok(kcong_vegas_decide(&paper, cwnd, rtt_for_queue(cwnd, base, 3, false), base, false) ==
		KCONG_VEGAS_HOLD, "3 packets queued: hold");
	unit_ok(kcong_vegas_decide(&paper, cwnd, rtt_for_queue(cwnd, base, 4, false), base, false) ==
		KCONG_VEGAS_HOLD, "beta packets queued (just below): hold");
	unit_ok(kcong_vegas_decide(&paper, cwnd, rtt_for_queue(cwnd, base, 5, true), base, false) ==
		KCONG_VEGAS_SHRINK, "5 packets queued (> beta): shrink");
	unit_ok(kcong_vegas_decide(&paper, cwnd, rtt_for_queue(cwnd, base, 1, false), base, true) ==
		KCONG_VEGAS_GROW, "slow start, gamma packets queued: keep doubling");
	unit_ok(kcong_vegas_decide(&paper, cwnd, rtt_for_queue(cwnd, base, 2, true), base, true) ==
		KCONG_VEGAS_END_SS, "slow start, more than gamma queued: leave slow start");
}

static void test_edges(void)
{
	unit_ok(kcong_vegas_diff(100, 0, 40000) == 0, "zero RTT: no queue, no division");
	unit_ok(kcong_vegas_diff(100, 30000, 40000) == 0, "RTT below BaseRTT: no queue");
	unit_ok(kcong_vegas_diff(100, 40000, 0) >> KCONG_VEGAS_DIFF_SHIFT == 100,
		"zero BaseRTT: the whole window counts as queue");
	unit_ok(kcong_vegas_diff(U32_MAX, U32_MAX, 0) == (u64)U32_MAX << KCONG_VEGAS_DIFF_SHIFT,
		"largest cwnd and RTT: no overflow (got %llu)",
		(unsigned long long)kcong_vegas_diff(U32_MAX, U32_MAX, 0));
	unit_ok(kcong_vegas_diff(U32_MAX, U32_MAX, U32_MAX / 2) >> KCONG_VEGAS_DIFF_SHIFT ==
		U32_MAX / 2 + 1, "largest cwnd, RTT twice BaseRTT: half the window queued");
	unit_ok(kcong_vegas_decide(&paper, U32_MAX, U32_MAX, 1, false) == KCONG_VEGAS_SHRINK,
		"largest values: shrink, not wrap to grow");
}

static void test_slow_start_exit(void)
{
	/* 50 Mbit/s, 40 ms: 4167 packets/s, a pipe of 166.7 packets. */
	u32 w = kcong_vegas_ss_exit_cwnd(&paper, 300, 4167, 1000000, 45000, 40000);

	unit_ok(w == 166 + 2, "exit window = delivery rate x BaseRTT + alpha (got %u)", w);
	w = kcong_vegas_ss_exit_cwnd(&paper, 100, 4167, 1000000, 45000, 40000);
	unit_ok(w == 100, "exit window never above cwnd (got %u)", w);
	w = kcong_vegas_ss_exit_cwnd(&paper, 300, 0, 0, 60000, 40000);
	unit_ok(w == 200 + 2, "no rate sample: cwnd x BaseRTT / RTT + alpha (got %u)", w);
	w = kcong_vegas_ss_exit_cwnd(&paper, 300, 4167, 0, 0, 40000);
	unit_ok(w == 300, "zero interval and zero RTT: window kept (got %u)", w);
	w = kcong_vegas_ss_exit_cwnd(&paper, 300, U32_MAX, 1, U32_MAX, U32_MAX);
	unit_ok(w == 300, "huge rate: clamped to cwnd (got %u)", w);
	w = kcong_vegas_ss_exit_cwnd(&paper, 0, 0, 0, 1, 1);
	unit_ok(w == KCONG_VEGAS_MIN_CWND, "never below 2 packets (got %u)", w);
}

static void test_loss(void)
{
	unit_ok(kcong_vegas_loss_ssthresh(100) == 75, "loss: window cut by a quarter");
	unit_ok(kcong_vegas_shrink(100) == 99 && kcong_vegas_shrink(3) == 2 &&
		kcong_vegas_shrink(2) == 2 && kcong_vegas_shrink(0) == 2,
		"above beta: one packet less, never below 2 (so ssthresh never reaches 1)");
	unit_ok(kcong_vegas_loss_ssthresh(2) == 2 && kcong_vegas_loss_ssthresh(0) == 2,
		"loss: never below 2 packets");
	unit_ok(kcong_vegas_loss_ssthresh(U32_MAX) == U32_MAX - U32_MAX / 4,
		"loss: largest window does not overflow");
}

static void test_base_rtt(void)
{
	struct kcong_vegas_base b;

	kcong_vegas_base_reset(&b);
	unit_ok(kcong_vegas_base_rtt(&b) == U32_MAX, "base RTT: none before a sample");
	kcong_vegas_base_sample(&b, 40500);
	kcong_vegas_base_sample(&b, 40000);
	kcong_vegas_base_sample(&b, 41000);
	unit_ok(kcong_vegas_base_rtt(&b) == 40000, "base RTT: minimum of the samples");
	/* The route changes to a 60 ms path. */
	kcong_vegas_base_rotate(&b);
	kcong_vegas_base_sample(&b, 60000);
	unit_ok(kcong_vegas_base_rtt(&b) == 40000, "base RTT: old minimum kept for one window");
	kcong_vegas_base_rotate(&b);
	kcong_vegas_base_sample(&b, 60200);
	unit_ok(kcong_vegas_base_rtt(&b) == 60000, "base RTT: new path learnt after two windows");
	kcong_vegas_base_rotate(&b);
	kcong_vegas_base_rotate(&b);
	unit_ok(kcong_vegas_base_rtt(&b) == 60200, "base RTT: idle windows keep the last minimum");
}

int main(void)
{
	unit_plan(31);
	test_diff_matches_paper();
	test_decisions();
	test_edges();
	test_slow_start_exit();
	test_loss();
	test_base_rtt();
	return unit_done();
}
