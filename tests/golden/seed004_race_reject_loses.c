/* Port of js/seed004_race_reject_loses.js: the fulfilled p1 comes first, so the race fulfills and catch() never runs (prints nothing). */
#include "golden.h"

/* function(resolve, reject) { resolve(N); } with N in ctx */
static vow_outcome resolve_ctx(void *ctx, vow_resolver *resolver)
{
	vow_resolver_resolve(resolver, vow_int(*(const int *)ctx));
	return vow_return(vow_undefined());
}

int main(void)
{
	static const int v42 = 42, v44 = 44;

	golden_begin();
	vow_promise *p1 = keep(vow_promise_new(ex, resolve_ctx, (void *)&v42));
	vow_promise *p2 = keep(vow_promise_reject(ex, vow_int(43)));
	vow_promise *p3 = keep(vow_promise_new(ex, resolve_ctx, (void *)&v44));
	vow_value items[] = {item(p1), item(p2), item(p3)};
	vow_promise *p4 = keep(vow_promise_race(ex, items, 3));
	keep(vow_promise_catch(p4, console_log, NULL, NULL));
	return golden_end();
}
