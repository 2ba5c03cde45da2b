/* Port of js/seed001_finally_passthrough.js: finally() passes the value or reason through, a tick later than then(). */
#include "golden.h"

/* () => {} */
static vow_outcome nothing(void *ctx, vow_value v)
{
	(void)ctx;
	(void)v;
	return vow_return(vow_undefined());
}

/* () => {} for finally (no argument) */
static vow_outcome nothing_finally(void *ctx)
{
	(void)ctx;
	return vow_return(vow_undefined());
}

/* v => console.log('<ctx>', v) */
static vow_outcome log_labelled(void *ctx, vow_value v)
{
	log_value(ctx, v);
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();

	vow_promise *p = keep(vow_promise_then(keep(vow_promise_resolve(ex, vow_int(2))), nothing, nothing, NULL, NULL));
	keep(vow_promise_then(p, log_labelled, NULL, "a fulfilled", NULL));

	p = keep(vow_promise_finally(keep(vow_promise_resolve(ex, vow_int(2))), nothing_finally, NULL, NULL));
	keep(vow_promise_then(p, log_labelled, NULL, "b fulfilled", NULL));

	p = keep(vow_promise_then(keep(vow_promise_reject(ex, vow_int(3))), nothing, nothing, NULL, NULL));
	keep(vow_promise_then(p, log_labelled, NULL, "c fulfilled", NULL));

	p = keep(vow_promise_finally(keep(vow_promise_reject(ex, vow_int(3))), nothing_finally, NULL, NULL));
	keep(vow_promise_catch(p, log_labelled, "d rejected", NULL));

	return golden_end();
}
