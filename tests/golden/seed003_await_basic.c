/* Port of js/seed003_await_basic.js: await of a resolved promise, and return await. */
#include "golden.h"

/* async function foo() { console.log(await Promise.resolve('foo')) } */
static vow_outcome foo(void *ctx)
{
	vow_value v = VOW_AWAIT(keep(vow_promise_resolve(ex, vow_str("foo"))));

	(void)ctx;
	log_value(NULL, v); /* 异步打印"foo" */
	vow_value_drop(v);
	return vow_return(vow_undefined());
}

/* async function bar() { return await Promise.resolve('bar') } */
static vow_outcome bar(void *ctx)
{
	(void)ctx;
	return vow_await(keep(vow_promise_resolve(ex, vow_str("bar")))); /* 异步打印"bar" */
}

/* (resolve, reject) => { resolve('baz') } */
static vow_outcome baz_executor(void *ctx, vow_resolver *resolve)
{
	(void)ctx;
	vow_resolver_resolve(resolve, vow_str("baz"));
	return vow_return(vow_undefined());
}

/*
 * async function baz() { await new Promise(..., 1000) }: never called, as
 * in the seed (1000 is an extra argument the constructor ignores).
 */
__attribute__((unused)) static vow_outcome baz(void *ctx)
{
	(void)ctx;
	vow_value_drop(VOW_AWAIT(keep(vow_promise_new(ex, baz_executor, NULL))));
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	keep(vow_async(ex, foo, NULL, NULL));                                                          /* foo() */
	keep(vow_promise_then(keep(vow_async(ex, bar, NULL, NULL)), console_log, NULL, NULL, NULL)); /* bar().then(console.log) */
	return golden_end();
}
