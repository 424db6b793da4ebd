}
int stray(void)
{
	stray_call();
}}
int missing(void)
{
	if (x) {
		missing_call();
