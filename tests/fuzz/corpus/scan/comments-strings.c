/* a comment with call_in_comment(x) and an unclosed ( paren */
static const char *msg = "string with fake_call(y) and \"escaped\" quotes";
static char c = '\'';
static char d = '"';
// line comment continued \
   still_comment(z)
int strings_ok(void)
{
	pr_info("%s %c %c\n", msg, c, d);
	return real_call(/* inline */ 1, "a\\");
}
