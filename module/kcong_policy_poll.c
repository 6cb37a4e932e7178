// SPDX-License-Identifier: GPL-2.0
/*
 * kcong_policy_poll.c - the watch list and the one poller.
 *
 * A namespace is on the watch list while its policy needs looking at: the
 * flood guard on, tw_reuse in auto mode (both every KCONG_POLL_FAST_MS), or
 * a TIME_WAIT lifetime (every KCONG_POLL_SLOW_MS, to notice its first
 * TIME_WAIT socket).  A namespace with default knobs is never on it.  One
 * delayed work item polls every watched namespace in a batch, and only
 * while the list is not empty: the wakeups per second do not depend on the
 * number of namespaces.  Each tick stops after poll_cpu_ms x tick / 1000 of
 * CPU and continues next tick with the namespaces it did not reach (the
 * list rotates), so the poller's CPU use has a bound that creating
 * namespaces cannot raise; beyond that many namespaces each one is looked
 * at less often.
 */

#include <linux/module.h>
#include <linux/timekeeping.h>

#include "kcong_param.h"
#include "kcong_policy_net.h"

#define KCONG_POLL_SLOW_MS	1000

static unsigned int kcong_poll_cpu_ms = 20;
KCONG_PARAM_UINT(poll_cpu_ms, kcong_poll_cpu_ms, 1, 1000,
		 "CPU ms per second the poller may use for all namespaces together (1..1000, default 20)");

static LIST_HEAD(kcong_watched);
static unsigned int kcong_watched_nr;	/* on the list */
static unsigned int kcong_watched_fast;	/* of which need KCONG_POLL_FAST_MS */
static unsigned int kcong_poll_queued_ms; /* tick of the queued work, 0: none */
static u64 kcong_poll_tick_count;
static u64 kcong_poll_ns_count;		/* namespaces polled, over all ticks */
static u64 kcong_poll_cut_count;	/* ticks that ran out of budget */

static void kcong_poll_work_fn(struct work_struct *work);
static DECLARE_DELAYED_WORK(kcong_poll_work, kcong_poll_work_fn);

static unsigned int kcong_poll_period_ms(void)
{
	if (kcong_watched_fast)
		return KCONG_POLL_FAST_MS;
	return kcong_watched_nr ? KCONG_POLL_SLOW_MS : 0;
}

/* Queue the next tick, or bring it forward; called with the lock held. */
static void kcong_poll_schedule(void)
{
	unsigned int period = kcong_poll_period_ms();

	if (kcong_policy_stopping || !period)
		return;
	if (kcong_poll_queued_ms && kcong_poll_queued_ms <= period)
		return;
	kcong_poll_queued_ms = period;
	mod_delayed_work(kcong_policy_wq, &kcong_poll_work, msecs_to_jiffies(period));
}

/* Put PN on the watch list or take it off, as its policy now needs. */
void kcong_watch_update(struct kcong_policy_net *pn)
{
	bool fast = pn->live && kcong_policy_polls_fast(pn->knob);
	bool want = fast || (pn->live && kcong_policy_reaps(pn->knob));

	if (fast != pn->fast) {
		pn->fast = fast;
		if (fast)
			kcong_watched_fast++;
		else
			kcong_watched_fast--;
	}
	if (want && list_empty(&pn->watch)) {
		list_add_tail(&pn->watch, &kcong_watched);
		kcong_watched_nr++;
	} else if (!want && !list_empty(&pn->watch)) {
		list_del_init(&pn->watch);
		kcong_watched_nr--;
	}
	kcong_reaper_track(pn);
	kcong_poll_schedule();
}

static void kcong_poll_one(struct kcong_policy_net *pn, u64 now_ms)
{
	u32 tw;

	kcong_policy_refresh(pn);
	tw = kcong_tw_count(pn->net);
	pn->tw_peak = max(pn->tw_peak, tw);
	if (pn->knob[KCONG_KNOB_FLOOD_GUARD])
		kcong_guard_poll(pn, now_ms);
	if (pn->knob[KCONG_KNOB_TW_REUSE] == KCONG_REUSE_AUTO)
		kcong_reuse_poll(pn, tw);
	if (kcong_policy_reaps(pn->knob))
		kcong_reaper_poll(pn, tw, now_ms);
}

static void kcong_poll_work_fn(struct work_struct *work)
{
	unsigned int period, n, i;
	u64 start_ns, limit_ns, now;
	struct kcong_policy_net *pn;

	mutex_lock(&kcong_policy_lock);
	period = kcong_poll_queued_ms;
	kcong_poll_queued_ms = 0;
	n = kcong_watched_nr;
	/* poll_cpu_ms ms/s x period ms = that many us. */
	limit_ns = (u64)READ_ONCE(kcong_poll_cpu_ms) * (period ?: KCONG_POLL_FAST_MS) * 1000;
	now = kcong_now_ms();
	start_ns = ktime_get_ns();
	for (i = 0; i < n; i++) {
		pn = list_first_entry(&kcong_watched, struct kcong_policy_net, watch);
		list_move_tail(&pn->watch, &kcong_watched);
		kcong_poll_one(pn, now);
		kcong_poll_ns_count++;
		if (i + 1 < n && ktime_get_ns() - start_ns >= limit_ns) {
			kcong_poll_cut_count++;
			break;
		}
	}
	kcong_poll_tick_count++;
	kcong_poll_schedule();
	mutex_unlock(&kcong_policy_lock);
}

void kcong_poll_stop(void)
{
	cancel_delayed_work_sync(&kcong_poll_work);
}

unsigned int kcong_watched_count(void)
{
	return kcong_watched_nr;
}

u64 kcong_poll_ticks(void)
{
	return kcong_poll_tick_count;
}

u64 kcong_poll_namespaces(void)
{
	return kcong_poll_ns_count;
}

u64 kcong_poll_cuts(void)
{
	return kcong_poll_cut_count;
}
