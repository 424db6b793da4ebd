static int crlf_fn(int a)
{
	return crlf_helper(a, \
		a + 1);
}
