/* Port of js/seed003_await_order.js: baz (no await) prints first; await of a promise and of a value each resume one job later, in call order. */
#include "golden.h"

/* async function foo() { console.log(await Promise.resolve('foo')) } */
static vow_outcome foo(void *ctx)
{
	vow_value v = VOW_AWAIT(keep(vow_promise_resolve(ex, vow_str("foo"))));

	(void)ctx;
	log_value(NULL, v);
	vow_value_drop(v);
	return vow_return(vow_undefined());
}

/* async function bar() { console.log(await 'bar') } */
static vow_outcome bar(void *ctx)
{
	vow_value v = VOW_AWAIT_VALUE(vow_str("bar"));

	(void)ctx;
	log_value(NULL, v);
	vow_value_drop(v);
	return vow_return(vow_undefined());
}

/* async function baz() { console.log('baz') } */
static vow_outcome baz(void *ctx)
{
	(void)ctx;
	log_text("baz");
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	keep(vow_async(ex, foo, NULL, NULL));
	keep(vow_async(ex, bar, NULL, NULL));
	keep(vow_async(ex, baz, NULL, NULL));
	return golden_end();
}
