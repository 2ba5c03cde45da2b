/* Port of js/seed004_return_promise_from_then.js: a then() handler returns a fulfilled promise; the next then() gets its value. */
#include "golden.h"

static vow_promise *p2;

/* function(resolve, reject) { resolve(N); } with N in ctx */
static vow_outcome resolve_ctx(void *ctx, vow_resolver *resolver)
{
	vow_resolver_resolve(resolver, vow_int(*(const int *)ctx));
	return vow_return(vow_undefined());
}

/* function(value) { console.log(value); return p2; } */
static vow_outcome first(void *ctx, vow_value value)
{
	(void)ctx;
	log_value(NULL, value);
	return vow_return(vow_value_promise(vow_promise_dup(p2)));
}

int main(void)
{
	static const int v42 = 42, v43 = 43;

	golden_begin();
	vow_promise *p1 = keep(vow_promise_new(ex, resolve_ctx, (void *)&v42));
	p2 = keep(vow_promise_new(ex, resolve_ctx, (void *)&v43));
	vow_promise *t = keep(vow_promise_then(p1, first, NULL, NULL, NULL));
	keep(vow_promise_then(t, console_log, NULL, NULL, NULL));
	return golden_end();
}
