/* Port of js/async_rule_nested_calls.js: an async function awaits another's promise and resumes one job after it settles. */
#include "golden.h"

/* async function inner() { ...; await null; ...; return 'inner result' } */
static vow_outcome inner(void *ctx)
{
	(void)ctx;
	log_text("inner: start");
	vow_value_drop(VOW_AWAIT_VALUE(vow_null()));
	log_text("inner: after await");
	return vow_return(vow_str("inner result"));
}

/* async function outer() { ...; const v = await inner(); ...; return v + '!' } */
static vow_outcome outer(void *ctx)
{
	(void)ctx;
	log_text("outer: start");
	vow_value v = VOW_AWAIT(keep(vow_async(ex, inner, NULL, NULL)));
	log_value("outer: got", v);
	vow_value r = vow_strf("%s!", vow_str_cstr(v));
	vow_value_drop(v);
	return vow_return(r);
}

/* () => console.log('tick N'): the text comes in ctx */
static vow_outcome log_tick(void *ctx, vow_value v)
{
	(void)v;
	log_text("%s", (const char *)ctx);
	return vow_return(vow_undefined());
}

/* (v) => console.log('then:', v) */
static vow_outcome show(void *ctx, vow_value v)
{
	(void)ctx;
	log_value("then:", v);
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();

	vow_promise *p = keep(vow_promise_resolve(ex, vow_undefined()));
	p = keep(vow_promise_then(p, log_tick, NULL, "tick 1", NULL));
	p = keep(vow_promise_then(p, log_tick, NULL, "tick 2", NULL));
	p = keep(vow_promise_then(p, log_tick, NULL, "tick 3", NULL));
	keep(vow_promise_then(p, log_tick, NULL, "tick 4", NULL));
	keep(vow_promise_then(keep(vow_async(ex, outer, NULL, NULL)), show, NULL, NULL, NULL));
	log_text("sync end");
	return golden_end();
}
