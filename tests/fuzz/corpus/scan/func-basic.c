// SPDX-License-Identifier: GPL-2.0
static int frob_count;

static int frob_one(struct frob *f, int flags)
{
	int ret;

	ret = frob_prepare(f, flags);
	if (ret)
		return ret;
	frob_count++;
	return frob_commit(f);
}

int frob_all(struct frob **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (frob_one(v[i], 0) < 0)
			return -EINVAL;
	return 0;
}
