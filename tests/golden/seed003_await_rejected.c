/* Port of js/seed003_await_rejected.js: await of a rejected promise leaves the function there and rejects its promise one job later. */
#include "golden.h"

/* async function foo() { console.log(1); await Promise.reject(3); console.log(4) } */
static vow_outcome foo(void *ctx)
{
	(void)ctx;
	log_text("1");
	vow_value_drop(VOW_AWAIT(keep(vow_promise_reject(ex, vow_int(3)))));
	log_text("4"); /* 这行不会执行,因为在上一行隐式执行了return */
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	on_rejections(log_unhandled, NULL);

	keep(vow_promise_catch(keep(vow_async(ex, foo, NULL, NULL)), console_log, NULL, NULL));
	log_text("2");
	log_value(NULL, item(keep(vow_async(ex, foo, NULL, NULL)))); /* console.log(foo()) */
	return golden_end();
}
