/* Port of js/seed003_then_return_values.js: then() always returns a new promise, pending when logged right away. */
#include "golden.h"

static vow_promise *p;

/* value => 2 */
static vow_outcome returns_2(void *ctx, vow_value value)
{
	(void)ctx;
	(void)value;
	return vow_return(vow_int(2));
}

/* value => {} */
static vow_outcome returns_nothing(void *ctx, vow_value value)
{
	(void)ctx;
	(void)value;
	return vow_return(vow_undefined());
}

/* value => p */
static vow_outcome returns_p(void *ctx, vow_value value)
{
	(void)ctx;
	(void)value;
	return vow_return(vow_value_promise(vow_promise_dup(p)));
}

/* () => console.log(p.then(fn)), fn in ctx (NULL: p.then()) */
static void log_then(void *ctx)
{
	log_value(NULL, vow_value_promise(keep(vow_promise_then(p, (vow_handler_fn)ctx, NULL, NULL, NULL))));
}

/* () => console.log(p.then(value => p) === p) */
static void log_then_is_p(void *ctx)
{
	(void)ctx;
	log_value(NULL, vow_bool(keep(vow_promise_then(p, returns_p, NULL, NULL, NULL)) == p));
}

int main(void)
{
	golden_begin();
	p = keep(vow_promise_resolve(ex, vow_int(1)));
	/* setTimeout(...) with no delay: 0 */
	set_timeout(log_then, NULL, 0);
	set_timeout(log_then, (void *)returns_2, 0);
	set_timeout(log_then, (void *)returns_nothing, 0);
	set_timeout(log_then_is_p, NULL, 0);
	return golden_end();
}
