/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kcong_acktrain.h - the bottleneck's rate from the ACK trains of slow
 * start, with no kernel state.  Used by tcp_kcong_vegas.ko and by the host
 * unit tests.
 *
 * In slow start every ACK releases two packets, so each round's packets
 * leave the sender faster than the bottleneck forwards them: they queue
 * there and come out, and their ACKs come back, spaced by the bottleneck's
 * service time, whatever the window.  The packets delivered over a train of
 * closely spaced ACKs, divided by the train's length, is therefore the
 * bottleneck rate long before the window fills the pipe; times the base RTT
 * it is the pipe.  This is HyStart's ACK-train idea (S. Ha, I. Rhee,
 * "Taming the elephants: New TCP slow start", Computer Networks 55(9),
 * 2011), which ends slow start when a train lasts half the base RTT; here
 * the rate itself is kept, so that slow start can stop at the pipe instead
 * of at a fraction of it or, one round too late, at twice it.
 *
 * A train ends at the first gap between ACKs longer than @gap_us, and the
 * ACK after the gap starts the next one (a round's ACKs come in several
 * trains when the host stalls for more than the gap); only a
 * train of at least @min_us and KCONG_ACKTRAIN_MIN_PKTS packets gives a
 * rate (short trains measure the receiver's and the host's batching, not
 * the bottleneck).  The estimate is the rate of the longest train seen (in
 * packets; a later train as long replaces it): each round's train is
 * twice the one before, and a scheduling stall that compresses or
 * stretches a few ACKs matters less the longer the train.
 */
#ifndef _KCONG_ACKTRAIN_H
#define _KCONG_ACKTRAIN_H

#include "kcong_types.h"

#define KCONG_ACKTRAIN_MIN_PKTS	16
/* A longer gap ends a train: HyStart's (and Linux CUBIC's) 2 ms ack_delta. */
#define KCONG_ACKTRAIN_GAP_US	2000
/* A shorter train is batching and jitter: RFC 9406's 4 ms MIN_RTT_THRESH. */
#define KCONG_ACKTRAIN_MIN_US	4000

struct kcong_acktrain {
	u64 start_us;		/* arrival of the train's first ACK */
	u64 last_us;		/* arrival of its latest ACK */
	u32 start_delivered;	/* packets delivered at its first ACK */
	u32 rate;		/* estimate, packets per second; 0: none */
	u32 best_pkts;		/* packets of the train that gave it */
	u8 open;		/* the round's train still runs */
};

static inline void kcong_acktrain_reset(struct kcong_acktrain *a)
{
	a->rate = 0;
	a->best_pkts = 0;
	a->open = 0;
}

/* No train (the sender is not window-limited: its ACKs measure the application). */
static inline void kcong_acktrain_close(struct kcong_acktrain *a)
{
	a->open = 0;
}

/* The ACK at @now_us, with @delivered packets so far, starts a train. */
static inline void kcong_acktrain_start(struct kcong_acktrain *a, u64 now_us,
					u32 delivered)
{
	a->start_us = now_us;
	a->last_us = now_us;
	a->start_delivered = delivered;
	a->open = 1;
}

/*
 * An ACK at @now_us with @delivered packets delivered so far: extend the
 * train, or after a gap (or none open) start one; returns the estimate.
 */
static inline u32 kcong_acktrain_ack(struct kcong_acktrain *a, u64 now_us,
				     u32 delivered, u32 gap_us, u32 min_us)
{
	u64 len, rate;
	u32 pkts;

	if (!a->open || now_us < a->last_us || now_us - a->last_us > gap_us) {
		kcong_acktrain_start(a, now_us, delivered);
		return a->rate;
	}
	a->last_us = now_us;
	len = now_us - a->start_us;
	pkts = delivered - a->start_delivered;
	if (len < min_us || len == 0 || pkts < KCONG_ACKTRAIN_MIN_PKTS || pkts < a->best_pkts)
		return a->rate;
	rate = div64_u64((u64)pkts * 1000000, len);
	a->rate = (u32)min_t(u64, max_t(u64, rate, 1), U32_MAX);
	a->best_pkts = pkts;
	return a->rate;
}

/* The pipe in packets: @rate packets per second over @base_rtt_us. */
static inline u32 kcong_acktrain_pipe(u32 rate, u32 base_rtt_us)
{
	return (u32)min_t(u64, div_u64((u64)rate * base_rtt_us, 1000000), U32_MAX);
}

#endif /* _KCONG_ACKTRAIN_H */
