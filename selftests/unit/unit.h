/* SPDX-License-Identifier: GPL-2.0 */
/*
 * unit.h - a minimal KTAP producer for the host unit tests of the algorithm
 * headers under include/.  Each test_*.c is one program:
 *
 *	int main(void)
 *	{
 *		unit_plan(2);
 *		unit_ok(x == 1, "x is one (got %u)", x);
 *		unit_ok(y < 5, "y below five");
 *		return unit_done();
 *	}
 */
#ifndef _KCONG_UNIT_H
#define _KCONG_UNIT_H

#include <stdarg.h>
#include <stdio.h>

static int unit_no, unit_pass, unit_fail;

static inline void unit_plan(int n)
{
	printf("TAP version 13\n1..%d\n", n);
}

__attribute__((format(printf, 2, 3)))
static inline int unit_ok(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%s %d - ", cond ? "ok" : "not ok", ++unit_no);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (cond)
		unit_pass++;
	else
		unit_fail++;
	return cond;
}

__attribute__((format(printf, 1, 2)))
static inline void unit_diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* Prints the totals; the return value is main()'s exit status. */
static inline int unit_done(void)
{
	printf("# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:0 error:0\n",
	       unit_pass, unit_fail);
	if (unit_fail)
		return 1;
	if (unit_no == 0)
		return 4;
	return 0;
}

#endif /* _KCONG_UNIT_H */
