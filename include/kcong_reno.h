/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kcong_reno.h - window arithmetic of RFC 5681 (Reno) and RFC 6582
 * (NewReno), in packets, with no kernel state.  Used by tcp_kcong_reno.ko
 * and tcp_kcong_newreno.ko, and by the host unit tests.
 *
 * The two algorithms share slow start, congestion avoidance and the
 * multiplicative decrease on entering fast recovery; they differ only in how
 * the window is managed while several segments of one window are recovered:
 *
 *   partial ACK     Reno (RFC 5681) has left fast recovery at the first new
 *                   ACK, so every further hole of the same window is a new
 *                   loss signal and halves ssthresh again.  NewReno
 *                   (RFC 6582 3.2 step 5) stays in recovery: no new decrease.
 *   full ACK (exit) Reno deflates to ssthresh (RFC 5681 3.2 step 6).
 *                   NewReno uses RFC 6582 3.2 step 3 option (1):
 *                   cwnd = min(ssthresh, max(FlightSize, SMSS) + SMSS), so
 *                   it never bursts a window at the exit.
 *
 * How the window moves from the old cwnd down to ssthresh during recovery
 * is not here: the Linux core does it with Proportional Rate Reduction
 * (RFC 6937) for every algorithm that leaves ->cong_control to it, and ends
 * recovery with cwnd = ssthresh.  Documentation/reno-newreno.md explains
 * why kcong leaves it there.
 */
#ifndef _KCONG_RENO_H
#define _KCONG_RENO_H

#include "kcong_types.h"

/* RFC 5681 3.1 eq. (4): ssthresh is never below 2 segments. */
#define KCONG_RENO_MIN_SSTHRESH	2U
/* RFC 3465 (Appropriate Byte Counting) limit L = 2 SMSS per ACK in slow
 * start, so that a receiver acknowledging every other segment still doubles
 * the window each round trip.
 */
#define KCONG_RENO_ABC_LIMIT	2U

struct kcong_reno_win {
	u32 cwnd;	/* congestion window, packets */
	u32 ssthresh;	/* slow-start threshold, packets */
	u32 cwnd_cnt;	/* packets acked since the last +1 in avoidance */
};

/*
 * One ACK that acknowledged @acked new packets, while the flow was limited
 * by cwnd.  Slow start below ssthresh (+min(acked, L) per ACK, never past
 * ssthresh); congestion avoidance at or above it (+1 per cwnd packets
 * acknowledged, RFC 5681 3.1 byte-counting form).  Never above @clamp.
 */
static inline void kcong_reno_on_ack(struct kcong_reno_win *w, u32 acked,
				     u32 clamp)
{
	u64 cnt;

	if (!acked)
		return;

	if (w->cwnd < w->ssthresh) {
		u32 inc = min_t(u32, acked, KCONG_RENO_ABC_LIMIT);
		u32 room = w->ssthresh - w->cwnd;

		if (inc < room) {
			w->cwnd += inc;
			goto out;
		}
		/* Reached ssthresh: what is left counts towards avoidance. */
		w->cwnd = w->ssthresh;
		acked -= min_t(u32, acked, room);
		if (!acked)
			goto out;
	}

	if (!w->cwnd)
		w->cwnd = 1;
	/* 64-bit so that no ACK, however stretched, can wrap the credit. */
	cnt = (u64)w->cwnd_cnt + acked;
	if (cnt >= w->cwnd) {
		u64 delta = div_u64(cnt, w->cwnd);

		cnt -= delta * w->cwnd;
		w->cwnd = (u32)min_t(u64, (u64)w->cwnd + delta, clamp);
	}
	w->cwnd_cnt = (u32)cnt;
out:
	if (w->cwnd > clamp) {
		w->cwnd = clamp;
		w->cwnd_cnt = 0;
	}
}

/* RFC 5681 3.1 eq. (4): ssthresh = max(FlightSize / 2, 2 * SMSS). */
static inline u32 kcong_reno_ssthresh(u32 flight)
{
	return max_t(u32, flight / 2, KCONG_RENO_MIN_SSTHRESH);
}

/*
 * FlightSize for eq. (4) from what the core knows: packets_out, which also
 * counts segments the receiver has SACKed (several windows after a burst of
 * losses), so never more than cwnd.  With nothing outstanding there is no
 * flight to halve: the core reports a local-qdisc drop of the first segment
 * after an idle period as congestion before that segment is counted.  Use
 * the window then, as Linux's own reno always does, instead of collapsing
 * ssthresh to 2.
 */
static inline u32 kcong_reno_flight(u32 packets_out, u32 cwnd)
{
	return packets_out ? min_t(u32, packets_out, cwnd) : cwnd;
}

/*
 * Reno, a partial ACK inside one recovery episode: for RFC 5681 this ended
 * the last fast recovery, and the next hole is the next loss: halve again.
 * (NewReno keeps the episode's single decrease and has no such rule.)
 */
static inline u32 kcong_reno_partial_ack_ssthresh(u32 ssthresh)
{
	return kcong_reno_ssthresh(ssthresh);
}

/*
 * NewReno, the ACK that ends recovery, once the window is back at
 * ssthresh: cwnd = min(ssthresh, max(FlightSize, 1) + 1) with @flight the
 * packets still in flight (RFC 6582 3.2 step 3, option 1).
 */
static inline u32 kcong_newreno_exit_cwnd(u32 cwnd, u32 flight)
{
	if (flight >= cwnd)
		return cwnd;
	return min_t(u32, cwnd, max_t(u32, flight, 1) + 1);
}

#endif /* _KCONG_RENO_H */
