// SPDX-License-Identifier: GPL-2.0
/*
 * kcong_policy_reaper.c - ends TIME_WAIT sockets older than their
 * namespace's tw_lifetime_ms, for every namespace that asks, in one sweep
 * of each hash table: the global established hash once for all namespaces
 * that use it, and the own table of each namespace given one by
 * net.ipv4.tcp_child_ehash_entries.
 *
 * A sweep runs only when a socket is due.  Each namespace with a lifetime
 * carries the earliest time one of its sockets can reach it (reap_due_ms):
 * set from what the last sweep saw, from the last sweep's start plus the
 * lifetime while the namespace may hold sockets the sweep did not see,
 * and by the poller when a namespace that held none has some.  The next
 * sweep is at the earliest of these, at least a slack (lifetime/8, 100 ms
 * .. 1 s) after the previous one, and serves every namespace due by then;
 * the rules are in include/kcong_reap.h.  A namespace with a lifetime and
 * no TIME_WAIT socket costs no sweep; one without a lifetime is not even
 * looked at (the reaper keeps its own list of those with one).
 *
 * A sweep is cut into slices of at most KCONG_REAP_SLICE_US, run on kcong's
 * own unbound workqueue, each charged to a token bucket that refills at
 * reaper_cpu_ms per second: the reaper never takes more CPU than that,
 * however many namespaces ask and however big the table.  When the budget
 * is spent, the sweep waits and sockets end later than lifetime + slack.
 *
 * Ending a socket: found under RCU, pinned with a reference taken only if
 * it is still alive and checked again (the slab is SLAB_TYPESAFE_BY_RCU),
 * as inet_twsk_purge() does.  Then the reaper takes the socket's own
 * TIME_WAIT timer from the kernel with del_timer(): if the timer was still
 * pending, nobody else can end the socket any more (the timer, a reused
 * port and a namespace's purge all end it through that timer), and the
 * reaper runs the timer's own function, tw_timer_handler(), which unhashes
 * and frees it exactly as at the end of TIME_WAIT.  If it was not pending,
 * the kernel is ending it already and the reaper neither touches nor
 * counts it.  A timer past its expiry that the wheel has not fired yet
 * (it may be 1/8 late) is still pending, and taken.  A socket whose own
 * timer was due within the slack anyway is not counted as ended early.  Only TIME_WAIT proper is touched: FIN_WAIT2
 * minisockets, request, established and listening sockets are never
 * referenced.
 */

#include <linux/hash.h>
#include <linux/jiffies.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <net/inet_hashtables.h>
#include <net/inet_timewait_sock.h>
#include <net/tcp.h>

#include "kcong_param.h"
#include "kcong_policy_net.h"

#define KCONG_REAP_SLICE_US	2000	/* longest run between budget checks */

static unsigned int kcong_reaper_cpu_ms = 100;
KCONG_PARAM_UINT(reaper_cpu_ms, kcong_reaper_cpu_ms, 1, 1000,
		 "CPU ms per second the TIME_WAIT reaper may use for all namespaces together (1..1000, default 100)");

static void kcong_reaper_work_fn(struct work_struct *work);

/*
 * The namespaces with a lifetime, under kcong_policy_lock: the only ones
 * the reaper's scheduling and snapshots walk, so that namespaces watched
 * for the guard or auto reuse alone (which any namespace's root may ask
 * for) cost the reaper nothing.
 */
static LIST_HEAD(kcong_reaping);

/* A namespace served by the sweep in progress. */
struct kcong_reap_entry {
	const struct net *net;		/* compared, never dereferenced */
	struct kcong_policy_net *pn;	/* NULL once the namespace went away */
	struct inet_hashinfo *table;	/* its own table; NULL: the global one */
	u32 lifetime_ms;
	u32 reaped;			/* sockets ended */
	u32 ended;			/* of which cut short (kcong_tw_cut_short) */
	u32 lag_max_ms;
	u64 lag_sum_ms;
	u64 min_due_ms;			/* of the sockets seen and left */
};

static struct {
	struct delayed_work work;
	struct mutex slice_lock;	/* held for a slice; before kcong_policy_lock */
	/* Under kcong_policy_lock: */
	bool active;			/* a sweep is in progress */
	u64 next_ms;			/* when the queued work runs, or NEVER */
	u64 last_sweep_ms;		/* start of the last sweep, or NEVER */
	u64 sweeps;
	u64 budget_waits;
	/* The sweep in progress, under slice_lock: */
	struct kcong_reap_entry *ent;
	unsigned int n, cap;
	u32 *index;			/* open addressing: 1 + entry, global table only */
	u32 index_mask;
	bool global;			/* some entry uses the global table */
	unsigned int table;		/* 0: the global one, i: ent[i - 1]'s own */
	unsigned int slot;
	u64 start_ms;
	struct kcong_budget budget;
} kcong_reaper = {
	.work = __DELAYED_WORK_INITIALIZER(kcong_reaper.work, kcong_reaper_work_fn, 0),
	.slice_lock = __MUTEX_INITIALIZER(kcong_reaper.slice_lock),
	.next_ms = KCONG_NEVER_MS,
	.last_sweep_ms = KCONG_NEVER_MS,
};

/* Put PN on the reaper's list or take it off, as its policy now needs. */
void kcong_reaper_track(struct kcong_policy_net *pn)
{
	bool want = pn->live && kcong_policy_reaps(pn->knob);

	if (want && list_empty(&pn->reap))
		list_add_tail(&pn->reap, &kcong_reaping);
	else if (!want && !list_empty(&pn->reap))
		list_del_init(&pn->reap);
}

/* Run the reaper at NEXT_MS, not later (include/kcong_reap.h). */
static void kcong_reaper_arm(u64 next_ms, u64 now_ms)
{
	unsigned long delay;

	if (kcong_policy_stopping || next_ms == KCONG_NEVER_MS)
		return;
	kcong_reaper.next_ms = next_ms;
	delay = msecs_to_jiffies(next_ms > now_ms ? next_ms - now_ms : 0);
	mod_delayed_work(kcong_policy_wq, &kcong_reaper.work, kcong_wheel_early(delay));
}

/* A namespace may have a socket due at DUE_MS: sweep then, if sooner. */
static void kcong_reaper_want(u64 due_ms, u32 lifetime_ms, u64 now_ms)
{
	u64 next = kcong_reap_next_ms(due_ms, kcong_reaper.last_sweep_ms,
				      kcong_tw_slack_ms(lifetime_ms));

	/* A sweep in progress reschedules from every namespace's due time. */
	if (kcong_reaper.active || next >= kcong_reaper.next_ms)
		return;
	kcong_reaper_arm(next, now_ms);
}

/* When the next sweep must run, from every namespace's due time. */
static void kcong_reaper_schedule(u64 now_ms)
{
	u64 due = KCONG_NEVER_MS;
	struct kcong_policy_net *pn;
	u32 slack = 1000;

	list_for_each_entry(pn, &kcong_reaping, reap) {
		if (!kcong_policy_reaps(pn->knob) || pn->reap_due_ms == KCONG_NEVER_MS)
			continue;
		due = min(due, pn->reap_due_ms);
		slack = min(slack, kcong_tw_slack_ms(pn->knob[KCONG_KNOB_TW_LIFETIME_MS]));
	}
	kcong_reaper.next_ms = KCONG_NEVER_MS;
	kcong_reaper_arm(kcong_reap_next_ms(due, kcong_reaper.last_sweep_ms, slack), now_ms);
}

/* tw_lifetime_ms was written: sockets already held may be due now. */
void kcong_reaper_lifetime_set(struct kcong_policy_net *pn, u64 now_ms)
{
	u32 lifetime = pn->knob[KCONG_KNOB_TW_LIFETIME_MS];

	pn->reap_clear_ms = now_ms;
	if (!kcong_policy_reaps(pn->knob) || !kcong_tw_count(pn->net)) {
		pn->reap_due_ms = KCONG_NEVER_MS;
		return;
	}
	pn->reap_due_ms = now_ms;
	kcong_reaper_want(now_ms, lifetime, now_ms);
}

/* The poller's look at a namespace with a lifetime. */
void kcong_reaper_poll(struct kcong_policy_net *pn, u32 tw_count, u64 now_ms)
{
	u32 lifetime = pn->knob[KCONG_KNOB_TW_LIFETIME_MS];
	u64 due;

	if (pn->reap_slot)
		return;		/* the sweep in progress sets it */
	due = kcong_reap_due_on_poll(pn->reap_due_ms, &pn->reap_clear_ms, now_ms,
				     lifetime, tw_count);
	if (due == pn->reap_due_ms)
		return;
	pn->reap_due_ms = due;
	kcong_reaper_want(due, lifetime, now_ms);
}

static struct kcong_reap_entry *kcong_reap_lookup(const struct net *net)
{
	u32 i = hash_ptr(net, 32) & kcong_reaper.index_mask;
	struct kcong_reap_entry *e;

	for (;; i = (i + 1) & kcong_reaper.index_mask) {
		if (!kcong_reaper.index[i])
			return NULL;
		e = &kcong_reaper.ent[kcong_reaper.index[i] - 1];
		if (e->net == net)
			return e->pn ? e : NULL;
	}
}

static int kcong_reap_reserve(unsigned int n)
{
	unsigned int cap = roundup_pow_of_two(max(n, 16U));
	struct kcong_reap_entry *ent;
	u32 *index;

	if (cap <= kcong_reaper.cap)
		return 0;
	ent = kvcalloc(cap, sizeof(*ent), GFP_KERNEL);
	index = kvcalloc(2 * cap, sizeof(*index), GFP_KERNEL);
	if (!ent || !index) {
		kvfree(ent);
		kvfree(index);
		return -ENOMEM;
	}
	kvfree(kcong_reaper.ent);
	kvfree(kcong_reaper.index);
	kcong_reaper.ent = ent;
	kcong_reaper.index = index;
	kcong_reaper.cap = cap;
	return 0;
}

static bool kcong_reap_serves(const struct kcong_policy_net *pn, u64 now_ms)
{
	return kcong_policy_reaps(pn->knob) && pn->reap_due_ms != KCONG_NEVER_MS &&
	       pn->reap_due_ms <= now_ms +
			kcong_tw_slack_ms(pn->knob[KCONG_KNOB_TW_LIFETIME_MS]);
}

/* Snapshot the namespaces due by now + slack; false: none (rescheduled). */
static bool kcong_reap_begin(void)
{
	struct inet_hashinfo *global = init_net.ipv4.tcp_death_row.hashinfo;
	struct kcong_policy_net *pn;
	unsigned int n = 0, i;
	u64 now;

	mutex_lock(&kcong_policy_lock);
	now = kcong_now_ms();
	kcong_reaper.next_ms = KCONG_NEVER_MS;
	list_for_each_entry(pn, &kcong_reaping, reap)
		n += kcong_reap_serves(pn, now);
	if (!n || kcong_reap_reserve(n)) {
		if (n)	/* no memory: try again in a second */
			kcong_reaper_arm(now + 1000, now);
		else
			kcong_reaper_schedule(now);
		mutex_unlock(&kcong_policy_lock);
		return false;
	}
	kcong_reaper.index_mask = 2 * kcong_reaper.cap - 1;
	memset(kcong_reaper.index, 0, 2 * kcong_reaper.cap * sizeof(u32));
	kcong_reaper.global = false;
	i = 0;
	list_for_each_entry(pn, &kcong_reaping, reap) {
		struct inet_hashinfo *table = pn->net->ipv4.tcp_death_row.hashinfo;
		struct kcong_reap_entry *e = &kcong_reaper.ent[i];
		u32 h;

		if (!kcong_reap_serves(pn, now))
			continue;
		*e = (struct kcong_reap_entry) {
			.net = pn->net,
			.pn = pn,
			.table = table != global ? table : NULL,
			.lifetime_ms = pn->knob[KCONG_KNOB_TW_LIFETIME_MS],
			.min_due_ms = KCONG_NEVER_MS,
		};
		pn->reap_slot = ++i;
		pn->reap_due_ms = KCONG_NEVER_MS;
		if (e->table)
			continue;
		kcong_reaper.global = true;
		for (h = hash_ptr(pn->net, 32) & kcong_reaper.index_mask; kcong_reaper.index[h];
		     h = (h + 1) & kcong_reaper.index_mask)
			;
		kcong_reaper.index[h] = i;
	}
	kcong_reaper.n = i;
	kcong_reaper.table = kcong_reaper.global ? 0 : 1;
	kcong_reaper.slot = 0;
	kcong_reaper.start_ms = now;
	kcong_reaper.active = true;
	mutex_unlock(&kcong_policy_lock);
	return true;
}

/*
 * Take TW's timer from the kernel and end the socket as the timer would.
 * The function is read before del_timer(): a timer that was pending when
 * deleted had not been shut down (6.12 clears the function on shutdown).
 */
static bool kcong_tw_end(struct inet_timewait_sock *tw)
{
	void (*end)(struct timer_list *t) = READ_ONCE(tw->tw_timer.function);
	bool ours;

	local_bh_disable();	/* tw_timer_handler() runs with BHs off */
	ours = end && del_timer(&tw->tw_timer);
	if (ours)
		end(&tw->tw_timer);
	local_bh_enable();
	return ours;
}

/*
 * SK is a TIME_WAIT socket of E's namespace: is it one to end (its
 * remaining time in *REMAINING_MS), or not yet (its due time noted)?
 */
static bool kcong_reap_old(struct kcong_reap_entry *e, const struct sock *sk,
			   u64 now_ms, u32 *remaining_ms)
{
	const struct inet_timewait_sock *tw = inet_twsk(sk);
	long remaining;

	if (tw->tw_substate != TCP_TIME_WAIT || !timer_pending(&tw->tw_timer))
		return false;
	/*
	 * Past its expiry but still pending: the timer wheel fires a 60 s
	 * timer up to 1/8 late, so the kernel is not ending it yet.
	 */
	remaining = (long)(READ_ONCE(tw->tw_timer.expires) - jiffies);
	*remaining_ms = remaining > 0 ? jiffies_to_msecs(remaining) : 0;
	if (kcong_tw_expired(*remaining_ms, e->lifetime_ms))
		return true;
	e->min_due_ms = min(e->min_due_ms,
			    kcong_tw_due_ms(now_ms, *remaining_ms, e->lifetime_ms));
	return false;
}

static bool kcong_reap_is(const struct sock *sk, const struct kcong_reap_entry *e)
{
	return inet_sk_state_load(sk) == TCP_TIME_WAIT && net_eq(sock_net(sk), e->net);
}

/*
 * One hash chain; FIXED: the entry whose own table this is, or NULL.
 * Returns how many sockets it ended.
 */
static unsigned int kcong_reap_chain(struct inet_ehash_bucket *head, u32 slot,
				     struct kcong_reap_entry *fixed, u64 now_ms)
{
	struct hlist_nulls_node *node;
	struct kcong_reap_entry *e;
	unsigned int ended = 0;
	u32 remaining, age;
	struct sock *sk;

restart_rcu:
	rcu_read_lock();
restart:
	sk_nulls_for_each_rcu(sk, node, &head->chain) {
		if (inet_sk_state_load(sk) != TCP_TIME_WAIT)
			continue;
		e = fixed ?: kcong_reap_lookup(sock_net(sk));
		if (!e || !kcong_reap_is(sk, e) || !kcong_reap_old(e, sk, now_ms, &remaining))
			continue;
		if (unlikely(!refcount_inc_not_zero(&sk->sk_refcnt)))
			continue;
		if (unlikely(!kcong_reap_is(sk, e) || !kcong_reap_old(e, sk, now_ms, &remaining))) {
			sock_gen_put(sk);
			goto restart;
		}
		rcu_read_unlock();
		if (kcong_tw_end(inet_twsk(sk))) {
			age = KCONG_TW_LEN_MS - remaining;
			ended++;
			e->reaped++;
			e->ended += kcong_tw_cut_short(remaining, e->lifetime_ms);
			e->lag_sum_ms += age - e->lifetime_ms;
			e->lag_max_ms = max(e->lag_max_ms, age - e->lifetime_ms);
		}
		sock_gen_put(sk);
		goto restart_rcu;
	}
	/* Moved to another chain while we walked: walk this one again. */
	if (get_nulls_value(node) != slot)
		goto restart;
	rcu_read_unlock();
	return ended;
}

/* The table the sweep is in, skipping those of namespaces gone away. */
static struct inet_hashinfo *kcong_reap_table(struct kcong_reap_entry **fixed)
{
	struct kcong_reap_entry *e;

	if (kcong_reaper.table == 0) {
		*fixed = NULL;
		return init_net.ipv4.tcp_death_row.hashinfo;
	}
	for (; kcong_reaper.table <= kcong_reaper.n; kcong_reaper.table++, kcong_reaper.slot = 0) {
		e = &kcong_reaper.ent[kcong_reaper.table - 1];
		if (e->pn && e->table) {
			*fixed = e;
			return e->table;
		}
	}
	return NULL;
}

/* Walk for up to KCONG_REAP_SLICE_US; true when the sweep is complete. */
static bool kcong_reap_slice(void)
{
	u64 start = ktime_get_ns(), now_ms = kcong_now_ms();
	struct kcong_reap_entry *fixed;
	struct inet_hashinfo *table;
	struct inet_ehash_bucket *head;
	unsigned int n = 0;

	while ((table = kcong_reap_table(&fixed))) {
		for (; kcong_reaper.slot <= table->ehash_mask; kcong_reaper.slot++) {
			head = &table->ehash[kcong_reaper.slot];
			if (!hlist_nulls_empty(&head->chain) &&
			    kcong_reap_chain(head, kcong_reaper.slot, fixed, now_ms))
				n |= 63;	/* ending costs: look at the clock */
			if (!(++n & 63) &&
			    ktime_get_ns() - start >= KCONG_REAP_SLICE_US * NSEC_PER_USEC) {
				kcong_reaper.slot++;
				return false;
			}
		}
		kcong_reaper.table++;
		kcong_reaper.slot = 0;
	}
	return true;
}

/* Account what the sweep did and find when the next one is due. */
static void kcong_reap_finish(void)
{
	struct kcong_reap_entry *e;
	struct kcong_policy_net *pn;
	unsigned int i;
	bool unseen;
	u64 due;

	mutex_lock(&kcong_policy_lock);
	for (i = 0; i < kcong_reaper.n; i++) {
		e = &kcong_reaper.ent[i];
		pn = e->pn;
		if (!pn)
			continue;
		pn->reap_slot = 0;
		pn->tw_reaped += e->reaped;
		pn->tw_ended += e->ended;
		pn->tw_lag_sum_ms += e->lag_sum_ms;
		pn->tw_lag_max_ms = max(pn->tw_lag_max_ms, e->lag_max_ms);
		pn->reap_clear_ms = kcong_reaper.start_ms;
		if (!kcong_policy_reaps(pn->knob))
			continue;
		/* Sockets left, or entered behind the sweep: look again. */
		unseen = kcong_tw_count(pn->net) > 0;
		due = kcong_reap_due_after_sweep(e->min_due_ms, kcong_reaper.start_ms,
						 pn->knob[KCONG_KNOB_TW_LIFETIME_MS], unseen);
		pn->reap_due_ms = min(pn->reap_due_ms, due);
	}
	kcong_reaper.n = 0;
	kcong_reaper.active = false;
	kcong_reaper.last_sweep_ms = kcong_reaper.start_ms;
	kcong_reaper.sweeps++;
	kcong_reaper_schedule(kcong_now_ms());
	mutex_unlock(&kcong_policy_lock);
}

static void kcong_reaper_work_fn(struct work_struct *work)
{
	u32 rate = READ_ONCE(kcong_reaper_cpu_ms), wait;
	u64 start;
	bool done;

	mutex_lock(&kcong_reaper.slice_lock);
	if (!kcong_reaper.active && !kcong_reap_begin())
		goto out;
	kcong_budget_refill(&kcong_reaper.budget, kcong_now_ms(), rate);
	wait = kcong_budget_wait_ms(&kcong_reaper.budget, rate);
	if (wait) {
		WRITE_ONCE(kcong_reaper.budget_waits, kcong_reaper.budget_waits + 1);
		if (!READ_ONCE(kcong_policy_stopping))
			queue_delayed_work(kcong_policy_wq, &kcong_reaper.work,
					   msecs_to_jiffies(wait));
		goto out;
	}
	start = ktime_get_ns();
	done = kcong_reap_slice();
	kcong_budget_charge(&kcong_reaper.budget, (ktime_get_ns() - start) / NSEC_PER_USEC);
	if (done)
		kcong_reap_finish();
	else if (!READ_ONCE(kcong_policy_stopping))
		queue_delayed_work(kcong_policy_wq, &kcong_reaper.work, 0);
out:
	mutex_unlock(&kcong_reaper.slice_lock);
}

void kcong_reaper_lock(void)
{
	mutex_lock(&kcong_reaper.slice_lock);
}

void kcong_reaper_unlock(void)
{
	mutex_unlock(&kcong_reaper.slice_lock);
}

/*
 * PN's namespace goes away: the sweep in progress must not end, count or
 * look up anything of it any more.  Called with both locks held, between
 * slices.
 */
void kcong_reaper_forget(struct kcong_policy_net *pn)
{
	if (!pn->reap_slot)
		return;
	kcong_reaper.ent[pn->reap_slot - 1].pn = NULL;
	pn->reap_slot = 0;
}

void kcong_reaper_stop(void)
{
	unsigned int i;

	cancel_delayed_work_sync(&kcong_reaper.work);
	mutex_lock(&kcong_reaper.slice_lock);
	mutex_lock(&kcong_policy_lock);
	for (i = 0; i < kcong_reaper.n; i++)
		if (kcong_reaper.ent[i].pn)
			kcong_reaper_forget(kcong_reaper.ent[i].pn);
	kcong_reaper.n = 0;
	kcong_reaper.active = false;
	mutex_unlock(&kcong_policy_lock);
	mutex_unlock(&kcong_reaper.slice_lock);
	kvfree(kcong_reaper.ent);
	kvfree(kcong_reaper.index);
	kcong_reaper.ent = NULL;
	kcong_reaper.index = NULL;
	kcong_reaper.cap = 0;
}

u64 kcong_reaper_sweeps(void)
{
	return kcong_reaper.sweeps;
}

u64 kcong_reaper_budget_waits(void)
{
	return READ_ONCE(kcong_reaper.budget_waits);
}
