/* Port of js/seed002_finally_passthrough.js: finally(() => {}) passes its promise's state through (pending stays pending). */
#include "golden.h"

/* () => {} as an executor: never settles */
static vow_outcome never_settle(void *ctx, vow_resolver *r)
{
	(void)ctx;
	(void)r;
	return vow_return(vow_undefined());
}

/* (resolve, reject) => { resolve(3) } */
static vow_outcome resolve_3(void *ctx, vow_resolver *resolve)
{
	(void)ctx;
	vow_resolver_resolve(resolve, vow_int(3));
	return vow_return(vow_undefined());
}

/* () => {} as a finally callback */
static vow_outcome do_nothing(void *ctx)
{
	(void)ctx;
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	vow_promise *p1 = keep(vow_promise_new(ex, never_settle, NULL));
	vow_promise *p2 = keep(vow_promise_finally(p1, do_nothing, NULL, NULL));
	set_timeout(log_promise, p2, 0); /* Promise {<pending>} */

	vow_promise *p3 = keep(vow_promise_new(ex, resolve_3, NULL));
	vow_promise *p4 = keep(vow_promise_finally(p3, do_nothing, NULL, NULL));
	set_timeout(log_promise, p3, 0); /* Promise {<fulfilled>: 3} */
	set_timeout(log_promise, p4, 0); /* added */
	return golden_end();
}
