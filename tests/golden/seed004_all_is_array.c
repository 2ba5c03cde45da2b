/* Port of js/seed004_all_is_array.js: Promise.all fulfills with an array. */
#include "golden.h"

/* function(resolve, reject) { resolve(N); } with N in ctx */
static vow_outcome resolve_ctx(void *ctx, vow_resolver *resolver)
{
	vow_resolver_resolve(resolver, vow_int(*(const int *)ctx));
	return vow_return(vow_undefined());
}

/* function(value) { console.log(Array.isArray(value)); } */
static vow_outcome show_is_array(void *ctx, vow_value value)
{
	(void)ctx;
	log_value(NULL, vow_bool(value.kind == VOW_ARRAY));
	return vow_return(vow_undefined());
}

int main(void)
{
	static const int v42 = 42, v43 = 43, v44 = 44;

	golden_begin();
	vow_promise *p1 = keep(vow_promise_new(ex, resolve_ctx, (void *)&v42));
	vow_promise *p2 = keep(vow_promise_new(ex, resolve_ctx, (void *)&v43));
	vow_promise *p3 = keep(vow_promise_new(ex, resolve_ctx, (void *)&v44));
	vow_value items[] = {item(p1), item(p2), item(p3)};
	vow_promise *p4 = keep(vow_promise_all(ex, items, 3));
	keep(vow_promise_then(p4, show_is_array, NULL, NULL, NULL));
	return golden_end();
}
