int before(void)
{
	return before_call();
}
/* this never ends
int after(void) { return hidden_call(); }
