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
 * tcp_congestion_ops.cong_control gained (u32 ack, int flag) in 6.10.
 * Define a callback with KCONG_CONG_CONTROL(name) and call the common body
 * with the socket and rate sample, which both signatures carry.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0)
#define KCONG_CONG_CONTROL(fn)						\
	void fn(struct sock *sk, u32 ack, int flag,			\
		const struct rate_sample *rs)
#else
#define KCONG_CONG_CONTROL(fn)						\
	void fn(struct sock *sk, const struct rate_sample *rs)
#endif

#endif /* _KCONG_COMPAT_H */
