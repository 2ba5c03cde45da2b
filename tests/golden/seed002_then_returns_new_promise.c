/* Port of js/seed002_then_returns_new_promise.js: then() returns a new promise settled by the handler. */
#include "golden.h"

/* (resolve, reject) => { resolve(3) } */
static vow_outcome executor(void *ctx, vow_resolver *r)
{
	(void)ctx;
	vow_resolver_resolve(r, vow_int(3));
	return vow_return(vow_undefined());
}

/* () => 6 */
static vow_outcome six(void *ctx, vow_value v)
{
	(void)ctx;
	(void)v;
	return vow_return(vow_int(6));
}

int main(void)
{
	golden_begin();
	vow_promise *p1 = keep(vow_promise_new(ex, executor, NULL));
	vow_promise *p2 = keep(vow_promise_then(p1, six, NULL, NULL, NULL));
	set_timeout(log_promise, p1, 0);
	set_timeout(log_promise, p2, 0);
	return golden_end();
}
