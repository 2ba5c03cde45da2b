/* Port of js/seed001_then_defers_sync_fn.js: Promise.resolve().then(f) runs f only after the current code. */
#include "golden.h"

/* const f = () => console.log('now'); */
static vow_outcome f(void *ctx, vow_value v)
{
	(void)ctx;
	(void)v;
	log_text("now");
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();

	keep(vow_promise_then(keep(vow_promise_resolve(ex, vow_undefined())), f, NULL, NULL, NULL));
	log_text("next");

	return golden_end();
}
