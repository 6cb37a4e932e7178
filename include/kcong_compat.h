/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kcong_compat.h - every difference between the supported kernels (Debian
 * 6.1 LTS and 6.12 LTS) that kcong's modules depend on.  No other file tests
 * LINUX_VERSION_CODE.
 */
#ifndef _KCONG_COMPAT_H
#define _KCONG_COMPAT_H

#include <linux/version.h>

/*
 * sysctl proc handlers take a const table from 6.11 on, and
 * register_net_sysctl() became a macro over register_net_sysctl_sz(), which
 * takes the entry count and needs no empty sentinel.  Tables built for both
 * end in a zeroed sentinel (6.1 needs it) that the count leaves out.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
#define KCONG_CTL_TABLE const struct ctl_table
#define kcong_register_net_sysctl(net, path, table, n)			\
	register_net_sysctl_sz(net, path, table, n)
#else
#define KCONG_CTL_TABLE struct ctl_table
#define kcong_register_net_sysctl(net, path, table, n)			\
	register_net_sysctl(net, path, table)
#endif

#endif /* _KCONG_COMPAT_H */
