/* Port of js/seed002_all_pending.js: Promise.all stays pending while one member never settles. */
#include "golden.h"

/* () => {} */
static vow_outcome never_settle(void *ctx, vow_resolver *r)
{
	(void)ctx;
	(void)r;
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	/* let p1 = Promise.all([3, Promise.resolve(6), new Promise(() => {})]) */
	vow_value items[] = {
		vow_int(3),
		item(keep(vow_promise_resolve(ex, vow_int(6)))),
		item(keep(vow_promise_new(ex, never_settle, NULL))),
	};
	vow_promise *p1 = keep(vow_promise_all(ex, items, 3));
	set_timeout(log_promise, p1, 0);
	return golden_end();
}
