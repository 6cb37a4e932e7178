// SPDX-License-Identifier: GPL-2.0
/*
 * kcong_newreno: TCP NewReno congestion control, RFC 6582.
 *
 * T. Henderson, S. Floyd, A. Gurtov, Y. Nishida, "The NewReno Modification
 * to TCP's Fast Recovery Algorithm", RFC 6582, IETF, April 2012; on top of
 * RFC 5681 slow start and congestion avoidance (see tcp_kcong_reno.c).
 *
 * One multiplicative decrease per window of data: partial ACKs keep the
 * sender in fast recovery with the window held at ssthresh, and the full ACK
 * ends it with cwnd = min(ssthresh, max(FlightSize, SMSS) + SMSS) (RFC 6582
 * 3.2 step 3, option 1), which avoids a burst at the exit.
 *
 * How this differs from RFC 6582:
 *  - The "recover" variable, the retransmission on each partial ACK and the
 *    end of recovery belong to the Linux TCP core, which implements them
 *    for non-SACK connections already; this module owns the window only.
 *  - Deflation on a partial ACK "by the amount of new data acknowledged,
 *    then add back one SMSS" is done by the core's packets_in_flight
 *    accounting (include/kcong_reno.h explains why holding cwnd at ssthresh
 *    is exactly that).
 *  - The RFC's optional "impatient" timer variant is the core's RTO logic.
 *  - Slow start grows by min(acked, 2) per ACK (RFC 3465, L = 2).
 */

#include "kcong_reno_family.h"

static void kcong_newreno_set_state(struct sock *sk, u8 new_state)
{
	kcong_reno_set_state(sk, new_state, true);
}

static KCONG_CONG_CONTROL(kcong_newreno_cong_control)
{
	kcong_reno_on_ack_cb(sk, rs, true);
}

static struct tcp_congestion_ops kcong_newreno __read_mostly = {
	.init		= kcong_reno_init,
	.ssthresh	= kcong_reno_ssthresh_cb,
	.cong_control	= kcong_newreno_cong_control,
	.set_state	= kcong_newreno_set_state,
	.cwnd_event	= kcong_reno_cwnd_event,
	.undo_cwnd	= kcong_reno_undo_cwnd_cb,
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
