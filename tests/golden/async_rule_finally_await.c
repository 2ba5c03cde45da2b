/* Port of js/async_rule_finally_await.js: try/finally with an await in the finally; the try's outcome stands unless the finally's await rejects. */
#include "golden.h"

/* async function keepsValue() { try { return 'value' } finally { await null; console.log(...) } } */
static vow_outcome keeps_value(void *ctx)
{
	vow_outcome result = vow_return(vow_str("value")); /* try { return 'value' } */
	vow_outcome f;

	(void)ctx;
	/* finally { */
	f = vow_await_value(vow_null());
	if (vow_outcome_is_throw(f)) {
		vow_outcome_drop(result);
		return f;
	}
	vow_outcome_drop(f);
	log_text("keepsValue: finally ran");
	/* } */
	return result;
}

/* async function keepsReason() { try { await Promise.reject('reason') } finally { await null; console.log(...) } } */
static vow_outcome keeps_reason(void *ctx)
{
	vow_outcome result, f;

	(void)ctx;
	/* try { */
	result = vow_await(keep(vow_promise_reject(ex, vow_str("reason"))));
	if (!vow_outcome_is_throw(result)) {
		vow_outcome_drop(result);
		result = vow_return(vow_undefined()); /* the try block ends without a return */
	}
	/* } finally { */
	f = vow_await_value(vow_null());
	if (vow_outcome_is_throw(f)) {
		vow_outcome_drop(result);
		return f;
	}
	vow_outcome_drop(f);
	log_text("keepsReason: finally ran");
	/* } */
	return result;
}

/* async function finallyWins() { try { return 'value' } finally { await Promise.reject('finally reason') } } */
static vow_outcome finally_wins(void *ctx)
{
	vow_outcome result = vow_return(vow_str("value")); /* try { return 'value' } */
	vow_outcome f;

	(void)ctx;
	/* finally { */
	f = vow_await(keep(vow_promise_reject(ex, vow_str("finally reason"))));
	if (vow_outcome_is_throw(f)) {
		vow_outcome_drop(result);
		return f; /* the finally's rejection replaces the return */
	}
	vow_outcome_drop(f);
	/* } */
	return result;
}

/* (v) => console.log(label, v): the label comes in ctx */
static vow_outcome log_labelled(void *ctx, vow_value v)
{
	log_value(ctx, v);
	return vow_return(vow_undefined());
}

/* (v) => console.log('never printed', v) */
static vow_outcome wins_fulfilled(void *ctx, vow_value v)
{
	(void)ctx;
	log_value("never printed", v);
	return vow_return(vow_undefined());
}

/* (e) => console.log('finallyWins rejected:', e) */
static vow_outcome wins_rejected(void *ctx, vow_value e)
{
	(void)ctx;
	log_value("finallyWins rejected:", e);
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	keep(vow_promise_then(keep(vow_async(ex, keeps_value, NULL, NULL)), log_labelled, NULL,
			      "keepsValue fulfilled:", NULL));
	keep(vow_promise_catch(keep(vow_async(ex, keeps_reason, NULL, NULL)), log_labelled,
			       "keepsReason rejected:", NULL));
	keep(vow_promise_then(keep(vow_async(ex, finally_wins, NULL, NULL)), wins_fulfilled,
			      wins_rejected, NULL, NULL));
	return golden_end();
}
