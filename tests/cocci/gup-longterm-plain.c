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

/*
 * check-name: FOLL_LONGTERM, directly and through a flags variable
 * cocci-rules: gup-longterm
 * cocci-expect: longterm call=10:8 flags=gup_flags|FOLL_LONGTERM
 * cocci-expect: longterm call=21:8 flags=flags
 * cocci-not: vm-file-check
 * cocci-not: foll-anon
 */
