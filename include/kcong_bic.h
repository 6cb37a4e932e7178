/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kcong_bic.h - the window arithmetic of BIC (Xu, Harfoush & Rhee, INFOCOM
 * 2004), in packets, with no kernel state.  Used by tcp_kcong_bic.ko and by
 * the host unit tests.
 *
 * Per round trip, with Wmax the window at the last loss:
 *   cwnd <= low_window     Reno: +1
 *   cwnd <  Wmax           binary search: +(Wmax - cwnd) / 2, at most Smax
 *                          (additive increase far from Wmax), at least Smin
 *   cwnd >= Wmax           max probing, the mirror image: +(cwnd - Wmax),
 *                          at least Smin and at most Smax
 * On a loss: Wmax = cwnd (or, with fast convergence, cwnd x (1 + beta) / 2
 * when cwnd is below the previous Wmax: give way to newer flows) and
 * cwnd = cwnd x beta (Reno's half at or below low_window).
 *
 * Increments are in 1/100 packet, the resolution of the paper's
 * Smin = 0.01.  Linux grows the window per ACK by 1 every "cnt" packets
 * acknowledged; kcong_bic_cnt() turns the per-round increment into cnt.
 *
 * In the paper's fluid model the window passes Wmax by ever smaller
 * fractions until the step is below Smin; with a window in whole packets
 * the search ends at Wmax itself, and the distance (cwnd - Wmax) that max
 * probing doubles starts at 0.  Smin is therefore the pace at Wmax: the
 * plateau lasts 1/Smin round trips per packet, then probing doubles
 * 1, 2, 4, ... up to Smax.
 */
#ifndef _KCONG_BIC_H
#define _KCONG_BIC_H

#include "kcong_types.h"

#define KCONG_BIC_INC_UNIT	100U	/* increments in 1/100 packet */
#define KCONG_BIC_BETA_SCALE	1024U	/* beta in 1/1024 */
#define KCONG_BIC_MIN_CWND	2U

struct kcong_bic_params {
	u32 smax;		/* largest increment per RTT, packets, >= 1 */
	u32 smin;		/* smallest increment per RTT, 1/100 packet, >= 1 */
	u32 low_window;		/* at or below: Reno */
	u32 beta;		/* window kept on a loss, 1/1024 */
	bool fast_convergence;	/* lower Wmax when losses come earlier */
};

/* The increment of the next round trip, in 1/100 packet (never zero). */
static inline u32 kcong_bic_increment(const struct kcong_bic_params *p,
				      u32 cwnd, u32 wmax)
{
	u64 smax = max_t(u64, (u64)p->smax * KCONG_BIC_INC_UNIT, 1);
	/* Smin above Smax means Smax: the largest step is never exceeded. */
	u64 smin = min_t(u64, max_t(u32, p->smin, 1), smax);
	u64 inc;

	if (cwnd <= p->low_window)
		return KCONG_BIC_INC_UNIT;
	if (cwnd < wmax)
		inc = (u64)(wmax - cwnd) * KCONG_BIC_INC_UNIT / 2;
	else
		inc = (u64)(cwnd - wmax) * KCONG_BIC_INC_UNIT;
	/* Not clamp(): its result for lo > hi differs between kernels. */
	return (u32)min_t(u64, max_t(u64, inc, smin), smax);
}

/*
 * Packets to acknowledge for +1 packet: a round trip acknowledges about
 * cwnd packets, so cnt = cwnd / increment.  At least 1 (no more than +1
 * per packet acknowledged, slow start's pace).
 */
static inline u32 kcong_bic_cnt(const struct kcong_bic_params *p, u32 cwnd,
				u32 wmax)
{
	u64 cnt = div_u64((u64)cwnd * KCONG_BIC_INC_UNIT,
			  kcong_bic_increment(p, cwnd, wmax));

	return (u32)clamp_t(u64, cnt, 1, U32_MAX);
}

/* Wmax after a loss at @cwnd, given the previous Wmax. */
static inline u32 kcong_bic_loss_wmax(const struct kcong_bic_params *p, u32 cwnd,
				 u32 prev_wmax)
{
	if (p->fast_convergence && cwnd < prev_wmax)
		return (u32)div_u64((u64)cwnd * (KCONG_BIC_BETA_SCALE + p->beta),
				    2 * KCONG_BIC_BETA_SCALE);
	return cwnd;
}

/* ssthresh (the window after the decrease) for a loss at @cwnd. */
static inline u32 kcong_bic_loss_ssthresh(const struct kcong_bic_params *p,
				     u32 cwnd)
{
	u32 w;

	if (cwnd <= p->low_window)
		w = cwnd / 2;
	else
		w = (u32)div_u64((u64)cwnd * p->beta, KCONG_BIC_BETA_SCALE);
	return max_t(u32, w, KCONG_BIC_MIN_CWND);
}

#endif /* _KCONG_BIC_H */
