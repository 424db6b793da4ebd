static inline unsigned long read_flags(void)
{
	unsigned long flags;

	asm volatile("pushf ; pop %0" : "=rm" (flags) : : "memory");
	return _Generic(flags, unsigned long: flags_to_ul, default: flags_other)(flags);
}
