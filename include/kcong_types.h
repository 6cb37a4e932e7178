/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kcong_types.h - the few kernel types and helpers the algorithm headers
 * under include/ use, so that the same headers compile in the kernel and in
 * the host unit-test program (selftests/unit/).
 */
#ifndef _KCONG_TYPES_H
#define _KCONG_TYPES_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/math64.h>
#else
#include <assert.h>
#include <stdbool.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;
typedef int64_t s64;

#define min_t(type, a, b) ((type)(a) < (type)(b) ? (type)(a) : (type)(b))
#define max_t(type, a, b) ((type)(a) > (type)(b) ? (type)(a) : (type)(b))
/*
 * With lo > hi the kernel's clamp_t() gives lo for a value below hi and
 * min(max()) gives hi: the headers must never depend on either, so here it
 * fails the test.
 */
#define clamp_t(type, v, lo, hi) ({					\
	type __lo = (lo), __hi = (hi);					\
	assert(__lo <= __hi);						\
	min_t(type, max_t(type, v, __lo), __hi);			\
})
#define U32_MAX ((u32)~0U)

static inline u64 div_u64(u64 dividend, u32 divisor)
{
	return dividend / divisor;
}

static inline u64 div64_u64(u64 dividend, u64 divisor)
{
	return dividend / divisor;
}
#endif /* __KERNEL__ */

#endif /* _KCONG_TYPES_H */
