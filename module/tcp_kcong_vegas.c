// SPDX-License-Identifier: GPL-2.0
/*
 * kcong_vegas: a Vegas-like delay-based congestion control.
 *
 * L. S. Brakmo, L. L. Peterson, "TCP Vegas: End to End Congestion Avoidance
 * on a Global Internet", IEEE Journal on Selected Areas in Communications
 * 13(8):1465-1480, October 1995.
 *
 * Once per round trip the window is compared with the queue it builds:
 * Diff = cwnd x (RTT - BaseRTT) / RTT packets (include/kcong_vegas.h).
 * Congestion avoidance keeps Diff between alpha and beta packets.
 *
 * Not the paper's Vegas, nor the in-tree "vegas".  What differs, from whom
 * it is taken, and how kcong departs from that source too:
 *
 *  - Slow start ends when the window reaches the pipe, the bottleneck rate
 *    measured from slow start's ACK trains times BaseRTT, plus alpha
 *    (include/kcong_acktrain.h): HyStart's ACK-train idea (S. Ha, I. Rhee,
 *    "Taming the elephants: New TCP slow start", Computer Networks 55(9),
 *    2011), which ends slow start when a train lasts half the base RTT;
 *    here the train's rate is kept instead, so slow start stops at the
 *    pipe and not a round (twice the pipe) too late.  Failing that, it
 *    ends on HyStart++'s delay increase (P. Balasubramanian,
 *    Y. Huang, M. Olson, "HyStart++: Modified Slow Start for TCP",
 *    RFC 9406, 2023): per round the smallest RTT of the first 8 samples,
 *    against the round before, with RttThresh = clamp(minRTT / 8, 4 ms,
 *    16 ms) (include/kcong_hystart.h); and only with Diff above gamma, the
 *    paper's test, which alone fires on a millisecond of jitter.  Unlike
 *    RFC 9406 there is no Conservative Slow Start: the exit window is
 *    measured instead, the delivery rate of the last round times BaseRTT
 *    plus alpha (BBR's estimate of the pipe: N. Cardwell, Y. Cheng,
 *    C. S. Gunn, S. H. Yeganeh, V. Jacobson, "BBR: Congestion-Based
 *    Congestion Control", ACM Queue 14(5), 2016), so the queue slow start
 *    built is gone a round later instead of draining at a packet per round.
 *    BBR's full-pipe test (three rounds with under 25 % more delivery rate)
 *    is not used: a window that keeps doubling for those three rounds
 *    overshoots the pipe eightfold, which BBR's pacing prevents and Vegas's
 *    window does not.
 *  - Growth below alpha follows Copa's velocity (V. Arun, H. Balakrishnan,
 *    "Copa: Practical Delay-Based Congestion Control for the Internet",
 *    NSDI 2018): one packet per round for two rounds, then 2, 4, 8... while
 *    the window keeps growing, at most a quarter of the window per round.
 *    Copa doubles its velocity in both directions and only after three
 *    rounds; here only growth accelerates, and above beta the whole excess
 *    over the middle of alpha..beta goes in one round (at most half the
 *    window), as FAST TCP's update aims at its target queue at once
 *    (D. X. Wei, C. Jin, S. H. Low, S. Hegde, "FAST TCP: Motivation,
 *    Architecture, Algorithms, Performance", IEEE/ACM ToN 14(6), 2006).
 *    As FAST scales its target queue with the path, alpha and beta are
 *    never less than queue_us / 2 and queue_us of queueing at the rate
 *    the window gets (kcong_vegas_at_rate()): the paper's 2..4 packets are
 *    0.24-0.5 ms at 100 Mbit/s, less than the scatter of a round's
 *    smallest RTT on a path with no queue.
 *  - BaseRTT is a windowed minimum, the smaller of the last two windows of
 *    base_window seconds, after TCP-NV's periodic reset of its minimum RTT
 *    (L. Brakmo, "TCP-NV: An Update to TCP-Vegas", 2010; Linux tcp_nv.c),
 *    so that a longer path after a route change is learnt.  Unlike NV,
 *    each new window begins with one probe round at the flow's share of
 *    the pipe without its queue (as BBR's ProbeRTT), so that the window's
 *    minimum is not the flow's own queue.
 *  - A loss-based competitor is detected as in YeAH (A. Baiocchi,
 *    A. P. Castellani, F. Vacirca, "YeAH-TCP: Yet Another Highspeed TCP",
 *    PFLDnet 2007): a queue that stands round after round.  Here the queue
 *    is RttThresh above BaseRTT for four judged rounds (not YeAH's 80
 *    packets), and a probe round then tells a competitor's queue (still
 *    there) from the flow's own (gone).  While competing, the window never
 *    falls below a floor that grows as YeAH's Reno emulation (reno_count),
 *    but by four packets per round instead of one, so that it keeps a share
 *    against CUBIC too, and below the pipe until the mode's first loss by
 *    a quarter per round (RFC 9406's Conservative Slow Start rate), so that
 *    a slow start the competitor ended early does not leave the flow
 *    climbing four packets a round for good
 *    (include/kcong_vegas_compete.h).  Copa's competitive mode (AIMD on
 *    its delta) is not used.  While competing with losses in the last base
 *    window, no new base window begins (its minima would hold the
 *    competitor's queue).  The mode ends when the queue has been gone
 *    for four judged rounds, as four rounds with it began the test; a
 *    probe every 6 s finds that out when the flow's own window holds the
 *    queue up.  A competing flow that delivers
 *    within an eighth of its highest rate of the rounds it kept the link
 *    busy alone (BBR's bottleneck bandwidth, a maximum of delivery rates;
 *    never aged out here), or of 3/4 of slow start's ACK-train rate, has
 *    the link to itself: it probes at once, and a queue still there, with
 *    no loss since the mode began, is the path's longer delay, which
 *    becomes the base RTT and ends the mode.
 *  - Loss detection and recovery are the Linux core's (SACK, RACK, PRR),
 *    not Vegas's fine-grained timeout check.  On a loss the window is cut
 *    to 3/4, as the paper does, not halved.
 *  - RTT is the smallest sample of the round, on at least three samples
 *    (fewer only for windows that cannot give three); a round with fewer
 *    grows as Reno would.  Decisions stop outside the Open state and for
 *    the first round after an idle restart (the in-tree vegas does the
 *    same).
 *  - Unlike the in-tree "vegas" (Diff = cwnd x (RTT - BaseRTT) / BaseRTT),
 *    Diff is the paper's, divided by RTT.
 */

#include <linux/module.h>
#include <linux/inet_diag.h>
#include <net/tcp.h>

#include "kcong_param.h"
#include "kcong_acktrain.h"
#include "kcong_vegas.h"
#include "kcong_vegas_compete.h"

/* Largest alpha/beta/gamma accepted: a queue of this many packets. */
#define KCONG_VEGAS_MAX_QUEUE	10000U
/*
 * While competing, a probe round tests whether the competitor left this
 * often.  Each takes the window to the flow's share without its queue for
 * two rounds, which CUBIC fills: every 3 s, kcong_vegas kept 25-26 % of a
 * 50 Mbit/s 4-BDP path beside CUBIC, every 6 s 31-35 % (6.12, 2026-12-04,
 * scripts/measure-vegas --parts coexist).  A competitor that leaves is
 * found sooner by the rate (kcong_vegas_has_link()).
 */
#define KCONG_VEGAS_COMPETE_PROBE_MS	6000

static unsigned int kcong_vegas_alpha = 2;
static unsigned int kcong_vegas_beta = 4;
static unsigned int kcong_vegas_gamma = 1;
static unsigned int kcong_vegas_base_window = 10;
static unsigned int kcong_vegas_queue_us = 2000;
/*
 * Set once module_init has checked the pair given at load time.  Until
 * then alpha and beta are only range-checked, so that "alpha=6 beta=12"
 * loads whatever order the values are parsed in; afterwards each write
 * keeps alpha <= beta (writes are serialised by the module's parameter
 * lock, so the check and the store cannot interleave with another write).
 */
static bool kcong_vegas_params_checked;

KCONG_PARAM_UINT(alpha, kcong_vegas_alpha, 1,
		 kcong_vegas_params_checked ? kcong_vegas_beta : KCONG_VEGAS_MAX_QUEUE,
		 "fewest packets kept queued in the network (1..beta, default 2)");
KCONG_PARAM_UINT(beta, kcong_vegas_beta,
		 kcong_vegas_params_checked ? kcong_vegas_alpha : 1,
		 KCONG_VEGAS_MAX_QUEUE,
		 "most packets kept queued in the network (alpha..10000, default 4)");
KCONG_PARAM_UINT(gamma, kcong_vegas_gamma, 1, KCONG_VEGAS_MAX_QUEUE,
		 "queued packets that end slow start, with HyStart++'s delay rise (1..10000, default 1)");
KCONG_PARAM_UINT(base_window, kcong_vegas_base_window, 1, 3600,
		 "seconds per base-RTT window; base RTT is the minimum of the last two (1..3600, default 10)");
KCONG_PARAM_UINT(queue_us, kcong_vegas_queue_us, 0, 100000,
		 "queueing delay (us) that beta is never less than, alpha half of it; 0: packets only (0..100000, default 2000)");

enum kcong_vegas_probe {
	KCONG_VEGAS_PROBE_NONE,
	KCONG_VEGAS_PROBE_DRAIN,	/* window lowered; samples still older */
	KCONG_VEGAS_PROBE_MEASURE,	/* samples of the lowered window */
};

struct kcong_vegas {
	struct kcong_vegas_base base;	/* windowed minimum RTT, us */
	struct kcong_vegas_standing standing; /* a queue above Vegas's own */
	struct kcong_acktrain train;	/* bottleneck rate from slow start's ACKs */
	u32 base_stamp;		/* jiffies when the current base window began */
	u32 probe_stamp;	/* jiffies when the last probe began */
	u32 loss_stamp;		/* jiffies of the last loss (ssthresh called) */
	u32 round_end;		/* snd_nxt at the start of the round */
	u32 round_min_us;	/* smallest RTT sample of the round */
	u32 last_min_us;	/* smallest RTT sample of the round before */
	u32 round_samples;	/* RTT samples in the round */
	u32 saved_cwnd;		/* the window before the probe */
	u32 floor;		/* competing: the window never goes below; else 0 */
	u32 max_pps;		/* the link's rate, packets/s: kcong_vegas_link_pps() */
	u8 enabled;		/* judging rounds (Open state, not just restarted) */
	u8 grow_rounds;		/* judged rounds in a row below alpha */
	u8 settle;		/* the next round's samples predate a window change */
	u8 probe;		/* enum kcong_vegas_probe */
	u8 probe_why;		/* enum kcong_vegas_probe_why */
	u8 rotated;		/* a base window began since the last probe */
	u8 compete_lost;	/* a loss since the competitive mode began */
};

static void kcong_vegas_new_round(struct sock *sk)
{
	struct kcong_vegas *ca = inet_csk_ca(sk);

	if (ca->round_samples)
		ca->last_min_us = ca->round_min_us;
	ca->round_end = tcp_sk(sk)->snd_nxt;
	ca->round_min_us = U32_MAX;
	ca->round_samples = 0;
}

/*
 * Start judging again after the next full round of fresh samples.  A probe
 * cut short (reordering, a restart) gives its window back.
 */
static void kcong_vegas_enable(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct kcong_vegas *ca = inet_csk_ca(sk);

	if (ca->probe != KCONG_VEGAS_PROBE_NONE && ca->saved_cwnd > tcp_snd_cwnd(tp))
		tcp_snd_cwnd_set(tp, min(ca->saved_cwnd, tp->snd_cwnd_clamp));
	ca->enabled = 1;
	ca->probe = KCONG_VEGAS_PROBE_NONE;
	ca->settle = 0;
	ca->last_min_us = U32_MAX;
	ca->round_samples = 0;
	kcong_vegas_new_round(sk);
}

static void kcong_vegas_init(struct sock *sk)
{
	struct kcong_vegas *ca = inet_csk_ca(sk);

	BUILD_BUG_ON(sizeof(struct kcong_vegas) > ICSK_CA_PRIV_SIZE);
	kcong_vegas_base_reset(&ca->base);
	kcong_acktrain_reset(&ca->train);
	ca->base_stamp = tcp_jiffies32;
	ca->probe_stamp = tcp_jiffies32;
	ca->loss_stamp = tcp_jiffies32;
	ca->rotated = 0;
	ca->floor = 0;
	ca->compete_lost = 0;
	ca->max_pps = 0;
	ca->grow_rounds = 0;
	ca->standing.rounds = 0;
	ca->standing.calm = 0;
	ca->probe = KCONG_VEGAS_PROBE_NONE;
	kcong_vegas_enable(sk);
}

static void kcong_vegas_pkts_acked(struct sock *sk,
				   const struct ack_sample *sample)
{
	struct kcong_vegas *ca = inet_csk_ca(sk);
	u32 window = msecs_to_jiffies(READ_ONCE(kcong_vegas_base_window) *
				      MSEC_PER_SEC);
	u32 rtt_us;

	if (sample->rtt_us < 0)		/* no sample on this ACK */
		return;
	rtt_us = max_t(u32, sample->rtt_us, 1);

	if (kcong_vegas_base_may_rotate(tcp_jiffies32 - ca->base_stamp,
					tcp_jiffies32 - ca->loss_stamp, window, ca->floor)) {
		kcong_vegas_base_rotate(&ca->base);
		ca->base_stamp = tcp_jiffies32;
		ca->rotated = 1;
	}
	kcong_vegas_base_sample(&ca->base, rtt_us);
	ca->round_min_us = min(ca->round_min_us, rtt_us);
	ca->round_samples++;
}

static void kcong_vegas_set_state(struct sock *sk, u8 new_state)
{
	struct kcong_vegas *ca = inet_csk_ca(sk);

	if (new_state == TCP_CA_Open)
		kcong_vegas_enable(sk);
	else
		ca->enabled = 0;
}

static void kcong_vegas_cwnd_event(struct sock *sk, enum tcp_ca_event ev)
{
	if (ev == CA_EVENT_CWND_RESTART || ev == CA_EVENT_TX_START)
		kcong_vegas_enable(sk);
}

/*
 * The paper's quarter off the window the flow had (before a probe lowered
 * it); a competing flow's floor falls by as much.
 */
static u32 kcong_vegas_ssthresh(struct sock *sk)
{
	struct kcong_vegas *ca = inet_csk_ca(sk);
	u32 cwnd = tcp_snd_cwnd(tcp_sk(sk));

	if (ca->probe != KCONG_VEGAS_PROBE_NONE)
		cwnd = max(cwnd, ca->saved_cwnd);
	ca->probe = KCONG_VEGAS_PROBE_NONE;
	ca->loss_stamp = tcp_jiffies32;
	if (ca->floor) {
		ca->floor = kcong_vegas_loss_ssthresh(ca->floor);
		ca->compete_lost = 1;
	}
	return kcong_vegas_loss_ssthresh(cwnd);
}

/* Set the window the round decided on, within [2, snd_cwnd_clamp]. */
static void kcong_vegas_set_cwnd(struct sock *sk, u32 cwnd)
{
	struct tcp_sock *tp = tcp_sk(sk);

	cwnd = clamp_t(u32, cwnd, KCONG_VEGAS_MIN_CWND, tp->snd_cwnd_clamp);
	if (cwnd == tcp_snd_cwnd(tp))
		return;
	tp->snd_cwnd_stamp = tcp_jiffies32;
	tcp_snd_cwnd_set(tp, cwnd);
	/* Below ssthresh the core would take it for slow start. */
	tp->snd_ssthresh = min(tp->snd_ssthresh, cwnd);
}

static void kcong_vegas_start_probe(struct sock *sk, u8 why)
{
	struct kcong_vegas *ca = inet_csk_ca(sk);
	u32 cwnd = tcp_snd_cwnd(tcp_sk(sk));

	ca->saved_cwnd = cwnd;
	ca->probe = KCONG_VEGAS_PROBE_DRAIN;
	ca->probe_why = why;
	ca->probe_stamp = tcp_jiffies32;
	ca->rotated = 0;
	kcong_vegas_set_cwnd(sk, kcong_vegas_probe_cwnd(cwnd, ca->round_min_us,
						       kcong_vegas_base_rtt(&ca->base)));
}

/* The round after the probe's: its samples are of the lowered window. */
static void kcong_vegas_end_probe(struct sock *sk, const struct kcong_vegas_params *p)
{
	struct kcong_vegas *ca = inet_csk_ca(sk);
	u32 floor = ca->floor;
	u32 cwnd;

	if (kcong_vegas_rebase(&ca->base, ca->probe_why, ca->compete_lost, ca->round_min_us))
		ca->base_stamp = tcp_jiffies32;
	cwnd = kcong_vegas_probe_done(p, ca->probe_why, ca->saved_cwnd,
				      tcp_snd_cwnd(tcp_sk(sk)), ca->standing.onset_cwnd,
				      ca->round_min_us, kcong_vegas_base_rtt(&ca->base),
				      &ca->floor);
	if (!floor && ca->floor)
		ca->compete_lost = 0;	/* the competitive mode begins */
	ca->probe = KCONG_VEGAS_PROBE_NONE;
	ca->settle = 1;
	ca->standing.rounds = 0;
	ca->standing.calm = 0;
	ca->grow_rounds = 0;
	kcong_vegas_set_cwnd(sk, cwnd);
}

/*
 * The flow's delivery rate now, packets per second; 0 when the sender was
 * application-limited (it says nothing of the link).
 */
static u32 kcong_vegas_rate(const struct sock *sk)
{
	const struct tcp_sock *tp = tcp_sk(sk);

	if (tp->rate_app_limited)
		return 0;
	return kcong_vegas_rate_pps(tp->rate_delivered, tp->rate_interval_us);
}

/*
 * Probe now?  Which probe, in *why.  A competing flow at the link's rate
 * (@pps) probes at once, after a loss in the competitive mode at most once
 * a second.
 */
static bool kcong_vegas_want_probe(struct sock *sk, bool foreign, u32 pps, u8 *why)
{
	struct kcong_vegas *ca = inet_csk_ca(sk);
	u32 cwnd = tcp_snd_cwnd(tcp_sk(sk));
	u32 since_probe = tcp_jiffies32 - ca->probe_stamp;

	if (ca->floor && kcong_vegas_has_link(pps, ca->max_pps) &&
	    (!ca->compete_lost ||
	     since_probe >= msecs_to_jiffies(KCONG_VEGAS_LINK_PROBE_MS))) {
		*why = KCONG_VEGAS_WHY_LINK;
		return true;
	}
	if (ca->floor) {
		*why = KCONG_VEGAS_WHY_COMPETING;
		return since_probe >= msecs_to_jiffies(KCONG_VEGAS_COMPETE_PROBE_MS);
	}
	if (kcong_vegas_standing_round(&ca->standing, foreign, cwnd)) {
		*why = KCONG_VEGAS_WHY_STANDING;
		return true;
	}
	*why = KCONG_VEGAS_WHY_BASE;
	return ca->rotated;
}

/*
 * The once-per-round decision in congestion avoidance; returns false when
 * Reno's growth applies (too few samples).
 */
static bool kcong_vegas_judge_round(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct kcong_vegas *ca = inet_csk_ca(sk);
	struct kcong_vegas_params p = {
		.alpha = READ_ONCE(kcong_vegas_alpha),
		.beta = READ_ONCE(kcong_vegas_beta),
		.gamma = READ_ONCE(kcong_vegas_gamma),
	};
	u32 base_us = kcong_vegas_base_rtt(&ca->base);
	u32 cwnd = tcp_snd_cwnd(tp), old = cwnd;
	enum kcong_vegas_action decision;
	bool foreign;
	u64 diff;
	u32 pps;
	u8 why;

	if (!kcong_vegas_enough_samples(ca->round_samples, cwnd) || base_us == U32_MAX)
		return false;
	/* alpha and beta are read apart: a pair rewritten in between. */
	p.beta = max(p.beta, p.alpha);

	switch (ca->probe) {
	case KCONG_VEGAS_PROBE_DRAIN:
		ca->probe = KCONG_VEGAS_PROBE_MEASURE;
		return true;
	case KCONG_VEGAS_PROBE_MEASURE:
		kcong_vegas_end_probe(sk, &p);
		return true;
	}
	if (ca->settle) {
		ca->settle = 0;
		return true;
	}

	foreign = kcong_vegas_foreign_queue(ca->round_min_us, base_us);
	if (ca->floor && kcong_vegas_queue_gone(&ca->standing, foreign))
		ca->floor = 0;		/* the competitor's queue is gone */
	pps = kcong_vegas_rate(sk);
	if (kcong_vegas_want_probe(sk, foreign, pps, &why)) {
		kcong_vegas_start_probe(sk, why);
		return true;
	}

	diff = kcong_vegas_diff(cwnd, ca->round_min_us, base_us);
	p = kcong_vegas_at_rate(&p, cwnd, ca->round_min_us, READ_ONCE(kcong_vegas_queue_us));
	decision = kcong_vegas_decide(&p, diff);
	ca->max_pps = kcong_vegas_link_pps(ca->max_pps, pps, !ca->floor && !foreign &&
					   decision != KCONG_VEGAS_GROW, ca->train.rate);
	switch (decision) {
	case KCONG_VEGAS_GROW:
		if (!tcp_is_cwnd_limited(sk))
			break;
		if (ca->grow_rounds < U8_MAX)
			ca->grow_rounds++;
		cwnd += kcong_vegas_grow_step(ca->grow_rounds, cwnd);
		break;
	case KCONG_VEGAS_SHRINK:
		ca->grow_rounds = 0;
		cwnd = kcong_vegas_shrink(&p, cwnd, diff, foreign);
		break;
	case KCONG_VEGAS_HOLD:
		ca->grow_rounds = 0;
		break;
	}
	if (ca->floor) {
		/* Not while the queue is away: the competitor just backed off. */
		if (foreign && tcp_is_cwnd_limited(sk))
			ca->floor = kcong_vegas_floor_grow(ca->floor, tp->snd_cwnd_clamp,
							   ca->compete_lost,
							   kcong_acktrain_pipe(ca->max_pps, base_us));
		cwnd = max(cwnd, ca->floor);
	}
	/*
	 * A change of more than a packet: the next round's samples predate it.
	 * Not while competing: the floor, not the samples, sets the window.
	 */
	ca->settle = !ca->floor && (cwnd > old + 1 || cwnd + 1 < old);
	kcong_vegas_set_cwnd(sk, cwnd);
	return true;
}

/*
 * Slow start, on every ACK: has the window reached the pipe the ACK
 * trains measured, plus alpha?  Then it stays there.  Or has the RTT risen
 * by HyStart++'s threshold with more than gamma packets queued?  Then the
 * window becomes the pipe the delivery rate shows, plus alpha.  Either way
 * a new round begins whose samples (sent before) are not judged.
 */
static bool kcong_vegas_slow_start_done(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct kcong_vegas *ca = inet_csk_ca(sk);
	struct kcong_vegas_params p = {
		.alpha = READ_ONCE(kcong_vegas_alpha),
		.gamma = READ_ONCE(kcong_vegas_gamma),
	};
	u32 base_us = kcong_vegas_base_rtt(&ca->base);
	u32 cwnd = tcp_snd_cwnd(tp);
	u32 pipe = 0;

	if (base_us != U32_MAX)
		pipe = kcong_acktrain_pipe(ca->train.rate, base_us);
	if (kcong_vegas_ss_at_pipe(&p, cwnd, pipe))
		cwnd = pipe + p.alpha;
	else if (kcong_vegas_ss_done(&p, cwnd, ca->last_min_us, ca->round_min_us,
				     ca->round_samples, base_us))
		cwnd = kcong_vegas_ss_exit_cwnd(&p, cwnd, tp->rate_delivered,
						tp->rate_interval_us, ca->round_min_us,
						base_us);
	else
		return false;
	cwnd = clamp_t(u32, cwnd, KCONG_VEGAS_MIN_CWND, tp->snd_cwnd_clamp);
	tp->snd_cwnd_stamp = tcp_jiffies32;
	tcp_snd_cwnd_set(tp, cwnd);
	tp->snd_ssthresh = cwnd;
	ca->grow_rounds = 0;
	ca->settle = 1;
	kcong_vegas_new_round(sk);
	return true;
}

static void kcong_vegas_cong_avoid(struct sock *sk, u32 ack, u32 acked)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct kcong_vegas *ca = inet_csk_ca(sk);

	if (!ca->enabled) {
		tcp_reno_cong_avoid(sk, ack, acked);
		return;
	}
	if (tcp_in_slow_start(tp)) {
		if (tcp_is_cwnd_limited(sk))
			kcong_acktrain_ack(&ca->train, tp->tcp_mstamp, tp->delivered,
					   KCONG_ACKTRAIN_GAP_US, KCONG_ACKTRAIN_MIN_US);
		else
			kcong_acktrain_close(&ca->train);
		if (kcong_vegas_slow_start_done(sk))
			return;
		if (after(ack, ca->round_end))
			kcong_vegas_new_round(sk);
		if (tcp_is_cwnd_limited(sk))
			tcp_slow_start(tp, acked);
		return;
	}
	if (!after(ack, ca->round_end))
		return;
	if (!kcong_vegas_judge_round(sk))
		tcp_reno_cong_avoid(sk, ack, acked);
	kcong_vegas_new_round(sk);
}

/*
 * INET_DIAG_VEGASINFO, which ss -ti reads: tcpv_enabled = judging rounds
 * now, tcpv_rttcnt = RTT samples in the current round, tcpv_rtt = smallest
 * RTT of the current round (us; 0 before the first sample), tcpv_minrtt =
 * base RTT (us; 0 before the first sample).
 */
static size_t kcong_vegas_get_info(struct sock *sk, u32 ext, int *attr,
				   union tcp_cc_info *info)
{
	const struct kcong_vegas *ca = inet_csk_ca(sk);
	u32 base_us = kcong_vegas_base_rtt(&ca->base);

	if (!(ext & (1 << (INET_DIAG_VEGASINFO - 1))))
		return 0;
	info->vegas.tcpv_enabled = ca->enabled;
	info->vegas.tcpv_rttcnt = ca->round_samples;
	info->vegas.tcpv_rtt = ca->round_min_us == U32_MAX ? 0 : ca->round_min_us;
	info->vegas.tcpv_minrtt = base_us == U32_MAX ? 0 : base_us;
	*attr = INET_DIAG_VEGASINFO;
	return sizeof(struct tcpvegas_info);
}

static struct tcp_congestion_ops kcong_vegas __read_mostly = {
	.init		= kcong_vegas_init,
	.ssthresh	= kcong_vegas_ssthresh,
	.cong_avoid	= kcong_vegas_cong_avoid,
	.undo_cwnd	= tcp_reno_undo_cwnd,
	.set_state	= kcong_vegas_set_state,
	.cwnd_event	= kcong_vegas_cwnd_event,
	.pkts_acked	= kcong_vegas_pkts_acked,
	.get_info	= kcong_vegas_get_info,
	.flags		= TCP_CONG_NON_RESTRICTED,
	.owner		= THIS_MODULE,
	.name		= "kcong_vegas",
};

static int __init kcong_vegas_register(void)
{
	if (kcong_vegas_alpha > kcong_vegas_beta) {
		pr_err("kcong_vegas: alpha=%u is above beta=%u\n",
		       kcong_vegas_alpha, kcong_vegas_beta);
		return -EINVAL;
	}
	kcong_vegas_params_checked = true;
	return tcp_register_congestion_control(&kcong_vegas);
}

static void __exit kcong_vegas_unregister(void)
{
	tcp_unregister_congestion_control(&kcong_vegas);
}

module_init(kcong_vegas_register);
module_exit(kcong_vegas_unregister);

MODULE_AUTHOR("kcong developers");
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Vegas-like delay-based TCP congestion control");
