int deep(void)
{
	return f1(f2(f3(f4(f5(f6(f7(f8(f9(f10(f11(f12(x))))))))))));
}
