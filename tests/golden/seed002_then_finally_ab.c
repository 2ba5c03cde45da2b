/* Port of js/seed002_then_finally_ab.js: finally runs after the then handler before it. */
#include "golden.h"

/* (resolve, reject) => { resolve(1) } */
static vow_outcome executor(void *ctx, vow_resolver *r)
{
	(void)ctx;
	vow_resolver_resolve(r, vow_int(1));
	return vow_return(vow_undefined());
}

/* function onResolvedA() */
static vow_outcome on_resolved_a(void *ctx, vow_value v)
{
	(void)ctx;
	(void)v;
	log_text("A");
	return vow_return(vow_undefined());
}

/* function onFinally() */
static vow_outcome on_finally(void *ctx)
{
	(void)ctx;
	log_text("B");
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	/* new Promise(...).then(onResolvedA).finally(onFinally) */
	vow_promise *p = keep(vow_promise_new(ex, executor, NULL));
	vow_promise *q = keep(vow_promise_then(p, on_resolved_a, NULL, NULL, NULL));
	keep(vow_promise_finally(q, on_finally, NULL, NULL));
	return golden_end();
}
