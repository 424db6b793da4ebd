// wb-copy: cocci/gup-foll-anon.c drivers/gup-foll-anon.c
// wb-copy: cocci/gup-longterm-plain.c drivers/gup-longterm-plain.c
// wb-copy: cocci/gup-longterm-vm-file.c drivers/gup-longterm-vm-file.c
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
