/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kcong_policy_net.h - what the files of kcong_policy.ko share: the
 * per-namespace state and the calls between the concerns.
 *
 *   kcong_policy_main.c    module and namespace setup and teardown
 *   kcong_policy_knobs.c   net.kcong.*: validation, privilege, write effects
 *   kcong_policy_poll.c    the watch list and the one shared poller
 *   kcong_policy_guard.c   the SYN flood guard
 *   kcong_policy_reuse.c   auto tw_reuse
 *   kcong_policy_reaper.c  the TIME_WAIT reaper (one sweep for everyone)
 *   kcong_policy_status.c  /proc/net/kcong_policy
 *
 * Locking: kcong_policy_lock protects every field below but the sysctl
 * table and header, the watch list, the reaper's list, and the poller's
 * and the reaper's scheduling state.  The reaper walks the hash tables without it, on a
 * snapshot of the namespaces it serves, one slice at a time under the
 * reaper's own lock (taken before kcong_policy_lock); a namespace going
 * away takes that lock to take itself out of the snapshot.
 */
#ifndef _KCONG_POLICY_NET_H
#define _KCONG_POLICY_NET_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/sysctl.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>

#include "kcong_policy.h"

struct kcong_policy_net {
	struct net *net;
	int knob[KCONG_KNOB_NR];	/* the operator's policy */
	/* One entry per knob and the zeroed sentinel 6.1 needs. */
	struct ctl_table table[KCONG_KNOB_NR + 1];
	struct ctl_table_header *sysctl;
	bool live;			/* set up; cleared when it goes away */
	struct list_head watch;		/* on kcong_watched while polled */
	struct list_head reap;		/* on the reaper's list while it has a lifetime */
	bool fast;			/* counted in kcong_watched_fast */

	struct kcong_guard guard;
	u64 floods_detected;
	u64 guard_ms_total;		/* closed guard periods */

	bool reuse_engaged;		/* auto mode is at global reuse */
	bool reuse_ts_warned;		/* auto could not engage: no timestamps */
	u64 reuse_switches;

	u32 reap_slot;			/* 1 + its entry in the sweep running, or 0 */
	u64 reap_due_ms;		/* earliest a socket may be due, or NEVER */
	u64 reap_clear_ms;		/* sockets older than this are accounted for */
	u64 tw_reaped;			/* TIME_WAIT sockets the reaper ended */
	u64 tw_ended;			/* of which cut short by more than the slack */
	u64 tw_lag_sum_ms;		/* their age beyond the lifetime, summed */
	u32 tw_lag_max_ms;
	u32 tw_peak;
};

extern struct mutex kcong_policy_lock;
extern struct workqueue_struct *kcong_policy_wq;
extern bool kcong_policy_stopping;
extern unsigned int kcong_policy_netns_nr;

struct kcong_policy_net *kcong_pn(const struct net *net);
u64 kcong_now_ms(void);
u32 kcong_tw_count(const struct net *net);

/* knobs */
void kcong_knobs_setup(struct kcong_policy_net *pn);
void kcong_policy_refresh(struct kcong_policy_net *pn);
extern bool kcong_unprivileged_tw_lifetime;

/* poll */
void kcong_watch_update(struct kcong_policy_net *pn);
void kcong_poll_stop(void);
unsigned int kcong_watched_count(void);
u64 kcong_poll_ticks(void);
u64 kcong_poll_namespaces(void);
u64 kcong_poll_cuts(void);

/* guard */
void kcong_guard_switch(struct kcong_policy_net *pn, bool on, u64 now_ms);
void kcong_guard_write(struct kcong_policy_net *pn);
void kcong_guard_poll(struct kcong_policy_net *pn, u64 now_ms);
void kcong_guard_release(struct kcong_policy_net *pn, u64 now_ms);
unsigned long kcong_pressure_events(struct net *net);

/* reuse */
void kcong_reuse_write(struct kcong_policy_net *pn);
void kcong_reuse_poll(struct kcong_policy_net *pn, u32 tw_count);
void kcong_reuse_release(struct kcong_policy_net *pn);
u32 kcong_port_span(const struct net *net);

/* reaper */
void kcong_reaper_track(struct kcong_policy_net *pn);
void kcong_reaper_lifetime_set(struct kcong_policy_net *pn, u64 now_ms);
void kcong_reaper_poll(struct kcong_policy_net *pn, u32 tw_count, u64 now_ms);
void kcong_reaper_lock(void);
void kcong_reaper_unlock(void);
void kcong_reaper_forget(struct kcong_policy_net *pn);
void kcong_reaper_stop(void);
u64 kcong_reaper_sweeps(void);
u64 kcong_reaper_budget_waits(void);

/* status */
int kcong_policy_show(struct seq_file *seq, void *v);

#endif /* _KCONG_POLICY_NET_H */
