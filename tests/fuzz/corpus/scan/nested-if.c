#if A
# if B
#  ifdef C
int deep_if(void) { return c_call(); }
#  else
int deep_if(void) { return notc_call(); }
#  endif
# endif
#endif
#ifndef D
void d_missing(void) { d_call(); }
#endif
