// SPDX-License-Identifier: GPL-2.0
/* How a best-effort result is tested decides what the caller gets from it. */
static int probe_all(const char __user *buf, size_t len)
{
	if (unlikely(fault_in_readable(buf, len)))
		return -EFAULT;
	return 0;
}

static int probe_some(const char __user *buf, size_t len)
{
	if (fault_in_readable(buf, len) == len)
		return -EFAULT;
	return 0;
}


static int probe_var_all(char __user *buf, size_t len)
{
	size_t left;

	left = fault_in_writeable(buf, len);
	if (!(left))
		return 0;
	return -EFAULT;
}

static int probe_var_some(char __user *buf, size_t len)
{
	size_t left;

	left = fault_in_writeable(buf, len);
	while (left < len)
		left = 0;
	return 0;
}

static size_t probe_count(const char __user *buf, size_t len)
{
	size_t left, count = len;

	left = fault_in_readable(buf, len);
	count -= len - left;
	if (left)
		return count;
	return 0;
}

static int probe_tries(const char __user *buf, size_t len, int tries)
{
	while (!fault_in_readable(buf, len) && --tries)
		cpu_relax();
	return tries;
}

/*
 * check-name: a result tested for truth (negated, in unlikely(), through a variable) or as an operand of && vs compared or counted first
 * cocci-rules: fault-in-result
 * cocci-expect: result-tested call=5:14 how=cond at=5 test=truth
 * cocci-expect: result-tested call=12:5 how=cond at=12 test=other
 * cocci-expect: result-tested call=22:8 how=var at=23 test=truth
 * cocci-expect: result-tested call=32:8 how=var at=33 test=other
 * cocci-expect: result-tested call=42:8 how=var at=44 test=other
 * cocci-expect: result-tested call=51:9 how=cond at=51 test=truth
 */
