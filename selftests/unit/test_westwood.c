// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of include/kcong_westwood.h against Westwood+ (Grieco &
 * Mascolo 2004): bandwidth samples, the low-pass filter converging to a
 * constant delivery rate, the ssthresh BWE x RTTmin / MSS it yields, and
 * zero and overflow edge cases.
 */
#include <math.h>

#include "unit.h"
#include "kcong_westwood.h"

#define MSS	1448U
#define GAIN	922U	/* 0.9 */

static void test_sample(void)
{
	unit_ok(kcong_westwood_sample(100 * MSS, 40000) == 3620000,
		"100 packets of 1448 bytes in 40 ms = 3 620 000 bytes/s");
	unit_ok(kcong_westwood_sample(100 * MSS, 0) == 0, "zero interval: no sample, no division");
	unit_ok(kcong_westwood_sample(0, 40000) == 0, "nothing delivered: zero bandwidth");
	unit_ok(kcong_westwood_sample((u64)U32_MAX * 65535, 1) ==
		(u64)U32_MAX * 65535 * 1000000, "largest delivery (u32 packets x MSS) in 1 us: no overflow");
}

static void test_filter(void)
{
	u64 rate = 6250000, bwe = kcong_westwood_filter(0, 1000000, GAIN);
	double err0, err;
	int k, monotone = 1;
	u64 prev;

	unit_ok(bwe == 1000000, "an empty filter takes the first sample");
	err0 = (double)(rate - bwe);
	for (k = 1; k <= 60; k++) {
		prev = bwe;
		bwe = kcong_westwood_filter(bwe, rate, GAIN);
		if (bwe < prev || bwe > rate)
			monotone = 0;
		if (k == 10) {
			err = (double)(rate - bwe);
			unit_ok(fabs(err / err0 - pow(GAIN / 1024.0, 10)) < 0.01,
				"after 10 samples the error is a^10 of the first (%.3f vs %.3f)",
				err / err0, pow(GAIN / 1024.0, 10));
		}
	}
	unit_ok(monotone, "constant delivery rate: the estimate rises monotonically, never past it");
	unit_ok(bwe > rate - rate / 100, "within 1%% of 50 Mbit/s after 60 samples (%llu bytes/s)",
		(unsigned long long)bwe);
	unit_ok(kcong_westwood_filter(rate, rate, GAIN) == rate, "a converged filter stays put");
	unit_ok(kcong_westwood_filter(rate, 0, 0) == 0 && kcong_westwood_filter(rate, 7, 5000) > 7,
		"gain 0: the sample alone; gain over the scale is clamped below 1");
	unit_ok(kcong_westwood_filter(1000000000000000ULL, 1000000000000000ULL, GAIN) ==
		1000000000000000ULL, "8 Pbit/s: no overflow in the filter");
}

static void test_ssthresh(void)
{
	/* 50 Mbit/s = 6 250 000 bytes/s, RTTmin 40 ms: 172.6 packets. */
	u64 bwe = 6250000;

	unit_ok(kcong_westwood_pipe(bwe, 40000, MSS) == 172, "pipe = BWE x RTTmin / MSS = 172 packets");
	unit_ok(kcong_westwood_loss_ssthresh(bwe, 40000, MSS, 300) == 172,
		"loss with a 128-packet queue: ssthresh = pipe (Reno: 150)");
	unit_ok(kcong_westwood_loss_ssthresh(bwe, 40000, MSS, 180) == 172,
		"random loss with no queue: window kept at the pipe (Reno: 90)");
	unit_ok(kcong_westwood_loss_ssthresh(bwe, 40000, MSS, 150) == 150,
		"estimate above the window: ssthresh = cwnd, never more");
	unit_ok(kcong_westwood_loss_ssthresh(bwe, 40000, MSS, 400) == 200,
		"deep queue: never below Reno's half");
	unit_ok(kcong_westwood_loss_ssthresh(0, 40000, MSS, 300) == 150,
		"no bandwidth estimate yet: Reno's half");
	unit_ok(kcong_westwood_loss_ssthresh(bwe, 0, MSS, 300) == 150 &&
		kcong_westwood_loss_ssthresh(bwe, U32_MAX, MSS, 300) == 150,
		"no RTT sample (0 or none): Reno's half");
	unit_ok(kcong_westwood_loss_ssthresh(bwe, 40000, 0, 300) == 150, "zero MSS: no division by zero");
	unit_ok(kcong_westwood_loss_ssthresh(bwe, 40000, MSS, 1) == 2 &&
		kcong_westwood_loss_ssthresh(bwe, 40000, MSS, 0) == 2, "never below 2 packets");
	unit_ok(kcong_westwood_loss_ssthresh(12500000000ULL, U32_MAX - 1, 536, U32_MAX) == U32_MAX &&
		kcong_westwood_pipe(12500000000ULL, U32_MAX - 1, 536) ==
		(12500000000ULL / 536) * (U32_MAX - 1ULL) / 1000000,
		"100 Gbit/s, RTTmin 71 minutes, MSS 536: no overflow");
}

int main(void)
{
	unit_plan(21);
	test_sample();
	test_filter();
	test_ssthresh();
	return unit_done();
}
