/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_TOY_MAGIC_H
#define _ASM_TOY_MAGIC_H

/* a page the kernel maps at the top of every address space */
#define TOY_MAGIC_ADDR		(-4096L)
#define TOY_MAGIC_SIZE		0x1000UL
/* not constants: where the current task keeps its user scratch area */
#define TOY_SCRATCH_ADDR	(toy_current()->scratch_uaddr)
#define TOY_SCRATCH_SIZE	(toy_current()->scratch_len)

#endif /* _ASM_TOY_MAGIC_H */
