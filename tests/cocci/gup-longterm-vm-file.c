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
 * check-name: FOLL_LONGTERM with an open-coded vm_file check
 * cocci-rules: gup-longterm
 * cocci-expect: longterm call=9:8 flags=FOLL_WRITE|FOLL_LONGTERM
 * cocci-expect: vm-file-check call=9:8 at=17 expr=vma->vm_file
 * cocci-not: foll-anon
 */
