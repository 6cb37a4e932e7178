/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kcong_reno_family.h - the kernel glue shared by tcp_kcong_reno.c and
 * tcp_kcong_newreno.c.  The arithmetic is in include/kcong_reno.h; this file
 * maps TCP's states and ACKs onto it.
 *
 * Both modules are ->cong_avoid algorithms: the TCP core keeps every duty
 * it has towards the path (Proportional Rate Reduction during Recovery and
 * CWR, cwnd = ssthresh when a reduction ends unless it was undone or
 * ssthresh is infinite, snd_cwnd_clamp, the pacing rate, restart after
 * idle, cwnd validation for application-limited senders).  They differ from
 * the core only where RFC 5681 / RFC 6582 say something the core does not:
 * slow start with L = 2 (RFC 3465), ssthresh from FlightSize, Reno's new
 * decrease on each partial ACK without SACK, NewReno's exit window.
 * Documentation/reno-newreno.md lists each duty and where the core does it.
 */
#ifndef _KCONG_RENO_FAMILY_H
#define _KCONG_RENO_FAMILY_H

#include <linux/module.h>
#include <net/tcp.h>

#include "kcong_reno.h"

struct kcong_reno {
	u32 cwnd_cnt;	/* avoidance credit, see struct kcong_reno_win */
};

static inline void kcong_reno_init(struct sock *sk)
{
	struct kcong_reno *ca = inet_csk_ca(sk);

	BUILD_BUG_ON(sizeof(struct kcong_reno) > ICSK_CA_PRIV_SIZE);
	ca->cwnd_cnt = 0;
}

/* RFC 5681 eq. (4); a new window starts counting from zero. */
static inline u32 kcong_reno_ssthresh_cb(struct sock *sk)
{
	const struct tcp_sock *tp = tcp_sk(sk);
	struct kcong_reno *ca = inet_csk_ca(sk);

	ca->cwnd_cnt = 0;
	return kcong_reno_ssthresh(kcong_reno_flight(tp->packets_out,
						     tcp_snd_cwnd(tp)));
}

/*
 * Open, Disorder and Loss, on an ACK that acknowledged new data (the core
 * calls ->cong_avoid only then, RFC 5681 3.1).
 */
static inline void kcong_reno_cong_avoid(struct sock *sk, u32 ack, u32 acked)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct kcong_reno *ca = inet_csk_ca(sk);
	struct kcong_reno_win w = {
		.cwnd = tcp_snd_cwnd(tp),
		.ssthresh = tp->snd_ssthresh,
		.cwnd_cnt = ca->cwnd_cnt,
	};

	if (!tcp_is_cwnd_limited(sk))
		return;
	kcong_reno_on_ack(&w, acked, tp->snd_cwnd_clamp);
	tcp_snd_cwnd_set(tp, w.cwnd);
	ca->cwnd_cnt = w.cwnd_cnt;
}

#endif /* _KCONG_RENO_FAMILY_H */
