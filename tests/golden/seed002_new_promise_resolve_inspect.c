/* Port of js/seed002_new_promise_resolve_inspect.js: a promise resolved in its executor is already fulfilled when inspected. */
#include "golden.h"

/* resolve => resolve(3) */
static vow_outcome resolve_3(void *ctx, vow_resolver *resolve)
{
	(void)ctx;
	vow_resolver_resolve(resolve, vow_int(3));
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	vow_promise *p = keep(vow_promise_new(ex, resolve_3, NULL));
	log_value(NULL, vow_value_promise(p)); /* console.log(p): Promise {<fulfilled>: 3} */
	return golden_end();
}
