/* Port of js/seed003_async_throw_sync.js: a throw in an async function rejects its promise at once; the caller goes on. */
#include "golden.h"

/* async function foo() { throw 1 } */
static vow_outcome foo(void *ctx)
{
	(void)ctx;
	return vow_throw(vow_int(1));
}

int main(void)
{
	golden_begin();
	vow_promise *p = keep(vow_async(ex, foo, NULL, NULL)); /* let p = foo() */
	log_value(NULL, item(p));                               /* console.log(p) */
	keep(vow_promise_catch(p, console_log, NULL, NULL));    /* p.catch(console.log) */
	return golden_end();
}
