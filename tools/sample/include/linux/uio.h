/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_UIO_H
#define _LINUX_UIO_H

struct iov_iter;

int iov_iter_fault_in_readable(const struct iov_iter *i, size_t bytes);
size_t copy_page_from_iter_atomic(struct page *page, unsigned offset, size_t bytes,
				  struct iov_iter *i);
void iov_iter_advance(struct iov_iter *i, size_t bytes);

#endif
