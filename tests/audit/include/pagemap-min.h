/* SPDX-License-Identifier: GPL-2.0 */
static inline int fault_in_pages_readable(const char __user *uaddr, size_t size)
{
	volatile char c;

	if (unlikely(size == 0))
		return 0;
	return __get_user(c, uaddr);
}
