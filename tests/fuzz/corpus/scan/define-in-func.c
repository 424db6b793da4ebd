int with_define(int a)
{
#define LOCAL_HELPER(x) local_impl((x) * 2)
	int r = LOCAL_HELPER(a);
#undef LOCAL_HELPER
	return r;
}
