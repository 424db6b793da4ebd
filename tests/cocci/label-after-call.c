// SPDX-License-Identifier: GPL-2.0
/*
 * The label sits after the fault-in, inside the loop: 'goto again' redoes
 * the locking, not the fault-in, which only runs again through the loop
 * once the iterator has moved on.
 */
static ssize_t write_chunks(struct inode *inode, struct iov_iter *i)
{
	ssize_t done = 0;

	while (iov_iter_count(i)) {
		size_t bytes = min_t(size_t, PAGE_SIZE, iov_iter_count(i));
		size_t copied;

		if (iov_iter_fault_in_readable(i, bytes))
			break;
again:
		if (chunk_lock(inode) == -EAGAIN)
			goto again;
		copied = chunk_copy(inode, i, bytes);
		chunk_unlock(inode);
		if (!copied)
			break;
		done += copied;
	}
	return done ? done : -EFAULT;
}

/*
 * check-name: a label after the call is not a retry of it
 * cocci-not: retry-goto
 */
