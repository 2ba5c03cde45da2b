/* Port of js/seed003_await_non_promise.js: await of a primitive, an array and a thenable. */
#include "golden.h"

/* async function foo() { console.log(await 'foo') } */
static vow_outcome foo(void *ctx)
{
	vow_value v = VOW_AWAIT_VALUE(vow_str("foo"));

	(void)ctx;
	log_value(NULL, v);
	vow_value_drop(v);
	return vow_return(vow_undefined());
}

/* async function bar() { console.log(await ['bar']) } */
static vow_outcome bar(void *ctx)
{
	vow_value a = vow_array(1), v;

	(void)ctx;
	vow_array_set(a, 0, vow_str("bar"));
	v = VOW_AWAIT_VALUE(a);
	log_value(NULL, v);
	vow_value_drop(v);
	return vow_return(vow_undefined());
}

/* const thenable = { then(callback) { callback('baz') } } */
static vow_outcome thenable_then(void *self, vow_resolver *resolve)
{
	(void)self;
	vow_resolver_resolve(resolve, vow_str("baz"));
	return vow_return(vow_undefined());
}

static const vow_thenable_ops thenable_ops = { thenable_then, NULL };

/* async function baz() { console.log(await thenable) } */
static vow_outcome baz(void *ctx)
{
	vow_value v = VOW_AWAIT_VALUE(vow_thenable(&thenable_ops, NULL));

	(void)ctx;
	log_value(NULL, v);
	vow_value_drop(v);
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
