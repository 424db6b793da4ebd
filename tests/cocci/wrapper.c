// SPDX-License-Identifier: GPL-2.0
/*
 * A wrapper, and a wrapper of the wrapper (listed with -D wrappers=).
 * not_a_wrapper() forwards members of its parameter: args=fields.
 */
static inline int prefault_user(char __user *uaddr, size_t size)
{
	return fault_in_writeable(uaddr, size);
}

int prefault_user_range(char __user *base, size_t off, size_t len)
{
	int ret;

	ret = prefault_user(base + off, len - off);
	return ret;
}

int not_a_wrapper(struct req *r)
{
	return fault_in_writeable(r->ubuf, r->len);
}

/*
 * check-name: forwarding wrapper, two levels deep
 * cocci-wrappers: prefault_user
 * cocci-expect: forwards-params call=8:8 func=6 name=prefault_user args=params result=direct stmts=1
 * cocci-expect: forwards-params call=15:7 func=11 name=prefault_user_range args=params result=var stmts=3
 * cocci-expect: forwards-params call=21:8 func=19 name=not_a_wrapper args=fields result=direct stmts=1
 * cocci-expect: result-tested call=8:8 how=return at=8
 * cocci-expect: result-tested call=15:7 how=var at=16 test=other
 * cocci-expect: result-tested call=21:8 how=return at=21
 * cocci-not: kernel-address
 */
