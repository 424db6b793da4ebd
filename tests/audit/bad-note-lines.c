// wb-file: fs/stray.c
// SPDX-License-Identifier: GPL-2.0
int stray(struct s *s)
{
	s->a = 1;
	s->b = 2;
	fault_in_pages_readable(s->p, 3);
	return 0;
}
}

int next(struct s *s)
{
	s->a = 1;
	s->b = 2;
	s->c = 3;
	return 0;
}
// wb-file: fs/open_comment.c
// SPDX-License-Identifier: GPL-2.0
int before(struct s *s)
{
	s->a = 1;
	s->b = 2;
	fault_in_pages_readable(s->p, 3);
	return 0;
}

/* never closed
int after(void)
{
	return 0;
}
// wb-file: fs/open_string.c
// SPDX-License-Identifier: GPL-2.0
int quoted(struct s *s)
{
	fault_in_pages_readable(s->p, 1);
	s->msg = "never closed;
	s->c = 3;
	return 0;
}
/*
 * check-name: notes point at the line of the problem: stray brace, opening of an unterminated comment or string
 *
 * Notes come from the full scan, which the audit makes of files that
 * mention a name it looks for: each file here calls a primitive.
 * check-command: $WB audit --no-classify --repo $REPO fault-in > /dev/null
 * check-error-contains: fs/stray.c:9: note:
 * check-error-contains: fs/open_comment.c:10: note:
 * check-error-contains: fs/open_string.c:5: note:
 */
