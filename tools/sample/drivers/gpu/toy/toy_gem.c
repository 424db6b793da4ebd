// SPDX-License-Identifier: GPL-2.0
#include <linux/pagemap.h>

#define TOY_MAGIC_PAGE	(-4096L)

/* the fault-in buys nothing: the copy below handles failure anyway */
int toy_gem_pwrite_ioctl(struct toy_gem *obj, const char __user *ptr, size_t size)
{
	int ret;

	ret = fault_in_pages_readable(ptr, size);
	if (ret)
		return ret;
	if (copy_from_user(obj->vaddr, ptr, size))
		return -EFAULT;
	return 0;
}

/* not a user address at all */
void toy_map_magic_page(void)
{
	if (!fault_in_pages_readable((const char *)TOY_MAGIC_PAGE, sizeof(u32)))
		toy_use_magic_page();
}

static const struct toy_ops toy_ops = {
	.prefault	= fault_in_pages_readable,	/* address taken */
};
