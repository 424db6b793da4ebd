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

/*
 * check-name: every FOLL_ANON user
 * cocci-rules: gup-longterm
 * cocci-expect: foll-anon call=5:8
 * cocci-expect: foll-anon call=10:17
 * cocci-not: longterm
 * cocci-not: vm-file-check
 */
