/* Port of js/async_rule_await_rejection.js: a rejected await is a throw outcome, handled in the body (try/catch) or returned (propagated unchanged). */
#include "golden.h"

/* const err = new Error('r2') */
static vow_value err;

/* async function caught() { try { await Promise.reject('r1'); ... } catch (e) { ... } return 'recovered' } */
static vow_outcome caught(void *ctx)
{
	vow_outcome o = vow_await(keep(vow_promise_reject(ex, vow_str("r1"))));

	(void)ctx;
	if (!vow_outcome_is_throw(o))
		log_text("never printed");
	else
		log_value("caught in the body:", o.value); /* catch (e) */
	vow_outcome_drop(o);
	return vow_return(vow_str("recovered"));
}

/* async function propagated() { await Promise.reject(err); console.log('never printed') } */
static vow_outcome propagated(void *ctx)
{
	(void)ctx;
	vow_value_drop(VOW_AWAIT(keep(vow_promise_reject(ex, vow_value_dup(err)))));
	log_text("never printed");
	return vow_return(vow_undefined());
}

/* (v) => console.log('caught() fulfilled:', v) */
static vow_outcome on_caught(void *ctx, vow_value v)
{
	(void)ctx;
	log_value("caught() fulfilled:", v);
	return vow_return(vow_undefined());
}

/* (e) => console.log('propagated() rejected:', e.message, e === err) */
static vow_outcome on_propagated(void *ctx, vow_value e)
{
	(void)ctx;
	log_text("propagated() rejected: %s %s", vow_error_message(e),
		 e.kind == err.kind && e.as.obj == err.as.obj ? "true" : "false");
	return vow_return(vow_undefined());
}

int main(void)
{
	int rc;

	golden_begin();
	err = vow_error(0, "r2");
	keep(vow_promise_then(keep(vow_async(ex, caught, NULL, NULL)), on_caught, NULL, NULL, NULL));
	keep(vow_promise_catch(keep(vow_async(ex, propagated, NULL, NULL)), on_propagated, NULL, NULL));
	rc = golden_end();
	vow_value_drop(err);
	return rc;
}
