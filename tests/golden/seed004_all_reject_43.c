/* Port of js/seed004_all_reject_43.js: Promise.all rejects with the first rejection's reason (43, not an array). */
#include "golden.h"

/* function(resolve, reject) { resolve(42); } and resolve(44) */
static vow_outcome resolve_ctx(void *ctx, vow_resolver *resolver)
{
	vow_resolver_resolve(resolver, vow_int(*(const int *)ctx));
	return vow_return(vow_undefined());
}

/* function(resolve, reject) { reject(43); } */
static vow_outcome reject_43(void *ctx, vow_resolver *resolver)
{
	(void)ctx;
	vow_resolver_reject(resolver, vow_int(43));
	return vow_return(vow_undefined());
}

/* function(value) { console.log(Array.isArray(value)); console.log(value); } */
static vow_outcome on_rejected(void *ctx, vow_value value)
{
	(void)ctx;
	log_value(NULL, vow_bool(value.kind == VOW_ARRAY));
	log_value(NULL, value);
	return vow_return(vow_undefined());
}

int main(void)
{
	static const int v42 = 42, v44 = 44;

	golden_begin();
	vow_promise *p1 = keep(vow_promise_new(ex, resolve_ctx, (void *)&v42));
	vow_promise *p2 = keep(vow_promise_new(ex, reject_43, NULL));
	vow_promise *p3 = keep(vow_promise_new(ex, resolve_ctx, (void *)&v44));
	vow_value items[] = {item(p1), item(p2), item(p3)};
	vow_promise *p4 = keep(vow_promise_all(ex, items, 3));
	keep(vow_promise_catch(p4, on_rejected, NULL, NULL));
	return golden_end();
}
