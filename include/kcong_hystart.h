/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kcong_hystart.h - the delay-increase test of HyStart++ (P. Balasubramanian,
 * Y. Huang, M. Olson, "HyStart++: Modified Slow Start for TCP", RFC 9406,
 * May 2023, section 4.2), in microseconds, with no kernel state.  Used by
 * tcp_kcong_vegas.ko to end slow start, and by the host unit tests.
 *
 * Per round trip the sender keeps the smallest RTT sample of the round and
 * of the round before.  Once a round has N_RTT_SAMPLE samples, a round
 * minimum at least RttThresh = clamp(lastRoundMinRTT / 8, 4 ms, 16 ms)
 * above the previous round's says that a queue has outlived a round:
 * the window has passed the pipe.  Only the first samples of a round can
 * show it (the running minimum only falls): they are the packets sent first
 * in the round before, which meet the queue that round left behind and not
 * the queue the burst of their own round builds.  The 4 ms floor keeps
 * scheduling jitter (a packet or two at these rates) from ending slow start
 * early.
 */
#ifndef _KCONG_HYSTART_H
#define _KCONG_HYSTART_H

#include "kcong_types.h"

#define KCONG_HYSTART_MIN_SAMPLES	8	/* N_RTT_SAMPLE */
#define KCONG_HYSTART_MIN_THRESH_US	4000	/* MIN_RTT_THRESH */
#define KCONG_HYSTART_MAX_THRESH_US	16000	/* MAX_RTT_THRESH */
#define KCONG_HYSTART_DIVISOR		8	/* MIN_RTT_DIVISOR */

/* RttThresh for a round whose predecessor's minimum was @last_min_us. */
static inline u32 kcong_hystart_thresh_us(u32 last_min_us)
{
	return clamp_t(u32, last_min_us / KCONG_HYSTART_DIVISOR,
		       KCONG_HYSTART_MIN_THRESH_US, KCONG_HYSTART_MAX_THRESH_US);
}

/*
 * Has the RTT risen by RttThresh since the last round?  @round_min_us is
 * the minimum of the @samples RTT samples of this round so far,
 * @last_min_us the previous round's; U32_MAX means "no sample".
 */
static inline bool kcong_hystart_delay_up(u32 last_min_us, u32 round_min_us,
					  u32 samples)
{
	if (samples < KCONG_HYSTART_MIN_SAMPLES || last_min_us == U32_MAX ||
	    round_min_us == U32_MAX)
		return false;
	return (u64)round_min_us >= (u64)last_min_us + kcong_hystart_thresh_us(last_min_us);
}

#endif /* _KCONG_HYSTART_H */
