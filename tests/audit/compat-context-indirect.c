// wb-file: io_uring/opdef.c
// SPDX-License-Identifier: GPL-2.0
const struct io_issue_def io_issue_defs[] = {
	[IORING_OP_URING_CMD] = {
		.prep			= io_uring_cmd_prep,
		.issue			= io_uring_cmd,
	},
	[IORING_OP_SOCKET_CMD] = {
		.issue			= io_socket_cmd,
	},
};
// wb-file: io_uring/uring_cmd.c
// SPDX-License-Identifier: GPL-2.0
int io_uring_cmd_prep(struct io_kiocb *req, const struct io_uring_sqe *sqe)
{
	return 0;
}

/* the command goes to whatever the file's operations hold */
int io_uring_cmd(struct io_kiocb *req, unsigned int issue_flags)
{
	struct file *file = req->file;

	if (!file->f_op->uring_cmd)
		return -EOPNOTSUPP;
	return file->f_op->uring_cmd(io_kiocb_to_cmd(req), issue_flags);
}

/* a member call through another struct type: not the block driver's */
int io_socket_cmd(struct io_kiocb *req, unsigned int issue_flags)
{
	struct proto_cmds *pc = req->file->private_data;

	return pc->ioctl(req, issue_flags);
}
// wb-file: include/linux/fs.h
// SPDX-License-Identifier: GPL-2.0
struct file {
	const struct file_operations	*f_op;
	void				*private_data;
};
// wb-file: drivers/toy/cmd.c
// SPDX-License-Identifier: GPL-2.0
/* three calls below the driver's entry, the import asks */
static int toy_map(struct toy_dev *dev, const struct iovec __user *uvec, unsigned int nr)
{
	struct iovec fast[UIO_FASTIOV], *iov = fast;
	struct iov_iter iter;

	return import_iovec(ITER_DEST, uvec, nr, UIO_FASTIOV, &iov, &iter);
}

static int toy_cmd_io(struct toy_dev *dev, struct io_uring_cmd *cmd)
{
	return toy_map(dev, u64_to_user_ptr(cmd->addr), cmd->len);
}

static int toy_uring_cmd(struct io_uring_cmd *cmd, unsigned int issue_flags)
{
	return toy_cmd_io(cmd->file->private_data, cmd);
}

static const struct file_operations toy_fops = {
	.owner		= THIS_MODULE,
	.uring_cmd	= toy_uring_cmd,
};

/* stored in a block driver's table: not what pc->ioctl() calls */
static int toy_ioctl(struct block_device *bdev, unsigned int cmd)
{
	return in_compat_syscall();
}

static const struct block_ops toy_bops = {
	.ioctl		= toy_ioctl,
};

/* a member call outside io_uring is not followed: the ring's own setup */
static int toy_setup(struct toy_dev *dev)
{
	return dev->bops->ioctl(dev->bdev, 0);
}
// wb-file: lib/iov_iter.c
// SPDX-License-Identifier: GPL-2.0
ssize_t import_iovec(int type, const struct iovec __user *uvec, unsigned nr_segs,
		     unsigned fast_segs, struct iovec **iovp, struct iov_iter *i)
{
	return __import_iovec(type, uvec, nr_segs, fast_segs, iovp, i, in_compat_syscall());
}
// wb-file: io_uring/io_uring.c
// SPDX-License-Identifier: GPL-2.0
/* ring setup runs in the submitting task's own syscall: asking is fine */
static int io_ring_create(struct io_ring_ctx *ctx, struct io_uring_params *p)
{
	ctx->compat = in_compat_syscall();
	return 0;
}
/*
 * check-name: compat-context: a call through a struct member (file->f_op->uring_cmd()) reaches every function stored as that member in a struct of its type, three calls down to the query; other types, calls outside io_uring and ring setup do not count
 * check-command: $WB audit --repo $REPO compat-context | wb_norm
 * check-command: $WB audit --repo $REPO --format=json compat-context | python3 -c 'import json, sys; [print(p["entry"], p["calls"], [s.get("calls") or "stored as ." + s["member"] + " in " + s["object"] + " (struct " + str(s["struct"]) + ")" for s in p["steps"]], p["steps"][1].get("indirect")) for p in json.load(sys.stdin)["audits"][0]["paths"]]'
 * check-exit-value: 1 1
 *
 * check-output-start
 * audit compat-context at HEAD (<HEAD>)
 *
 * io_uring/opdef.c:5:14: warning: io_issue_defs[] -> io_uring_cmd() -> ->uring_cmd = toy_uring_cmd() -> toy_cmd_io() -> toy_map() -> import_iovec() -> in_compat_syscall() [compat-context]
 * io_uring/uring_cmd.c:14:21: note: io_uring_cmd() calls ->uring_cmd(), indirectly
 * drivers/toy/cmd.c:23:15: note: toy_fops (struct file_operations) stores toy_uring_cmd() as .uring_cmd
 * drivers/toy/cmd.c:18:9: note: toy_uring_cmd() calls toy_cmd_io()
 * drivers/toy/cmd.c:13:9: note: toy_cmd_io() calls toy_map()
 * drivers/toy/cmd.c:8:9: note: toy_map() calls import_iovec()
 * lib/iov_iter.c:5:65: note: import_iovec() calls in_compat_syscall()
 *
 * compat-context: 1 path from 1 entry point, the shortest per entry and query, of 1 chain; 13 functions followed, depth 6 (12 in the indirect scope)
 * io_issue_defs 5 ['io_uring_cmd', '->uring_cmd', 'stored as .uring_cmd in toy_fops (struct file_operations)', 'toy_cmd_io', 'toy_map', 'import_iovec', 'in_compat_syscall'] True
 * check-output-end
 */
