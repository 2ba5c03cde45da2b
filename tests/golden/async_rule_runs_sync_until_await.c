/* Port of js/async_rule_runs_sync_until_await.js: vow_async runs the body inside the call until its first await. */
#include "golden.h"

/* async function f() { console.log(...); await null; console.log(...) } */
static vow_outcome f(void *ctx)
{
	(void)ctx;
	log_text("f: before await");
	vow_value_drop(VOW_AWAIT_VALUE(vow_null()));
	log_text("f: after await");
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	log_text("before call");
	vow_promise *p = keep(vow_async(ex, f, NULL, NULL)); /* const p = f() */
	log_text("after call");
	log_value(NULL, item(p));
	return golden_end();
}
