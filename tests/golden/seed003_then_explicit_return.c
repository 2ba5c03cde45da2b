/* Port of js/seed003_then_explicit_return.js: then returning a value / a rejected promise; both results are pending when logged. */
#include "golden.h"

static vow_promise *p;

/* value => 2 */
static vow_outcome returns_2(void *ctx, vow_value value)
{
	(void)ctx;
	(void)value;
	return vow_return(vow_int(2));
}

/* value => Promise.reject(3) */
static vow_outcome returns_rejected_3(void *ctx, vow_value value)
{
	(void)ctx;
	(void)value;
	return vow_return(vow_value_promise(vow_promise_reject(ex, vow_int(3))));
}

/* () => console.log(p.then(fn)), fn in ctx */
static void log_then(void *ctx)
{
	log_value(NULL, vow_value_promise(keep(vow_promise_then(p, (vow_handler_fn)ctx, NULL, NULL, NULL))));
}

int main(void)
{
	golden_begin();
	on_rejections(log_unhandled, NULL);
	p = keep(vow_promise_resolve(ex, vow_int(1)));
	/* setTimeout(...) with no delay: 0 */
	set_timeout(log_then, (void *)returns_2, 0);
	set_timeout(log_then, (void *)returns_rejected_3, 0);
	return golden_end();
}
