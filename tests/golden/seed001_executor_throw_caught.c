/* Port of js/seed001_executor_throw_caught.js: an error thrown in the executor rejects the promise. */
#include "golden.h"

/* function(resolve, reject) { throw new Error('test'); } */
static vow_outcome executor(void *ctx, vow_resolver *resolve)
{
	(void)ctx;
	(void)resolve;
	return vow_throw(vow_error(0, "test"));
}

int main(void)
{
	golden_begin();

	vow_promise *promise = keep(vow_promise_new(ex, executor, NULL));
	keep(vow_promise_catch(promise, console_log_string, NULL, NULL));

	return golden_end();
}
