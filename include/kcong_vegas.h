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
 * Congestion avoidance keeps Diff between alpha and beta; slow start ends
 * once Diff exceeds gamma.  Diff is kept in 1/256 packet so that a fraction
 * of a packet is not lost to integer truncation when it is compared with the
 * thresholds.
 *
 * kcong's steps differ from the paper's +-1 packet per round trip (see
 * module/tcp_kcong_vegas.c for why): below alpha the step doubles while the
 * window keeps growing, after Copa's velocity; above beta the whole excess
 * over the middle of alpha..beta goes in one step, as FAST TCP's update
 * does.  Slow start ends on HyStart++'s delay test (kcong_hystart.h) with
 * Diff above gamma.
 */
#ifndef _KCONG_VEGAS_H
#define _KCONG_VEGAS_H

#include "kcong_types.h"
#include "kcong_hystart.h"

#define KCONG_VEGAS_DIFF_SHIFT	8
/* Never fewer than two packets in flight, as Linux's own algorithms. */
#define KCONG_VEGAS_MIN_CWND	2U

struct kcong_vegas_params {
	u32 alpha;	/* fewest packets to keep queued, >= 1 */
	u32 beta;	/* most packets to keep queued, >= alpha */
	u32 gamma;	/* queued packets that end slow start, >= 1 */
};

/* Steps below alpha: 1 packet for this many rounds in a row, then doubling. */
#define KCONG_VEGAS_STEADY_ROUNDS	2
/* A step is at most this fraction (a shift) of the window. */
#define KCONG_VEGAS_STEP_SHIFT		2

enum kcong_vegas_action {
	KCONG_VEGAS_HOLD,	/* between alpha and beta: keep the window */
	KCONG_VEGAS_GROW,	/* below alpha */
	KCONG_VEGAS_SHRINK,	/* above beta */
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

/*
 * alpha and beta count packets, and a packet is a shorter time the faster
 * the path: 0.12 ms at 100 Mbit/s.  A round's smallest RTT scatters by more
 * than that around the base RTT without any queue (timer slack, interrupt
 * and softirq latency; under emulation 0.7-1.5 ms at 100 Mbit/s, 6.12,
 * 2026-12-04), and read as 6-12 packets of queue it held the window at
 * 200-290 packets against a pipe of 333.  So the thresholds are never
 * less than a queueing delay: alpha at least @queue_us / 2, beta at least
 * @queue_us, at the rate the window gets (@cwnd / @rtt_us), as FAST TCP
 * scales its target queue with the path (D. X. Wei et al., IEEE/ACM ToN
 * 14(6), 2006).  Below that rate (@cwnd x @queue_us < beta x @rtt_us:
 * 24 Mbit/s at the module's default of 2 ms) nothing changes.  gamma is
 * left as it is.  With 2 ms the clean 100 Mbit/s path went from 45 % to
 * 91 % of capacity and the 100 ms one from 67 % to 93 %, at a mean RTT
 * 0.5 and 4 ms higher; 1 ms gave 71 % and 80 % (6.12, 2026-12-04,
 * scripts/measure-vegas --parts paths, 2 repetitions each).
 */
static inline struct kcong_vegas_params
kcong_vegas_at_rate(const struct kcong_vegas_params *p, u32 cwnd, u32 rtt_us,
		    u32 queue_us)
{
	struct kcong_vegas_params q = *p;
	u64 pkts;

	if (!rtt_us || rtt_us == U32_MAX || !queue_us)
		return q;
	pkts = div_u64((u64)cwnd * queue_us, rtt_us);
	q.beta = (u32)max_t(u64, q.beta, min_t(u64, pkts, U32_MAX));
	q.alpha = (u32)max_t(u64, q.alpha, min_t(u64, pkts / 2, U32_MAX));
	return q;
}

/* Congestion avoidance's decision for a round with Diff = @diff. */
static inline enum kcong_vegas_action
kcong_vegas_decide(const struct kcong_vegas_params *p, u64 diff)
{
	if (diff < ((u64)p->alpha << KCONG_VEGAS_DIFF_SHIFT))
		return KCONG_VEGAS_GROW;
	if (diff > ((u64)p->beta << KCONG_VEGAS_DIFF_SHIFT))
		return KCONG_VEGAS_SHRINK;
	return KCONG_VEGAS_HOLD;
}

/*
 * A round is judged on at least KCONG_VEGAS_MIN_SAMPLES RTT samples (one
 * sample is noise), or on as many as a @cwnd of under six packets gives
 * with delayed ACKs (one per two packets): a window squeezed that small by
 * a competitor's queue must still be judged, or it never learns why.
 */
#define KCONG_VEGAS_MIN_SAMPLES	3U

static inline bool kcong_vegas_enough_samples(u32 samples, u32 cwnd)
{
	return samples >= min_t(u32, KCONG_VEGAS_MIN_SAMPLES, max_t(u32, cwnd / 2, 1));
}

/*
 * Slow start is over when the round's RTT rose by HyStart++'s RttThresh
 * since the last round (@samples samples so far, @round_min_us their
 * minimum, @last_min_us the previous round's) and the queue that makes,
 * Diff, is above gamma packets.  The paper's test (Diff > gamma alone)
 * fires on a millisecond of jitter: 1 packet is 0.24 ms at 50 Mbit/s.
 */
static inline bool kcong_vegas_ss_done(const struct kcong_vegas_params *p,
				       u32 cwnd, u32 last_min_us,
				       u32 round_min_us, u32 samples,
				       u32 base_rtt_us)
{
	return kcong_hystart_delay_up(last_min_us, round_min_us, samples) &&
	       kcong_vegas_diff(cwnd, round_min_us, base_rtt_us) >
	       ((u64)p->gamma << KCONG_VEGAS_DIFF_SHIFT);
}

/*
 * Slow start is also over, without waiting for the queue to show, when the
 * window reaches the pipe measured from the ACK trains (@pipe packets,
 * kcong_acktrain.h; 0: no estimate yet) plus alpha.
 */
static inline bool kcong_vegas_ss_at_pipe(const struct kcong_vegas_params *p,
					  u32 cwnd, u32 pipe)
{
	return pipe && (u64)cwnd >= (u64)pipe + p->alpha;
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

/*
 * The step below alpha in the @rounds-th round in a row that grows: one
 * packet for KCONG_VEGAS_STEADY_ROUNDS rounds (the paper's), then 2, 4,
 * 8... (Copa's velocity: while the window keeps moving one way, the step
 * doubles), at most a quarter of @cwnd.  A round that does not grow starts
 * the count again.
 */
static inline u32 kcong_vegas_grow_step(u32 rounds, u32 cwnd)
{
	u32 cap = max_t(u32, cwnd >> KCONG_VEGAS_STEP_SHIFT, 1);

	if (rounds <= KCONG_VEGAS_STEADY_ROUNDS)
		return 1;
	rounds -= KCONG_VEGAS_STEADY_ROUNDS;
	if (rounds >= 32)
		return cap;
	return min_t(u32, 1U << rounds, cap);
}

/*
 * Above beta: the window less the packets queued over the middle of
 * alpha..beta (Diff - (alpha + beta) / 2, rounded up, so at least one), as
 * FAST TCP moves its window to the one that queues its target in one
 * update.  At most half the window goes in one round, and only an eighth
 * when the queue is one Vegas would not keep itself (@foreign,
 * kcong_vegas_compete.h): that queue may be a competitor's, which the
 * window cannot drain, and until a probe round has told (within a few
 * rounds) the window must not have melted away.  Never below the smallest
 * window.
 */
#define KCONG_VEGAS_CUT_SHIFT		1
#define KCONG_VEGAS_FOREIGN_CUT_SHIFT	3

static inline u32 kcong_vegas_shrink(const struct kcong_vegas_params *p,
				     u32 cwnd, u64 diff, bool foreign)
{
	u64 target = ((u64)p->alpha + p->beta) << (KCONG_VEGAS_DIFF_SHIFT - 1);
	u64 excess = 1;

	if (diff > target)
		excess = (diff - target + (1 << KCONG_VEGAS_DIFF_SHIFT) - 1) >>
			 KCONG_VEGAS_DIFF_SHIFT;
	excess = clamp_t(u64, excess, 1,
			 max_t(u32, cwnd >> (foreign ? KCONG_VEGAS_FOREIGN_CUT_SHIFT :
					     KCONG_VEGAS_CUT_SHIFT), 1));
	if (cwnd <= excess + KCONG_VEGAS_MIN_CWND)
		return KCONG_VEGAS_MIN_CWND;
	return cwnd - (u32)excess;
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
