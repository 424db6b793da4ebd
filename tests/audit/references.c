// wb-copy: audit/include/pagemap.h include/linux/pagemap.h
// wb-file: mm/gup_like.c
// SPDX-License-Identifier: GPL-2.0-only
#include <linux/uaccess.h>

size_t fault_in_writeable(char __user *uaddr, size_t size)
{
	char __user *start = uaddr;
	char __user *end = uaddr + size;

	if (unlikely(size == 0))
		return 0;
	while (uaddr < end) {
		if (unlikely(__put_user(0, uaddr) != 0))
			break;
		uaddr += PAGE_SIZE;
	}
	return uaddr < end ? end - uaddr : 0;
}

size_t fault_in_readable(const char __user *uaddr, size_t size)
{
	const char __user *end = uaddr + size;
	volatile char c;

	if (unlikely(size == 0))
		return 0;
	while (uaddr < end) {
		if (unlikely(__get_user(c, uaddr) != 0))
			break;
		uaddr += PAGE_SIZE;
	}
	return uaddr < end ? end - uaddr : 0;
}
// wb-file: drivers/ops.c
// SPDX-License-Identifier: GPL-2.0
#include <linux/pagemap.h>

static const struct prefault_ops default_ops = {
	.name = "default",
	.op = fault_in_pages_readable,
	.flags = 0,
};

static int (*writer_fn)(char __user *, size_t) = &fault_in_pages_writeable;

void ops_init(struct ops_ctx *ctx)
{
	size_t (*f)(const char __user *, size_t);

	f = fault_in_readable;
	ctx->check = f;
	register_x(fault_in_writeable);
	ctx->ops = &default_ops;
	ctx->writer = writer_fn;
}
/*
 * check-name: address-taken references are reported and marked
 * check-command: $WB audit --no-classify --repo $REPO fault-in | wb_norm
 *
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_pages_readable()
 *     (file scope)                        drivers/ops.c:6  [reference]
 * fault_in_pages_writeable()
 *     (file scope)                        drivers/ops.c:10  [reference]
 * fault_in_readable()
 *     ops_init()                          drivers/ops.c:16  [reference]
 * fault_in_writeable()
 *     ops_init()                          drivers/ops.c:18  [reference]
 *
 * fault-in: 0 call sites in 0 functions, 4 references, 0 wrappers (0 listed, 0 detected); 3 files
 * not called: iov_iter_fault_in_readable(), fault_in_safe_writeable(), fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * check-output-end
 */
