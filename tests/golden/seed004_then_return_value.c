/* Port of js/seed004_then_return_value.js: a value returned from then() fulfills the next promise in the chain. */
#include "golden.h"

/* function(resolve, reject) { resolve(42); } */
static vow_outcome executor(void *ctx, vow_resolver *resolver)
{
	(void)ctx;
	vow_resolver_resolve(resolver, vow_int(42));
	return vow_return(vow_undefined());
}

/* function(value) { console.log(value); return value + 1; } */
static vow_outcome first(void *ctx, vow_value value)
{
	(void)ctx;
	log_value(NULL, value);
	return vow_return(vow_int(value.as.i + 1));
}

int main(void)
{
	golden_begin();
	vow_promise *p1 = keep(vow_promise_new(ex, executor, NULL));
	vow_promise *t = keep(vow_promise_then(p1, first, NULL, NULL, NULL));
	keep(vow_promise_then(t, console_log, NULL, NULL, NULL));
	return golden_end();
}
