/* Port of js/seed002_finally_async_acb.js: finally's callback runs as a job, after the synchronous code: A C B. */
#include "golden.h"

/* (resolve, reject) => { console.log('A'); resolve(3) } */
static vow_outcome executor(void *ctx, vow_resolver *resolve)
{
	(void)ctx;
	log_text("A");
	vow_resolver_resolve(resolve, vow_int(3));
	return vow_return(vow_undefined());
}

/* () => { console.log('B') } */
static vow_outcome on_finally(void *ctx)
{
	(void)ctx;
	log_text("B");
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	keep(vow_promise_finally(keep(vow_promise_new(ex, executor, NULL)), on_finally, NULL, NULL));
	log_text("C");
	return golden_end();
}
