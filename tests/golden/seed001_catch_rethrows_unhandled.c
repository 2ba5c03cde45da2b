/* Port of js/seed001_catch_rethrows_unhandled.js: an error thrown inside catch() rejects the rest of the chain, unhandled. */
#include "golden.h"

/* function(resolve, reject) { resolve(x + 2); }: evaluating x throws */
static vow_outcome some_async_executor(void *ctx, vow_resolver *resolve)
{
	(void)ctx;
	(void)resolve;
	return vow_throw(reference_error("x"));
}

static vow_promise *some_async_thing(void)
{
	return vow_promise_new(ex, some_async_executor, NULL);
}

/* function() { return someOtherAsyncThing(); }: calling an undeclared name throws */
static vow_outcome call_other(void *ctx, vow_value v)
{
	(void)ctx;
	(void)v;
	return vow_throw(reference_error("someOtherAsyncThing"));
}

/* function(error) { console.log('oh no', String(error)); y + 2; } */
static vow_outcome oh_no(void *ctx, vow_value error)
{
	(void)ctx;
	log_string("oh no", error);
	return vow_throw(reference_error("y")); /* y + 2 */
}

/* function() { console.log('carry on'); } */
static vow_outcome carry_on(void *ctx, vow_value v)
{
	(void)ctx;
	(void)v;
	log_text("carry on");
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	on_rejections(log_unhandled, NULL);

	vow_promise *p = keep(vow_promise_then(keep(some_async_thing()), call_other, NULL, NULL, NULL));
	p = keep(vow_promise_catch(p, oh_no, NULL, NULL));
	keep(vow_promise_then(p, carry_on, NULL, NULL, NULL));

	return golden_end();
}
