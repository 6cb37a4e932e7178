// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of include/kcong_hystart.h against RFC 9406 section 4.2:
 * RttThresh = clamp(lastRoundMinRTT / 8, 4 ms, 16 ms), the rise is only
 * judged after N_RTT_SAMPLE = 8 samples of the round, and "no sample yet"
 * never ends slow start.
 */
#include "unit.h"
#include "kcong_hystart.h"

static void test_thresh(void)
{
	unit_ok(kcong_hystart_thresh_us(40000) == 5000, "RttThresh at 40 ms: 5 ms (40 / 8)");
	unit_ok(kcong_hystart_thresh_us(100000) == 12500, "RttThresh at 100 ms: 12.5 ms");
	unit_ok(kcong_hystart_thresh_us(10000) == 4000 && kcong_hystart_thresh_us(0) == 4000,
		"RttThresh never below 4 ms (10 ms and 0 ms paths)");
	unit_ok(kcong_hystart_thresh_us(200000) == 16000 &&
		kcong_hystart_thresh_us(U32_MAX) == 16000,
		"RttThresh never above 16 ms (200 ms path, largest value)");
}

static void test_delay_up(void)
{
	unit_ok(kcong_hystart_delay_up(40000, 45000, 8), "40 -> 45 ms after 8 samples: rise");
	unit_ok(!kcong_hystart_delay_up(40000, 44999, 8), "40 -> 44.999 ms: no rise");
	unit_ok(!kcong_hystart_delay_up(40000, 60000, 7), "7 samples: not judged yet");
	unit_ok(kcong_hystart_delay_up(100000, 112500, 100) &&
		!kcong_hystart_delay_up(100000, 112499, 100), "100 ms path: 12.5 ms is the rise");
	unit_ok(!kcong_hystart_delay_up(U32_MAX, 60000, 8) &&
		!kcong_hystart_delay_up(40000, U32_MAX, 8),
		"no previous round or no sample in this one: no rise");
	unit_ok(!kcong_hystart_delay_up(U32_MAX - 1, U32_MAX - 1, 8) &&
		kcong_hystart_delay_up(U32_MAX - 20000, U32_MAX - 1, 8),
		"largest RTTs: the sum does not wrap");
	unit_ok(!kcong_hystart_delay_up(45000, 40000, 8), "a falling RTT is no rise");
}

int main(void)
{
	unit_plan(11);
	test_thresh();
	test_delay_up();
	return unit_done();
}
