/*
 * Port of js/seed002_onrejected_new_promise.js: what then(null, onRejected)
 * gives for each kind of handler result.  Unhandled rejections are reported
 * out of source order: p5's returned Promise.reject() settles two jobs after
 * p6's throw.
 */
#include "golden.h"

/* (resolve, reject) => { reject(3) } */
static vow_outcome reject_3(void *ctx, vow_resolver *r)
{
	(void)ctx;
	vow_resolver_reject(r, vow_int(3));
	return vow_return(vow_undefined());
}

/* () => {} */
static vow_outcome return_nothing(void *ctx, vow_value v)
{
	(void)ctx;
	(void)v;
	return vow_return(vow_undefined());
}

/* () => 6 */
static vow_outcome return_6(void *ctx, vow_value v)
{
	(void)ctx;
	(void)v;
	return vow_return(vow_int(6));
}

/* () => Promise.reject() */
static vow_outcome return_rejected(void *ctx, vow_value v)
{
	(void)ctx;
	(void)v;
	return vow_return(vow_value_promise(vow_promise_reject(ex, vow_undefined())));
}

/* () => { throw new Error('error') } */
static vow_outcome throw_error(void *ctx, vow_value v)
{
	(void)ctx;
	(void)v;
	return vow_throw(vow_error(0, "error"));
}

/* () => new Error('error') */
static vow_outcome return_error(void *ctx, vow_value v)
{
	(void)ctx;
	(void)v;
	return vow_return(vow_error(0, "error"));
}

int main(void)
{
	golden_begin();
	on_rejections(log_unhandled, NULL);
	/* Error.stackTraceLimit = 0: vow's errors have no stack; inspect prints [Error: error] */
	vow_promise *p1 = keep(vow_promise_new(ex, reject_3, NULL));

	vow_promise *p2 = keep(vow_promise_then(p1, return_nothing, NULL, NULL, NULL));
	set_timeout(log_promise, p2, 0); /* Promise {<rejected>: 3} */

	vow_promise *p3 = keep(vow_promise_then(p1, NULL, return_nothing, NULL, NULL));
	set_timeout(log_promise, p3, 0); /* Promise {<fulfilled>: undefined} */

	vow_promise *p4 = keep(vow_promise_then(p1, NULL, return_6, NULL, NULL));
	set_timeout(log_promise, p4, 0); /* Promise {<fulfilled>: 6} */

	vow_promise *p5 = keep(vow_promise_then(p1, NULL, return_rejected, NULL, NULL));
	set_timeout(log_promise, p5, 0); /* Promise {<rejected>: undefined} */

	vow_promise *p6 = keep(vow_promise_then(p1, NULL, throw_error, NULL, NULL));
	set_timeout(log_promise, p6, 0); /* Promise {<rejected>: error} */

	vow_promise *p7 = keep(vow_promise_then(p1, NULL, return_error, NULL, NULL));
	set_timeout(log_promise, p7, 0); /* Promise {<fulfilled>: Error: error} */
	return golden_end();
}
