/* Port of js/seed003_unhandled_no_catch.js: an executor that throws, a then() without onRejected, and no catch: reported unhandled. */
#include "golden.h"

/*
 * function() { noSuchFunction(); }: calling an undefined name throws a
 * ReferenceError in JS.  C cannot call an undefined name, so the executor
 * throws the error that call would throw.
 */
static vow_outcome executor(void *ctx, vow_resolver *resolver)
{
	(void)ctx;
	(void)resolver;
	return vow_throw(reference_error("noSuchFunction"));
}

/* () => { } */
static vow_outcome on_fulfilled(void *ctx, vow_value value)
{
	(void)ctx;
	(void)value;
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	on_rejections(log_unhandled, NULL);

	vow_promise *p = keep(vow_promise_new(ex, executor, NULL));
	keep(vow_promise_then(p, on_fulfilled, NULL, NULL, NULL)); /* no .catch at the end */
	return golden_end();
}
