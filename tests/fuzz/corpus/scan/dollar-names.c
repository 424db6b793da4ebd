int $weird_name(int x$)
{
	return other$call(x$) + __VA_ARGS__ + ____long_underscores(x$);
}
