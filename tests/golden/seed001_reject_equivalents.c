/* Port of js/seed001_reject_equivalents.js: reject(e) from a try/catch and reject(new Error) behave the same. */
#include "golden.h"

/* the try block: throw new Error('test') */
static vow_outcome try_block(void)
{
	return vow_throw(vow_error(0, "test"));
}

/* function(resolve, reject) { try { throw new Error('test'); } catch(e) { reject(e); } } */
static vow_outcome executor_try_catch(void *ctx, vow_resolver *resolver)
{
	vow_outcome e = try_block();

	(void)ctx;
	if (e.kind == VOW_OUTCOME_THROW)
		vow_resolver_reject(resolver, e.value); /* catch(e) { reject(e); } */
	else
		vow_value_drop(e.value);
	return vow_return(vow_undefined());
}

/* function(resolve, reject) { reject(new Error('test')); } */
static vow_outcome executor_reject(void *ctx, vow_resolver *resolver)
{
	(void)ctx;
	vow_resolver_reject(resolver, vow_error(0, "test"));
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();

	{
		vow_promise *promise = keep(vow_promise_new(ex, executor_try_catch, NULL));
		keep(vow_promise_catch(promise, console_log_string, NULL, NULL));
	}

	{
		vow_promise *promise = keep(vow_promise_new(ex, executor_reject, NULL));
		keep(vow_promise_catch(promise, console_log_string, NULL, NULL));
	}

	return golden_end();
}
