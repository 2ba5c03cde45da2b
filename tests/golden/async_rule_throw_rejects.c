/* Port of js/async_rule_throw_rejects.js: a throw before or after an await rejects the function's promise; the call itself returns normally. */
#include "golden.h"

/* async function throwBefore() { throw 'thrown before any await' } */
static vow_outcome throw_before(void *ctx)
{
	(void)ctx;
	return vow_throw(vow_str("thrown before any await"));
}

/* async function throwAfter() { await null; throw 'thrown after an await' } */
static vow_outcome throw_after(void *ctx)
{
	(void)ctx;
	vow_value_drop(VOW_AWAIT_VALUE(vow_null()));
	return vow_throw(vow_str("thrown after an await"));
}

/* (e) => console.log(label, e): the label comes in ctx */
static vow_outcome log_rejected(void *ctx, vow_value e)
{
	log_value(ctx, e);
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();

	/*
	 * try { ... } catch (e) { console.log('the caller caught', e) }: C has
	 * no exception to catch; what the JS shows is that the calls return
	 * their promises, and so does vow_async (keep() would stop on NULL).
	 */
	vow_promise *p1 = keep(vow_async(ex, throw_before, NULL, NULL));
	log_value("call returned", item(p1));
	vow_promise *p2 = keep(vow_async(ex, throw_after, NULL, NULL));
	log_value("call returned", item(p2));
	keep(vow_promise_catch(p1, log_rejected, "p1 rejected:", NULL));
	keep(vow_promise_catch(p2, log_rejected, "p2 rejected:", NULL));
	return golden_end();
}
