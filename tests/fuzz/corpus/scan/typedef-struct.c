typedef int (*handler_t)(void *);
struct holder {
	handler_t h;
	int (*cb)(int, int);
	char name[16];
};
static inline int holder_call(struct holder *hd) { return hd->h(hd) ?: hd->cb(1, 2); }
