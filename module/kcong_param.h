/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kcong_param.h - range-checked unsigned module parameters.  A write outside
 * [lo, hi], negative or not a number fails with EINVAL and leaves the old
 * value (param_set_uint_minmax).  Readers on the data path use READ_ONCE.
 */
#ifndef _KCONG_PARAM_H
#define _KCONG_PARAM_H

#include <linux/moduleparam.h>

/* Setter of a parameter with the bounds lo..hi (expressions, evaluated at
 * every write, so that one parameter may bound another).
 */
#define KCONG_PARAM_OPS(var, lo, hi)					\
static int var##_set(const char *val, const struct kernel_param *kp)	\
{									\
	return param_set_uint_minmax(val, kp, (lo), (hi));		\
}									\
static const struct kernel_param_ops var##_ops = {			\
	.set = var##_set,						\
	.get = param_get_uint,						\
}

/* A run-time writable parameter NAME stored in VAR, with its description. */
#define KCONG_PARAM_UINT(name, var, lo, hi, desc)			\
	KCONG_PARAM_OPS(var, lo, hi);					\
	module_param_cb(name, &var##_ops, &var, 0644);			\
	MODULE_PARM_DESC(name, desc)

#endif /* _KCONG_PARAM_H */
