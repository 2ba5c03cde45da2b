/* Port of js/seed003_async_runs_sync.js: an async function without await runs to its end inside the call. */
#include "golden.h"

/* async function foo() { console.log(1) } */
static vow_outcome foo(void *ctx)
{
	(void)ctx;
	log_text("1");
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	keep(vow_async(ex, foo, NULL, NULL)); /* foo() */
	log_text("2");
	return golden_end();
}
