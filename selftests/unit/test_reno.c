// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of include/kcong_reno.h against RFC 5681, RFC 3465 and
 * RFC 6582: a round-trip-by-round-trip model of a sender that is always
 * limited by its window, fed deterministic ACK and loss sequences.
 */
#include "kcong_reno.h"
#include "unit.h"

#define INF_SSTHRESH 0x7fffffffU
#define NO_CLAMP U32_MAX

/* One round trip: the whole window acknowledged, @per_ack packets per ACK. */
static void rtt(struct kcong_reno_win *w, u32 per_ack)
{
	u32 left = w->cwnd;

	while (left) {
		u32 a = left < per_ack ? left : per_ack;

		kcong_reno_on_ack(w, a, NO_CLAMP);
		left -= a;
	}
}

/*
 * A window of @win packets in avoidance loses @losses of them; the sender
 * recovers one hole per round trip (the core's loss recovery: losses - 1
 * partial ACKs, then the full ACK, after which the core's PRR has left
 * cwnd = ssthresh with about ssthresh in flight).  Returns the round trips
 * until the window is back at @win.
 */
static u32 multi_loss_episode(struct kcong_reno_win *w, u32 win, u32 losses,
			      bool newreno, u32 *ssthresh_after)
{
	u32 i, rtts = 0;

	w->cwnd_cnt = 0;
	w->ssthresh = kcong_reno_ssthresh(kcong_reno_flight(win, win));
	for (i = 1; i < losses; i++) {
		if (!newreno)
			w->ssthresh = kcong_reno_partial_ack_ssthresh(w->ssthresh);
		rtts++;
	}
	w->cwnd = w->ssthresh;
	if (newreno)
		w->cwnd = kcong_newreno_exit_cwnd(w->cwnd, w->ssthresh);
	*ssthresh_after = w->ssthresh;
	while (w->cwnd < win && rtts < 10000) {
		rtt(w, 2);
		rtts++;
	}
	return rtts;
}

int main(void)
{
	struct kcong_reno_win w;
	u32 i, ok, ss_reno, ss_newreno, t_reno, t_newreno;

	unit_plan(23);

	/* Slow start: RFC 5681 3.1, doubling per RTT with delayed ACKs (ABC L=2). */
	w = (struct kcong_reno_win){ .cwnd = 10, .ssthresh = INF_SSTHRESH };
	ok = 1;
	for (i = 0; i < 5; i++) {
		rtt(&w, 2);
		ok &= w.cwnd == (10U << (i + 1));
	}
	unit_ok(ok, "slow start doubles per RTT with an ACK every 2 packets (cwnd %u after 5 RTTs, want 320)", w.cwnd);

	w = (struct kcong_reno_win){ .cwnd = 10, .ssthresh = INF_SSTHRESH };
	rtt(&w, 1);
	unit_ok(w.cwnd == 20, "slow start doubles per RTT with an ACK per packet (cwnd %u, want 20)", w.cwnd);

	w = (struct kcong_reno_win){ .cwnd = 10, .ssthresh = INF_SSTHRESH };
	kcong_reno_on_ack(&w, 8, NO_CLAMP);
	unit_ok(w.cwnd == 12, "a stretch ACK of 8 grows slow start by L = 2 only (cwnd %u)", w.cwnd);

	w = (struct kcong_reno_win){ .cwnd = 10, .ssthresh = INF_SSTHRESH };
	kcong_reno_on_ack(&w, 0, NO_CLAMP);
	unit_ok(w.cwnd == 10 && w.cwnd_cnt == 0, "an ACK of nothing changes nothing");

	/* Slow start stops at ssthresh; the rest of the ACK is avoidance credit. */
	w = (struct kcong_reno_win){ .cwnd = 19, .ssthresh = 20 };
	kcong_reno_on_ack(&w, 2, NO_CLAMP);
	unit_ok(w.cwnd == 20 && w.cwnd_cnt == 1,
		"slow start stops at ssthresh, leftover counts for avoidance (cwnd %u cnt %u)",
		w.cwnd, w.cwnd_cnt);

	/* Congestion avoidance: +1 packet per RTT (RFC 5681 3.1). */
	w = (struct kcong_reno_win){ .cwnd = 100, .ssthresh = 100 };
	ok = 1;
	for (i = 1; i <= 10; i++) {
		rtt(&w, 2);
		ok &= w.cwnd == 100 + i;
	}
	unit_ok(ok, "congestion avoidance adds exactly 1 packet per RTT (cwnd %u after 10, want 110)", w.cwnd);

	w = (struct kcong_reno_win){ .cwnd = 100, .ssthresh = 100 };
	for (i = 0; i < 99; i++)
		kcong_reno_on_ack(&w, 1, NO_CLAMP);
	unit_ok(w.cwnd == 100 && w.cwnd_cnt == 99, "no increase before a whole window is acknowledged");
	kcong_reno_on_ack(&w, 1, NO_CLAMP);
	unit_ok(w.cwnd == 101 && w.cwnd_cnt == 0, "+1 when the window's last packet is acknowledged");

	/* Multiplicative decrease, RFC 5681 eq. (4). */
	unit_ok(kcong_reno_ssthresh(100) == 50, "ssthresh = FlightSize / 2 (100 -> %u)", kcong_reno_ssthresh(100));
	unit_ok(kcong_reno_ssthresh(3) == 2 && kcong_reno_ssthresh(0) == 2 && kcong_reno_ssthresh(1) == 2,
		"ssthresh is never below 2 segments");
	unit_ok(kcong_reno_ssthresh(U32_MAX) == U32_MAX / 2, "ssthresh of a huge flight does not wrap");

	/* FlightSize: packets_out, at most cwnd; cwnd when nothing is out. */
	unit_ok(kcong_reno_flight(60, 80) == 60 && kcong_reno_flight(300, 80) == 80,
		"FlightSize is packets_out, never more than cwnd");
	unit_ok(kcong_reno_ssthresh(kcong_reno_flight(0, 80)) == 40,
		"nothing in flight (local drop after idle): ssthresh = cwnd / 2 = %u, not 2",
		kcong_reno_ssthresh(kcong_reno_flight(0, 80)));

	/* Partial ACKs: Reno halves again for each further hole. */
	i = kcong_reno_partial_ack_ssthresh(kcong_reno_partial_ack_ssthresh(40));
	unit_ok(i == 10, "Reno: two partial ACKs halve twice more (40 -> %u)", i);
	for (ok = 0; ok < 40; ok++)
		i = kcong_reno_partial_ack_ssthresh(i);
	unit_ok(i == 2, "Reno: repeated halving stops at 2 segments (%u)", i);

	/* Exit from recovery: RFC 6582 option (1) on what PRR left. */
	unit_ok(kcong_newreno_exit_cwnd(50, 10) == 11,
		"NewReno: full ACK with 10 in flight gives min(ssthresh, 10 + 1) = %u",
		kcong_newreno_exit_cwnd(50, 10));
	unit_ok(kcong_newreno_exit_cwnd(50, 0) == 2,
		"NewReno: full ACK with nothing in flight gives max(0, 1) + 1 = %u",
		kcong_newreno_exit_cwnd(50, 0));
	unit_ok(kcong_newreno_exit_cwnd(50, 400) == 50,
		"NewReno: never above ssthresh at the exit (%u)", kcong_newreno_exit_cwnd(50, 400));
	unit_ok(kcong_newreno_exit_cwnd(U32_MAX, U32_MAX) == U32_MAX,
		"NewReno: the exit rule does not wrap at 2^32 - 1");

	/* Three losses in a window of 64 (the selftest's scenario, in a model). */
	t_reno = multi_loss_episode(&w, 64, 3, false, &ss_reno);
	t_newreno = multi_loss_episode(&w, 64, 3, true, &ss_newreno);
	unit_diag("3 losses in a window of 64: ssthresh Reno %u NewReno %u; RTTs back to 64: Reno %u NewReno %u",
		  ss_reno, ss_newreno, t_reno, t_newreno);
	unit_ok(ss_reno == 8 && ss_newreno == 32, "3 losses in one window: Reno ends at 64/8, NewReno at 64/2");
	unit_ok(t_newreno + 20 <= t_reno, "NewReno regains the window at least 20 RTTs sooner (%u vs %u)",
		t_newreno, t_reno);

	/* Robustness: clamp, huge stretch ACKs. */
	w = (struct kcong_reno_win){ .cwnd = 100, .ssthresh = 50, .cwnd_cnt = 99 };
	kcong_reno_on_ack(&w, U32_MAX, 120);
	unit_ok(w.cwnd == 120, "an ACK of 2^32-1 packets neither wraps nor passes the clamp (cwnd %u)", w.cwnd);
	w = (struct kcong_reno_win){ .cwnd = 30, .ssthresh = INF_SSTHRESH };
	kcong_reno_on_ack(&w, 2, 31);
	kcong_reno_on_ack(&w, 2, 31);
	unit_ok(w.cwnd == 31, "slow start stops at the clamp (cwnd %u, clamp 31)", w.cwnd);

	return unit_done();
}
