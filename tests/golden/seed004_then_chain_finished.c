/* Port of js/seed004_then_chain_finished.js: a second then() runs after the first handler returns. */
#include "golden.h"

/* function(resolve, reject) { resolve(42); } */
static vow_outcome executor(void *ctx, vow_resolver *resolver)
{
	(void)ctx;
	vow_resolver_resolve(resolver, vow_int(42));
	return vow_return(vow_undefined());
}

/* function() { console.log("Finished"); } */
static vow_outcome finished(void *ctx, vow_value value)
{
	(void)ctx;
	(void)value;
	log_text("Finished");
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	vow_promise *p1 = keep(vow_promise_new(ex, executor, NULL));
	vow_promise *t = keep(vow_promise_then(p1, console_log, NULL, NULL, NULL));
	keep(vow_promise_then(t, finished, NULL, NULL, NULL));
	return golden_end();
}
