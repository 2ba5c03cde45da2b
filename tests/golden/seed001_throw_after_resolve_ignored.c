/* Port of js/seed001_throw_after_resolve_ignored.js: a throw after resolve() in the executor is ignored. */
#include "golden.h"

/* function(resolve, reject) { resolve('ok'); throw new Error('test'); } */
static vow_outcome executor(void *ctx, vow_resolver *resolve)
{
	(void)ctx;
	vow_resolver_resolve(resolve, vow_str("ok"));
	return vow_throw(vow_error(0, "test")); /* already resolved: ignored */
}

int main(void)
{
	golden_begin();
	vow_promise *promise = keep(vow_promise_new(ex, executor, NULL));
	vow_promise *then = keep(vow_promise_then(promise, console_log, NULL, NULL, NULL));
	keep(vow_promise_catch(then, console_log_string, NULL, NULL));
	return golden_end();
}
