// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of include/kcong_vegas_compete.h: which queue is not
 * Vegas's own (HyStart++'s RttThresh above the base RTT), how many rounds
 * it must stand, the probe window (the pipe share less 1/16), what a probe
 * round's verdict does to the window and the competitive floor, and the
 * floor's Reno growth, and when a competing flow has the link to itself and
 * takes the delay it still sees for the path's.  Units: packets and
 * microseconds.
 */
#include "unit.h"
#include "kcong_vegas_compete.h"

static const struct kcong_vegas_params paper = { .alpha = 2, .beta = 4, .gamma = 1 };

static void test_foreign(void)
{
	unit_ok(!kcong_vegas_foreign_queue(41000, 40000),
		"40 ms path, 1 ms queue (Vegas's own 4 packets at 4 Mbit/s): own");
	unit_ok(!kcong_vegas_foreign_queue(44999, 40000) && kcong_vegas_foreign_queue(45000, 40000),
		"40 ms path: 5 ms (base / 8) is the line");
	unit_ok(kcong_vegas_foreign_queue(104000, 100000) == false &&
		kcong_vegas_foreign_queue(112500, 100000),
		"100 ms path: 12.5 ms is the line");
	unit_ok(kcong_vegas_foreign_queue(4000, 0) && !kcong_vegas_foreign_queue(3999, 0),
		"0 ms base: 4 ms is the line");
	unit_ok(!kcong_vegas_foreign_queue(U32_MAX, 40000) &&
		!kcong_vegas_foreign_queue(60000, U32_MAX),
		"no sample or no base RTT: not foreign");
}

static void test_standing(void)
{
	struct kcong_vegas_standing s = { 0 };
	bool fired = false;
	int i;

	for (i = 0; i < 3; i++)
		fired |= kcong_vegas_standing_round(&s, true, 200 - 20 * i);
	unit_ok(!fired && s.onset_cwnd == 200, "three rounds of queue: no probe yet, onset window 200 kept");
	unit_ok(kcong_vegas_standing_round(&s, true, 140) && s.onset_cwnd == 200,
		"fourth round of queue: probe; onset still the first round's window");
	kcong_vegas_standing_round(&s, false, 140);
	unit_ok(s.rounds == 0 && !kcong_vegas_standing_round(&s, true, 90) && s.onset_cwnd == 90,
		"a round without the queue starts the count again, with a new onset");
	for (i = 0; i < 300; i++)
		kcong_vegas_standing_round(&s, true, 90);
	unit_ok(s.rounds == 255 && kcong_vegas_standing_round(&s, true, 90),
		"the count saturates instead of wrapping to 0");
}

static void test_queue_gone(void)
{
	struct kcong_vegas_standing s = { 0 };
	bool gone = false;
	int i;

	for (i = 0; i < 3; i++)
		gone |= kcong_vegas_queue_gone(&s, false);
	unit_ok(!gone, "competing: three rounds without the queue do not end the mode");
	unit_ok(!kcong_vegas_queue_gone(&s, true) && s.calm == 0 &&
		!kcong_vegas_queue_gone(&s, false),
		"competing: the queue back (a competitor's dip) starts the count again");
	for (i = 0; i < 2; i++)
		kcong_vegas_queue_gone(&s, false);
	unit_ok(kcong_vegas_queue_gone(&s, false), "competing: the fourth round without it ends the mode");
	for (i = 0; i < 300; i++)
		kcong_vegas_queue_gone(&s, false);
	unit_ok(s.calm == 255 && kcong_vegas_queue_gone(&s, false), "competing: the count saturates");
}

static void test_probe_cwnd(void)
{
	/* 50 Mbit/s 40 ms, pipe 167: cwnd 334 at 80 ms is half queue. */
	unit_ok(kcong_vegas_probe_cwnd(334, 80000, 40000) == 167 - 20,
		"probe window: cwnd x base / RTT less cwnd / 16 (got %u)",
		kcong_vegas_probe_cwnd(334, 80000, 40000));
	unit_ok(kcong_vegas_probe_cwnd(170, 40600, 40000) == 167 - 10,
		"probe window near the pipe: the queue and 1/16 more (got %u)",
		kcong_vegas_probe_cwnd(170, 40600, 40000));
	unit_ok(kcong_vegas_probe_cwnd(100, 40000, 40000) == 94 &&
		kcong_vegas_probe_cwnd(100, U32_MAX, 40000) == 94 &&
		kcong_vegas_probe_cwnd(100, 0, 40000) == 94,
		"no queue, no sample or zero RTT: 1/16 less than cwnd");
	unit_ok(kcong_vegas_probe_cwnd(20, 400000, 40000) == 2 &&
		kcong_vegas_probe_cwnd(1, 400000, 40000) == 1,
		"never below 2 packets, nor above cwnd");
	unit_ok(kcong_vegas_probe_cwnd(U32_MAX, U32_MAX - 1, U32_MAX - 2) ==
		U32_MAX - 2 - (U32_MAX >> 4), "largest values: no overflow (got %u)",
		kcong_vegas_probe_cwnd(U32_MAX, U32_MAX - 1, U32_MAX - 2));
}

static void test_probe_done(void)
{
	u32 floor, w;

	floor = 0;
	w = kcong_vegas_probe_done(&paper, KCONG_VEGAS_WHY_STANDING, 120, 40, 180, 80000, 40000, &floor);
	unit_ok(floor == 180 && w == 180,
		"standing queue survives the probe: compete, floor = window at its onset (got %u, %u)",
		w, floor);
	floor = 0;
	w = kcong_vegas_probe_done(&paper, KCONG_VEGAS_WHY_STANDING, 200, 150, 180, 41000, 40000, &floor);
	unit_ok(floor == 0 && w == 150 + 200 / 16 + 2,
		"standing queue gone after the probe: own overshoot, pipe + alpha (got %u)", w);
	floor = 250;
	w = kcong_vegas_probe_done(&paper, KCONG_VEGAS_WHY_COMPETING, 260, 80, 0, 90000, 40000, &floor);
	unit_ok(floor == 250 && w == 260, "competing, queue still there: window kept (got %u)", w);
	floor = 250;
	w = kcong_vegas_probe_done(&paper, KCONG_VEGAS_WHY_COMPETING, 260, 150, 0, 40500, 40000, &floor);
	unit_ok(floor == 0 && w == 150 + 260 / 16 + 2,
		"competing, queue gone: competitor left, floor dropped, pipe + alpha (got %u)", w);
	floor = 0;
	w = kcong_vegas_probe_done(&paper, KCONG_VEGAS_WHY_BASE, 170, 157, 0, 40100, 40000, &floor);
	unit_ok(floor == 0 && w == 170, "routine base probe: the window it took comes back");
	floor = 0;
	w = kcong_vegas_probe_done(&paper, KCONG_VEGAS_WHY_BASE, 170, 157, 0, 60000, 40000, &floor);
	unit_ok(floor == 0 && w == 170,
		"routine base probe meeting a queue: no competing before the queue has stood");
	floor = 0;
	w = kcong_vegas_probe_done(&paper, KCONG_VEGAS_WHY_STANDING, 100, 50, 40, 60000, 40000, &floor);
	unit_ok(floor == 100 && w == 100, "onset below the window before the probe: floor from the larger");
	unit_ok(kcong_vegas_after_probe(&paper, 100, 99) == 100,
		"after a probe: never above the window before it");
}

static void test_floor(void)
{
	unit_ok(kcong_vegas_floor_grow(100, 1000, true, 168) == 104,
		"floor: +4 packets a round after a loss");
	unit_ok(kcong_vegas_floor_grow(100, 1000, false, 168) == 125 &&
		kcong_vegas_floor_grow(13, 1000, false, 168) == 17,
		"floor: a quarter more a round below the pipe before the first loss (at least 4)");
	unit_ok(kcong_vegas_floor_grow(175, 1000, false, 168) == 179,
		"floor: +4 from the pipe up (a longer path)");
	unit_ok(kcong_vegas_floor_grow(100, 1000, false, 0) == 125 &&
		kcong_vegas_floor_grow(100, 1000, true, 0) == 104,
		"floor: no pipe measured (never alone): a quarter until the first loss");
	unit_ok(kcong_vegas_floor_grow(1000, 1000, true, 0) == 1000 &&
		kcong_vegas_floor_grow(2000, 1000, true, 0) == 1000 &&
		kcong_vegas_floor_grow(997, 1000, true, 0) == 1000 &&
		kcong_vegas_floor_grow(0, 1, true, 0) == 1 &&
		kcong_vegas_floor_grow(900, 1000, false, 5000) == 1000,
		"floor: never above snd_cwnd_clamp");
	unit_ok(kcong_vegas_floor_grow(U32_MAX, U32_MAX, true, 0) == U32_MAX &&
		kcong_vegas_floor_grow(U32_MAX - 1, U32_MAX, false, U32_MAX) == U32_MAX,
		"floor: no overflow");
}

static void test_base_rotate(void)
{
	unit_ok(!kcong_vegas_base_may_rotate(9999, 50000, 10000, false) &&
		kcong_vegas_base_may_rotate(10000, 0, 10000, false),
		"alone: a new base window every window, losses or not");
	unit_ok(!kcong_vegas_base_may_rotate(30000, 3000, 10000, true),
		"competing, a loss 3 s ago: the base window stays");
	unit_ok(kcong_vegas_base_may_rotate(30000, 10000, 10000, true),
		"competing, no loss for a whole window: a new one (a longer path is learnt)");
}

static void test_link(void)
{
	struct kcong_vegas_base b = { .cur_min_us = 41000, .prev_min_us = 40000 };

	unit_ok(kcong_vegas_rate_pps(175, 42000) == 4166 && kcong_vegas_rate_pps(0, 42000) == 0 &&
		kcong_vegas_rate_pps(175, 0) == 0,
		"rate: 175 packets in 42 ms is 4166/s; none without packets or time");
	unit_ok(kcong_vegas_rate_pps(U32_MAX, 1) == U32_MAX, "rate: saturates, no overflow");
	unit_ok(kcong_vegas_has_link(3646, 4166) && !kcong_vegas_has_link(3644, 4166),
		"link: within 1/8 of the highest rate (3646 of 4166), not below");
	unit_ok(!kcong_vegas_has_link(1500, 4166),
		"link: a third of the highest (a CUBIC neighbour's share) is not the link");
	unit_ok(!kcong_vegas_has_link(0, 0) && !kcong_vegas_has_link(5, 0),
		"link: no highest rate yet, no verdict");
	unit_ok(kcong_vegas_link_pps(3900, 4120, true, 0) == 4120 &&
		kcong_vegas_link_pps(4120, 3900, true, 0) == 4120,
		"link: a round the flow kept busy alone raises the highest, never lowers it");
	unit_ok(kcong_vegas_link_pps(991, 1076, false, 0) == 991,
		"link: a round without its own queue or beside a competitor (its share) does not count");
	unit_ok(kcong_vegas_link_pps(550, 513, true, 4346) == 3260 &&
		!kcong_vegas_has_link(513, kcong_vegas_link_pps(550, 513, true, 4346)),
		"link: 550/s measured beside CUBIC, trains 4346/s: 513/s is a share, not the link");
	unit_ok(kcong_vegas_has_link(4120, kcong_vegas_link_pps(0, 4120, true, 5275)),
		"link: trains 28%% above a 4128/s link still let 4120/s have it");
	unit_ok(!kcong_vegas_rebase(&b, KCONG_VEGAS_WHY_COMPETING, false, 53000) &&
		kcong_vegas_base_rtt(&b) == 40000,
		"rebase: not after a competing probe (a competitor's queue stays foreign)");
	unit_ok(!kcong_vegas_rebase(&b, KCONG_VEGAS_WHY_LINK, false, 42000) &&
		kcong_vegas_base_rtt(&b) == 40000,
		"rebase: not when the link probe found the queue gone");
	unit_ok(!kcong_vegas_rebase(&b, KCONG_VEGAS_WHY_LINK, true, 107000) &&
		kcong_vegas_base_rtt(&b) == 40000,
		"rebase: not after a loss while competing (a loss-based neighbour's queue)");
	unit_ok(kcong_vegas_rebase(&b, KCONG_VEGAS_WHY_LINK, false, 53000) &&
		b.cur_min_us == 53000 && b.prev_min_us == 53000,
		"rebase: a path 13 ms longer with the link to itself: the new base in both windows");
	unit_ok(!kcong_vegas_foreign_queue(53000, kcong_vegas_base_rtt(&b)),
		"rebase: that delay is then no longer a foreign queue");
}

int main(void)
{
	unit_plan(49);
	test_link();
	test_base_rotate();
	test_foreign();
	test_standing();
	test_queue_gone();
	test_probe_cwnd();
	test_probe_done();
	test_floor();
	return unit_done();
}
