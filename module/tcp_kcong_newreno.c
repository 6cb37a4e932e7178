// SPDX-License-Identifier: GPL-2.0
/*
 * kcong_newreno: TCP NewReno congestion control, RFC 6582.
 *
 * T. Henderson, S. Floyd, A. Gurtov, Y. Nishida, "The NewReno Modification
 * to TCP's Fast Recovery Algorithm", RFC 6582, IETF, April 2012; on top of
 * RFC 5681 slow start and congestion avoidance (see tcp_kcong_reno.c).
 *
 * One multiplicative decrease per window of data: partial ACKs keep the
 * sender in fast recovery without a new decrease, and the full ACK ends it
 * with cwnd = min(ssthresh, max(FlightSize, SMSS) + SMSS) (RFC 6582 3.2
 * step 3, option 1), which avoids a burst at the exit.
 *
 * How this differs from RFC 6582:
 *  - The "recover" variable, the retransmission on each partial ACK and the
 *    end of recovery belong to the Linux TCP core, which implements them
 *    for non-SACK connections already; this module owns the window only.
 *  - During recovery the window falls to ssthresh by the core's
 *    Proportional Rate Reduction (RFC 6937) rather than by the RFC's
 *    inflation and partial deflation (see tcp_kcong_reno.c); the exit rule
 *    is applied to what PRR leaves, right after the core has set
 *    cwnd = ssthresh.
 *  - The RFC's optional "impatient" timer variant is the core's RTO logic.
 *  - Slow start grows by min(acked, 2) per ACK (RFC 3465, L = 2).
 */

#include "kcong_reno_family.h"

/*
 * CA_EVENT_COMPLETE_CWR follows the core's cwnd = ssthresh at the end of a
 * reduction.  Apply the exit rule when that reduction was a fast recovery
 * (not CWR) that the core did end at ssthresh: not undone (undo clears
 * undo_marker) and with a finite ssthresh, the core's own conditions.
 */
static void kcong_newreno_cwnd_event(struct sock *sk, enum tcp_ca_event ev)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (ev != CA_EVENT_COMPLETE_CWR ||
	    inet_csk(sk)->icsk_ca_state == TCP_CA_CWR || !tp->undo_marker ||
	    tp->snd_ssthresh >= TCP_INFINITE_SSTHRESH)
		return;
	tcp_snd_cwnd_set(tp, kcong_newreno_exit_cwnd(tcp_snd_cwnd(tp),
						     tcp_packets_in_flight(tp)));
}

static struct tcp_congestion_ops kcong_newreno __read_mostly = {
	.init		= kcong_reno_init,
	.ssthresh	= kcong_reno_ssthresh_cb,
	.cong_avoid	= kcong_reno_cong_avoid,
	.undo_cwnd	= tcp_reno_undo_cwnd,
	.cwnd_event	= kcong_newreno_cwnd_event,
	.flags		= TCP_CONG_NON_RESTRICTED,
	.owner		= THIS_MODULE,
	.name		= "kcong_newreno",
};

static int __init kcong_newreno_register(void)
{
	return tcp_register_congestion_control(&kcong_newreno);
}

static void __exit kcong_newreno_unregister(void)
{
	tcp_unregister_congestion_control(&kcong_newreno);
}

module_init(kcong_newreno_register);
module_exit(kcong_newreno_unregister);

MODULE_AUTHOR("kcong developers");
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("TCP NewReno (RFC 6582) congestion control");
