// wb-file: include/linux/blk_like.h
/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_BLK_LIKE_H
#define _LINUX_BLK_LIKE_H

/* submit_bio_like() hands the bio to the block layer */
int submit_bio_like(struct bio_like *bio);

static inline int submit_bio_wait_like(struct bio_like *bio)
{
	return submit_bio_like(bio);
}

/* forwards its parameter but not the result: not a wrapper */
static inline void kick_bio_like(struct bio_like *bio)
{
	submit_bio_like(bio);
}

#endif
// wb-file: block/core_like.c
// SPDX-License-Identifier: GPL-2.0
#include <linux/blk_like.h>

int submit_bio_like(struct bio_like *bio)
{
	bio->queued = true;
	bio->start = ktime_get();
	list_add_tail(&bio->list, &bio->q->pending);
	wake_up(&bio->q->wait);
	return 0;
}
EXPORT_SYMBOL(submit_bio_like);
// wb-file: fs/buffer_like.c
// SPDX-License-Identifier: GPL-2.0
#include <linux/blk_like.h>

int write_buffer_like(struct buffer_head_like *bh)
{
	struct bio_like *bio = bio_alloc_like(bh);

	if (!bio)
		return -ENOMEM;
	bh->state |= BH_ASYNC;
	submit_bio_like(bio);
	bh->submitted++;
	return 0;
}

int read_buffer_sync_like(struct buffer_head_like *bh)
{
	struct bio_like *bio = bio_alloc_like(bh);

	if (!bio)
		return -ENOMEM;
	bh->state |= BH_SYNC;
	submit_bio_wait_like(bio);
	kick_bio_like(bio);
	bh->submitted++;
	return bio->status;
}

static const struct bio_ops_like buffer_bio_ops = {
	.submit = submit_bio_like,
};
/*
 * check-name: callers of a symbol that no check watches
 * check-command: $WB callers --repo $REPO submit_bio_like | wb_norm
 *
 * check-output-start
 * audit callers at HEAD (<HEAD>)
 *
 * submit_bio_like()
 *     write_buffer_like()                 fs/buffer_like.c:11
 *     (file scope)                        fs/buffer_like.c:30  [reference]
 *     submit_bio_wait_like()              include/linux/blk_like.h:10  [wrapper, detected]
 *         read_buffer_sync_like()         fs/buffer_like.c:23
 *     kick_bio_like()                     include/linux/blk_like.h:16
 *
 * callers: 4 call sites in 4 functions, 1 reference, 1 wrapper (0 listed, 1 detected); 3 files
 * check-output-end
 */
