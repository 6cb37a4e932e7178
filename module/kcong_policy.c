// SPDX-License-Identifier: GPL-2.0
/*
 * kcong_policy: a per-network-namespace policy layer, net.kcong.*, over the
 * kernel's SYN cookies, SYN backlog and tcp_tw_reuse, with a TIME_WAIT
 * lifetime that the kernel itself does not offer.
 *
 *  - syncookies, syn_backlog, tw_reuse: validated views of the kernel's
 *    tcp_syncookies, tcp_max_syn_backlog and tcp_tw_reuse of the same
 *    namespace.  Bad input fails with EINVAL and changes nothing.
 *  - flood_guard: every tick the namespace's ListenDrops + SyncookiesSent
 *    are compared with guard_threshold (events/s); at or above it the guard
 *    turns cookies on and widens the SYN backlog to guard_syn_backlog, and
 *    after guard_quiet_ms without pressure restores the operator's values.
 *  - tw_reuse = 3 (auto): loopback-only reuse, switched to global while the
 *    namespace's TIME_WAIT sockets fill tw_reuse_auto_pct % of the
 *    ephemeral port range.  Reuse without timestamps is refused.
 *  - tw_lifetime_ms: TIME_WAIT sockets of this namespace older than this are
 *    ended early, as inet_twsk_purge() ends them when a namespace dies.
 *  - /proc/net/kcong_policy: effective values, modes, guard state, counters.
 *
 * The decisions are in include/kcong_policy.h; Documentation/policy.md
 * describes the knobs and the protocol risk of a short TIME_WAIT
 * (RFC 793, RFC 1122 4.2.2.13, RFC 6191).  On unload every value the module
 * overrode (guard, auto reuse) is put back to the operator's setting in
 * every namespace.
 */

#define pr_fmt(fmt) "kcong_policy: " fmt

#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/seq_file_net.h>
#include <linux/slab.h>
#include <linux/sysctl.h>
#include <linux/workqueue.h>
#include <net/inet_hashtables.h>
#include <net/inet_timewait_sock.h>
#include <net/ip.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/snmp.h>
#include <net/tcp.h>

#include "kcong_compat.h"
#include "kcong_policy.h"

/* Tick while a policy needs watching (guard engages within ~1 tick), and
 * while idle (only the TIME_WAIT peak is sampled then).
 */
#define KCONG_TICK_ACTIVE_MS	100
#define KCONG_TICK_IDLE_MS	1000

struct kcong_policy_net {
	struct net *net;
	struct mutex lock;		/* knobs, state, kernel values we write */
	int knob[KCONG_KNOB_NR];	/* the operator's policy */
	struct ctl_table *table;
	struct ctl_table_header *sysctl;
	struct delayed_work work;
	u64 last_tick_ms;
	u64 last_scan_ms;		/* last TIME_WAIT lifetime scan */
	unsigned long pressure_prev;	/* ListenDrops + SyncookiesSent */
	struct kcong_guard guard;
	bool reuse_engaged;		/* auto mode is at global reuse */
	bool reuse_ts_warned;		/* auto could not engage: no timestamps */
	u64 floods_detected;
	u64 guard_ms_total;		/* closed guard periods */
	u64 reuse_switches;
	u64 tw_ended;			/* TIME_WAIT sockets ended early */
	u32 tw_peak;
};

static unsigned int kcong_policy_net_id __read_mostly;

static u64 kcong_now_ms(void)
{
	return ktime_to_ms(ktime_get());
}

static struct kcong_policy_net *kcong_pn(const struct net *net)
{
	return net_generic(net, kcong_policy_net_id);
}

/* TIME_WAIT (and FIN_WAIT2 minisockets) of the namespace: the death row
 * holds one reference of its own.
 */
static u32 kcong_tw_count(const struct net *net)
{
	return refcount_read(&net->ipv4.tcp_death_row.tw_refcount) - 1;
}

static u32 kcong_port_span(const struct net *net)
{
	int low, high;

	inet_get_local_port_range(net, &low, &high);
	return high >= low ? high - low + 1 : 1;
}

static unsigned long kcong_pressure_events(struct net *net)
{
	return snmp_fold_field(net->mib.net_statistics, LINUX_MIB_LISTENDROPS) +
	       snmp_fold_field(net->mib.net_statistics, LINUX_MIB_SYNCOOKIESSENT);
}

/*
 * Values the module does not override at the moment follow the kernel, so
 * that a direct write to net.ipv4.* is what net.kcong.* shows and what the
 * guard restores.
 */
static void kcong_policy_refresh(struct kcong_policy_net *pn)
{
	struct net *net = pn->net;

	if (!pn->guard.engaged) {
		pn->knob[KCONG_KNOB_SYNCOOKIES] = READ_ONCE(net->ipv4.sysctl_tcp_syncookies);
		pn->knob[KCONG_KNOB_SYN_BACKLOG] = READ_ONCE(net->ipv4.sysctl_max_syn_backlog);
	}
	if (pn->knob[KCONG_KNOB_TW_REUSE] != KCONG_REUSE_AUTO)
		pn->knob[KCONG_KNOB_TW_REUSE] = READ_ONCE(net->ipv4.sysctl_tcp_tw_reuse);
}

/* Write the kernel's cookie mode and SYN backlog for the guard's state. */
static void kcong_guard_write(struct kcong_policy_net *pn)
{
	int cookies = pn->knob[KCONG_KNOB_SYNCOOKIES];
	int backlog = pn->knob[KCONG_KNOB_SYN_BACKLOG];

	if (pn->guard.engaged) {
		cookies = kcong_guard_syncookies(cookies);
		backlog = kcong_guard_backlog(backlog, pn->knob[KCONG_KNOB_GUARD_BACKLOG]);
	}
	WRITE_ONCE(pn->net->ipv4.sysctl_tcp_syncookies, cookies);
	WRITE_ONCE(pn->net->ipv4.sysctl_max_syn_backlog, backlog);
}

/* The guard has just left the engaged state: account it, restore. */
static void kcong_guard_restore(struct kcong_policy_net *pn, u64 now)
{
	pn->guard_ms_total += now - pn->guard.engaged_at_ms;
	kcong_guard_write(pn);
	net_info_ratelimited("netns %u: flood guard released, syncookies=%d syn_backlog=%d restored\n",
			     pn->net->ns.inum, pn->knob[KCONG_KNOB_SYNCOOKIES],
			     pn->knob[KCONG_KNOB_SYN_BACKLOG]);
}

static void kcong_reuse_write(struct kcong_policy_net *pn)
{
	WRITE_ONCE(pn->net->ipv4.sysctl_tcp_tw_reuse,
		   kcong_reuse_kernel_value(pn->knob[KCONG_KNOB_TW_REUSE],
					    pn->reuse_engaged));
}

static bool kcong_policy_active(const struct kcong_policy_net *pn)
{
	return pn->knob[KCONG_KNOB_FLOOD_GUARD] ||
	       pn->knob[KCONG_KNOB_TW_REUSE] == KCONG_REUSE_AUTO ||
	       pn->knob[KCONG_KNOB_TW_LIFETIME_MS] < KCONG_TW_LEN_MS;
}

static void kcong_guard_tick(struct kcong_policy_net *pn, u64 now, u32 elapsed)
{
	unsigned long events = kcong_pressure_events(pn->net);
	unsigned long delta = events - pn->pressure_prev;

	pn->pressure_prev = events;
	if (!pn->knob[KCONG_KNOB_FLOOD_GUARD])
		return;
	switch (kcong_guard_step(&pn->guard, delta, elapsed, now,
				 pn->knob[KCONG_KNOB_GUARD_THRESHOLD],
				 pn->knob[KCONG_KNOB_GUARD_QUIET_MS])) {
	case KCONG_GUARD_ENGAGE:
		pn->floods_detected++;
		kcong_guard_write(pn);
		net_info_ratelimited(
			"netns %u: SYN flood (%lu in %u ms), guard engaged: syncookies=%d syn_backlog=%d\n",
			pn->net->ns.inum, delta, elapsed,
			READ_ONCE(pn->net->ipv4.sysctl_tcp_syncookies),
			READ_ONCE(pn->net->ipv4.sysctl_max_syn_backlog));
		break;
	case KCONG_GUARD_RELEASE:
		kcong_guard_restore(pn, now);
		break;
	case KCONG_GUARD_NONE:
		break;
	}
}

static void kcong_reuse_tick(struct kcong_policy_net *pn, u32 tw)
{
	struct net *net = pn->net;
	bool want;

	if (pn->knob[KCONG_KNOB_TW_REUSE] != KCONG_REUSE_AUTO)
		return;
	want = kcong_reuse_auto_step(pn->reuse_engaged, tw, kcong_port_span(net),
				     pn->knob[KCONG_KNOB_TW_REUSE_AUTO_PCT]);
	if (want == pn->reuse_engaged)
		return;
	if (want && !READ_ONCE(net->ipv4.sysctl_tcp_timestamps)) {
		if (!pn->reuse_ts_warned)
			pr_warn("netns %u: auto tw_reuse not engaged: net.ipv4.tcp_timestamps is 0\n",
				net->ns.inum);
		pn->reuse_ts_warned = true;
		return;
	}
	pn->reuse_engaged = want;
	pn->reuse_switches++;
	kcong_reuse_write(pn);
	net_info_ratelimited("netns %u: %u TIME_WAIT sockets, auto tw_reuse %s\n",
			     net->ns.inum, tw, want ? "engaged (global)" : "released (loopback)");
}

/* Is SK a TIME_WAIT socket of NET (not FIN_WAIT2) older than LIFETIME_MS? */
static bool kcong_tw_old(const struct sock *sk, const struct net *net,
			 u32 lifetime_ms)
{
	const struct inet_timewait_sock *tw;
	long remaining;

	if (inet_sk_state_load(sk) != TCP_TIME_WAIT || !net_eq(sock_net(sk), net))
		return false;
	tw = inet_twsk(sk);
	if (tw->tw_substate != TCP_TIME_WAIT || !timer_pending(&tw->tw_timer))
		return false;
	remaining = (long)(READ_ONCE(tw->tw_timer.expires) - jiffies);
	/* Due now: the kernel's own timer is about to end it. */
	if (remaining <= 0)
		return false;
	return kcong_tw_expired(jiffies_to_msecs(remaining), lifetime_ms);
}

/*
 * End this namespace's TIME_WAIT sockets older than LIFETIME_MS.  The walk
 * follows inet_twsk_purge(): RCU over each established-hash chain, a
 * reference taken with refcount_inc_not_zero() and the test repeated under
 * it (the slab is SLAB_TYPESAFE_BY_RCU, so the memory may already be another
 * socket), then inet_twsk_deschedule_put() with BHs off, which stops the
 * timer and unhashes under the bucket lock exactly as the timer would.
 */
static u32 kcong_tw_end_old(struct net *net, u32 lifetime_ms)
{
	struct inet_hashinfo *hinfo = net->ipv4.tcp_death_row.hashinfo;
	struct inet_ehash_bucket *head = hinfo->ehash;
	struct hlist_nulls_node *node;
	u32 slot, ended = 0;
	struct sock *sk;

	for (slot = 0; slot <= hinfo->ehash_mask; slot++, head++) {
		/* The table can have millions of (mostly empty) buckets. */
		if (!(slot & 4095))
			cond_resched();
		if (hlist_nulls_empty(&head->chain))
			continue;
restart_rcu:
		cond_resched();
		rcu_read_lock();
restart:
		sk_nulls_for_each_rcu(sk, node, &head->chain) {
			if (!kcong_tw_old(sk, net, lifetime_ms))
				continue;
			if (unlikely(!refcount_inc_not_zero(&sk->sk_refcnt)))
				continue;
			if (unlikely(!kcong_tw_old(sk, net, lifetime_ms))) {
				sock_gen_put(sk);
				goto restart;
			}
			rcu_read_unlock();
			local_bh_disable();
			inet_twsk_deschedule_put(inet_twsk(sk));
			local_bh_enable();
			ended++;
			goto restart_rcu;
		}
		/* Moved to another chain while we walked: walk this one again. */
		if (get_nulls_value(node) != slot)
			goto restart;
		rcu_read_unlock();
	}
	return ended;
}

static void kcong_policy_work(struct work_struct *work)
{
	struct kcong_policy_net *pn = container_of(to_delayed_work(work),
						   struct kcong_policy_net, work);
	u64 now = kcong_now_ms();
	u32 elapsed = min_t(u64, now - pn->last_tick_ms, U32_MAX);
	u32 lifetime, tw, tick_ms;
	bool scan;

	mutex_lock(&pn->lock);
	pn->last_tick_ms = now;
	kcong_policy_refresh(pn);
	tw = kcong_tw_count(pn->net);
	pn->tw_peak = max(pn->tw_peak, tw);
	kcong_guard_tick(pn, now, elapsed);
	kcong_reuse_tick(pn, tw);
	lifetime = pn->knob[KCONG_KNOB_TW_LIFETIME_MS];
	scan = lifetime < KCONG_TW_LEN_MS &&
	       now - pn->last_scan_ms >= kcong_tw_scan_interval_ms(lifetime);
	tick_ms = kcong_policy_active(pn) ? KCONG_TICK_ACTIVE_MS : KCONG_TICK_IDLE_MS;
	mutex_unlock(&pn->lock);

	if (scan) {
		u32 ended = kcong_tw_end_old(pn->net, lifetime);

		mutex_lock(&pn->lock);
		pn->last_scan_ms = now;
		pn->tw_ended += ended;
		mutex_unlock(&pn->lock);
	}
	queue_delayed_work(system_wq, &pn->work, msecs_to_jiffies(tick_ms));
}

/* Apply a validated value; called with pn->lock held. */
static int kcong_policy_set(struct kcong_policy_net *pn, enum kcong_policy_knob k,
			    int val)
{
	struct net *net = pn->net;

	if (k == KCONG_KNOB_TW_REUSE &&
	    !kcong_reuse_allowed(val, READ_ONCE(net->ipv4.sysctl_tcp_timestamps))) {
		pr_warn_ratelimited("netns %u: tw_reuse=%d refused: reuse needs net.ipv4.tcp_timestamps on\n",
				    net->ns.inum, val);
		return -EINVAL;
	}
	pn->knob[k] = val;
	switch (k) {
	case KCONG_KNOB_SYNCOOKIES:
	case KCONG_KNOB_SYN_BACKLOG:
	case KCONG_KNOB_GUARD_BACKLOG:
		kcong_guard_write(pn);
		break;
	case KCONG_KNOB_FLOOD_GUARD:
		if (!val && pn->guard.engaged) {
			pn->guard.engaged = false;
			kcong_guard_restore(pn, kcong_now_ms());
		}
		break;
	case KCONG_KNOB_TW_REUSE:
		if (val != KCONG_REUSE_AUTO)
			pn->reuse_engaged = false;
		pn->reuse_ts_warned = false;
		kcong_reuse_write(pn);
		break;
	default:
		break;
	}
	/* A policy that needs watching starts being watched now. */
	mod_delayed_work(system_wq, &pn->work, 0);
	return 0;
}

static int kcong_policy_sysctl(KCONG_CTL_TABLE *ctl, int write, void *buffer,
			       size_t *lenp, loff_t *ppos)
{
	struct kcong_policy_net *pn = ctl->extra1;
	enum kcong_policy_knob k = (int *)ctl->data - pn->knob;
	struct ctl_table tmp = *ctl;
	size_t len = *lenp;
	int val, ret;

	tmp.data = &val;
	mutex_lock(&pn->lock);
	kcong_policy_refresh(pn);
	val = pn->knob[k];
	ret = proc_dointvec(&tmp, write, buffer, lenp, ppos);
	if (ret || !write)
		goto out;
	/* One integer and nothing else ("5 6" or "5x" stop early). */
	if (*lenp != len || !kcong_knob_valid(k, val)) {
		ret = -EINVAL;
		goto out;
	}
	ret = kcong_policy_set(pn, k, val);
out:
	mutex_unlock(&pn->lock);
	return ret;
}

static const char * const kcong_reuse_names[] = {
	[KCONG_REUSE_OFF] = "off", [KCONG_REUSE_GLOBAL] = "global",
	[KCONG_REUSE_LOOPBACK] = "loopback", [KCONG_REUSE_AUTO] = "auto",
};

static int kcong_policy_show(struct seq_file *seq, void *v)
{
	struct net *net = seq_file_single_net(seq);
	struct kcong_policy_net *pn = kcong_pn(net);
	void __percpu *mib = net->mib.net_statistics;
	u64 now = kcong_now_ms(), guard_ms;
	u32 tw = kcong_tw_count(net);

	mutex_lock(&pn->lock);
	kcong_policy_refresh(pn);
	pn->tw_peak = max(pn->tw_peak, tw);
	guard_ms = pn->guard_ms_total +
		   (pn->guard.engaged ? now - pn->guard.engaged_at_ms : 0);
	seq_printf(seq, "tcp_syncookies %u\n", READ_ONCE(net->ipv4.sysctl_tcp_syncookies));
	seq_printf(seq, "tcp_max_syn_backlog %d\n", READ_ONCE(net->ipv4.sysctl_max_syn_backlog));
	seq_printf(seq, "tcp_tw_reuse %u\n", READ_ONCE(net->ipv4.sysctl_tcp_tw_reuse));
	seq_printf(seq, "tcp_timestamps %u\n", READ_ONCE(net->ipv4.sysctl_tcp_timestamps));
	seq_printf(seq, "ip_local_port_span %u\n", kcong_port_span(net));
	seq_printf(seq, "syncookies_policy %d\n", pn->knob[KCONG_KNOB_SYNCOOKIES]);
	seq_printf(seq, "syn_backlog_policy %d\n", pn->knob[KCONG_KNOB_SYN_BACKLOG]);
	seq_printf(seq, "flood_guard %s\n", pn->knob[KCONG_KNOB_FLOOD_GUARD] ? "on" : "off");
	seq_printf(seq, "guard_state %s\n", pn->guard.engaged ? "engaged" : "idle");
	seq_printf(seq, "floods_detected %llu\n", pn->floods_detected);
	seq_printf(seq, "guard_ms %llu\n", guard_ms);
	seq_printf(seq, "tw_reuse_policy %s\n", kcong_reuse_names[pn->knob[KCONG_KNOB_TW_REUSE]]);
	seq_printf(seq, "tw_reuse_auto_engaged %d\n", pn->reuse_engaged);
	seq_printf(seq, "reuse_switches %llu\n", pn->reuse_switches);
	seq_printf(seq, "tw_lifetime_ms %d\n", pn->knob[KCONG_KNOB_TW_LIFETIME_MS]);
	seq_printf(seq, "timewait_now %u\n", tw);
	seq_printf(seq, "timewait_peak %u\n", pn->tw_peak);
	seq_printf(seq, "timewait_ended_early %llu\n", pn->tw_ended);
	seq_printf(seq, "ListenDrops %lu\n", snmp_fold_field(mib, LINUX_MIB_LISTENDROPS));
	seq_printf(seq, "SyncookiesSent %lu\n", snmp_fold_field(mib, LINUX_MIB_SYNCOOKIESSENT));
	seq_printf(seq, "TWRecycled %lu\n", snmp_fold_field(mib, LINUX_MIB_TIMEWAITRECYCLED));
	mutex_unlock(&pn->lock);
	return 0;
}

static int __net_init kcong_policy_net_init(struct net *net)
{
	struct kcong_policy_net *pn = kcong_pn(net);
	int k;

	pn->net = net;
	mutex_init(&pn->lock);
	INIT_DELAYED_WORK(&pn->work, kcong_policy_work);
	for (k = 0; k < KCONG_KNOB_NR; k++)
		pn->knob[k] = kcong_knob_ranges[k].def;
	kcong_policy_refresh(pn);

	/* One entry per knob and the zeroed sentinel 6.1 needs. */
	pn->table = kcalloc(KCONG_KNOB_NR + 1, sizeof(*pn->table), GFP_KERNEL);
	if (!pn->table)
		return -ENOMEM;
	for (k = 0; k < KCONG_KNOB_NR; k++) {
		pn->table[k].procname = kcong_knob_ranges[k].name;
		pn->table[k].data = &pn->knob[k];
		pn->table[k].maxlen = sizeof(int);
		pn->table[k].mode = 0644;
		pn->table[k].proc_handler = kcong_policy_sysctl;
		pn->table[k].extra1 = pn;
	}
	pn->sysctl = kcong_register_net_sysctl(net, "net/kcong", pn->table,
					       KCONG_KNOB_NR);
	if (!pn->sysctl)
		goto err_table;
	if (!proc_create_net_single("kcong_policy", 0444, net->proc_net,
				    kcong_policy_show, NULL))
		goto err_sysctl;

	pn->last_tick_ms = kcong_now_ms();
	pn->pressure_prev = kcong_pressure_events(net);
	queue_delayed_work(system_wq, &pn->work, msecs_to_jiffies(KCONG_TICK_IDLE_MS));
	return 0;

err_sysctl:
	unregister_net_sysctl_table(pn->sysctl);
err_table:
	kfree(pn->table);
	return -ENOMEM;
}

/* Also runs for every namespace on unload: put back what we override. */
static void __net_exit kcong_policy_net_exit(struct net *net)
{
	struct kcong_policy_net *pn = kcong_pn(net);

	unregister_net_sysctl_table(pn->sysctl);
	kfree(pn->table);
	remove_proc_entry("kcong_policy", net->proc_net);
	cancel_delayed_work_sync(&pn->work);

	mutex_lock(&pn->lock);
	if (pn->guard.engaged) {
		pn->guard.engaged = false;
		kcong_guard_restore(pn, kcong_now_ms());
	}
	if (pn->knob[KCONG_KNOB_TW_REUSE] == KCONG_REUSE_AUTO) {
		pn->reuse_engaged = false;
		kcong_reuse_write(pn);
	}
	mutex_unlock(&pn->lock);
}

static struct pernet_operations kcong_policy_net_ops = {
	.init = kcong_policy_net_init,
	.exit = kcong_policy_net_exit,
	.id = &kcong_policy_net_id,
	.size = sizeof(struct kcong_policy_net),
};

static int __init kcong_policy_init(void)
{
	return register_pernet_subsys(&kcong_policy_net_ops);
}

static void __exit kcong_policy_exit(void)
{
	unregister_pernet_subsys(&kcong_policy_net_ops);
}

module_init(kcong_policy_init);
module_exit(kcong_policy_exit);

MODULE_AUTHOR("kcong");
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Per-netns policy: SYN cookies, tw_reuse, SYN backlog, TIME_WAIT lifetime");
