// SPDX-License-Identifier: GPL-2.0
/*
 * kcong_policy_status.c - /proc/net/kcong_policy: for the namespace that
 * reads it, the kernel values in force, the policy, the guard's state and
 * the counters; in the initial namespace also what the module costs the
 * host (Documentation/policy.md lists every line).
 */

#include <linux/seq_file.h>
#include <linux/seq_file_net.h>
#include <net/ip.h>
#include <net/net_namespace.h>
#include <net/snmp.h>

#include "kcong_policy_net.h"

static const char * const kcong_reuse_names[] = {
	[KCONG_REUSE_OFF] = "off", [KCONG_REUSE_GLOBAL] = "global",
	[KCONG_REUSE_LOOPBACK] = "loopback", [KCONG_REUSE_AUTO] = "auto",
};

static void kcong_status_host(struct seq_file *seq)
{
	seq_printf(seq, "host_namespaces %u\n", kcong_policy_netns_nr);
	seq_printf(seq, "host_watched_namespaces %u\n", kcong_watched_count());
	seq_printf(seq, "host_poll_ticks %llu\n", kcong_poll_ticks());
	seq_printf(seq, "host_polled_namespaces %llu\n", kcong_poll_namespaces());
	seq_printf(seq, "host_poll_budget_cuts %llu\n", kcong_poll_cuts());
	seq_printf(seq, "host_reaper_sweeps %llu\n", kcong_reaper_sweeps());
	seq_printf(seq, "host_reaper_budget_waits %llu\n", kcong_reaper_budget_waits());
}

int kcong_policy_show(struct seq_file *seq, void *v)
{
	struct net *net = seq_file_single_net(seq);
	struct kcong_policy_net *pn = kcong_pn(net);
	void __percpu *mib = net->mib.net_statistics;
	u64 now = kcong_now_ms(), guard_ms;
	u32 tw = kcong_tw_count(net);

	mutex_lock(&kcong_policy_lock);
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
	seq_printf(seq, "timewait_reaped %llu\n", pn->tw_reaped);
	seq_printf(seq, "timewait_ended_early %llu\n", pn->tw_ended);
	seq_printf(seq, "timewait_end_lag_max_ms %u\n", pn->tw_lag_max_ms);
	seq_printf(seq, "timewait_end_lag_avg_ms %llu\n",
		   pn->tw_reaped ? div64_u64(pn->tw_lag_sum_ms, pn->tw_reaped) : 0);
	seq_printf(seq, "watched %d\n", !list_empty(&pn->watch));
	seq_printf(seq, "ListenDrops %lu\n", snmp_fold_field(mib, LINUX_MIB_LISTENDROPS));
	seq_printf(seq, "SyncookiesSent %lu\n", snmp_fold_field(mib, LINUX_MIB_SYNCOOKIESSENT));
	seq_printf(seq, "TWRecycled %lu\n", snmp_fold_field(mib, LINUX_MIB_TIMEWAITRECYCLED));
	if (net_eq(net, &init_net))
		kcong_status_host(seq);
	mutex_unlock(&kcong_policy_lock);
	return 0;
}
