// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of include/kcong_vegas.h against Brakmo & Peterson 1995:
 * Diff = (Expected - Actual) x BaseRTT = cwnd x (RTT - BaseRTT) / RTT, the
 * alpha/beta decisions at and around their boundaries, the slow-start exit
 * (HyStart++'s delay rise with Diff above gamma) and its window, the steps
 * (Copa's doubling below alpha, FAST's whole excess above beta), the 3/4
 * cut on loss, the windowed base RTT, and zero and overflow edge cases.
 * kcong_hystart.h and kcong_vegas_compete.h have test_hystart.c and
 * test_vegas_compete.c.
 */
#include "unit.h"
#include "kcong_vegas.h"

#define SHIFT KCONG_VEGAS_DIFF_SHIFT

/* The decision for @cwnd at RTT @rtt over @base. */
static enum kcong_vegas_action decide(u32 cwnd, u32 rtt, u32 base)
{
	static const struct kcong_vegas_params p = { .alpha = 2, .beta = 4, .gamma = 1 };

	return kcong_vegas_decide(&p, kcong_vegas_diff(cwnd, rtt, base));
}

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

	unit_ok(decide(cwnd, base, base) == KCONG_VEGAS_GROW, "no queue: grow");
	unit_ok(decide(cwnd, rtt_for_queue(cwnd, base, 1, false), base) == KCONG_VEGAS_GROW,
		"1 packet queued (< alpha): grow");
	unit_ok(decide(cwnd, rtt_for_queue(cwnd, base, 2, true), base) == KCONG_VEGAS_HOLD,
		"alpha packets queued (just above): hold");
	unit_ok(decide(cwnd, rtt_for_queue(cwnd, base, 3, false), base) == KCONG_VEGAS_HOLD,
		"3 packets queued: hold");
	unit_ok(decide(cwnd, rtt_for_queue(cwnd, base, 4, false), base) == KCONG_VEGAS_HOLD,
		"beta packets queued (just below): hold");
	unit_ok(decide(cwnd, rtt_for_queue(cwnd, base, 5, true), base) == KCONG_VEGAS_SHRINK,
		"5 packets queued (> beta): shrink");
}

/*
 * Slow start ends on HyStart++'s rise (clamp(last / 8, 4, 16 ms) after 8
 * samples) with more than gamma packets queued, and not on either alone.
 */
static void test_slow_start_done(void)
{
	u32 base = 40000, last = 40000;

	static const struct kcong_vegas_params gamma2 = { .alpha = 2, .beta = 4, .gamma = 2 };

	unit_ok(!kcong_vegas_ss_done(&paper, 100, last, 44900, 8, base),
		"slow start: a 4.9 ms rise (10.9 packets queued) is below RttThresh: go on");
	unit_ok(kcong_vegas_ss_done(&paper, 100, last, 45000, 8, base),
		"slow start: 5 ms rise, 11 packets queued: done");
	unit_ok(!kcong_vegas_ss_done(&paper, 100, last, 45000, 7, base),
		"slow start: 5 ms rise seen in 7 samples: not yet");
	unit_ok(!kcong_vegas_ss_done(&paper, 100, 45000, 46000, 8, base),
		"slow start: queue of 13 packets, but only 1 ms more than last round: go on");
	unit_ok(!kcong_vegas_ss_done(&gamma2, 10, last, 45000, 8, base) &&
		kcong_vegas_ss_done(&gamma2, 10, last, 60000, 8, base),
		"slow start, gamma 2, cwnd 10: a 5 ms rise queues 1.1 packets: go on; 20 ms, 3.3: done");
	unit_ok(!kcong_vegas_ss_done(&paper, 100, U32_MAX, 60000, 8, base) &&
		!kcong_vegas_ss_done(&paper, 100, last, U32_MAX, 8, base),
		"slow start: no previous round, or no sample: go on");
}

/* Below alpha: 1, 1, then 2, 4, 8... at most a quarter of the window. */
static void test_grow_step(void)
{
	static const u32 want[] = { 1, 1, 1, 2, 4, 8, 16, 32, 64, 128, 250, 250 };
	unsigned int r;
	int ok = 1;

	for (r = 0; r < sizeof(want) / sizeof(want[0]); r++)
		if (kcong_vegas_grow_step(r, 1000) != want[r]) {
			unit_diag("round %u: step %u, want %u", r, kcong_vegas_grow_step(r, 1000), want[r]);
			ok = 0;
		}
	unit_ok(ok, "grow step at cwnd 1000: 1 for two rounds, then doubling up to cwnd / 4");
	unit_ok(kcong_vegas_grow_step(40, 1000) == 250 && kcong_vegas_grow_step(255, 1000) == 250 &&
		kcong_vegas_grow_step(255, U32_MAX) == U32_MAX / 4,
		"grow step: a long run of rounds neither overflows nor passes cwnd / 4");
	unit_ok(kcong_vegas_grow_step(10, 3) == 1 && kcong_vegas_grow_step(10, 0) == 1,
		"grow step: at least one packet, also for tiny windows");
}

/* Above beta: the excess over (alpha + beta) / 2 = 3 packets, in one step. */
static void test_shrink(void)
{
	u32 base = 40000;
	u64 d;

	d = kcong_vegas_diff(200, 50000, base);	/* 40 packets */
	unit_ok(kcong_vegas_shrink(&paper, 200, d, false) == 163,
		"shrink: 40 packets queued, target 3: 37 less (got %u)", kcong_vegas_shrink(&paper, 200, d, false));
	d = kcong_vegas_diff(200, rtt_for_queue(200, base, 5, true), base);
	unit_ok(kcong_vegas_shrink(&paper, 200, d, false) == 198,
		"shrink: 5 packets queued: 2 packets less (got %u)",
		kcong_vegas_shrink(&paper, 200, d, false));
	unit_ok(kcong_vegas_shrink(&paper, 200, (u64)1000 << SHIFT, false) == 100,
		"shrink: at most half the window in one round");
	unit_ok(kcong_vegas_shrink(&paper, 200, (u64)1000 << SHIFT, true) == 175 &&
		kcong_vegas_shrink(&paper, 200, d, true) == 198,
		"shrink, a queue Vegas would not keep: at most an eighth in one round");
	unit_ok(kcong_vegas_shrink(&paper, 3, (u64)1000 << SHIFT, false) == 2 &&
		kcong_vegas_shrink(&paper, 2, (u64)1000 << SHIFT, false) == 2 &&
		kcong_vegas_shrink(&paper, 0, (u64)1000 << SHIFT, false) == 2,
		"shrink: never below 2 packets (so ssthresh never reaches 1)");
	unit_ok(kcong_vegas_shrink(&paper, 100, (u64)2 << SHIFT, false) == 99,
		"shrink: called at or under the target still takes one packet");
	unit_ok(kcong_vegas_shrink(&paper, U32_MAX, kcong_vegas_diff(U32_MAX, U32_MAX, 1), false) ==
		U32_MAX - U32_MAX / 2, "shrink: largest window and queue do not overflow");
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
	unit_ok(decide(U32_MAX, U32_MAX, 1) == KCONG_VEGAS_SHRINK,
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

/* Three samples judge a round; fewer when the window cannot give three. */
static void test_enough_samples(void)
{
	unit_ok(!kcong_vegas_enough_samples(2, 100) && kcong_vegas_enough_samples(3, 100),
		"cwnd 100: three samples needed");
	unit_ok(!kcong_vegas_enough_samples(2, 6) && kcong_vegas_enough_samples(3, 6),
		"cwnd 6 (three delayed ACKs): three samples needed");
	unit_ok(kcong_vegas_enough_samples(2, 5) && !kcong_vegas_enough_samples(1, 5),
		"cwnd 5: two samples");
	unit_ok(kcong_vegas_enough_samples(1, 2) && kcong_vegas_enough_samples(1, 1) &&
		kcong_vegas_enough_samples(1, 0) && !kcong_vegas_enough_samples(0, 2),
		"cwnd 2 or less: one sample, never none");
}

/* The ACK trains' pipe plus alpha ends slow start; no estimate never does. */
static void test_slow_start_at_pipe(void)
{
	unit_ok(!kcong_vegas_ss_at_pipe(&paper, 168, 167) && kcong_vegas_ss_at_pipe(&paper, 169, 167),
		"pipe 167, alpha 2: slow start goes on at 168, ends at 169");
	unit_ok(!kcong_vegas_ss_at_pipe(&paper, U32_MAX, 0), "no pipe estimate: go on");
	unit_ok(!kcong_vegas_ss_at_pipe(&paper, U32_MAX - 1, U32_MAX - 2),
		"largest pipe: pipe + alpha does not wrap");
}

static void test_at_rate(void)
{
	struct kcong_vegas_params q;
	u64 diff;

	q = kcong_vegas_at_rate(&paper, 250, 41000, 1000);
	unit_ok(q.alpha == 3 && q.beta == 6 && q.gamma == 1,
		"at rate: 250 packets in 41 ms, 1 ms is 6 packets: alpha 3, beta 6");
	diff = kcong_vegas_diff(250, 41000, 40300);
	unit_ok(kcong_vegas_decide(&paper, diff) == KCONG_VEGAS_SHRINK &&
		kcong_vegas_decide(&q, diff) == KCONG_VEGAS_HOLD,
		"at rate: 0.7 ms over the base at 100 Mbit/s shrinks in packets, holds in time");
	q = kcong_vegas_at_rate(&paper, 170, 41000, 1000);
	unit_ok(q.alpha == 2 && q.beta == 4,
		"at rate: 50 Mbit/s (170 packets in 41 ms) keeps alpha and beta as they are");
	q = kcong_vegas_at_rate(&paper, 250, 41000, 0);
	unit_ok(q.alpha == 2 && q.beta == 4, "at rate: queue_us 0 is packets only");
	q = kcong_vegas_at_rate(&paper, 250, U32_MAX, 1000);
	unit_ok(q.alpha == 2 && q.beta == 4, "at rate: no RTT sample, no change");
	q = kcong_vegas_at_rate(&paper, U32_MAX, 1, 100000);
	unit_ok(q.beta == U32_MAX && q.alpha == U32_MAX, "at rate: saturates, no overflow");
}

int main(void)
{
	unit_plan(57);
	test_slow_start_at_pipe();
	test_at_rate();
	test_enough_samples();
	test_diff_matches_paper();
	test_decisions();
	test_edges();
	test_slow_start_done();
	test_slow_start_exit();
	test_grow_step();
	test_shrink();
	test_loss();
	test_base_rtt();
	return unit_done();
}
