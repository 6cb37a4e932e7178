/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kcong_westwood.h - the bandwidth estimate of Westwood+ (Grieco & Mascolo,
 * ACM CCR 34(2), 2004; Mascolo et al., MobiCom 2001) and the slow-start
 * threshold it yields, with no kernel state.  Used by tcp_kcong_westwood.ko
 * and by the host unit tests.
 *
 * Once per round trip the sender measures b_k = data delivered / time, and
 * smooths it with a first-order low-pass filter,
 *
 *	BWE_k = a x BWE_(k-1) + (1 - a) x b_k,
 *
 * with a in 1/1024 (the first sample fills the filter).  After a loss the
 * window is set to the pipe the path was seen to carry: BWE x RTTmin / MSS.
 */
#ifndef _KCONG_WESTWOOD_H
#define _KCONG_WESTWOOD_H

#include "kcong_types.h"

#define KCONG_WESTWOOD_GAIN_SCALE	1024U
#define KCONG_WESTWOOD_USEC_PER_SEC	1000000U
#define KCONG_WESTWOOD_MIN_CWND		2U

/* One bandwidth sample, bytes per second; 0 for a zero interval. */
static inline u64 kcong_westwood_sample(u64 bytes, u64 interval_us)
{
	if (!interval_us)
		return 0;
	return div64_u64(bytes * KCONG_WESTWOOD_USEC_PER_SEC, interval_us);
}

/* The filter step; @gain (a) in 1/1024, 0..1023.  An empty filter takes
 * the first sample as it is.
 */
static inline u64 kcong_westwood_filter(u64 bwe, u64 sample, u32 gain)
{
	if (!bwe)
		return sample;
	gain = min_t(u32, gain, KCONG_WESTWOOD_GAIN_SCALE - 1);
	return (bwe * gain + sample * (KCONG_WESTWOOD_GAIN_SCALE - gain)) /
	       KCONG_WESTWOOD_GAIN_SCALE;
}

/* BWE (bytes/s) x RTTmin (us) / MSS (bytes), in packets, saturating. */
static inline u64 kcong_westwood_pipe(u64 bwe, u32 rtt_min_us, u32 mss)
{
	if (!mss)
		return 0;
	return div_u64(div_u64(bwe, mss) * rtt_min_us,
		       KCONG_WESTWOOD_USEC_PER_SEC);
}

/*
 * ssthresh after a loss at @cwnd: the pipe, but never below half the
 * window (Reno's cut; the filtered estimate lags a growing window) and never
 * above the window itself.  Without an estimate (no bandwidth or RTT sample
 * yet: @rtt_min_us is 0 or U32_MAX) it is Reno's half.
 */
static inline u32 kcong_westwood_loss_ssthresh(u64 bwe, u32 rtt_min_us,
					       u32 mss, u32 cwnd)
{
	u32 floor = max_t(u32, cwnd / 2, KCONG_WESTWOOD_MIN_CWND);
	u64 pipe;

	if (!bwe || !rtt_min_us || rtt_min_us == U32_MAX)
		return floor;
	pipe = kcong_westwood_pipe(bwe, rtt_min_us, mss);
	return (u32)clamp_t(u64, pipe, floor, max_t(u32, cwnd, floor));
}

#endif /* _KCONG_WESTWOOD_H */
