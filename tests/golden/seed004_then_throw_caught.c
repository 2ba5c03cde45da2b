/* Port of js/seed004_then_throw_caught.js: an error thrown in a then() handler is caught by the following catch(). */
#include "golden.h"

/* function(resolve, reject) { resolve(42); } */
static vow_outcome executor(void *ctx, vow_resolver *resolver)
{
	(void)ctx;
	vow_resolver_resolve(resolver, vow_int(42));
	return vow_return(vow_undefined());
}

/* function(value) { throw new Error("Boom!"); } */
static vow_outcome boom(void *ctx, vow_value value)
{
	(void)ctx;
	(void)value;
	return vow_throw(vow_error(0, "Boom!"));
}

/* function(error) { console.log(error.message); } */
static vow_outcome show_message(void *ctx, vow_value error)
{
	(void)ctx;
	log_text("%s", vow_error_message(error));
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	vow_promise *p1 = keep(vow_promise_new(ex, executor, NULL));
	vow_promise *t = keep(vow_promise_then(p1, boom, NULL, NULL, NULL));
	keep(vow_promise_catch(t, show_message, NULL, NULL));
	return golden_end();
}
