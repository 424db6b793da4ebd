// wb-file: drivers/gup-foll-anon.c
// SPDX-License-Identifier: GPL-2.0
/* FOLL_ANON, in a gup call and tested on its own. */
static long anon_pin(unsigned long start, struct page **pages)
{
	return get_user_pages_fast(start, 1, FOLL_WRITE | FOLL_ANON, pages);
}

static int check_flags(struct vm_area_struct *vma, unsigned int gup_flags)
{
	if (gup_flags & FOLL_ANON && !vma_is_anonymous(vma))
		return -EFAULT;
	return 0;
}
// wb-file: drivers/gup-longterm-plain.c
// SPDX-License-Identifier: GPL-2.0
/* Long-term pins that leave the file-backed question to gup. */
static long umem_pin(unsigned long start, int npages, bool writable,
		     struct page **page_list)
{
	unsigned int gup_flags = FOLL_WRITE;

	if (!writable)
		gup_flags = 0;
	return pin_user_pages_fast(start, npages, gup_flags | FOLL_LONGTERM,
				   page_list);
}

static long vfio_pin(struct mm_struct *mm, unsigned long vaddr, long npages,
		     bool prot_write, struct page **page)
{
	unsigned int flags = FOLL_LONGTERM;

	if (prot_write)
		flags |= FOLL_WRITE;
	return pin_user_pages_remote(mm, vaddr, npages, flags, page, NULL, NULL);
}

static long short_pin(unsigned long start, struct page **pages)
{
	return get_user_pages_fast(start, 1, FOLL_WRITE, pages);
}
// wb-file: drivers/gup-longterm-vm-file.c
// SPDX-License-Identifier: GPL-2.0
/* A long-term pin that refuses file-backed memory by hand. */
static int pin_buffer(unsigned long ubuf, int nr_pages, struct page **pages,
		      struct vm_area_struct **vmas)
{
	int pret, i;

	mmap_read_lock(current->mm);
	pret = pin_user_pages(ubuf, nr_pages, FOLL_WRITE | FOLL_LONGTERM,
			      pages, vmas);
	if (pret == nr_pages) {
		for (i = 0; i < nr_pages; i++) {
			struct vm_area_struct *vma = vmas[i];

			if (vma_is_shmem(vma))
				continue;
			if (vma->vm_file && !is_file_hugepages(vma->vm_file))
				return -EOPNOTSUPP;
		}
	}
	mmap_read_unlock(current->mm);
	return pret;
}
/*
 * check-name: gup-longterm: FOLL_LONGTERM with and without an open-coded vm_file check, FOLL_ANON users, short-term pins
 * check-command: $WB audit --repo $REPO gup-longterm | wb_norm
 *
 * check-output-start
 * audit gup-longterm at HEAD (<HEAD>)
 *
 * pin_user_pages()
 *     pin_buffer()                        drivers/gup-longterm-vm-file.c:9  longterm-vm-file-checked (analysis)
 *         = longterm flags=FOLL_WRITE|FOLL_LONGTERM [gup-longterm.cocci]; vm-file-check at=17 expr=vma->vm_file [gup-longterm.cocci]
 * pin_user_pages_fast()
 *     umem_pin()                          drivers/gup-longterm-plain.c:10  longterm (analysis)  [wrapper, detected]
 *         = longterm flags=gup_flags|FOLL_LONGTERM [gup-longterm.cocci]
 * pin_user_pages_remote()
 *     vfio_pin()                          drivers/gup-longterm-plain.c:21  longterm (analysis)  [wrapper, detected]
 *         = longterm flags=flags [gup-longterm.cocci]
 * get_user_pages_fast()
 *     anon_pin()                          drivers/gup-foll-anon.c:5  foll-anon (analysis)  [wrapper, detected]
 *         = foll-anon [gup-longterm.cocci]
 *     short_pin()                         drivers/gup-longterm-plain.c:26  short-term (analysis)  [wrapper, detected]
 *         = no rule found anything: the check's default class
 *
 * gup-longterm: 5 call sites in 5 functions, 0 references, 4 wrappers (0 listed, 4 detected); 3 files
 * not called: pin_user_pages_unlocked(), pin_user_pages_locked(), get_user_pages(), get_user_pages_remote(), get_user_pages_unlocked(), get_user_pages_locked()
 * verdicts: 1 longterm-vm-file-checked, 2 longterm, 1 foll-anon, 1 short-term
 * depth limit 0 reached: deeper wrappers not expanded
 * check-output-end
 */
