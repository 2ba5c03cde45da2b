/* Port of js/seed002_ways_to_reject.js: four ways a promise ends up rejected, and the order Node reports them. */
#include "golden.h"

/* (resolve, reject) => { init() }: calling an undefined function throws a ReferenceError */
static vow_outcome calls_init(void *ctx, vow_resolver *r)
{
	(void)ctx;
	(void)r;
	return vow_throw(reference_error("init"));
}

/* (resolve, reject) => { reject() } */
static vow_outcome rejects(void *ctx, vow_resolver *r)
{
	(void)ctx;
	vow_resolver_reject(r, vow_undefined());
	return vow_return(vow_undefined());
}

/* (resolve, reject) => { resolve() } */
static vow_outcome resolves(void *ctx, vow_resolver *r)
{
	(void)ctx;
	vow_resolver_resolve(r, vow_undefined());
	return vow_return(vow_undefined());
}

/* () => Promise.reject() */
static vow_outcome returns_rejected(void *ctx, vow_value v)
{
	(void)ctx;
	(void)v;
	return vow_return(vow_value_promise(vow_promise_reject(ex, vow_undefined())));
}

/* () => { throw new Error() } */
static vow_outcome throws_error(void *ctx, vow_value v)
{
	(void)ctx;
	(void)v;
	return vow_throw(vow_error(0, "%s", ""));
}

int main(void)
{
	golden_begin();
	on_rejections(log_unhandled, NULL);
	keep(vow_promise_new(ex, calls_init, NULL));
	keep(vow_promise_new(ex, rejects, NULL));
	vow_promise *p3 = keep(vow_promise_new(ex, resolves, NULL));
	keep(vow_promise_then(p3, returns_rejected, NULL, NULL, NULL));
	vow_promise *p4 = keep(vow_promise_new(ex, resolves, NULL));
	keep(vow_promise_then(p4, throws_error, NULL, NULL, NULL));
	return golden_end();
}
