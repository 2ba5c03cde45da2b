/* Port of js/seed002_then_no_handler_passthrough.js: then() without handlers passes the value through. */
#include "golden.h"

/* (resolve, reject) => { resolve(3) } */
static vow_outcome executor(void *ctx, vow_resolver *r)
{
	(void)ctx;
	vow_resolver_resolve(r, vow_int(3));
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	vow_promise *p1 = keep(vow_promise_new(ex, executor, NULL));
	vow_promise *p2 = keep(vow_promise_then(p1, NULL, NULL, NULL, NULL)); /* p1.then() */
	set_timeout(log_promise, p2, 0);
	return golden_end();
}
