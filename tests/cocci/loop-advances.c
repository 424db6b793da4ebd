// SPDX-License-Identifier: GPL-2.0
/* Every way back to the fault-in goes through the advance. */
static int read_records(char __user *ubuf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		size_t n = min_t(size_t, len - done, PAGE_SIZE);
		int left;

		if (fault_in_readable(ubuf + done, n))
			return -EFAULT;
		left = consume_records_atomic(ubuf + done, n);
		if (left == n)
			return -EFAULT;
		done += n - left;
	}
	return 0;
}

/*
 * check-name: loop that advances on every path (must not be retry-loop)
 * cocci-expect: advances call=11:6 at=16 how=assign var=done
 * cocci-not: retry-loop
 * cocci-not: retry-goto
 * cocci-not: forwards-params
 */
