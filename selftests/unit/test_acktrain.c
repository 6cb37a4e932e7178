// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of include/kcong_acktrain.h: the bottleneck rate from the
 * ACK trains of slow start.  ACKs are simulated as a bottleneck would space
 * them (one per two packets, delayed ACKs), with gaps between rounds, within
 * a round (a stalled host) and compressed (ACKs batched).
 */
#include "unit.h"
#include "kcong_acktrain.h"

#define GAP_US	2000
#define MIN_US	4000

/*
 * One round: @pkts packets through a bottleneck of @rate packets/s, an ACK
 * per two packets, from @t_us on; returns the estimate after the round.
 */
static u32 round_of(struct kcong_acktrain *a, u64 *t_us, u32 *delivered, u32 pkts, u32 rate)
{
	u64 spacing = 2 * 1000000ULL / rate;
	u32 i, est = 0;

	*delivered += 2;
	kcong_acktrain_ack(a, *t_us, *delivered, GAP_US, MIN_US);	/* after the gap: starts */
	for (i = 2; i < pkts; i += 2) {
		*t_us += spacing;
		*delivered += 2;
		est = kcong_acktrain_ack(a, *t_us, *delivered, GAP_US, MIN_US);
	}
	*t_us += 40000;		/* the rest of the round trip */
	return est;
}

static void test_rate(void)
{
	struct kcong_acktrain a;
	u64 t = 0;
	u32 d = 0, est;

	kcong_acktrain_reset(&a);
	/* 50 Mbit/s: 4166 packets/s of 1500 bytes. */
	est = round_of(&a, &t, &d, 10, 4166);
	unit_ok(est == 0, "initial window (10 packets, 2.4 ms): too short to judge");
	est = round_of(&a, &t, &d, 20, 4166);
	unit_ok(est > 4100 && est < 4250, "20 packets over 4.3 ms: 50 Mbit/s (got %u/s)", est);
	est = round_of(&a, &t, &d, 160, 4166);
	unit_ok(est > 4100 && est < 4250, "160 packets: still 50 Mbit/s (got %u/s)", est);
	unit_ok(kcong_acktrain_pipe(est, 40000) >= 164 && kcong_acktrain_pipe(est, 40000) <= 170,
		"pipe at 40 ms: 167 packets (got %u)", kcong_acktrain_pipe(est, 40000));
}

static void test_gap(void)
{
	struct kcong_acktrain a;
	u64 t = 0;
	u32 d = 0, est, i;

	kcong_acktrain_reset(&a);
	d = 2;
	kcong_acktrain_ack(&a, t, d, GAP_US, MIN_US);
	/* 10 ACKs at 0.48 ms, a 3 ms gap, then ACKs twice as fast. */
	for (i = 0; i < 10; i++) {
		t += 480;
		d += 2;
		kcong_acktrain_ack(&a, t, d, GAP_US, MIN_US);
	}
	t += 3000;
	for (i = 0; i < 40; i++) {
		t += 240;
		d += 2;
		est = kcong_acktrain_ack(&a, t, d, GAP_US, MIN_US);
	}
	unit_ok(est > 8200 && est < 8400,
		"a gap above 2 ms ends the train; the ACKs after it are the next, longer one (got %u/s)", est);
}

static void test_longest(void)
{
	struct kcong_acktrain a;
	u64 t = 0;
	u32 d = 0, est;

	kcong_acktrain_reset(&a);
	round_of(&a, &t, &d, 80, 4166);
	/* A shorter train, compressed (ACKs batched at twice the rate). */
	est = round_of(&a, &t, &d, 40, 8332);
	unit_ok(est > 4100 && est < 4250, "a shorter, compressed train does not replace a longer one (got %u/s)",
		est);
	est = round_of(&a, &t, &d, 160, 2083);
	unit_ok(est > 2050 && est < 2100, "a longer train replaces it (got %u/s)", est);
}

static void test_edges(void)
{
	struct kcong_acktrain a;
	u32 est;

	kcong_acktrain_reset(&a);
	kcong_acktrain_start(&a, 100000, 10);
	est = kcong_acktrain_ack(&a, 90000, 40, GAP_US, MIN_US);
	unit_ok(est == 0 && a.open && a.start_us == 90000 && a.start_delivered == 40,
		"an ACK stamped before the train's last one starts a new train");
	kcong_acktrain_close(&a);
	unit_ok(kcong_acktrain_ack(&a, 90100, 50, GAP_US, MIN_US) == 0 && a.start_us == 90100,
		"after a close, the next ACK starts a new train");
	kcong_acktrain_start(&a, 0, 0);
	est = kcong_acktrain_ack(&a, 4000, U32_MAX, GAP_US, 4000);
	unit_ok(est == 0, "a 4 ms jump is a gap, not a train of U32_MAX packets");
	unit_ok(kcong_acktrain_pipe(U32_MAX, U32_MAX) == U32_MAX && kcong_acktrain_pipe(0, 40000) == 0,
		"pipe: largest values saturate, no rate no pipe");
}

int main(void)
{
	unit_plan(11);
	test_rate();
	test_gap();
	test_longest();
	test_edges();
	return unit_done();
}
