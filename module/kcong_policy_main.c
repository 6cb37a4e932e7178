// SPDX-License-Identifier: GPL-2.0
/*
 * kcong_policy: a per-network-namespace policy layer, net.kcong.*, over the
 * kernel's SYN cookies, SYN backlog and tcp_tw_reuse, with a TIME_WAIT
 * lifetime that the kernel itself does not offer.
 *
 *  - syncookies, syn_backlog, tw_reuse: validated views of the kernel's
 *    tcp_syncookies, tcp_max_syn_backlog and tcp_tw_reuse of the same
 *    namespace.  Bad input fails with EINVAL and changes nothing.
 *  - flood_guard: the namespace's ListenDrops + SyncookiesSent rate is
 *    compared with guard_threshold (events/s); at or above it the guard
 *    turns cookies on and widens the SYN backlog to guard_syn_backlog, and
 *    after guard_quiet_ms without pressure restores the operator's values.
 *  - tw_reuse = 3 (auto): loopback-only reuse, switched to global while the
 *    namespace's TIME_WAIT sockets fill tw_reuse_auto_pct % of the
 *    ephemeral port range.  Reuse without timestamps is refused.
 *  - tw_lifetime_ms: TIME_WAIT sockets of this namespace older than this are
 *    ended early, as their own timer would end them.
 *  - /proc/net/kcong_policy: effective values, modes, guard state, counters.
 *
 * Cost follows the work.  A namespace with default knobs has no timer and
 * no work: after setup it costs its memory only.  Namespaces whose policy
 * needs watching are polled together by one work item (the kernel offers
 * no event for SYN-queue pressure or for TIME_WAIT counts), and TIME_WAIT
 * sockets are ended by one shared sweep of each hash table for every
 * namespace that asks, run only when a socket is due; both run on kcong's
 * own unbound workqueue within CPU budgets that do not grow with the number
 * of namespaces.  Who may write which knob is decided in
 * include/kcong_policy.h.  On unload every value the module overrode
 * (guard, auto reuse) is put back to the operator's setting in every
 * namespace.  Documentation/policy.md describes the knobs, the costs and
 * the protocol risk of a short TIME_WAIT (RFC 793, RFC 1122 4.2.2.13,
 * RFC 6191).
 */

#define pr_fmt(fmt) "kcong_policy: " fmt

#include <linux/error-injection.h>
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file_net.h>
#include <net/netns/generic.h>
#include <net/tcp.h>

#include "kcong_compat.h"
#include "kcong_policy_net.h"

DEFINE_MUTEX(kcong_policy_lock);
struct workqueue_struct *kcong_policy_wq;
bool kcong_policy_stopping;
unsigned int kcong_policy_netns_nr;	/* namespaces set up, under the lock */

static unsigned int kcong_policy_net_id __read_mostly;

struct kcong_policy_net *kcong_pn(const struct net *net)
{
	return net_generic(net, kcong_policy_net_id);
}

u64 kcong_now_ms(void)
{
	return ktime_to_ms(ktime_get());
}

/* TIME_WAIT (and FIN_WAIT2 minisockets) of the namespace: the death row
 * holds one reference of its own.
 */
u32 kcong_tw_count(const struct net *net)
{
	return refcount_read(&net->ipv4.tcp_death_row.tw_refcount) - 1;
}

/*
 * The one step of namespace setup that can fail: the status file, then the
 * sysctl tree, registered last, so that no write can reach a namespace
 * whose setup fails.  Nothing else needs undoing on failure: a namespace
 * joins no list and queues no work until its setup has succeeded and a
 * write asks for it.  Debug kernels can make it fail on demand
 * (CONFIG_FUNCTION_ERROR_INJECTION, /sys/kernel/debug/fail_function).
 */
static noinline int kcong_policy_net_publish(struct net *net,
					     struct kcong_policy_net *pn)
{
	if (!proc_create_net_single("kcong_policy", 0444, net->proc_net,
				    kcong_policy_show, NULL))
		return -ENOMEM;
	pn->sysctl = kcong_register_net_sysctl(net, "net/kcong", pn->table,
					       KCONG_KNOB_NR);
	if (!pn->sysctl) {
		remove_proc_entry("kcong_policy", net->proc_net);
		return -ENOMEM;
	}
	return 0;
}
ALLOW_ERROR_INJECTION(kcong_policy_net_publish, ERRNO);

static int __net_init kcong_policy_net_init(struct net *net)
{
	struct kcong_policy_net *pn = kcong_pn(net);
	int err;

	pn->net = net;
	INIT_LIST_HEAD(&pn->watch);
	INIT_LIST_HEAD(&pn->reap);
	pn->reap_due_ms = KCONG_NEVER_MS;
	pn->reap_clear_ms = kcong_now_ms();
	kcong_knobs_setup(pn);
	err = kcong_policy_net_publish(net, pn);
	if (err)
		return err;
	mutex_lock(&kcong_policy_lock);
	pn->live = true;
	kcong_policy_netns_nr++;
	mutex_unlock(&kcong_policy_lock);
	return 0;
}

/*
 * Also runs for every namespace on unload, and for a namespace whose setup
 * failed in a later subsystem.  Once it returns nothing of kcong's refers
 * to this namespace: no sysctl write or status read is in progress, the
 * poller cannot find it, and the reaper has let go of it.
 */
static void __net_exit kcong_policy_net_exit(struct net *net)
{
	struct kcong_policy_net *pn = kcong_pn(net);

	unregister_net_sysctl_table(pn->sysctl);
	remove_proc_entry("kcong_policy", net->proc_net);

	/* Waits for a reaper slice in progress; none starts until unlock. */
	kcong_reaper_lock();
	mutex_lock(&kcong_policy_lock);
	pn->live = false;
	kcong_policy_netns_nr--;
	kcong_watch_update(pn);
	kcong_reaper_forget(pn);
	kcong_guard_release(pn, kcong_now_ms());
	kcong_reuse_release(pn);
	mutex_unlock(&kcong_policy_lock);
	kcong_reaper_unlock();
}

static struct pernet_operations kcong_policy_net_ops = {
	.init = kcong_policy_net_init,
	.exit = kcong_policy_net_exit,
	.id = &kcong_policy_net_id,
	.size = sizeof(struct kcong_policy_net),
};

/* Nothing may be polled or swept any more, and nothing can ask for it. */
static void kcong_policy_stop(void)
{
	mutex_lock(&kcong_policy_lock);
	kcong_policy_stopping = true;
	mutex_unlock(&kcong_policy_lock);
	kcong_poll_stop();
	kcong_reaper_stop();
}

static int __init kcong_policy_init(void)
{
	int err;

	kcong_policy_wq = alloc_workqueue("kcong_policy", WQ_UNBOUND, 0);
	if (!kcong_policy_wq)
		return -ENOMEM;
	err = register_pernet_subsys(&kcong_policy_net_ops);
	if (err) {
		kcong_policy_stop();
		destroy_workqueue(kcong_policy_wq);
	}
	return err;
}

static void __exit kcong_policy_exit(void)
{
	kcong_policy_stop();
	unregister_pernet_subsys(&kcong_policy_net_ops);
	destroy_workqueue(kcong_policy_wq);
}

module_init(kcong_policy_init);
module_exit(kcong_policy_exit);

MODULE_AUTHOR("kcong");
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Per-netns policy: SYN cookies, tw_reuse, SYN backlog, TIME_WAIT lifetime");
