/* Port of js/seed001_executor_runs_immediately.js: the executor runs synchronously; then() handlers run later. */
#include "golden.h"

/* function(resolve, reject) { console.log('Promise'); resolve(); } */
static vow_outcome executor(void *ctx, vow_resolver *resolve)
{
	(void)ctx;
	log_text("Promise");
	vow_resolver_resolve(resolve, vow_undefined());
	return vow_return(vow_undefined());
}

/* function() { console.log('resolved.'); } */
static vow_outcome on_resolved(void *ctx, vow_value v)
{
	(void)ctx;
	(void)v;
	log_text("resolved.");
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();

	vow_promise *promise = keep(vow_promise_new(ex, executor, NULL));

	keep(vow_promise_then(promise, on_resolved, NULL, NULL, NULL));

	log_text("Hi!");

	return golden_end();
}
