/* Port of js/seed003_all_values_loop.js: Promise.all's values in input order, undefined included. */
#include "golden.h"

/* values => { for (let value of values) console.log(value) } */
static vow_outcome log_each(void *ctx, vow_value values)
{
	(void)ctx;
	for (size_t i = 0; i < vow_array_len(values); i++)
		log_value(NULL, vow_array_get(values, i));
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	vow_value items[] = {
		item(keep(vow_promise_resolve(ex, vow_int(1)))),
		item(keep(vow_promise_resolve(ex, vow_undefined()))), /* Promise.resolve() */
		item(keep(vow_promise_resolve(ex, vow_int(3)))),
	};
	vow_promise *p = keep(vow_promise_all(ex, items, 3));
	keep(vow_promise_then(p, log_each, NULL, NULL, NULL));
	return golden_end();
}
