/* Port of js/seed003_async_inner_catch.js: a rejection caught inside an async function does not reject the function's promise. */
#include "golden.h"

/* async function foo() { Promise.reject('foo').catch(console.log) } */
static vow_outcome foo(void *ctx)
{
	(void)ctx;
	keep(vow_promise_catch(keep(vow_promise_reject(ex, vow_str("foo"))), console_log, NULL, NULL));
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	vow_promise *p = keep(vow_async(ex, foo, NULL, NULL)); /* let p = foo() */
	set_timeout(log_promise, p, 0);                         /* setTimeout(console.log, 0, p) */
	return golden_end();
}
