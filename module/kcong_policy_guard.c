// SPDX-License-Identifier: GPL-2.0
/*
 * kcong_policy_guard.c - the SYN flood guard.  The kernel has no event a
 * module can take for SYN-queue pressure: tcp_conn_request() counts a drop
 * in LINUX_MIB_LISTENDROPS and consumes the SYN (no kfree_skb drop reason),
 * and the only tracepoints modules may attach to (kfree_skb, tcp_send_reset,
 * tcp_bad_csum) do not see it.  So the poller reads the namespace's
 * ListenDrops + SyncookiesSent on each 100 ms tick, for the namespaces that
 * turned the guard on and those only; the state machine is in
 * include/kcong_policy.h.  Called with kcong_policy_lock held.
 */

#define pr_fmt(fmt) "kcong_policy: " fmt

#include <net/ip.h>
#include <net/net_namespace.h>
#include <net/snmp.h>

#include "kcong_policy_net.h"

unsigned long kcong_pressure_events(struct net *net)
{
	return snmp_fold_field(net->mib.net_statistics, LINUX_MIB_LISTENDROPS) +
	       snmp_fold_field(net->mib.net_statistics, LINUX_MIB_SYNCOOKIESSENT);
}

/* Write the kernel's cookie mode and SYN backlog for the guard's state. */
void kcong_guard_write(struct kcong_policy_net *pn)
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
static void kcong_guard_restore(struct kcong_policy_net *pn, u64 now_ms)
{
	pn->guard_ms_total += now_ms - pn->guard.engaged_at_ms;
	kcong_guard_write(pn);
	net_info_ratelimited("netns %u: flood guard released, syncookies=%d syn_backlog=%d restored\n",
			     pn->net->ns.inum, pn->knob[KCONG_KNOB_SYNCOOKIES],
			     pn->knob[KCONG_KNOB_SYN_BACKLOG]);
}

/* Release an engaged guard now (switched off, namespace or module gone). */
void kcong_guard_release(struct kcong_policy_net *pn, u64 now_ms)
{
	if (!pn->guard.engaged)
		return;
	pn->guard.engaged = false;
	kcong_guard_restore(pn, now_ms);
}

/*
 * flood_guard was written.  Switching it on starts a measuring window from
 * the current counters: pressure from before does not count, and the first
 * verdict comes after a whole window.
 */
void kcong_guard_switch(struct kcong_policy_net *pn, bool on, u64 now_ms)
{
	if (!on) {
		kcong_guard_release(pn, now_ms);
		return;
	}
	kcong_guard_arm(&pn->guard, kcong_pressure_events(pn->net), now_ms);
}

void kcong_guard_poll(struct kcong_policy_net *pn, u64 now_ms)
{
	u64 events = kcong_pressure_events(pn->net);
	u64 window_events = events - pn->guard.window_events;
	u64 window_ms = now_ms - pn->guard.window_start_ms;

	switch (kcong_guard_step(&pn->guard, events, now_ms,
				 pn->knob[KCONG_KNOB_GUARD_THRESHOLD],
				 pn->knob[KCONG_KNOB_GUARD_QUIET_MS])) {
	case KCONG_GUARD_ENGAGE:
		pn->floods_detected++;
		kcong_guard_write(pn);
		net_info_ratelimited("netns %u: SYN flood (%llu in %llu ms), guard engaged: syncookies=%d syn_backlog=%d\n",
				     pn->net->ns.inum, window_events, window_ms,
				     READ_ONCE(pn->net->ipv4.sysctl_tcp_syncookies),
				     READ_ONCE(pn->net->ipv4.sysctl_max_syn_backlog));
		break;
	case KCONG_GUARD_RELEASE:
		kcong_guard_restore(pn, now_ms);
		break;
	case KCONG_GUARD_NONE:
		break;
	}
}
