/* Port of js/seed003_finally_override_timing.js: finally returning pending / throwing / a rejected promise; each result is pending when logged. */
#include "golden.h"

static vow_promise *p;

/* (resolve, reject) => {} */
static vow_outcome never(void *ctx, vow_resolver *r)
{
	(void)ctx;
	(void)r;
	return vow_return(vow_undefined());
}

/* () => new Promise((resolve, reject) => {}) */
static vow_outcome returns_pending(void *ctx)
{
	(void)ctx;
	return vow_return(vow_value_promise(vow_promise_new(ex, never, NULL)));
}

/* () => { throw 2 } */
static vow_outcome throws_2(void *ctx)
{
	(void)ctx;
	return vow_throw(vow_int(2));
}

/* () => Promise.reject(3) */
static vow_outcome returns_rejected_3(void *ctx)
{
	(void)ctx;
	return vow_return(vow_value_promise(vow_promise_reject(ex, vow_int(3))));
}

/* () => console.log(p.finally(fn)), fn in ctx */
static void log_finally(void *ctx)
{
	log_value(NULL, vow_value_promise(keep(vow_promise_finally(p, (vow_thunk_fn)ctx, NULL, NULL))));
}

int main(void)
{
	golden_begin();
	on_rejections(log_unhandled, NULL);
	p = keep(vow_promise_resolve(ex, vow_int(1)));
	/* setTimeout(..., ) with no delay: 0 */
	set_timeout(log_finally, (void *)returns_pending, 0);
	set_timeout(log_finally, (void *)throws_2, 0);
	set_timeout(log_finally, (void *)returns_rejected_3, 0);
	return golden_end();
}
