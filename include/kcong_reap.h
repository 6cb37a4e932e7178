/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kcong_reap.h - the arithmetic of kcong_policy's TIME_WAIT reaper: a
 * socket's age and the moment it reaches its namespace's lifetime, when the
 * one shared sweep of the hash tables has to run next, and the CPU budget
 * that bounds the reaper and the poller whatever the number of namespaces.
 * Used by module/kcong_policy_reaper.c and module/kcong_policy_poll.c, and
 * by the host unit test selftests/unit/test_reap.c.  Times are in ms on one
 * monotonic clock.
 */
#ifndef _KCONG_REAP_H
#define _KCONG_REAP_H

#include "kcong_types.h"

/* The kernel's own TIME_WAIT length (TCP_TIMEWAIT_LEN), in ms. */
#define KCONG_TW_LEN_MS		60000U
/* Shortest TIME_WAIT the operator may ask for: one second, the granularity
 * of the timestamps that PAWS relies on.
 */
#define KCONG_TW_MIN_MS		1000U

/* "No such time": nothing is due, no sweep is needed. */
#define KCONG_NEVER_MS		(~(u64)0)

/*
 * A TIME_WAIT socket's timer was armed for KCONG_TW_LEN_MS when it entered
 * (or last re-entered, on a retransmitted FIN) TIME_WAIT, so its age is
 * KCONG_TW_LEN_MS minus what remains.  A longer timer is not a TIME_WAIT
 * timer the reaper understands: such a socket is never old.
 */
static inline bool kcong_tw_expired(u32 remaining_ms, u32 lifetime_ms)
{
	if (remaining_ms > KCONG_TW_LEN_MS)
		return false;
	return KCONG_TW_LEN_MS - remaining_ms >= lifetime_ms;
}

/* When a socket with REMAINING_MS left at NOW_MS reaches LIFETIME_MS. */
static inline u64 kcong_tw_due_ms(u64 now_ms, u32 remaining_ms, u32 lifetime_ms)
{
	if (remaining_ms > KCONG_TW_LEN_MS || lifetime_ms >= KCONG_TW_LEN_MS)
		return KCONG_NEVER_MS;
	if (kcong_tw_expired(remaining_ms, lifetime_ms))
		return now_ms;
	return now_ms + remaining_ms - (KCONG_TW_LEN_MS - lifetime_ms);
}

/*
 * How late the reaper may end a socket so that one sweep ends many: an
 * eighth of the lifetime, between 100 ms and 1 s.  Sockets live between
 * lifetime and lifetime + slack while the CPU budget is not the limit.
 */
static inline u32 kcong_tw_slack_ms(u32 lifetime_ms)
{
	return clamp_t(u32, lifetime_ms / 8, 100, 1000);
}

/*
 * Did ending a socket with REMAINING_MS left cut its TIME_WAIT short?  Not
 * when its own timer was due within the slack: the kernel would have ended
 * it about as soon, and it is not counted as ended early.
 */
static inline bool kcong_tw_cut_short(u32 remaining_ms, u32 lifetime_ms)
{
	return remaining_ms > kcong_tw_slack_ms(lifetime_ms);
}

static inline u64 kcong_min_u64(u64 a, u64 b)
{
	return a < b ? a : b;
}

/*
 * A namespace's next due time after a sweep that started at SWEEP_MS: the
 * earliest of the sockets the sweep saw and left, and, when the namespace
 * may hold sockets the sweep did not see (they entered TIME_WAIT behind it),
 * SWEEP_MS + lifetime, the earliest such a socket can be due.
 */
static inline u64 kcong_reap_due_after_sweep(u64 seen_min_due_ms, u64 sweep_ms,
					     u32 lifetime_ms, bool unseen)
{
	if (!unseen)
		return seen_min_due_ms;
	return kcong_min_u64(seen_min_due_ms, sweep_ms + lifetime_ms);
}

/*
 * The poller's view of a namespace with a lifetime and nothing due: every
 * socket it held at CLEAR_MS has been accounted for, so TIME_WAIT sockets
 * counted now entered after CLEAR_MS and none is due before CLEAR_MS +
 * lifetime.  Returns the new due time; *CLEAR_MS moves to NOW_MS while the
 * namespace holds none.
 */
static inline u64 kcong_reap_due_on_poll(u64 due_ms, u64 *clear_ms, u64 now_ms,
					 u32 lifetime_ms, u32 tw_count)
{
	if (due_ms != KCONG_NEVER_MS)
		return due_ms;
	if (!tw_count) {
		*clear_ms = now_ms;
		return KCONG_NEVER_MS;
	}
	return *clear_ms + lifetime_ms;
}

/*
 * When the next sweep runs: at the earliest due time of all namespaces, but
 * not sooner than SLACK_MS after the previous sweep started, so that
 * sockets falling due close together are ended by one sweep.
 */
static inline u64 kcong_reap_next_ms(u64 min_due_ms, u64 last_sweep_ms, u32 slack_ms)
{
	if (min_due_ms == KCONG_NEVER_MS)
		return KCONG_NEVER_MS;
	if (last_sweep_ms != KCONG_NEVER_MS && min_due_ms < last_sweep_ms + slack_ms)
		return last_sweep_ms + slack_ms;
	return min_due_ms;
}

/*
 * The delay to ask of a timer-wheel timer (delayed work) that must not
 * fire after DELAY jiffies.  The wheel fires a timer at or after its
 * expiry, rounded up to its level's granularity: exact below 64 jiffies,
 * otherwise up to 1/8 of the delay late (a 60 s delay at HZ 250 by 2 s).
 * Asking for 7/8 of the delay keeps it on time; the early run finds
 * nothing due yet and asks again for the rest, which converges in a few
 * runs.
 */
#define KCONG_WHEEL_EXACT_JIFFIES	64

static inline unsigned long kcong_wheel_early(unsigned long delay)
{
	if (delay < KCONG_WHEEL_EXACT_JIFFIES)
		return delay;
	return delay - delay / 8;
}

/*
 * A CPU budget of RATE ms per second (a share of one CPU) as a token
 * bucket in microseconds: it refills by RATE us per ms of time (RATE ms/s
 * is RATE us/ms) and holds at most KCONG_BUDGET_BURST_MS worth, so that
 * over any window of W ms the work charged stays below
 * RATE * (W + KCONG_BUDGET_BURST_MS) us plus one slice.
 */
#define KCONG_BUDGET_BURST_MS	100

struct kcong_budget {
	s64 tokens_us;		/* may be spent now; negative: in debt */
	u64 stamp_ms;		/* last refill; a zeroed budget starts full */
};

static inline void kcong_budget_refill(struct kcong_budget *b, u64 now_ms, u32 rate)
{
	s64 cap = (s64)rate * KCONG_BUDGET_BURST_MS;
	u64 dt = now_ms > b->stamp_ms ? now_ms - b->stamp_ms : 0;

	b->stamp_ms = now_ms;
	/* A minute pays any debt a slice can leave; no overflow after that. */
	b->tokens_us += (s64)min_t(u64, dt, 60000) * rate;
	if (b->tokens_us > cap)
		b->tokens_us = cap;
}

static inline void kcong_budget_charge(struct kcong_budget *b, u64 used_us)
{
	b->tokens_us -= (s64)min_t(u64, used_us, (u64)1 << 40);
}

/* Milliseconds until the debt is paid (0: may work now). */
static inline u32 kcong_budget_wait_ms(const struct kcong_budget *b, u32 rate)
{
	if (b->tokens_us >= 0 || !rate)
		return 0;
	return (u32)min_t(u64, ((u64)-b->tokens_us + rate - 1) / rate, 60000);
}

#endif /* _KCONG_REAP_H */
