int exported_fn(void) { return inner(); }
EXPORT_SYMBOL(exported_fn);
static struct notifier_block nb = { .notifier_call = exported_fn };
void hook(void) { register_thing(exported_fn); do_thing(&exported_fn, exported_fn ? 1 : 0); }
