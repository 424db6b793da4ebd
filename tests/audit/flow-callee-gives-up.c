// wb-file: fs/toyfs/search.c
// SPDX-License-Identifier: GPL-2.0
/*
 * A search loop faults in the rest of the user buffer, then a callee
 * copies items out with page faults disabled.  When a copy fails the
 * callee gives up with 0 ("fault in and come back") and leaves the
 * offset it was given where it was, so the next round faults in the same
 * range again: a partial fault-in reported as success livelocks it.
 */
#include <linux/toyfs.h>

static int toy_copy_items(struct toy_path *path, struct toy_key *key, char __user *ubuf,
			  size_t buf_size, unsigned long *off, int *found)
{
	struct toy_item_hdr hdr;
	int i, ret = 0;

	for (i = path->slot; i < path->nritems; i++) {
		toy_item_key(path, key, i);
		if (sizeof(hdr) + toy_item_len(path, i) + *off > buf_size) {
			ret = 1;
			goto out;
		}
		hdr.len = toy_item_len(path, i);
		if (copy_to_user_nofault(ubuf + *off, &hdr, sizeof(hdr))) {
			ret = 0;
			goto out;
		}
		*off += sizeof(hdr);
		if (toy_item_to_user_nofault(path, ubuf + *off, i)) {
			ret = 0;
			*off -= sizeof(hdr);
			goto out;
		}
		*off += hdr.len;
		(*found)++;
	}
	ret = 0;
	key->offset++;
out:
	return ret;
}

/* the fault-in's result kept in ret */
int toy_search_old(struct toy_root *root, struct toy_key *key, char __user *ubuf,
		   size_t buf_size)
{
	struct toy_path path;
	unsigned long off = 0;
	int found = 0, ret;

	while (1) {
		ret = fault_in_writeable(ubuf + off, buf_size - off);
		if (ret)
			break;
		ret = toy_search_forward(root, key, &path);
		if (ret != 0)
			goto err;
		ret = toy_copy_items(&path, key, ubuf, buf_size, &off, &found);
		toy_release_path(&path);
		if (ret)
			break;
	}
	if (ret > 0)
		ret = 0;
err:
	return ret ? ret : found;
}

/* the fault-in tested in the condition, ret preset to the error */
int toy_search_new(struct toy_root *root, struct toy_key *key, char __user *ubuf,
		   size_t buf_size)
{
	struct toy_path path;
	unsigned long off = 0;
	int found = 0;
	int ret;

	while (1) {
		ret = -EFAULT;
		if (fault_in_subpage_writeable(ubuf + off, buf_size - off))
			break;
		ret = toy_search_forward(root, key, &path);
		if (ret != 0) {
			if (ret > 0)
				ret = 0;
			goto err;
		}
		ret = toy_copy_items(&path, key, ubuf, buf_size, &off, &found);
		toy_release_path(&path);
		if (ret)
			break;
	}
	if (ret > 0)
		ret = 0;
err:
	return ret ? ret : found;
}

/* Negative: the callee stops the search (1) when a copy fails: no second round. */
static int toy_copy_stop(struct toy_path *path, char __user *ubuf, unsigned long *off)
{
	struct toy_item_hdr hdr;

	hdr.len = toy_item_len(path, path->slot);
	if (copy_to_user_nofault(ubuf + *off, &hdr, sizeof(hdr)))
		return 1;
	*off += sizeof(hdr);
	return 0;
}

int toy_search_stop(struct toy_root *root, struct toy_key *key, char __user *ubuf,
		    size_t buf_size)
{
	struct toy_path path;
	unsigned long off = 0;
	int ret;

	while (1) {
		if (fault_in_writeable(ubuf + off, buf_size - off))
			return -EFAULT;
		ret = toy_search_forward(root, key, &path);
		if (ret)
			break;
		ret = toy_copy_stop(&path, ubuf, &off);
		if (ret)
			break;
	}
	return ret < 0 ? ret : 0;
}

/* Negative: the callee moves the offset past what it could not copy: progress. */
static int toy_copy_skip(struct toy_path *path, char __user *ubuf, unsigned long *off)
{
	struct toy_item_hdr hdr;

	hdr.len = toy_item_len(path, path->slot);
	if (copy_to_user_nofault(ubuf + *off, &hdr, sizeof(hdr))) {
		*off += sizeof(hdr);
		return 0;
	}
	*off += sizeof(hdr);
	return 0;
}

int toy_search_skip(struct toy_root *root, struct toy_key *key, char __user *ubuf,
		    size_t buf_size)
{
	struct toy_path path;
	unsigned long off = 0;
	int ret;

	while (off < buf_size) {
		if (fault_in_writeable(ubuf + off, buf_size - off))
			return -EFAULT;
		ret = toy_search_forward(root, key, &path);
		if (ret)
			break;
		ret = toy_copy_skip(&path, ubuf, &off);
		if (ret)
			break;
	}
	return ret < 0 ? ret : 0;
}
/*
 * check-name: flow: a callee that gives up after a no-fault copy failed, the offset left where it was
 * check-command: $WB audit --repo $REPO --notes fault-in.notes fault-in | wb_norm
 * check-exit-value: 1
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_writeable()
 *     toy_search_old()                    fs/toyfs/search.c:52  all-or-nothing (analysis)  [new]
 *         = result-tested how=var at=53 test=truth [fault-in-result.cocci]; retry-cycle progress=none back=60 via=loop why=gives-up:toy_copy_items [flow]; flow-result test=truth [flow]
 *     toy_search_stop()                   fs/toyfs/search.c:119  unclassified (analysis)  [new]
 *         = result-tested how=cond at=119 test=truth [fault-in-result.cocci]; retry-cycle progress=maybe back=125 via=loop why=callee:toy_copy_stop [flow]; flow-result test=truth [flow]
 *     toy_search_skip()                   fs/toyfs/search.c:153  unclassified (analysis)  [new]
 *         = result-tested how=cond at=153 test=truth [fault-in-result.cocci]; retry-cycle progress=maybe back=159 via=loop why=callee:toy_copy_skip [flow]; flow-result test=truth [flow]
 * fault_in_subpage_writeable()
 *     toy_search_new()                    fs/toyfs/search.c:80  all-or-nothing (analysis)  [new]
 *         = result-tested how=cond at=80 test=truth [fault-in-result.cocci]; retry-cycle progress=none back=90 via=loop why=gives-up:toy_copy_items [flow]; flow-result test=truth [flow]
 *
 * fault-in: 4 call sites in 4 functions, 0 references, 0 wrappers (0 listed, 0 detected); 1 file
 * not called: fault_in_pages_readable(), fault_in_pages_writeable(), iov_iter_fault_in_readable(), fault_in_readable(), fault_in_safe_writeable(), fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * verdicts: 2 all-or-nothing, 2 unclassified
 * review: 0 reviewed, 4 new, 0 changed, 0 unreviewed, 0 gone; 0 disagree with analysis (fault-in.notes)
 * mismatch: none; 2 callers use a primitive that serves their class
 * check-output-end
 */
