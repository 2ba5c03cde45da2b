/*
 * Port of js/seed001_unhandled_reference_error.js: an executor that throws
 * (ReferenceError from `x + 2`) rejects the promise; with no catch, Node
 * reports it as unhandled, before the 2000 ms timer fires.
 *
 * C has no undeclared-variable error at run time: the executor throws the
 * ReferenceError JavaScript would raise.
 */
#include "golden.h"

/* function(resolve, reject) { resolve(x + 2) }: evaluating x throws first */
static vow_outcome executor(void *ctx, vow_resolver *resolve)
{
	(void)ctx;
	(void)resolve;
	return vow_throw(reference_error("x"));
}

/* const someAsyncThing = function() { return new Promise(...) } */
static vow_promise *some_async_thing(void)
{
	return vow_promise_new(ex, executor, NULL);
}

/* function() { console.log('everything is great') } */
static vow_outcome on_value(void *ctx, vow_value value)
{
	(void)ctx;
	(void)value;
	log_text("everything is great");
	return vow_return(vow_undefined());
}

/* () => { console.log(123) } */
static void log_123(void *ctx)
{
	(void)ctx;
	log_value(NULL, vow_int(123));
}

int main(void)
{
	golden_begin();
	on_rejections(log_unhandled, NULL);
	keep(vow_promise_then(keep(some_async_thing()), on_value, NULL, NULL, NULL));
	set_timeout(log_123, NULL, 2000);
	return golden_end();
}
