// SPDX-License-Identifier: GPL-2.0
/*
 * kcong_westwood: Westwood+, bandwidth-estimate-driven window reduction.
 *
 * L. A. Grieco, S. Mascolo, "Performance evaluation and comparison of
 * Westwood+, New Reno, and Vegas TCP congestion control", ACM SIGCOMM
 * Computer Communication Review 34(2):25-38, April 2004; after S. Mascolo,
 * C. Casetti, M. Gerla, M. Y. Sanadidi, R. Wang, "TCP Westwood: bandwidth
 * estimation for enhanced transport over wireless links", ACM MobiCom 2001.
 *
 * The sender estimates the bandwidth it gets once per round trip and
 * low-pass filters it (include/kcong_westwood.h).  On three duplicate ACKs
 * ssthresh = BWE x RTTmin / MSS and cwnd = min(cwnd, ssthresh); after a
 * timeout the same ssthresh and cwnd = 1.  Otherwise Reno: slow start and
 * +1 packet per round trip.  A loss that is not congestion costs the window
 * only the queue it had built: the pipe estimate stays where it was.
 *
 * How this differs from the paper, and why:
 *  - Loss detection, retransmission and the way down to ssthresh are the
 *    Linux core's: the module is a ->cong_avoid algorithm, so in Recovery
 *    and CWR the core's Proportional Rate Reduction (RFC 6937) takes the
 *    window to ssthresh over about a round trip and recovery ends with
 *    cwnd = ssthresh; the paper sets cwnd = ssthresh at once.  The core
 *    also keeps snd_cwnd_clamp, the pacing rate, restart after idle and
 *    cwnd validation (Documentation/westwood.md lists them).
 *  - ssthresh is never below half the window (Reno's cut): the filtered
 *    estimate lags a window that grew in the last round trips, slow start
 *    most of all.  Nor is it above the window: the window never grows on a
 *    loss.
 *  - Delivered data counts SACKed packets (tp->delivered), the Linux form
 *    of counting duplicate ACKs as delivered segments.
 *  - One filter with gain filter_gain/1024 (default 0.9), not the in-tree
 *    module's two cascaded 7/8 filters; a sample spans at least one smoothed
 *    RTT and at least min_sample_ms.  RTTmin is the smallest RTT seen.
 *  - A sample never spans an idle period: the first transmission with
 *    nothing in flight starts a new one, so that time without data to send
 *    is not read as a slow path.
 *  - Unlike the in-tree "westwood", which halves during recovery and sets
 *    cwnd = BWE x RTTmin only when recovery ends, the estimate is the
 *    target of the reduction itself.
 */

#include <linux/module.h>
#include <linux/inet_diag.h>
#include <net/tcp.h>

#include "kcong_param.h"
#include "kcong_westwood.h"

static unsigned int kcong_westwood_gain = 922;
static unsigned int kcong_westwood_min_sample_ms = 20;

KCONG_PARAM_UINT(filter_gain, kcong_westwood_gain, 0,
		 KCONG_WESTWOOD_GAIN_SCALE - 1,
		 "weight of the old estimate in the low-pass filter, 1/1024 (0..1023, default 922 = 0.9)");
KCONG_PARAM_UINT(min_sample_ms, kcong_westwood_min_sample_ms, 1, 10000,
		 "shortest bandwidth sample interval, ms (1..10000, default 20)");

struct kcong_westwood {
	u64 bwe;		/* filtered bandwidth estimate, bytes/s (0: none) */
	u64 sample_start_us;	/* tcp_mstamp when the current sample began */
	u32 sample_delivered;	/* tp->delivered when the current sample began */
	u32 rtt_min_us;		/* smallest RTT seen (U32_MAX: none yet) */
	u32 rtt_us;		/* last RTT sample (0: none yet) */
};

static void kcong_westwood_start_sample(struct sock *sk)
{
	const struct tcp_sock *tp = tcp_sk(sk);
	struct kcong_westwood *ca = inet_csk_ca(sk);

	ca->sample_start_us = tp->tcp_mstamp;
	ca->sample_delivered = tp->delivered;
}

static void kcong_westwood_init(struct sock *sk)
{
	struct kcong_westwood *ca = inet_csk_ca(sk);

	BUILD_BUG_ON(sizeof(struct kcong_westwood) > ICSK_CA_PRIV_SIZE);
	ca->bwe = 0;
	ca->rtt_min_us = U32_MAX;
	ca->rtt_us = 0;
	kcong_westwood_start_sample(sk);
}

/* Close the bandwidth sample once it spans a round trip. */
static void kcong_westwood_update_bwe(struct sock *sk)
{
	const struct tcp_sock *tp = tcp_sk(sk);
	struct kcong_westwood *ca = inet_csk_ca(sk);
	u64 elapsed = tp->tcp_mstamp - ca->sample_start_us;
	u64 span = max_t(u64, tp->srtt_us >> 3,
			 (u64)READ_ONCE(kcong_westwood_min_sample_ms) *
			 USEC_PER_MSEC);
	u64 bytes;

	if (elapsed < span)
		return;
	bytes = (u64)(tp->delivered - ca->sample_delivered) * tp->mss_cache;
	ca->bwe = kcong_westwood_filter(ca->bwe,
					kcong_westwood_sample(bytes, elapsed),
					READ_ONCE(kcong_westwood_gain));
	kcong_westwood_start_sample(sk);
}

static u32 kcong_westwood_ssthresh(struct sock *sk)
{
	const struct tcp_sock *tp = tcp_sk(sk);
	const struct kcong_westwood *ca = inet_csk_ca(sk);

	return kcong_westwood_loss_ssthresh(ca->bwe, ca->rtt_min_us,
					    tp->mss_cache, tcp_snd_cwnd(tp));
}

/* Every ACK that reached the retransmission queue, in any state. */
static void kcong_westwood_pkts_acked(struct sock *sk,
				      const struct ack_sample *sample)
{
	struct kcong_westwood *ca = inet_csk_ca(sk);

	if (sample->rtt_us > 0) {	/* negative: no sample */
		ca->rtt_us = sample->rtt_us;
		ca->rtt_min_us = min_t(u32, ca->rtt_min_us, sample->rtt_us);
	}
	kcong_westwood_update_bwe(sk);
}

static void kcong_westwood_cwnd_event(struct sock *sk, enum tcp_ca_event ev)
{
	/* Nothing in flight: whatever time passed was not the path's. */
	if (ev == CA_EVENT_TX_START)
		kcong_westwood_start_sample(sk);
}

/*
 * INET_DIAG_VEGASINFO, which ss -ti reads: tcpv_enabled = 1, tcpv_rttcnt =
 * bandwidth estimate BWE in kbit/s (0 before the first sample, saturating),
 * tcpv_rtt = last RTT sample (us), tcpv_minrtt = RTTmin (us; 0 before the
 * first sample).
 */
static size_t kcong_westwood_get_info(struct sock *sk, u32 ext, int *attr,
				      union tcp_cc_info *info)
{
	const struct kcong_westwood *ca = inet_csk_ca(sk);
	u64 kbit = div_u64(ca->bwe * 8, 1000);

	if (!(ext & (1 << (INET_DIAG_VEGASINFO - 1))))
		return 0;
	info->vegas.tcpv_enabled = 1;
	info->vegas.tcpv_rttcnt = min_t(u64, kbit, U32_MAX);
	info->vegas.tcpv_rtt = ca->rtt_us;
	info->vegas.tcpv_minrtt = ca->rtt_min_us == U32_MAX ? 0 : ca->rtt_min_us;
	*attr = INET_DIAG_VEGASINFO;
	return sizeof(struct tcpvegas_info);
}

static struct tcp_congestion_ops kcong_westwood __read_mostly = {
	.init		= kcong_westwood_init,
	.ssthresh	= kcong_westwood_ssthresh,
	.cong_avoid	= tcp_reno_cong_avoid,
	.undo_cwnd	= tcp_reno_undo_cwnd,
	.pkts_acked	= kcong_westwood_pkts_acked,
	.cwnd_event	= kcong_westwood_cwnd_event,
	.get_info	= kcong_westwood_get_info,
	.flags		= TCP_CONG_NON_RESTRICTED,
	.owner		= THIS_MODULE,
	.name		= "kcong_westwood",
};

static int __init kcong_westwood_register(void)
{
	return tcp_register_congestion_control(&kcong_westwood);
}

static void __exit kcong_westwood_unregister(void)
{
	tcp_unregister_congestion_control(&kcong_westwood);
}

module_init(kcong_westwood_register);
module_exit(kcong_westwood_unregister);

MODULE_AUTHOR("kcong developers");
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("TCP Westwood+ congestion control");
