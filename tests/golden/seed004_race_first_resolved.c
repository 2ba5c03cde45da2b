/* Port of js/seed004_race_first_resolved.js: Promise.race settles with the first input, already fulfilled (42). */
#include "golden.h"

/* function(resolve, reject) { resolve(N); } with N in ctx */
static vow_outcome resolve_ctx(void *ctx, vow_resolver *resolver)
{
	vow_resolver_resolve(resolver, vow_int(*(const int *)ctx));
	return vow_return(vow_undefined());
}

int main(void)
{
	static const int v43 = 43, v44 = 44;

	golden_begin();
	vow_promise *p1 = keep(vow_promise_resolve(ex, vow_int(42)));
	vow_promise *p2 = keep(vow_promise_new(ex, resolve_ctx, (void *)&v43));
	vow_promise *p3 = keep(vow_promise_new(ex, resolve_ctx, (void *)&v44));
	vow_value items[] = {item(p1), item(p2), item(p3)};
	vow_promise *p4 = keep(vow_promise_race(ex, items, 3));
	keep(vow_promise_then(p4, console_log, NULL, NULL, NULL));
	return golden_end();
}
