/* Port of js/seed001_resolve_does_not_stop_executor.js: code after resolve() in the executor still runs, first. */
#include "golden.h"

/* (resolve, reject) => { resolve(1); console.log(2); } */
static vow_outcome executor(void *ctx, vow_resolver *resolve)
{
	(void)ctx;
	vow_resolver_resolve(resolve, vow_int(1));
	log_text("2");
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();

	keep(vow_promise_then(keep(vow_promise_new(ex, executor, NULL)), console_log, NULL, NULL, NULL));

	return golden_end();
}
