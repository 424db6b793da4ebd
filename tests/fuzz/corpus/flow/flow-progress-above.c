// SPDX-License-Identifier: GPL-2.0
/*
 * Direct I/O with page faults disabled: the consumer of the iterator runs
 * above the fault-in, in the same cycle, and the progress test that keeps
 * the retry from coming round on the same range sits above the call too.
 */
#include <linux/vault.h>

/* Retry only while the count still moves; when it does not, fall back. */
ssize_t vault_dio_read(struct vault *v, struct iov_iter *to, loff_t pos)
{
	size_t prev_left = 0, left;
	ssize_t ret, done = 0;

	vault_lock(v);
retry:
	pagefault_disable();
	ret = vault_dio_rw(v, to, pos + done);
	pagefault_enable();
	if (ret > 0)
		done += ret;
	if (ret != -EFAULT)
		goto out;
	left = iov_iter_count(to);
	if (left == prev_left) {
		/* nothing moved since the last round: the buffered path copes */
		ret = vault_buffered_read(v, to, pos + done);
		goto out;
	} else {
		vault_unlock(v);
		fault_in_iov_iter_writeable(to, left);
		prev_left = left;
		vault_lock(v);
		goto retry;
	}
out:
	vault_unlock(v);
	return done ? done : ret;
}

/* The window shrinks by what could not be faulted in; retry while some is left. */
ssize_t vault_dio_write(struct vault *v, struct iov_iter *from, loff_t pos)
{
	size_t prev_count = 0, window = 0;
	ssize_t ret, written = 0;

retry:
	vault_lock(v);
	pagefault_disable();
	ret = vault_dio_rw(v, from, pos + written);
	pagefault_enable();
	vault_unlock(v);
	if (ret > 0)
		written += ret;
	if (ret == -EFAULT && vault_should_fault_in(from, &prev_count, &window)) {
		window -= fault_in_iov_iter_readable(from, window);
		if (window)
			goto retry;
	}
	return written ? written : ret;
}

/* Progress accounting above the call: the next round starts where this one stopped. */
ssize_t vault_copy_records(struct vault *v, char __user *ubuf, size_t len)
{
	ssize_t done = 0;
	size_t n, left;

	while (len) {
		n = min_t(size_t, len, VAULT_RECORD_MAX);
		pagefault_disable();
		left = vault_records_out_nofault(v, ubuf, n);
		pagefault_enable();
		done += n - left;
		ubuf += n - left;
		len -= n - left;
		if (!left)
			continue;
		if (fault_in_writeable(ubuf, len) == len)
			break;
	}
	return done ? done : -EFAULT;
}

/* Negative: a retry bounded by a counter is not a progress test: same range. */
int vault_load_table(struct vault *v, const void __user *ubuf, size_t len)
{
	int tries = 0, ret;

again:
	pagefault_disable();
	ret = vault_parse_nofault(v, ubuf, len);
	pagefault_enable();
	if (ret == -EFAULT && tries++ < VAULT_TRIES) {
		if (!fault_in_readable(ubuf, len))
			goto again;
	}
	v->loads++;
	return ret;
}
/*
 * check-name: flow: progress made or tested above the call, in the same cycle
 * check-command: $WB audit --repo $REPO --notes fault-in.notes fault-in | wb_norm
 * check-exit-value: 1
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_readable()
 *     vault_load_table()                  fs/vault/dio.c:95  all-or-nothing (analysis)  [new]
 *         = result-tested how=cond at=95 test=truth [fault-in-result.cocci]; retry-cycle progress=none back=96 via=goto why=unchanged [flow]; flow-result test=truth [flow]
 * fault_in_writeable()
 *     vault_copy_records()                fs/vault/dio.c:79  any-progress (analysis)  [new]
 *         = result-tested how=cond at=79 test=other [fault-in-result.cocci]; retry-cycle progress=yes back=79 via=loop why=length-cut,advance [flow]; flow-result test=other [flow]
 * fault_in_iov_iter_readable()
 *     vault_dio_write()                   fs/vault/dio.c:56  any-progress (analysis)  [new]
 *         = result-other [fault-in-result.cocci]; retry-cycle progress=yes back=58 via=goto why=length-cut,advance [flow]; flow-result test=other [flow]
 * fault_in_iov_iter_writeable()
 *     vault_dio_read()                    fs/vault/dio.c:31  any-progress (analysis)  [new]
 *         = result-ignored how=stmt [fault-in-result.cocci]; retry-cycle progress=guarded back=34 via=goto why=count-changed [flow]; flow-result test=ignored [flow]
 *
