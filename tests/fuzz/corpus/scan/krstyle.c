int old_style(a, b)
	int a;
	char *b;
{
	return old_helper(a, b);
}
