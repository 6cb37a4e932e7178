/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kcong_vegas.h - the per-round-trip decision of Vegas (Brakmo & Peterson,
 * IEEE JSAC 13(8), 1995), in packets and microseconds, with no kernel state.
 * Used by tcp_kcong_vegas.ko and by the host unit tests.
 *
 * The paper compares the rate the window would give on an empty path,
 * Expected = cwnd / BaseRTT, with the rate it gets, Actual = cwnd / RTT, and
 * expresses the difference as packets queued in the network:
 *
 *	Diff = (Expected - Actual) x BaseRTT = cwnd x (RTT - BaseRTT) / RTT
 *
 * Congestion avoidance keeps Diff between alpha and beta (+1 packet per
 * round trip below alpha, -1 above beta); slow start ends once Diff exceeds
 * gamma.  Diff is kept in 1/256 packet so that a fraction of a packet is not
 * lost to integer truncation when it is compared with the thresholds.
 */
#ifndef _KCONG_VEGAS_H
#define _KCONG_VEGAS_H

#include "kcong_types.h"

#define KCONG_VEGAS_DIFF_SHIFT	8
/* Never fewer than two packets in flight, as Linux's own algorithms. */
#define KCONG_VEGAS_MIN_CWND	2U

struct kcong_vegas_params {
	u32 alpha;	/* fewest packets to keep queued, >= 1 */
	u32 beta;	/* most packets to keep queued, >= alpha */
	u32 gamma;	/* queued packets that end slow start, >= 1 */
};

enum kcong_vegas_action {
	KCONG_VEGAS_HOLD,	/* between alpha and beta: keep the window */
	KCONG_VEGAS_GROW,	/* below alpha (or slow start below gamma) */
	KCONG_VEGAS_SHRINK,	/* above beta */
	KCONG_VEGAS_END_SS,	/* slow start overshot gamma: leave it */
};

/*
 * Diff in 1/256 packet.  An RTT at or below BaseRTT (BaseRTT is the smallest
 * RTT seen, so only a path change does this) and a zero RTT mean no queue.
 */
static inline u64 kcong_vegas_diff(u32 cwnd, u32 rtt_us, u32 base_rtt_us)
{
	u64 num;

	if (!rtt_us || rtt_us <= base_rtt_us)
		return 0;
	num = (u64)cwnd * (rtt_us - base_rtt_us);
	/* Shifting would overflow: the fraction of a packet no longer matters. */
	if (num >> (64 - KCONG_VEGAS_DIFF_SHIFT))
		return div_u64(num, rtt_us) << KCONG_VEGAS_DIFF_SHIFT;
	return div_u64(num << KCONG_VEGAS_DIFF_SHIFT, rtt_us);
}

static inline enum kcong_vegas_action
kcong_vegas_decide(const struct kcong_vegas_params *p, u32 cwnd, u32 rtt_us,
		   u32 base_rtt_us, bool slow_start)
{
	u64 diff = kcong_vegas_diff(cwnd, rtt_us, base_rtt_us);

	if (slow_start)
		return diff > ((u64)p->gamma << KCONG_VEGAS_DIFF_SHIFT) ?
			KCONG_VEGAS_END_SS : KCONG_VEGAS_GROW;
	if (diff < ((u64)p->alpha << KCONG_VEGAS_DIFF_SHIFT))
		return KCONG_VEGAS_GROW;
	if (diff > ((u64)p->beta << KCONG_VEGAS_DIFF_SHIFT))
		return KCONG_VEGAS_SHRINK;
	return KCONG_VEGAS_HOLD;
}

/*
 * The window that leaves slow start: the path's pipe, estimated from the
 * delivery rate of the last round (@delivered packets in @interval_us) times
 * BaseRTT, plus alpha packets of queue; never more than the current window.
 * Without a rate sample (or with a zero interval) fall back to the paper's
 * cwnd x BaseRTT / RTT, i.e. Expected x BaseRTT with Actual as the rate.
 */
static inline u32 kcong_vegas_ss_exit_cwnd(const struct kcong_vegas_params *p,
					   u32 cwnd, u32 delivered,
					   u32 interval_us, u32 rtt_us,
					   u32 base_rtt_us)
{
	u64 pipe;

	if (delivered && interval_us)
		pipe = div_u64((u64)delivered * base_rtt_us, interval_us);
	else if (rtt_us)
		pipe = div_u64((u64)cwnd * base_rtt_us, rtt_us);
	else
		return cwnd;
	pipe += p->alpha;
	return (u32)clamp_t(u64, pipe, KCONG_VEGAS_MIN_CWND,
			    max_t(u32, cwnd, KCONG_VEGAS_MIN_CWND));
}

/* One packet less above beta, never below the smallest window. */
static inline u32 kcong_vegas_shrink(u32 cwnd)
{
	return max_t(u32, cwnd, KCONG_VEGAS_MIN_CWND + 1) - 1;
}

/* On loss the paper cuts the window by a quarter, not Reno's half. */
static inline u32 kcong_vegas_loss_ssthresh(u32 cwnd)
{
	return max_t(u32, cwnd - cwnd / 4, KCONG_VEGAS_MIN_CWND);
}

/*
 * Base RTT as a windowed minimum: the smaller of the minimum of the current
 * window and of the one before it.  A path whose propagation delay grows is
 * then learnt within two windows instead of never; a queue Vegas keeps
 * itself (alpha..beta packets) can raise it by at most that queue per window.
 */
struct kcong_vegas_base {
	u32 cur_min_us;		/* smallest RTT in the current window */
	u32 prev_min_us;	/* smallest RTT in the window before */
};

static inline void kcong_vegas_base_reset(struct kcong_vegas_base *b)
{
	b->cur_min_us = U32_MAX;
	b->prev_min_us = U32_MAX;
}

static inline u32 kcong_vegas_base_rtt(const struct kcong_vegas_base *b)
{
	return min_t(u32, b->cur_min_us, b->prev_min_us);
}

static inline void kcong_vegas_base_sample(struct kcong_vegas_base *b,
					   u32 rtt_us)
{
	b->cur_min_us = min_t(u32, b->cur_min_us, rtt_us);
}

/*
 * The window ended: start a new one, remembering this one's minimum.  A
 * window without a sample (an idle flow) keeps the older minimum.
 */
static inline void kcong_vegas_base_rotate(struct kcong_vegas_base *b)
{
	if (b->cur_min_us == U32_MAX)
		return;
	b->prev_min_us = b->cur_min_us;
	b->cur_min_us = U32_MAX;
}

#endif /* _KCONG_VEGAS_H */
