static double f = 0x1.8p-3 + 1e+10 + 0777 + 0xdeadbeefULL + 1'000'000;
int nums(void)
{
	return num_call(.5e-3, 1.0f, 0b1010, 08, 1.e+abcd);
}
