/* Port of js/seed001_catch_then_carry_on.js: after catch() handles the rejection, the next then() runs. */
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

/* function(error) { console.log('oh no', String(error)); } */
static vow_outcome oh_no(void *ctx, vow_value error)
{
	(void)ctx;
	log_string("oh no", error);
	return vow_return(vow_undefined());
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

	vow_promise *p = keep(vow_promise_catch(keep(some_async_thing()), oh_no, NULL, NULL));
	keep(vow_promise_then(p, carry_on, NULL, NULL, NULL));

	return golden_end();
}
