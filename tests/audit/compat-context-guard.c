// wb-file: io_uring/opdef.c
// SPDX-License-Identifier: GPL-2.0
const struct io_issue_def io_issue_defs[] = {
	[IORING_OP_READV] = {
		.issue			= io_read,
	},
	[IORING_OP_WRITEV] = {
		.issue			= io_write,
	},
	[IORING_OP_READ_FIXED] = {
		.issue			= io_rw_any,
	},
	[IORING_OP_FSYNC] = {
		.issue			= io_fsync,
	},
	[IORING_OP_READ_DEST] = {
		.issue			= io_read_dest,
	},
	[IORING_OP_MYSTERY] = {
		.issue			= io_mystery,
	},
};
// wb-file: io_uring/rw.c
// SPDX-License-Identifier: GPL-2.0
/* the direction decides which of the file's methods is called */
static int io_rw_do(int ddir, struct io_kiocb *req)
{
	struct file *file = req->file;

	if (ddir == READ)
		return file->f_op->read_iter(req->iocb, req->iter);
	else
		return file->f_op->write_iter(req->iocb, req->iter);
}

/* the guard is on a local, not on a parameter: both calls stay */
static int io_rw_local(int ddir, struct io_kiocb *req)
{
	struct file *file = req->file;
	int dir = req->dir;

	if (dir != WRITE)
		return file->f_op->read_iter(req->iocb, req->iter);
	return file->f_op->write_iter(req->iocb, req->iter);
}

int io_read(struct io_kiocb *req, unsigned int issue_flags)
{
	return io_rw_do(READ, req);
}

int io_write(struct io_kiocb *req, unsigned int issue_flags)
{
	return io_rw_do(WRITE, req);
}

/* not a constant: either direction */
int io_rw_any(struct io_kiocb *req, unsigned int issue_flags)
{
	return io_rw_do(req->dir, req);
}

int io_fsync(struct io_kiocb *req, unsigned int issue_flags)
{
	return io_rw_local(WRITE, req);
}

/* another name for the value of READ: the numbers decide, so only ->read_iter */
int io_read_dest(struct io_kiocb *req, unsigned int issue_flags)
{
	return io_rw_do(DIR_DEST, req);
}

/* a name defined nowhere: its value is not known, both stay */
int io_mystery(struct io_kiocb *req, unsigned int issue_flags)
{
	return io_rw_do(DIR_MYSTERY, req);
}
// wb-file: include/linux/kernel.h
// SPDX-License-Identifier: GPL-2.0
#define READ			0
#define WRITE			1
// wb-file: include/linux/dir.h
// SPDX-License-Identifier: GPL-2.0
#define DIR_SOURCE	1	// == WRITE
#define DIR_DEST	0	// == READ
// wb-file: include/linux/fs.h
// SPDX-License-Identifier: GPL-2.0
struct file {
	const struct file_operations	*f_op;
	void				*private_data;
};
// wb-file: drivers/toy/rw.c
// SPDX-License-Identifier: GPL-2.0
static int toy_read_len(struct kiocb *iocb)
{
	return in_compat_syscall() ? 4 : 8;
}

static int toy_write_len(struct kiocb *iocb)
{
	return in_compat_syscall() ? 4 : 8;
}

static ssize_t toy_read(struct kiocb *iocb, struct iov_iter *to)
{
	return toy_read_len(iocb);
}

static ssize_t toy_write(struct kiocb *iocb, struct iov_iter *from)
{
	return toy_write_len(iocb);
}

static const struct file_operations toy_fops = {
	.owner		= THIS_MODULE,
	.read_iter	= toy_read,
	.write_iter	= toy_write,
};
/*
 * check-name: compat-context: a call made only under 'param == K' (or its else) is not followed from a caller passing a constant that decides it the other way, names compared by the numbers include/ defines them as; a non-constant argument, a name defined nowhere and a guard on a local keep both
 * check-command: $WB audit --repo $REPO compat-context | grep ': warning: ' | sed 's/^[^ ]* warning: //'
 * check-exit-value: 1
 *
 * check-output-start
 * io_issue_defs[] -> io_read() -> io_rw_do() -> ->read_iter = toy_read() -> toy_read_len() -> in_compat_syscall() [compat-context]
 * io_issue_defs[] -> io_write() -> io_rw_do() -> ->write_iter = toy_write() -> toy_write_len() -> in_compat_syscall() [compat-context]
 * io_issue_defs[] -> io_rw_any() -> io_rw_do() -> ->read_iter = toy_read() -> toy_read_len() -> in_compat_syscall() [compat-context]
 * io_issue_defs[] -> io_rw_any() -> io_rw_do() -> ->write_iter = toy_write() -> toy_write_len() -> in_compat_syscall() [compat-context]
 * io_issue_defs[] -> io_fsync() -> io_rw_local() -> ->read_iter = toy_read() -> toy_read_len() -> in_compat_syscall() [compat-context]
 * io_issue_defs[] -> io_fsync() -> io_rw_local() -> ->write_iter = toy_write() -> toy_write_len() -> in_compat_syscall() [compat-context]
 * io_issue_defs[] -> io_read_dest() -> io_rw_do() -> ->read_iter = toy_read() -> toy_read_len() -> in_compat_syscall() [compat-context]
 * io_issue_defs[] -> io_mystery() -> io_rw_do() -> ->read_iter = toy_read() -> toy_read_len() -> in_compat_syscall() [compat-context]
 * io_issue_defs[] -> io_mystery() -> io_rw_do() -> ->write_iter = toy_write() -> toy_write_len() -> in_compat_syscall() [compat-context]
 * check-output-end
 */
