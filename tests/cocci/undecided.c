// SPDX-License-Identifier: GPL-2.0
/* Nothing here that the rules can decide on: no loop, no copy, no label. */
static int prepare(struct ctx *c, char __user *ubuf, size_t len)
{
	int err = fault_in_safe_writeable(ubuf, len);

	c->prefault_status = err;
	return start_async(c, ubuf, len);
}

/*
 * check-name: a call the rules cannot decide
 * cocci-expect: result-ignored call=5:11 how=var
 * cocci-not: retry-goto
 * cocci-not: retry-loop
 * cocci-not: advances
 * cocci-not: copy-follows
 * cocci-not: kernel-address
 * cocci-not: forwards-params
 */
