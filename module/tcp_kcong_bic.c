// SPDX-License-Identifier: GPL-2.0
/*
 * kcong_bic: Binary Increase Congestion control.
 *
 * L. Xu, K. Harfoush, I. Rhee, "Binary Increase Congestion Control (BIC)
 * for Fast Long-Distance Networks", IEEE INFOCOM 2004.
 *
 * After a loss the window searches for the last maximum Wmax by halving
 * the distance to it each round trip, no faster than Smax packets per round
 * trip (additive increase far from it); past Wmax it probes by the mirror
 * image, 1, 2, 4, ... packets up to Smax.  Fast convergence lowers Wmax when
 * losses come at a smaller window than before.  Small windows behave as Reno.
 * The arithmetic and its packet-granularity reading of Smin are in
 * include/kcong_bic.h.
 *
 * How this differs from the paper, and why:
 *  - Loss detection and recovery are the Linux core's (SACK, RACK, PRR).
 *  - Growth is per ACK (1 packet every cnt packets acknowledged), the
 *    per-round-trip increment spread over the round; delayed ACKs need no
 *    correction because the core counts packets acknowledged, not ACKs.
 *  - Defaults chosen for long fat paths with random loss, where a loss
 *    every second or so must not pin the window below the pipe: Smax = 32
 *    packets (the in-tree "bic" uses 16); Smin = 0.5 packet (the paper's
 *    0.01 makes the plateau at Wmax last 100 round trips per packet, the
 *    in-tree module's 0.2 five); beta = 896/1024, a cut to 7/8 (the
 *    in-tree module keeps 0.8); low_window = 14.
 *  - An undone (spurious) loss also restores Wmax, not only the window.
 */

#include <linux/module.h>
#include <linux/inet_diag.h>
#include <net/tcp.h>

#include "kcong_param.h"
#include "kcong_bic.h"

static unsigned int kcong_bic_smax = 32;
static unsigned int kcong_bic_smin = 50;
static unsigned int kcong_bic_low_window = 14;
static unsigned int kcong_bic_beta = 896;
static unsigned int kcong_bic_fast_convergence = 1;

KCONG_PARAM_UINT(max_increment, kcong_bic_smax, 1, 65536,
		 "Smax: largest window increase per RTT, packets (1..65536, default 32)");
KCONG_PARAM_UINT(min_increment, kcong_bic_smin, 1, 10000,
		 "Smin: smallest window increase per RTT, 1/100 packet (1..10000, default 50)");
KCONG_PARAM_UINT(low_window, kcong_bic_low_window, 0, 1 << 20,
		 "windows at or below this many packets behave as Reno (default 14)");
KCONG_PARAM_UINT(beta, kcong_bic_beta, 1, KCONG_BIC_BETA_SCALE - 1,
		 "window kept on a loss, 1/1024 (1..1023, default 896 = 0.875)");
KCONG_PARAM_UINT(fast_convergence, kcong_bic_fast_convergence, 0, 1,
		 "lower Wmax when a loss comes below the previous one (0/1, default 1)");

struct kcong_bic {
	u32 wmax;	/* window at the last loss, packets (0: none, or a timeout) */
	u32 prior_wmax;	/* wmax before the last loss, back on undo */
	u32 cnt;	/* packets acknowledged per +1 packet, last computed */
};

static void kcong_bic_read_params(struct kcong_bic_params *p)
{
	p->smax = READ_ONCE(kcong_bic_smax);
	p->smin = READ_ONCE(kcong_bic_smin);
	p->low_window = READ_ONCE(kcong_bic_low_window);
	p->beta = READ_ONCE(kcong_bic_beta);
	p->fast_convergence = READ_ONCE(kcong_bic_fast_convergence);
}

static void kcong_bic_init(struct sock *sk)
{
	struct kcong_bic *ca = inet_csk_ca(sk);

	BUILD_BUG_ON(sizeof(struct kcong_bic) > ICSK_CA_PRIV_SIZE);
	ca->wmax = 0;
	ca->prior_wmax = 0;
	ca->cnt = 0;
}

static void kcong_bic_cong_avoid(struct sock *sk, u32 ack, u32 acked)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct kcong_bic *ca = inet_csk_ca(sk);
	struct kcong_bic_params p;

	if (!tcp_is_cwnd_limited(sk))
		return;
	if (tcp_in_slow_start(tp)) {
		acked = tcp_slow_start(tp, acked);
		if (!acked)
			return;
	}
	kcong_bic_read_params(&p);
	ca->cnt = kcong_bic_cnt(&p, tcp_snd_cwnd(tp), ca->wmax);
	tcp_cong_avoid_ai(tp, ca->cnt, acked);
}

static u32 kcong_bic_ssthresh(struct sock *sk)
{
	struct kcong_bic *ca = inet_csk_ca(sk);
	u32 cwnd = tcp_snd_cwnd(tcp_sk(sk));
	struct kcong_bic_params p;

	kcong_bic_read_params(&p);
	ca->prior_wmax = ca->wmax;
	ca->wmax = kcong_bic_loss_wmax(&p, cwnd, ca->wmax);
	return kcong_bic_loss_ssthresh(&p, cwnd);
}

/*
 * A retransmission timeout says the path has changed too much for the last
 * maximum to guide the search: forget it, as the in-tree bic does, and let
 * slow start and max probing find the new one.  prior_wmax stays, so that
 * an undone (spurious) timeout gets it back.
 */
static void kcong_bic_set_state(struct sock *sk, u8 new_state)
{
	struct kcong_bic *ca = inet_csk_ca(sk);

	if (new_state == TCP_CA_Loss) {
		ca->wmax = 0;
		ca->cnt = 0;
	}
}

static u32 kcong_bic_undo_cwnd(struct sock *sk)
{
	struct kcong_bic *ca = inet_csk_ca(sk);

	ca->wmax = max(ca->wmax, ca->prior_wmax);
	return tcp_reno_undo_cwnd(sk);
}

/*
 * INET_DIAG_VEGASINFO, which ss -ti reads: tcpv_enabled = 1, tcpv_rttcnt =
 * Wmax (packets, 0 before the first loss), tcpv_rtt = smoothed RTT (us),
 * tcpv_minrtt = cnt, packets acknowledged per +1 packet of window (0 before
 * the first congestion-avoidance ACK).
 */
static size_t kcong_bic_get_info(struct sock *sk, u32 ext, int *attr,
				 union tcp_cc_info *info)
{
	const struct kcong_bic *ca = inet_csk_ca(sk);

	if (!(ext & (1 << (INET_DIAG_VEGASINFO - 1))))
		return 0;
	info->vegas.tcpv_enabled = 1;
	info->vegas.tcpv_rttcnt = ca->wmax;
	info->vegas.tcpv_rtt = tcp_sk(sk)->srtt_us >> 3;
	info->vegas.tcpv_minrtt = ca->cnt;
	*attr = INET_DIAG_VEGASINFO;
	return sizeof(struct tcpvegas_info);
}

static struct tcp_congestion_ops kcong_bic __read_mostly = {
	.init		= kcong_bic_init,
	.ssthresh	= kcong_bic_ssthresh,
	.cong_avoid	= kcong_bic_cong_avoid,
	.undo_cwnd	= kcong_bic_undo_cwnd,
	.set_state	= kcong_bic_set_state,
	.get_info	= kcong_bic_get_info,
	.flags		= TCP_CONG_NON_RESTRICTED,
	.owner		= THIS_MODULE,
	.name		= "kcong_bic",
};

static int __init kcong_bic_register(void)
{
	return tcp_register_congestion_control(&kcong_bic);
}

static void __exit kcong_bic_unregister(void)
{
	tcp_unregister_congestion_control(&kcong_bic);
}

module_init(kcong_bic_register);
module_exit(kcong_bic_unregister);

MODULE_AUTHOR("kcong developers");
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("BIC (Binary Increase Congestion control) for TCP");
