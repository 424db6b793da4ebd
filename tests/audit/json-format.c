// wb-copy: audit/include/pagemap-both.h include/linux/pagemap.h
// wb-file: include/linux/jwrap.h
/* SPDX-License-Identifier: GPL-2.0 */
static inline int jwrap_readable(const char __user *p, size_t n)
{
	return fault_in_pages_readable(p, n);
}
// wb-file: fs/json_user.c
// SPDX-License-Identifier: GPL-2.0
#include <linux/jwrap.h>

int json_direct_caller(struct jdev *dev, const char __user *buf, size_t len)
{
	int ret;

	dev->busy = 1;
	ret = fault_in_pages_readable(buf, len);
	if (ret)
		dev->errors++;
	dev->busy = 0;
	return ret;
}

int json_nested_caller(struct jdev *dev, const char __user *buf, size_t len)
{
	int ret;

	dev->busy = 1;
	ret = jwrap_readable(buf, len);
	if (ret)
		dev->errors++;
	dev->busy = 0;
	return ret;
}
/*
 * check-name: --format=json is valid JSON and carries callers and paths
 * check-command: $WB audit --no-classify --repo $REPO --format=json fault-in | python3 -c 'import json, sys; s = json.dumps(json.load(sys.stdin)); [print(w, w in s) for w in sys.argv[1:]]' fault_in_pages_readable json_direct_caller json_nested_caller jwrap_readable fs/json_user.c include/linux/jwrap.h
 * check-command: $WB audit --no-classify --repo $REPO --format=json fault-in | python3 -m json.tool > /dev/null
 * check-exit-value: 0 0
 *
 * check-output-start
 * fault_in_pages_readable True
 * json_direct_caller True
 * json_nested_caller True
 * jwrap_readable True
 * fs/json_user.c True
 * include/linux/jwrap.h True
 * check-output-end
 */
