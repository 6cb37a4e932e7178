// SPDX-License-Identifier: GPL-2.0
/*
 * kcong_policy_reuse.c - auto tw_reuse (tw_reuse = 3): loopback-only reuse
 * that switches to global reuse while the namespace's TIME_WAIT sockets
 * fill tw_reuse_auto_pct % of its ephemeral port range.  The count is the
 * namespace's death-row reference count, one atomic read; the kernel
 * signals nothing when it changes, so the poller reads it on each tick for
 * the namespaces in auto mode only.  The rule is in include/kcong_policy.h.
 * Called with kcong_policy_lock held.
 */

#define pr_fmt(fmt) "kcong_policy: " fmt

#include <net/ip.h>
#include <net/net_namespace.h>

#include "kcong_policy_net.h"

u32 kcong_port_span(const struct net *net)
{
	int low, high;

	inet_get_local_port_range(net, &low, &high);
	return high >= low ? high - low + 1 : 1;
}

void kcong_reuse_write(struct kcong_policy_net *pn)
{
	WRITE_ONCE(pn->net->ipv4.sysctl_tcp_tw_reuse,
		   kcong_reuse_kernel_value(pn->knob[KCONG_KNOB_TW_REUSE],
					    pn->reuse_engaged));
}

/* Namespace or module going away: auto mode leaves loopback reuse. */
void kcong_reuse_release(struct kcong_policy_net *pn)
{
	if (pn->knob[KCONG_KNOB_TW_REUSE] != KCONG_REUSE_AUTO)
		return;
	pn->reuse_engaged = false;
	kcong_reuse_write(pn);
}

void kcong_reuse_poll(struct kcong_policy_net *pn, u32 tw_count)
{
	struct net *net = pn->net;
	bool want;

	want = kcong_reuse_auto_step(pn->reuse_engaged, tw_count, kcong_port_span(net),
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
			     net->ns.inum, tw_count, want ? "engaged (global)" : "released (loopback)");
}
