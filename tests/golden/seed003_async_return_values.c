/* Port of js/seed003_async_return_values.js: an async function's return value fulfils its promise; a returned thenable is adopted a job later. */
#include "golden.h"

/* async function foo() { return 'foo' } */
static vow_outcome foo(void *ctx)
{
	(void)ctx;
	return vow_return(vow_str("foo")); /* 返回原始值 */
}

/* async function bar() { return ['bar'] } */
static vow_outcome bar(void *ctx)
{
	vow_value a = vow_array(1);

	(void)ctx;
	vow_array_set(a, 0, vow_str("bar"));
	return vow_return(a); /* 返回没有实现thenable接口的对象 */
}

/* then(callback) { callback('baz') } */
static vow_outcome thenable_then(void *self, vow_resolver *callback)
{
	(void)self;
	vow_resolver_resolve(callback, vow_str("baz"));
	return vow_return(vow_undefined());
}

static const vow_thenable_ops thenable_ops = {thenable_then, NULL};

/* async function baz() { return { then(callback) { ... } } } */
static vow_outcome baz(void *ctx)
{
	(void)ctx;
	return vow_return(vow_thenable(&thenable_ops, NULL)); /* 返回实现thenable接口的对象 */
}

int main(void)
{
	golden_begin();
	keep(vow_promise_then(keep(vow_async(ex, foo, NULL, NULL)), console_log, NULL, NULL, NULL)); /* foo */
	keep(vow_promise_then(keep(vow_async(ex, bar, NULL, NULL)), console_log, NULL, NULL, NULL)); /* ['bar'] */
	keep(vow_promise_then(keep(vow_async(ex, baz, NULL, NULL)), console_log, NULL, NULL, NULL)); /* baz */
	log_value(NULL, item(keep(vow_async(ex, baz, NULL, NULL)))); /* console.log(baz()) */
	return golden_end();
}
