/* Port of js/seed003_then_throw.js: a then() handler that throws; the derived promise is still pending when logged, then reported unhandled. */
#include "golden.h"

static vow_promise *p;

/* value => { throw 2 } */
static vow_outcome throw_2(void *ctx, vow_value value)
{
	(void)ctx;
	(void)value;
	return vow_throw(vow_int(2));
}

/* () => console.log(p.then(value => { throw 2 })) */
static void timer_fn(void *ctx)
{
	(void)ctx;
	log_value(NULL, item(keep(vow_promise_then(p, throw_2, NULL, NULL, NULL))));
}

int main(void)
{
	golden_begin();
	on_rejections(log_unhandled, NULL);

	p = keep(vow_promise_resolve(ex, vow_int(1)));  /* let p = Promise.resolve(1) */
	set_timeout(timer_fn, NULL, 0);                  /* setTimeout(...) */
	return golden_end();
}
