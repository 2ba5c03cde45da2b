/* Port of js/seed003_async_unawaited_reject.js: a Promise.reject inside an async function, neither awaited nor returned, is not the function's rejection. */
#include "golden.h"

/* async function foo() { console.log(1); Promise.reject(3) } */
static vow_outcome foo(void *ctx)
{
	(void)ctx;
	log_text("1");
	keep(vow_promise_reject(ex, vow_int(3)));
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	on_rejections(log_unhandled, NULL);

	keep(vow_promise_catch(keep(vow_async(ex, foo, NULL, NULL)), console_log, NULL, NULL));
	log_text("2");
	return golden_end();
}
