/* Port of js/seed001_async_iife_sync_fn.js: an async IIFE runs its body (a synchronous f) before the next statement. */
#include "golden.h"

/* const f = () => console.log('now') */
static vow_value f(void)
{
	log_text("now");
	return vow_undefined();
}

/* async () => f() */
static vow_outcome iife(void *ctx)
{
	(void)ctx;
	return vow_return(f());
}

int main(void)
{
	golden_begin();
	keep(vow_async(ex, iife, NULL, NULL)); /* (async () => f())() */
	log_text("next");
	return golden_end();
}
