// SPDX-License-Identifier: GPL-2.0
/*
 * kcong_reno: TCP Reno congestion control as RFC 5681 specifies it.
 *
 * M. Allman, V. Paxson, E. Blanton, "TCP Congestion Control", RFC 5681,
 * IETF, September 2009; with Appropriate Byte Counting, M. Allman, RFC 3465,
 * February 2003.
 *
 * Slow start, congestion avoidance (+1 segment per window acknowledged),
 * ssthresh = max(FlightSize / 2, 2) on a loss, fast recovery with the window
 * held at ssthresh, and deflation to ssthresh when recovery ends.
 *
 * How this differs from RFC 5681, and why:
 *  - Loss detection and retransmission belong to the Linux TCP core, which
 *    recovers every hole of a window one round trip apart (RFC 6582
 *    NewReno).  An RFC 5681 sender leaves fast recovery at the first
 *    partial ACK and treats each further hole as a new loss; kcong_reno
 *    reproduces that on the window: every partial ACK halves ssthresh again.
 *    The retransmission timeouts that classic Reno often suffers with three
 *    or more losses in one window do not happen, because the core keeps
 *    retransmitting on partial ACKs.
 *  - Slow start grows by min(acked, 2) per ACK (RFC 3465, L = 2), not 1.
 *  - Window inflation is implicit: see include/kcong_reno.h.
 *  - Unlike the in-tree "reno", which leaves recovery to the core's
 *    Proportional Rate Reduction (RFC 6937), the window drops to ssthresh
 *    at once when recovery starts.
 */

#include "kcong_reno_family.h"

static void kcong_reno_set_state_reno(struct sock *sk, u8 new_state)
{
	kcong_reno_set_state(sk, new_state, false);
}

static KCONG_CONG_CONTROL(kcong_reno_cong_control)
{
	kcong_reno_on_ack_cb(sk, rs, false);
}

static struct tcp_congestion_ops kcong_reno __read_mostly = {
	.init		= kcong_reno_init,
	.ssthresh	= kcong_reno_ssthresh_cb,
	.cong_control	= kcong_reno_cong_control,
	.set_state	= kcong_reno_set_state_reno,
	.cwnd_event	= kcong_reno_cwnd_event,
	.undo_cwnd	= kcong_reno_undo_cwnd_cb,
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
