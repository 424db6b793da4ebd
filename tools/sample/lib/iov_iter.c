// SPDX-License-Identifier: GPL-2.0
#include <linux/uio.h>
#include <linux/pagemap.h>

/*
 * Fault in one or more iovecs of the given iov_iter, to a maximum length of
 * bytes.  Calls fault_in_pages_readable() for each segment.
 */
int iov_iter_fault_in_readable(const struct iov_iter *i, size_t bytes)
{
	if (iter_is_iovec(i)) {
		const struct iovec *p;
		size_t skip;

		if (bytes > i->count)
			bytes = i->count;
		for (p = i->iov, skip = i->iov_offset; bytes; p++, skip = 0) {
			size_t len = min(bytes, p->iov_len - skip);
			int err;

			if (unlikely(!len))
				continue;
			err = fault_in_pages_readable(p->iov_base + skip, len);
			if (unlikely(err))
				return err;
			bytes -= len;
		}
	}
	return 0;
}
EXPORT_SYMBOL(iov_iter_fault_in_readable);
