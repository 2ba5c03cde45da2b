/* Port of js/seed003_await_timer.js: an async function waits at await for a 1 s timer while the caller goes on. */
#include "golden.h"

/* async function foo() { let p = new Promise(...setTimeout(resolve, 1000, 2)); console.log(await p) } */
static vow_outcome foo(void *ctx)
{
	vow_promise *p = resolve_after(1000, vow_int(2));
	vow_value v = VOW_AWAIT(p);

	(void)ctx;
	log_value(NULL, v);
	vow_value_drop(v);
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	keep(vow_async(ex, foo, NULL, NULL)); /* foo() */
	log_text("1");
	return golden_end();
}
