/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kcong_policy.h - the decisions of kcong_policy.ko that need no kernel
 * state: the knobs, their valid ranges and who may write them, which
 * policies need watching, the flood guard's state machine and the auto
 * tw_reuse rule.  Used by module/kcong_policy_*.c and by the host unit test
 * selftests/unit/test_policy.c.  Documentation/policy.md describes every
 * knob for operators.
 */
#ifndef _KCONG_POLICY_H
#define _KCONG_POLICY_H

#include "kcong_types.h"
#include "kcong_reap.h"

/* tw_reuse modes: 0..2 are the kernel's tcp_tw_reuse values. */
#define KCONG_REUSE_OFF		0
#define KCONG_REUSE_GLOBAL	1
#define KCONG_REUSE_LOOPBACK	2
#define KCONG_REUSE_AUTO	3

enum kcong_policy_knob {
	KCONG_KNOB_SYNCOOKIES,		/* kernel tcp_syncookies, 0..2 */
	KCONG_KNOB_SYN_BACKLOG,		/* kernel tcp_max_syn_backlog */
	KCONG_KNOB_FLOOD_GUARD,		/* 0 off, 1 on */
	KCONG_KNOB_GUARD_THRESHOLD,	/* SYN-queue pressure events/s to engage */
	KCONG_KNOB_GUARD_QUIET_MS,	/* pressure-free time before release */
	KCONG_KNOB_GUARD_BACKLOG,	/* tcp_max_syn_backlog while engaged */
	KCONG_KNOB_TW_REUSE,		/* KCONG_REUSE_* */
	KCONG_KNOB_TW_REUSE_AUTO_PCT,	/* TIME_WAIT share of the port range */
	KCONG_KNOB_TW_LIFETIME_MS,	/* end TIME_WAIT sockets older than this */
	KCONG_KNOB_NR
};

struct kcong_knob_range {
	const char *name;	/* sysctl name under net.kcong */
	int min, max;
	int def;		/* default; -1: the kernel's value at netns init */
};

static const struct kcong_knob_range kcong_knob_ranges[KCONG_KNOB_NR] = {
	[KCONG_KNOB_SYNCOOKIES]		= { "syncookies",	  0, 2, -1 },
	[KCONG_KNOB_SYN_BACKLOG]	= { "syn_backlog",	  16, 1 << 20, -1 },
	[KCONG_KNOB_FLOOD_GUARD]	= { "flood_guard",	  0, 1, 0 },
	[KCONG_KNOB_GUARD_THRESHOLD]	= { "guard_threshold",	  1, 1000000, 100 },
	[KCONG_KNOB_GUARD_QUIET_MS]	= { "guard_quiet_ms",	  1000, 3600000, 10000 },
	[KCONG_KNOB_GUARD_BACKLOG]	= { "guard_syn_backlog",  16, 1 << 20, 4096 },
	[KCONG_KNOB_TW_REUSE]		= { "tw_reuse",		  0, 3, -1 },
	[KCONG_KNOB_TW_REUSE_AUTO_PCT]	= { "tw_reuse_auto_pct",  1, 100, 75 },
	[KCONG_KNOB_TW_LIFETIME_MS]	= { "tw_lifetime_ms",	  KCONG_TW_MIN_MS,
					    KCONG_TW_LEN_MS, KCONG_TW_LEN_MS },
};

static inline bool kcong_knob_valid(enum kcong_policy_knob k, long long v)
{
	return k < KCONG_KNOB_NR && v >= kcong_knob_ranges[k].min &&
	       v <= kcong_knob_ranges[k].max;
}

/*
 * Who may write a knob.  A namespace's root (CAP_NET_ADMIN over the
 * namespace, which any user gets with "unshare -Urn") may set everything
 * whose effect stays inside the namespace and whose cost to the host is
 * bounded by the module's own CPU budgets, as it may set the kernel's
 * net.ipv4.tcp_* knobs.  A TIME_WAIT lifetime below the kernel's 60 s is
 * different: the kernel lets no namespace shorten TIME_WAIT, a short one
 * answers the peer's retransmitted FIN with a RST and can hand an old
 * duplicate to a new connection (the peer is outside the namespace), and
 * its sweeps of the shared hash table draw on a budget every namespace
 * shares.  That needs CAP_NET_ADMIN in the initial user namespace, unless
 * the host allows it (module parameter unprivileged_tw_lifetime).
 */
static inline bool kcong_knob_needs_host_admin(enum kcong_policy_knob k, long long v)
{
	return k == KCONG_KNOB_TW_LIFETIME_MS && v < KCONG_TW_LEN_MS;
}

/* Policies that the poller must look at every tick (KCONG_POLL_FAST_MS). */
static inline bool kcong_policy_polls_fast(const int *knob)
{
	return knob[KCONG_KNOB_FLOOD_GUARD] ||
	       knob[KCONG_KNOB_TW_REUSE] == KCONG_REUSE_AUTO;
}

/* A TIME_WAIT lifetime shorter than the kernel's: the reaper's business. */
static inline bool kcong_policy_reaps(const int *knob)
{
	return knob[KCONG_KNOB_TW_LIFETIME_MS] < (int)KCONG_TW_LEN_MS;
}

/*
 * Every reuse mode but "off" lets connect() take over a TIME_WAIT 4-tuple,
 * which is safe only when PAWS can tell old segments from new ones, that is
 * with timestamps.  A mode that would enable reuse is refused without them.
 */
static inline bool kcong_reuse_allowed(int mode, int tcp_timestamps)
{
	return mode == KCONG_REUSE_OFF || tcp_timestamps != 0;
}

/* The kernel tcp_tw_reuse value for a policy mode (auto: not engaged/engaged). */
static inline int kcong_reuse_kernel_value(int mode, bool auto_engaged)
{
	if (mode != KCONG_REUSE_AUTO)
		return mode;
	return auto_engaged ? KCONG_REUSE_GLOBAL : KCONG_REUSE_LOOPBACK;
}

/*
 * Auto reuse engages when the namespace's TIME_WAIT sockets reach pct % of
 * the ephemeral port range and releases below half of that, so that a load
 * hovering at the threshold does not flip the kernel value every tick.
 */
static inline bool kcong_reuse_auto_step(bool engaged, u32 tw_count,
					 u32 port_span, u32 pct)
{
	u64 tw100 = (u64)tw_count * 100;
	u64 mark = (u64)port_span * pct;

	if (!engaged)
		return tw100 >= mark;
	return tw100 * 2 >= mark;
}

/*
 * The flood guard.  The poller passes the namespace's running count of
 * SYN-queue pressure events (ListenDrops + SyncookiesSent) on each tick.  A
 * rate is only ever measured over a window of at least
 * KCONG_GUARD_MIN_WINDOW_MS, so that one event shortly after the guard was
 * armed (or after any sysctl write) can never look like a flood.  A rate
 * at or above the threshold engages the guard; it releases after quiet_ms
 * without such a window.
 */
#define KCONG_POLL_FAST_MS		100	/* the poller's tick for guard, auto reuse */
#define KCONG_GUARD_MIN_WINDOW_MS	90	/* a tick, less scheduling jitter */

struct kcong_guard {
	bool engaged;
	u64 window_start_ms;	/* the current measuring window */
	u64 window_events;	/* the pressure count when it began */
	u64 last_pressure_ms;	/* end of the last window at/above threshold */
	u64 engaged_at_ms;
};

enum kcong_guard_action {
	KCONG_GUARD_NONE,
	KCONG_GUARD_ENGAGE,
	KCONG_GUARD_RELEASE,
};

/* Start measuring from EVENTS at NOW_MS (the guard was just switched on). */
static inline void kcong_guard_arm(struct kcong_guard *g, u64 events, u64 now_ms)
{
	g->window_start_ms = now_ms;
	g->window_events = events;
}

static inline bool kcong_guard_pressure(u64 events, u64 elapsed_ms,
					u32 threshold_per_s)
{
	u64 need = (u64)threshold_per_s * (elapsed_ms ? elapsed_ms : 1);

	return events && events * 1000 >= need;
}

static inline enum kcong_guard_action
kcong_guard_step(struct kcong_guard *g, u64 events, u64 now_ms,
		 u32 threshold_per_s, u32 quiet_ms)
{
	u64 elapsed = now_ms - g->window_start_ms;
	bool pressure;

	if (now_ms < g->window_start_ms || elapsed < KCONG_GUARD_MIN_WINDOW_MS)
		return KCONG_GUARD_NONE;	/* too short to be a rate: keep counting */
	pressure = kcong_guard_pressure(events - g->window_events, elapsed,
					threshold_per_s);
	kcong_guard_arm(g, events, now_ms);
	if (pressure)
		g->last_pressure_ms = now_ms;
	if (!g->engaged) {
		if (!pressure)
			return KCONG_GUARD_NONE;
		g->engaged = true;
		g->engaged_at_ms = now_ms;
		return KCONG_GUARD_ENGAGE;
	}
	if (now_ms - g->last_pressure_ms < quiet_ms)
		return KCONG_GUARD_NONE;
	g->engaged = false;
	return KCONG_GUARD_RELEASE;
}

/* What the guard sets while engaged: cookies at least on overflow (mode 2,
 * always, stays), and the SYN backlog widened to the guard's value.
 */
static inline int kcong_guard_syncookies(int operator_mode)
{
	return operator_mode == 2 ? 2 : 1;
}

static inline int kcong_guard_backlog(int operator_backlog, int guard_backlog)
{
	return operator_backlog > guard_backlog ? operator_backlog : guard_backlog;
}

#endif /* _KCONG_POLICY_H */
