/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kcong_vegas_compete.h - how kcong_vegas tells a queue it keeps itself from
 * one a loss-based neighbour keeps, and what it does then; in packets and
 * microseconds, with no kernel state.  Used by tcp_kcong_vegas.ko and by the
 * host unit tests.
 *
 * Vegas alone keeps alpha..beta packets queued: well under a millisecond
 * at tens of Mbit/s.  A loss-based flow (Reno, CUBIC) fills the buffer, and
 * Vegas, reading that queue as its own, shrinks until it is starved.  As in
 * YeAH (A. Baiocchi, A. P. Castellani, F. Vacirca, "YeAH-TCP: Yet Another
 * Highspeed TCP", PFLDnet 2007), a queue that stays above a threshold round
 * after round marks a competitor; here the threshold is HyStart++'s RttThresh
 * above the base RTT (kcong_hystart.h), the smallest rise that is not jitter,
 * and the suspicion is tested before it is believed: a probe round takes the
 * window down to the flow's share of the pipe without its queue (as BBR's
 * ProbeRTT drains the queue; N. Cardwell et al., "BBR: Congestion-Based
 * Congestion Control", ACM Queue 14(5), 2016).  A queue the flow kept itself
 * is gone after that round; a competitor's is not.
 *
 * While a competitor is there, the window never falls below a floor that
 * grows as YeAH's Reno emulation (reno_count) does, but by four packets per
 * round trip instead of one, and is cut by the same quarter as the window
 * on a loss.  A floor that loses a quarter at each loss and gains g per
 * round trip settles where W / 4 = g x (round trips between losses).
 * Against one CUBIC flow on a 50 Mbit/s 40 ms path with a 4-BDP buffer
 * (835 packets of pipe and buffer) the losses came every 4 s, some 24
 * round trips at the loaded RTT of 170 ms, and a floor growing one packet
 * per round kept 18 % of the bottleneck (W about 100-150 packets, as
 * W = 96 g predicts); 30 % needs W = 250, g = 3 at least, and more losses
 * come the faster the floor grows: g = 4 (Documentation/vegas.md).
 * The competitive mode ends when a probe round finds the queue gone.
 *
 * A delay that rises and stays without anyone's queue (a longer route, a
 * busy host on the path) looks the same to the probe round: it does not go
 * away when the window does.  What tells it from a competitor is the rate.
 * A competitor holds part of the link; a flow that delivers within an
 * eighth of the highest rate it had while it kept the link busy alone (its
 * measure of the bottleneck, as BBR's BtlBw is a maximum of delivery rates)
 * has the link to itself.  A competing flow whose floor has brought it
 * there probes once more, and a queue still standing then is the path's
 * delay: it becomes the base RTT and the competitive mode ends.  Without this rule the floor's growth filled the buffer of a
 * path that had become 12 ms longer, the losses it caused kept the base RTT
 * from rotating, and the flow stayed loss-based for good (6.12, 50 Mbit/s,
 * 40 -> 52 ms, 1-BDP buffer: mean RTT 86-95 ms against 55 for 40 s;
 * Documentation/vegas.md).  A longer path makes no losses of its own; a
 * loss-based competitor does, so a flow that lost a packet since it began
 * to compete never takes the queue for the path's: beside CUBIC, a flow
 * whose highest rate was only ever its share had the link by that measure
 * and did (6.12, 2026-12-04: 9.9 % of the link against 31-35 %).  After
 * such a loss a probe for the link still ends the mode if the queue is gone
 * (the competitor left), but comes at most once a second.
 */
#ifndef _KCONG_VEGAS_COMPETE_H
#define _KCONG_VEGAS_COMPETE_H

#include "kcong_types.h"
#include "kcong_hystart.h"
#include "kcong_vegas.h"

/* Rounds in a row with a standing queue before a probe tests it. */
#define KCONG_VEGAS_STANDING_ROUNDS	4
/* A probe round leaves out this fraction (a shift) more than the queue. */
#define KCONG_VEGAS_PROBE_MARGIN_SHIFT	4

/*
 * Is a round minimum of @rtt_us a queue Vegas would not keep itself: at
 * least clamp(base / 8, 4 ms, 16 ms) above the base RTT?
 */
static inline bool kcong_vegas_foreign_queue(u32 rtt_us, u32 base_rtt_us)
{
	if (rtt_us == U32_MAX || base_rtt_us == U32_MAX)
		return false;
	return (u64)rtt_us >= (u64)base_rtt_us + kcong_hystart_thresh_us(base_rtt_us);
}

struct kcong_vegas_standing {
	u32 onset_cwnd;	/* the window when the queue appeared */
	u8 rounds;	/* judged rounds in a row with that queue */
	u8 calm;	/* competing: judged rounds in a row without it */
};

/*
 * Count a judged round with (@queued) or without a standing queue; the
 * window of the first such round is kept (before Vegas shrank it for that
 * queue).  True once the queue has lasted KCONG_VEGAS_STANDING_ROUNDS.
 */
static inline bool kcong_vegas_standing_round(struct kcong_vegas_standing *s,
					      bool queued, u32 cwnd)
{
	if (!queued) {
		s->rounds = 0;
		return false;
	}
	if (!s->rounds)
		s->onset_cwnd = cwnd;
	if (s->rounds < 255)
		s->rounds++;
	return s->rounds >= KCONG_VEGAS_STANDING_ROUNDS;
}

/*
 * Competing: count a judged round with (@queued) or without the foreign
 * queue; true once it has been gone KCONG_VEGAS_STANDING_ROUNDS rounds in a
 * row, which ends the competitive mode, as that many rounds with it began
 * the test.  One round was not enough: a flow that joined a link CUBIC had
 * filled took part of CUBIC's queue for its base RTT (142 ms on a 40 ms
 * path), CUBIC's queue dipped below RttThresh above that base now and
 * then, each dip ended the mode before the floor had grown, and the flow
 * spent its first 10 s at 18-20 packets, entering the mode again and
 * again (6.12, 2026-12-04, scripts/measure-vegas --parts join).
 */
static inline bool kcong_vegas_queue_gone(struct kcong_vegas_standing *s, bool queued)
{
	if (queued) {
		s->calm = 0;
		return false;
	}
	if (s->calm < 255)
		s->calm++;
	return s->calm >= KCONG_VEGAS_STANDING_ROUNDS;
}

/*
 * The window of a probe round: the flow's share of the pipe without its
 * queue, cwnd x BaseRTT / RTT (Expected x BaseRTT with Actual as the rate),
 * less cwnd / 16 so that a few other Vegas flows' alpha..beta packets drain
 * too; between 2 and @cwnd.
 */
static inline u32 kcong_vegas_probe_cwnd(u32 cwnd, u32 rtt_us, u32 base_rtt_us)
{
	u64 share = cwnd;
	u32 margin = cwnd >> KCONG_VEGAS_PROBE_MARGIN_SHIFT;

	if (rtt_us && rtt_us != U32_MAX && base_rtt_us < rtt_us)
		share = div_u64((u64)cwnd * base_rtt_us, rtt_us);
	if (share <= (u64)margin + KCONG_VEGAS_MIN_CWND)
		return min_t(u32, KCONG_VEGAS_MIN_CWND, cwnd);
	return (u32)share - margin;
}

/*
 * The window after a probe round that found no foreign queue: the window the
 * probe took (the pipe share) back to the pipe plus alpha, never above what
 * it was before the probe.
 */
static inline u32 kcong_vegas_after_probe(const struct kcong_vegas_params *p,
					  u32 saved_cwnd, u32 probe_cwnd)
{
	u64 w = (u64)probe_cwnd + (saved_cwnd >> KCONG_VEGAS_PROBE_MARGIN_SHIFT) + p->alpha;

	return (u32)min_t(u64, w, max_t(u32, saved_cwnd, KCONG_VEGAS_MIN_CWND));
}

/* Why a probe round was taken. */
enum kcong_vegas_probe_why {
	KCONG_VEGAS_WHY_BASE,		/* a new base-RTT window began */
	KCONG_VEGAS_WHY_STANDING,	/* a queue stood for rounds */
	KCONG_VEGAS_WHY_COMPETING,	/* has the competitor left? */
	KCONG_VEGAS_WHY_LINK,		/* competing, yet the flow has the link */
};

/* A rate within 1/8 (a shift) of the flow's highest has the link. */
#define KCONG_VEGAS_LINK_SHIFT		3
/* After a loss while competing, a probe for the link at most this often. */
#define KCONG_VEGAS_LINK_PROBE_MS	1000

/* Packets per second of @delivered packets in @interval_us; 0 if none. */
static inline u32 kcong_vegas_rate_pps(u32 delivered, u32 interval_us)
{
	u64 pps;

	if (!delivered || !interval_us)
		return 0;
	pps = div_u64((u64)delivered * 1000000, interval_us);
	return (u32)min_t(u64, pps, U32_MAX);
}

/*
 * The flow's measure of its bottleneck, packets per second: the highest
 * delivery rate (@rate_pps) of a round in which it kept the link busy by
 * itself (@own_queue: alpha or more packets of its own queued, nobody
 * else's queue, not competing), and at least three quarters of slow
 * start's ACK-train rate @train_pps (kcong_acktrain.h); @max_pps the
 * measure so far.  Other rounds say less: with no queue the link idled,
 * beside a competitor the rate is the flow's share, and in slow start each
 * sample is the rate of a window sent a round earlier, half the one now.
 * Counted, a competing flow's every new high of its floor was "within an
 * eighth of the highest", and the flow took a CUBIC neighbour's queue for
 * its path's delay (6.12, 2026-12-04).  A round can also look alone when a
 * neighbour's queue is still below RttThresh: a flow that left slow start
 * at 36 packets beside CUBIC measured 550 packets/s so, an eighth of the
 * link, and made the same mistake.  The ACK trains time the bottleneck's
 * service of back-to-back packets before that, but packet dispersion errs
 * both ways (C. Dovrolis, P. Ramanathan, D. Moore, "Packet-Dispersion
 * Techniques and a Capacity-Estimation Methodology", IEEE/ACM ToN 12(6),
 * 2004): here 28 % above a 50 Mbit/s link once.  As the measure itself the
 * trains would keep the rule from ever firing on that path; three
 * quarters of them still make it fire at 84 % of an estimate that high,
 * and keep an eighth of the link from passing for all of it.
 */
static inline u32 kcong_vegas_link_pps(u32 max_pps, u32 rate_pps, bool own_queue,
				       u32 train_pps)
{
	if (own_queue)
		max_pps = max_t(u32, max_pps, rate_pps);
	return max_t(u32, max_pps, train_pps - (train_pps >> 2));
}

/* Does a flow delivering @rate_pps have the link, its highest being @max_pps? */
static inline bool kcong_vegas_has_link(u32 rate_pps, u32 max_pps)
{
	return max_pps && rate_pps >= max_pps - (max_pps >> KCONG_VEGAS_LINK_SHIFT);
}

/*
 * A probe round taken because a competing flow has the link (WHY_LINK)
 * and still found the queue there: that queue is the path's delay, and
 * the probe round's minimum @probe_min_us the new base RTT, in both
 * windows (the older one holds the shorter path's).  Not once the flow has
 * lost a packet since it began to compete (@lost): a longer path makes no
 * losses, a loss-based competitor does, every few seconds, and its queue
 * must stay foreign.  Such a probe still ends the competitive mode when
 * the queue is gone (the competitor left).
 */
static inline bool kcong_vegas_rebase(struct kcong_vegas_base *b,
				      enum kcong_vegas_probe_why why, bool lost,
				      u32 probe_min_us)
{
	if (why != KCONG_VEGAS_WHY_LINK || lost ||
	    !kcong_vegas_foreign_queue(probe_min_us, kcong_vegas_base_rtt(b)))
		return false;
	b->cur_min_us = probe_min_us;
	b->prev_min_us = probe_min_us;
	return true;
}

/*
 * The window after the probe round, whose minimum RTT was @probe_min_us;
 * *@floor is the competitive floor (0: not competing).  A queue still
 * standing is someone else's: compete (or go on competing) from the window
 * the flow had before the queue grew (@onset_cwnd) or before the probe
 * (@saved_cwnd).  A queue gone was the flow's own, or the competitor left:
 * back to the pipe plus alpha, or after a routine probe for the base RTT to
 * the window before it.
 */
static inline u32 kcong_vegas_probe_done(const struct kcong_vegas_params *p,
					 enum kcong_vegas_probe_why why,
					 u32 saved_cwnd, u32 probe_cwnd,
					 u32 onset_cwnd, u32 probe_min_us,
					 u32 base_rtt_us, u32 *floor)
{
	if (kcong_vegas_foreign_queue(probe_min_us, base_rtt_us)) {
		if (!*floor && why == KCONG_VEGAS_WHY_STANDING)
			*floor = max_t(u32, onset_cwnd, saved_cwnd);
		return max_t(u32, saved_cwnd, *floor);
	}
	*floor = 0;
	if (why == KCONG_VEGAS_WHY_BASE)
		return saved_cwnd;
	return kcong_vegas_after_probe(p, saved_cwnd, probe_cwnd);
}

/*
 * May a new base-RTT window begin, @elapsed after the current one began and
 * @since_loss after the last loss (any unit, @window in the same)?  Not
 * while competing (@competing) with losses within the last window: the
 * round minima then hold the competitor's queue, and two windows of them
 * would make that queue BaseRTT, the queue no longer foreign, and end the
 * competitive mode with the competitor still there.  A loss-based competitor
 * makes losses every few seconds; a longer path after a route change does
 * not, and is still learnt, a window after the losses stop.
 */
static inline bool kcong_vegas_base_may_rotate(u32 elapsed, u32 since_loss, u32 window,
					       bool competing)
{
	return elapsed >= window && (!competing || since_loss >= window);
}

/* Packets the competitive floor grows by per round trip (see above). */
#define KCONG_VEGAS_FLOOR_STEP		4U

/*
 * Until its first loss in the competitive mode, and while below the pipe
 * the flow has measured (its link rate times BaseRTT, the window it would
 * hold alone), the floor grows by a quarter per round trip (a shift):
 * RFC 9406's Conservative Slow Start rate, slow start's divided by
 * CSS_GROWTH_DIVISOR = 4.  A flow whose slow start a neighbour's queue
 * ended early (at 13 packets beside CUBIC, where the pipe is 167)
 * otherwise climbs 4 packets a round for the whole 30 s and kept 21 % of
 * the link (6.12, 2026-12-04); the first loss says the share is reached,
 * and the floor goes on additively from there.  Above the pipe the growth
 * is additive from the start: a flow that competes at its full window is
 * more likely on a longer path than beside a neighbour, and a quarter per
 * round at a 55 ms round trip took such a window from 175 to 663 packets
 * in 0.6 s; the losses kept the longer path from being learnt (90.7 ms
 * against a new base of 53, 543 retransmissions).  A flow that has not
 * measured its pipe (no round alone, no ACK train) was never alone, so is
 * beside a neighbour: it grows fast too (with the pipe as a bound and
 * none measured, one run in three kept 20.4 %: 6.12, 2026-12-04).
 */
#define KCONG_VEGAS_FLOOR_CSS_SHIFT	2

/*
 * The competitive floor one round later, up to @clamp: a quarter more
 * (at least KCONG_VEGAS_FLOOR_STEP) while below @pipe (or with none
 * measured: 0) and before the flow has lost a packet in the competitive
 * mode (@lost), else KCONG_VEGAS_FLOOR_STEP.
 */
static inline u32 kcong_vegas_floor_grow(u32 floor, u32 clamp, bool lost, u32 pipe)
{
	u32 step = KCONG_VEGAS_FLOOR_STEP;

	if (!lost && (!pipe || floor < pipe))
		step = max_t(u32, step, floor >> KCONG_VEGAS_FLOOR_CSS_SHIFT);
	return floor < clamp - min_t(u32, clamp, step) ? floor + step : clamp;
}

#endif /* _KCONG_VEGAS_COMPETE_H */
