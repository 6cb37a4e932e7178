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
 * Congestion avoidance adds a packet below alpha and removes one above beta;
 * slow start ends when Diff passes gamma.
 *
 * How this differs from the paper, and why:
 *  - Loss detection and recovery are the Linux core's (SACK, RACK, PRR),
 *    not Vegas's fine-grained timeout check.  On a loss the window is still
 *    cut to 3/4, as the paper does, not halved.
 *  - RTT is the smallest sample of the round (filters delayed ACKs and
 *    scheduling noise); at least three samples are needed, otherwise the
 *    round grows the window as Reno would.
 *  - Slow start doubles every round trip, not every other one.  When it
 *    ends, the window is set to the delivery rate of the last round times
 *    BaseRTT plus alpha: the pipe, not the overshoot, so that the queue
 *    built during slow start is gone after one round instead of draining at
 *    one packet per round trip.
 *  - BaseRTT is a windowed minimum (two windows of base_window seconds), so
 *    a route change to a longer path is learnt instead of being taken as a
 *    permanent queue.  The price: a queue that persists for two whole
 *    windows becomes part of BaseRTT.
 *  - Decisions stop outside the Open state and for the first round after an
 *    idle restart, which uses Reno's growth (the in-tree vegas does the same).
 *  - Unlike the in-tree "vegas" (Diff = cwnd x (RTT - BaseRTT) / BaseRTT),
 *    Diff is the paper's, divided by RTT.
 */

#include <linux/module.h>
#include <linux/inet_diag.h>
#include <net/tcp.h>

#include "kcong_param.h"
#include "kcong_vegas.h"

/* A round needs this many RTT samples to be judged (see above). */
#define KCONG_VEGAS_MIN_SAMPLES	3
/* Largest alpha/beta/gamma accepted: a queue of this many packets. */
#define KCONG_VEGAS_MAX_QUEUE	10000U

static unsigned int kcong_vegas_alpha = 2;
static unsigned int kcong_vegas_beta = 4;
static unsigned int kcong_vegas_gamma = 1;
static unsigned int kcong_vegas_base_window = 10;
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
		 "queued packets that end slow start (1..10000, default 1)");
KCONG_PARAM_UINT(base_window, kcong_vegas_base_window, 1, 3600,
		 "seconds per base-RTT window; base RTT is the minimum of the last two (1..3600, default 10)");

struct kcong_vegas {
	struct kcong_vegas_base base;	/* windowed minimum RTT, us */
	u32 base_stamp;		/* jiffies when the current base window began */
	u32 round_end;		/* snd_nxt at the start of the round */
	u32 round_min_us;	/* smallest RTT sample of the round */
	u32 round_samples;	/* RTT samples in the round */
	u8 enabled;		/* judging rounds (Open state, not just restarted) */
};

static void kcong_vegas_new_round(struct sock *sk)
{
	struct kcong_vegas *ca = inet_csk_ca(sk);

	ca->round_end = tcp_sk(sk)->snd_nxt;
	ca->round_min_us = U32_MAX;
	ca->round_samples = 0;
}

/* Start judging again after the next full round of fresh samples. */
static void kcong_vegas_enable(struct sock *sk)
{
	struct kcong_vegas *ca = inet_csk_ca(sk);

	ca->enabled = 1;
	kcong_vegas_new_round(sk);
}

static void kcong_vegas_init(struct sock *sk)
{
	struct kcong_vegas *ca = inet_csk_ca(sk);

	BUILD_BUG_ON(sizeof(struct kcong_vegas) > ICSK_CA_PRIV_SIZE);
	kcong_vegas_base_reset(&ca->base);
	ca->base_stamp = tcp_jiffies32;
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

	if (tcp_jiffies32 - ca->base_stamp >= window) {
		kcong_vegas_base_rotate(&ca->base);
		ca->base_stamp = tcp_jiffies32;
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

static u32 kcong_vegas_ssthresh(struct sock *sk)
{
	return kcong_vegas_loss_ssthresh(tcp_snd_cwnd(tcp_sk(sk)));
}

/* The once-per-round decision; returns false when Reno's growth applies. */
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
	u32 cwnd = tcp_snd_cwnd(tp);

	if (ca->round_samples < KCONG_VEGAS_MIN_SAMPLES || base_us == U32_MAX)
		return false;
	/* alpha and beta are read apart: a pair rewritten in between. */
	p.beta = max(p.beta, p.alpha);

	switch (kcong_vegas_decide(&p, cwnd, ca->round_min_us, base_us,
				   tcp_in_slow_start(tp))) {
	case KCONG_VEGAS_END_SS:
		cwnd = kcong_vegas_ss_exit_cwnd(&p, cwnd, tp->rate_delivered,
						tp->rate_interval_us,
						ca->round_min_us, base_us);
		tp->snd_ssthresh = cwnd;
		break;
	case KCONG_VEGAS_GROW:
		if (!tcp_is_cwnd_limited(sk))
			break;
		if (tcp_in_slow_start(tp))
			return false;
		cwnd++;
		break;
	case KCONG_VEGAS_SHRINK:
		cwnd = kcong_vegas_shrink(cwnd);
		tp->snd_ssthresh = min(tp->snd_ssthresh, cwnd);
		break;
	case KCONG_VEGAS_HOLD:
		break;
	}
	cwnd = clamp_t(u32, cwnd, KCONG_VEGAS_MIN_CWND, tp->snd_cwnd_clamp);
	if (cwnd != tcp_snd_cwnd(tp))
		tp->snd_cwnd_stamp = tcp_jiffies32;
	tcp_snd_cwnd_set(tp, cwnd);
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
	if (!after(ack, ca->round_end)) {
		/* Within a round only slow start grows, ACK by ACK. */
		if (tcp_in_slow_start(tp) && tcp_is_cwnd_limited(sk))
			tcp_slow_start(tp, acked);
		return;
	}
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
