/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kcong_reno_family.h - the kernel glue shared by tcp_kcong_reno.c and
 * tcp_kcong_newreno.c.  The arithmetic is in include/kcong_reno.h; this file
 * maps TCP's states and ACKs onto it.
 *
 * Both modules implement ->cong_control, so that the TCP core hands them the
 * whole window, in fast recovery too.  Without it the core would run
 * Proportional Rate Reduction (RFC 6937) during recovery and reset cwnd to
 * ssthresh on exit, and Reno and NewReno could not differ.  What the core
 * keeps: loss detection, the choice of segments to retransmit, the Recovery
 * state itself (it ends at high_seq, i.e. NewReno's "recover", RFC 6582),
 * undo of spurious reductions, and RTO handling.  See
 * Documentation/reno-newreno.md.
 */
#ifndef _KCONG_RENO_FAMILY_H
#define _KCONG_RENO_FAMILY_H

#include <linux/module.h>
#include <net/tcp.h>

#include "kcong_compat.h"
#include "kcong_reno.h"

struct kcong_reno {
	u32 last_una;	/* snd_una after the previous ACK: did this one advance? */
	u32 cwnd_cnt;	/* avoidance credit, see struct kcong_reno_win */
	u8 recovering;	/* in a fast recovery (or CWR) episode */
	u8 undone;	/* the core undid this episode's reduction */
};

static inline void kcong_reno_load(const struct tcp_sock *tp,
				   const struct kcong_reno *ca,
				   struct kcong_reno_win *w)
{
	w->cwnd = tcp_snd_cwnd(tp);
	w->ssthresh = tp->snd_ssthresh;
	w->cwnd_cnt = ca->cwnd_cnt;
}

static inline void kcong_reno_store(struct tcp_sock *tp, struct kcong_reno *ca,
				    const struct kcong_reno_win *w)
{
	if (w->cwnd != tcp_snd_cwnd(tp))
		tp->snd_cwnd_stamp = tcp_jiffies32;
	tcp_snd_cwnd_set(tp, max_t(u32, w->cwnd, 1));
	tp->snd_ssthresh = w->ssthresh;
	ca->cwnd_cnt = w->cwnd_cnt;
}

static inline void kcong_reno_init(struct sock *sk)
{
	struct kcong_reno *ca = inet_csk_ca(sk);

	BUILD_BUG_ON(sizeof(struct kcong_reno) > ICSK_CA_PRIV_SIZE);
	ca->last_una = tcp_sk(sk)->snd_una;
	ca->cwnd_cnt = 0;
	ca->recovering = 0;
	ca->undone = 0;
}

/*
 * RFC 5681 eq. (4) halves FlightSize, not cwnd, so that an application-
 * limited sender does not keep a window it never used.  packets_out also
 * counts segments the receiver has SACKed, which can be several windows
 * after a burst of losses, so never take more than cwnd.
 */
static inline u32 kcong_reno_ssthresh_cb(struct sock *sk)
{
	const struct tcp_sock *tp = tcp_sk(sk);

	return kcong_reno_ssthresh(min(tp->packets_out, tcp_snd_cwnd(tp)));
}

static inline u32 kcong_reno_undo_cwnd_cb(struct sock *sk)
{
	struct kcong_reno *ca = inet_csk_ca(sk);

	ca->undone = 1;
	return tcp_reno_undo_cwnd(sk);
}

static inline void kcong_reno_set_state(struct sock *sk, u8 new_state,
					bool newreno)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct kcong_reno *ca = inet_csk_ca(sk);
	struct kcong_reno_win w;

	switch (new_state) {
	case TCP_CA_Recovery:
	case TCP_CA_CWR:
		/* The core has just set ssthresh through ->ssthresh. */
		if (!ca->recovering) {
			ca->recovering = 1;
			ca->undone = 0;
			ca->last_una = tp->snd_una;
			kcong_reno_load(tp, ca, &w);
			kcong_reno_enter_recovery(&w);
			kcong_reno_store(tp, ca, &w);
		}
		break;
	case TCP_CA_Loss:
		/* RTO: the core sets cwnd to 1 after this; slow start follows. */
		ca->recovering = 0;
		ca->cwnd_cnt = 0;
		break;
	default:
		if (ca->recovering && !ca->undone) {
			kcong_reno_load(tp, ca, &w);
			kcong_reno_exit_recovery(&w, tcp_packets_in_flight(tp),
						 newreno);
			kcong_reno_store(tp, ca, &w);
		}
		ca->recovering = 0;
		break;
	}
}

static inline void kcong_reno_cwnd_event(struct sock *sk, enum tcp_ca_event ev)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct kcong_reno *ca = inet_csk_ca(sk);
	struct kcong_reno_win w;
	s32 idle;

	/*
	 * The core restarts the window after idle only for algorithms without
	 * ->cong_control, so do it here (RFC 5681 4.1).  lsndtime is still the
	 * time of the previous transmission.
	 */
	if (ev != CA_EVENT_TX_START || tp->packets_out ||
	    !READ_ONCE(sock_net(sk)->ipv4.sysctl_tcp_slow_start_after_idle))
		return;
	idle = tcp_jiffies32 - tp->lsndtime;
	if (idle <= (s32)inet_csk(sk)->icsk_rto)
		return;
	kcong_reno_load(tp, ca, &w);
	kcong_reno_restart(&w, TCP_INIT_CWND);
	kcong_reno_store(tp, ca, &w);
}

/*
 * Every ACK, after the core has updated its loss state.  An ACK "advances"
 * when snd_una moved: only those grow the window (RFC 5681 3.1), and in
 * recovery those are the partial ACKs.
 */
static inline void kcong_reno_on_ack_cb(struct sock *sk,
					const struct rate_sample *rs,
					bool newreno)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct kcong_reno *ca = inet_csk_ca(sk);
	bool advanced = after(tp->snd_una, ca->last_una);
	struct kcong_reno_win w;

	ca->last_una = tp->snd_una;
	kcong_reno_load(tp, ca, &w);

	switch (inet_csk(sk)->icsk_ca_state) {
	case TCP_CA_Recovery:
		/*
		 * With SACK, loss recovery is RFC 6675's, which reduces once
		 * per window like NewReno; Reno's extra reductions are an
		 * artefact of recovering without SACK.
		 */
		if (advanced)
			kcong_reno_partial_ack(&w, newreno || tcp_is_sack(tp));
		else
			w.cwnd = w.ssthresh;
		/*
		 * The fast retransmit (RFC 5681 3.2 step 2) and the
		 * retransmission on a partial ACK (RFC 6582 3.2 step 5) go out
		 * whatever the window.  The core sends retransmissions only
		 * while in_flight < cwnd, so make room for one when none is
		 * outstanding; further ones wait for the window.
		 */
		if (tp->lost_out > tp->retrans_out && !tp->retrans_out)
			w.cwnd = max_t(u32, w.cwnd, tcp_packets_in_flight(tp) + 1);
		break;
	case TCP_CA_CWR:
		w.cwnd = min_t(u32, w.cwnd, w.ssthresh);
		break;
	default:
		if (advanced && tcp_is_cwnd_limited(sk))
			kcong_reno_on_ack(&w, rs->acked_sacked,
					  tp->snd_cwnd_clamp);
		break;
	}
	kcong_reno_store(tp, ca, &w);
}

#endif /* _KCONG_RENO_FAMILY_H */
