/* Port of js/seed004_new_promise_in_handler.js: a handler creates a new promise and returns it; the chain adopts it. */
#include "golden.h"

/* function(resolve, reject) { resolve(N); } with N in ctx */
static vow_outcome resolve_ctx(void *ctx, vow_resolver *resolver)
{
	vow_resolver_resolve(resolver, vow_int(*(const int *)ctx));
	return vow_return(vow_undefined());
}

static const int v42 = 42, v43 = 43;

/* function(value) { console.log(value); let p2 = new Promise(...resolve(43)...); return p2 } */
static vow_outcome first(void *ctx, vow_value value)
{
	(void)ctx;
	log_value(NULL, value);
	vow_promise *p2 = vow_promise_new(ex, resolve_ctx, (void *)&v43);
	if (p2 == NULL)
		golden_die("vow_promise_new");
	return vow_return(vow_value_promise(p2)); /* return p2: our only reference moves */
}

int main(void)
{
	golden_begin();
	vow_promise *p1 = keep(vow_promise_new(ex, resolve_ctx, (void *)&v42));
	vow_promise *t = keep(vow_promise_then(p1, first, NULL, NULL, NULL));
	keep(vow_promise_then(t, console_log, NULL, NULL, NULL));
	return golden_end();
}
