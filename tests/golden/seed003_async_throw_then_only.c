/* Port of js/seed003_async_throw_then_only.js: throw 3 rejects the function's promise; then() without onRejected leaves it unhandled. */
#include "golden.h"

/* async function foo() { console.log(1); throw 3 } */
static vow_outcome foo(void *ctx)
{
	(void)ctx;
	log_text("1");
	return vow_throw(vow_int(3));
}

int main(void)
{
	golden_begin();
	on_rejections(log_unhandled, NULL);

	keep(vow_promise_then(keep(vow_async(ex, foo, NULL, NULL)), console_log, NULL, NULL, NULL));
	log_text("2");
	return golden_end();
}
