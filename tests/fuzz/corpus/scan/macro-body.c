#define WIDGET_CALL(w, op, ...)					\
	((w)->ops->op ? (w)->ops->op((w), ##__VA_ARGS__) : -ENOTTY)

#define widget_lock(w)	spin_lock_irqsave(&(w)->lock, (w)->flags)
#define WIDGET_MAX 16
#define widget_get(w) \
	({ kref_get(&(w)->ref); (w); })

int widget_poke(struct widget *w)
{
	return WIDGET_CALL(w, poke, 1, 2);
}
