// SPDX-License-Identifier: GPL-2.0
/*
 * kcong_reno: TCP Reno congestion control as RFC 5681 specifies it.
 *
 * M. Allman, V. Paxson, E. Blanton, "TCP Congestion Control", RFC 5681,
 * IETF, September 2009; with Appropriate Byte Counting, M. Allman, RFC 3465,
 * February 2003.
 *
 * Slow start, congestion avoidance (+1 segment per window acknowledged),
 * ssthresh = max(FlightSize / 2, 2) on a loss, and a window of ssthresh
 * when fast recovery ends.
 *
 * How this differs from RFC 5681, and why:
 *  - Loss detection and retransmission belong to the Linux TCP core, which
 *    recovers every hole of a window one round trip apart (RFC 6582
 *    NewReno).  An RFC 5681 sender leaves fast recovery at the first
 *    partial ACK and treats each further hole as a new loss; without SACK
 *    kcong_reno reproduces that on the window: every partial ACK halves
 *    ssthresh again.  The retransmission timeouts that classic Reno often
 *    suffers with three or more losses in one window do not happen, because
 *    the core keeps retransmitting on partial ACKs.  With SACK, recovery is
 *    RFC 6675's, which reduces once per window: no extra halving.
 *  - During recovery the window falls from cwnd to ssthresh by the core's
 *    Proportional Rate Reduction (RFC 6937), not at once with the RFC's
 *    inflation by duplicate ACKs: both send one segment per segment
 *    delivered once the flight is down to ssthresh, PRR spreads the
 *    reduction over the round trip instead of pausing for half of it, and
 *    the core's version is the one every other Linux algorithm is tested
 *    with (Documentation/reno-newreno.md).
 *  - Slow start grows by min(acked, 2) per ACK (RFC 3465, L = 2), where
 *    Linux's reno grows by every packet acknowledged.
 *  - With nothing in flight (see kcong_reno_flight()) ssthresh halves cwnd.
 */

#include "kcong_reno_family.h"

/* Reno without SACK: each partial ACK of a recovery is a new loss. */
static void kcong_reno_pkts_acked(struct sock *sk,
				  const struct ack_sample *sample)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (inet_csk(sk)->icsk_ca_state != TCP_CA_Recovery ||
	    !tcp_is_reno(tp) || !sample->pkts_acked ||
	    !before(tp->snd_una, tp->high_seq) ||
	    tp->snd_ssthresh >= TCP_INFINITE_SSTHRESH)
		return;
	tp->snd_ssthresh = kcong_reno_partial_ack_ssthresh(tp->snd_ssthresh);
}

static struct tcp_congestion_ops kcong_reno __read_mostly = {
	.init		= kcong_reno_init,
	.ssthresh	= kcong_reno_ssthresh_cb,
	.cong_avoid	= kcong_reno_cong_avoid,
	.undo_cwnd	= tcp_reno_undo_cwnd,
	.pkts_acked	= kcong_reno_pkts_acked,
	.flags		= TCP_CONG_NON_RESTRICTED,
	.owner		= THIS_MODULE,
	.name		= "kcong_reno",
};

static int __init kcong_reno_register(void)
{
	return tcp_register_congestion_control(&kcong_reno);
}

static void __exit kcong_reno_unregister(void)
{
	tcp_unregister_congestion_control(&kcong_reno);
}

module_init(kcong_reno_register);
module_exit(kcong_reno_unregister);

MODULE_AUTHOR("kcong developers");
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("TCP Reno (RFC 5681) congestion control");
