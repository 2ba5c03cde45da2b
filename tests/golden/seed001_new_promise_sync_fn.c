/* Port of js/seed001_new_promise_sync_fn.js: new Promise(resolve => resolve(f())) runs f synchronously. */
#include "golden.h"

/* const f = () => console.log('now'); */
static vow_value f(void)
{
	log_text("now");
	return vow_undefined();
}

/* resolve => resolve(f()) */
static vow_outcome executor(void *ctx, vow_resolver *resolve)
{
	(void)ctx;
	vow_resolver_resolve(resolve, f());
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();

	/* (() => new Promise(...))(); */
	keep(vow_promise_new(ex, executor, NULL));
	log_text("next");

	return golden_end();
}
