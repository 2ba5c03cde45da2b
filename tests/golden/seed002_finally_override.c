/*
 * Port of js/seed002_finally_override.js: finally passes p1's value through
 * unless its callback returns a pending promise (waited for), a rejected
 * promise or throws (that reason wins).  The returned rejection is reported
 * after the thrown one: adopting a promise takes two more jobs.
 */
#include "golden.h"

/* (resolve, reject) => { resolve(3) } */
static vow_outcome resolve_3(void *ctx, vow_resolver *resolve)
{
	(void)ctx;
	vow_resolver_resolve(resolve, vow_int(3));
	return vow_return(vow_undefined());
}

/* () => {} as an executor: never settles */
static vow_outcome never_settle(void *ctx, vow_resolver *r)
{
	(void)ctx;
	(void)r;
	return vow_return(vow_undefined());
}

/* () => new Promise(() => {}) */
static vow_outcome return_pending(void *ctx)
{
	(void)ctx;
	return vow_return(vow_value_promise(vow_promise_new(ex, never_settle, NULL)));
}

/* () => Promise.reject(6) */
static vow_outcome return_rejected(void *ctx)
{
	(void)ctx;
	return vow_return(vow_value_promise(vow_promise_reject(ex, vow_int(6))));
}

/* () => { throw new Error('error') } */
static vow_outcome throw_error(void *ctx)
{
	(void)ctx;
	return vow_throw(vow_error(0, "error"));
}

int main(void)
{
	golden_begin();
	on_rejections(log_unhandled, NULL);
	/* Error.stackTraceLimit = 0: vow's errors have no stack; inspect prints [Error: error] */
	vow_promise *p1 = keep(vow_promise_new(ex, resolve_3, NULL));
	vow_promise *p2 = keep(vow_promise_finally(p1, return_pending, NULL, NULL));
	set_timeout(log_promise, p2, 0); /* Promise {<pending>} */

	vow_promise *p3 = keep(vow_promise_finally(p1, return_rejected, NULL, NULL));
	set_timeout(log_promise, p3, 0); /* Promise {<rejected>: 6} */

	vow_promise *p4 = keep(vow_promise_finally(p1, throw_error, NULL, NULL));
	set_timeout(log_promise, p4, 0); /* Promise {<rejected>: Error: error} */
	return golden_end();
}
