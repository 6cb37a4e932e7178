// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of include/kcong_bic.h against Xu, Harfoush & Rhee 2004:
 * the increment sequence of the binary search toward Wmax and its clamp at
 * Smax (additive increase), max probing as its mirror image, Reno below
 * low_window, the multiplicative decrease and fast convergence, and zero
 * and overflow edge cases.  The window is simulated one round trip at a
 * time, in 1/100 packet.
 */
#include "unit.h"
#include "kcong_bic.h"

static const struct kcong_bic_params def = {
	.smax = 32, .smin = 20, .low_window = 14, .beta = 819, .fast_convergence = true,
};

static void test_search_toward_wmax(void)
{
	u32 wmax = 1000, cwnd = 800, x100 = cwnd * 100, rtt = 0, inc;
	int clamp_ok = 1, halving_ok = 1, below_ok = 1, additive_rtts = 0;

	/* Far from Wmax: +Smax per round trip (additive increase). */
	while (cwnd < wmax && rtt < 200) {
		inc = kcong_bic_increment(&def, cwnd, wmax);
		if (inc > def.smax * 100)
			clamp_ok = 0;
		if ((wmax - cwnd) * 100 / 2 > def.smax * 100) {
			if (inc != def.smax * 100)
				clamp_ok = 0;
			additive_rtts++;
		} else if (inc != max_t(u32, (wmax - cwnd) * 100 / 2, def.smin)) {
			halving_ok = 0;	/* binary search: half the distance */
		}
		x100 += inc;
		cwnd = x100 / 100;
		if (cwnd > wmax)
			below_ok = 0;
		rtt++;
	}
	unit_ok(clamp_ok && additive_rtts == 5,
		"800 -> Wmax 1000: +Smax (32) per RTT while the midpoint is further (%d RTTs)",
		additive_rtts);
	unit_ok(halving_ok, "then each RTT adds half the distance to Wmax");
	unit_ok(below_ok, "the search never passes Wmax");
	unit_ok(cwnd == wmax && rtt <= 5 + 7 + 2,
		"Wmax reached in %u RTTs (additive 5 + log2(64) + rounding)", rtt);
}

static void test_max_probing(void)
{
	u32 wmax = 1000;

	unit_ok(kcong_bic_increment(&def, 1000, wmax) == def.smin,
		"at Wmax: Smin per RTT (the plateau)");
	unit_ok(kcong_bic_increment(&def, 1001, wmax) == 100 &&
		kcong_bic_increment(&def, 1002, wmax) == 200 &&
		kcong_bic_increment(&def, 1004, wmax) == 400 &&
		kcong_bic_increment(&def, 1016, wmax) == 1600,
		"past Wmax: the distance doubles each RTT (1, 2, 4, ... 16)");
	unit_ok(kcong_bic_increment(&def, 1032, wmax) == 3200 &&
		kcong_bic_increment(&def, 5000, wmax) == 3200,
		"past Wmax + Smax: +Smax per RTT");
	unit_ok(kcong_bic_increment(&def, 500, 0) == 3200,
		"no loss yet (Wmax 0): +Smax per RTT");
}

static void test_low_window_and_cnt(void)
{
	unit_ok(kcong_bic_increment(&def, 14, 1000) == 100 &&
		kcong_bic_cnt(&def, 14, 1000) == 14,
		"at low_window: Reno, +1 per RTT (cnt = cwnd)");
	unit_ok(kcong_bic_cnt(&def, 1000, 0) == 31,
		"cnt = cwnd / increment: 1000 / 32 = 31 ACKed packets per +1");
	unit_ok(kcong_bic_cnt(&def, 1000, 1000) == 5000,
		"cnt at the plateau: 1000 / 0.2 = 5000");
	unit_ok(kcong_bic_cnt(&def, 15, 0) == 1,
		"cnt never below 1 (increment larger than the window)");
}

static void test_decrease(void)
{
	unit_ok(kcong_bic_loss_ssthresh(&def, 1000) == 799, "loss at 1000: window x 819/1024 = 799");
	unit_ok(kcong_bic_loss_ssthresh(&def, 14) == 7, "loss at low_window: Reno's half");
	unit_ok(kcong_bic_loss_ssthresh(&def, 2) == 2 && kcong_bic_loss_ssthresh(&def, 0) == 2,
		"loss: never below 2 packets");
	unit_ok(kcong_bic_loss_wmax(&def, 1000, 900) == 1000, "loss above the old Wmax: Wmax = cwnd");
	unit_ok(kcong_bic_loss_wmax(&def, 900, 1000) == 809,
		"fast convergence: loss below the old Wmax: Wmax = cwnd x (1 + beta) / 2 = 809");
}

static void test_edges(void)
{
	struct kcong_bic_params p = def;

	p.fast_convergence = false;
	unit_ok(kcong_bic_loss_wmax(&p, 900, 1000) == 900, "without fast convergence: Wmax = cwnd");
	p.smin = 0;
	p.smax = 0;
	unit_ok(kcong_bic_increment(&p, 1000, 1000) >= 1 && kcong_bic_cnt(&p, 1000, 1000) >= 1,
		"Smin = Smax = 0: increment still at least 1/100 (no division by zero)");
	p = def;
	p.smax = 4;
	p.smin = 5000;
	unit_ok(kcong_bic_increment(&p, 1000, 1000) == 400 &&
		kcong_bic_increment(&p, 990, 1000) == 400 &&
		kcong_bic_increment(&p, 500, 1000) == 400,
		"Smin above Smax: every step is Smax, at Wmax, near it and far below (%u)",
		kcong_bic_increment(&p, 1000, 1000));
	p = def;
	p.smax = 65536;
	unit_ok(kcong_bic_cnt(&p, U32_MAX, 0) == (u32)((u64)U32_MAX * 100 / (65536ULL * 100)),
		"largest window and Smax: no overflow");
	unit_ok(kcong_bic_cnt(&def, U32_MAX, U32_MAX) == U32_MAX,
		"largest window at the plateau: cnt saturates at U32_MAX");
	unit_ok(kcong_bic_loss_ssthresh(&def, U32_MAX) == (u32)((u64)U32_MAX * 819 / 1024) &&
		kcong_bic_loss_wmax(&def, U32_MAX - 1, U32_MAX) ==
		(u32)((u64)(U32_MAX - 1) * (1024 + 819) / 2048),
		"largest windows: decrease and fast convergence in 64 bits");
}

int main(void)
{
	unit_plan(23);
	test_search_toward_wmax();
	test_max_probing();
	test_low_window_and_cnt();
	test_decrease();
	test_edges();
	return unit_done();
}
