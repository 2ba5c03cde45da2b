/* Port of js/seed002_finally_pending_never_runs.js: finally on a promise that never settles never runs (no output). */
#include "golden.h"

/* function onFinally() { console.log(888) } */
static vow_outcome on_finally(void *ctx)
{
	(void)ctx;
	log_value(NULL, vow_int(888)); /* never runs */
	return vow_return(vow_undefined());
}

/* (resolve, reject) => {} */
static vow_outcome never_settle(void *ctx, vow_resolver *r)
{
	(void)ctx;
	(void)r;
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	keep(vow_promise_finally(keep(vow_promise_new(ex, never_settle, NULL)), on_finally, NULL, NULL));
	return golden_end();
}
