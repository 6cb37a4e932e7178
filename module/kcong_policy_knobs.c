// SPDX-License-Identifier: GPL-2.0
/*
 * kcong_policy_knobs.c - net.kcong.*: one sysctl table per namespace, the
 * validation of every write (one whole integer, in range, allowed to this
 * writer), and what a valid write changes.  The ranges and the privilege
 * rule are in include/kcong_policy.h.
 */

#define pr_fmt(fmt) "kcong_policy: " fmt

#include <linux/capability.h>
#include <linux/module.h>
#include <net/net_namespace.h>

#include "kcong_compat.h"
#include "kcong_policy_net.h"

bool kcong_unprivileged_tw_lifetime;
module_param_named(unprivileged_tw_lifetime, kcong_unprivileged_tw_lifetime, bool, 0644);
MODULE_PARM_DESC(unprivileged_tw_lifetime,
		 "Let a namespace's own root (without CAP_NET_ADMIN in the initial user namespace) set tw_lifetime_ms below 60000; checked at each write (default N)");

/*
 * Values the module does not override at the moment follow the kernel, so
 * that a direct write to net.ipv4.* is what net.kcong.* shows and what the
 * guard restores.
 */
void kcong_policy_refresh(struct kcong_policy_net *pn)
{
	struct net *net = pn->net;

	if (!pn->guard.engaged) {
		pn->knob[KCONG_KNOB_SYNCOOKIES] = READ_ONCE(net->ipv4.sysctl_tcp_syncookies);
		pn->knob[KCONG_KNOB_SYN_BACKLOG] = READ_ONCE(net->ipv4.sysctl_max_syn_backlog);
	}
	if (pn->knob[KCONG_KNOB_TW_REUSE] != KCONG_REUSE_AUTO)
		pn->knob[KCONG_KNOB_TW_REUSE] = READ_ONCE(net->ipv4.sysctl_tcp_tw_reuse);
}

/* Apply a valid value; called with kcong_policy_lock held. */
static int kcong_policy_set(struct kcong_policy_net *pn, enum kcong_policy_knob k,
			    int val)
{
	struct net *net = pn->net;
	int old = pn->knob[k];
	u64 now = kcong_now_ms();

	if (k == KCONG_KNOB_TW_REUSE &&
	    !kcong_reuse_allowed(val, READ_ONCE(net->ipv4.sysctl_tcp_timestamps))) {
		pr_warn_ratelimited("netns %u: tw_reuse=%d refused: reuse needs net.ipv4.tcp_timestamps on\n",
				    net->ns.inum, val);
		return -EINVAL;
	}
	if (kcong_knob_needs_host_admin(k, val) && !READ_ONCE(kcong_unprivileged_tw_lifetime) &&
	    !capable(CAP_NET_ADMIN))
		return -EPERM;

	pn->knob[k] = val;
	switch (k) {
	case KCONG_KNOB_SYNCOOKIES:
	case KCONG_KNOB_SYN_BACKLOG:
	case KCONG_KNOB_GUARD_BACKLOG:
		kcong_guard_write(pn);
		break;
	case KCONG_KNOB_FLOOD_GUARD:
		if (val != old)
			kcong_guard_switch(pn, val, now);
		break;
	case KCONG_KNOB_TW_REUSE:
		if (val != KCONG_REUSE_AUTO)
			pn->reuse_engaged = false;
		pn->reuse_ts_warned = false;
		kcong_reuse_write(pn);
		break;
	case KCONG_KNOB_TW_LIFETIME_MS:
		kcong_reaper_lifetime_set(pn, now);
		break;
	default:
		break;
	}
	kcong_watch_update(pn);
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

	/*
	 * A value is one write of one integer at offset 0: proc_dointvec()
	 * would take an empty write, or the rest of a value written in two
	 * pieces, as "no change" and succeed.
	 */
	if (write && (!len || *ppos))
		return -EINVAL;
	tmp.data = &val;
	mutex_lock(&kcong_policy_lock);
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
	mutex_unlock(&kcong_policy_lock);
	return ret;
}

/* Defaults and the sysctl table; nothing here can fail or be seen yet. */
void kcong_knobs_setup(struct kcong_policy_net *pn)
{
	int k;

	for (k = 0; k < KCONG_KNOB_NR; k++) {
		pn->knob[k] = kcong_knob_ranges[k].def;
		pn->table[k].procname = kcong_knob_ranges[k].name;
		pn->table[k].data = &pn->knob[k];
		pn->table[k].maxlen = sizeof(int);
		pn->table[k].mode = 0644;
		pn->table[k].proc_handler = kcong_policy_sysctl;
		pn->table[k].extra1 = pn;
	}
	kcong_policy_refresh(pn);
}
