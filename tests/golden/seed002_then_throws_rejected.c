/* Port of js/seed002_then_throws_rejected.js: a handler that throws rejects the promise then() returned. */
#include "golden.h"

/* (resolve, reject) => { resolve(3) } */
static vow_outcome executor(void *ctx, vow_resolver *r)
{
	(void)ctx;
	vow_resolver_resolve(r, vow_int(3));
	return vow_return(vow_undefined());
}

/* () => { throw new Error('这是一个错误') } */
static vow_outcome thrower(void *ctx, vow_value v)
{
	(void)ctx;
	(void)v;
	return vow_throw(vow_error(0, "这是一个错误"));
}

int main(void)
{
	golden_begin();
	on_rejections(log_unhandled, NULL);
	vow_promise *p1 = keep(vow_promise_new(ex, executor, NULL));
	vow_promise *p2 = keep(vow_promise_then(p1, thrower, NULL, NULL, NULL));
	set_timeout(log_promise, p2, 0);
	return golden_end();
}
