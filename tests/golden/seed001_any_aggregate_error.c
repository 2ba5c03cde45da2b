/* Port of js/seed001_any_aggregate_error.js: Promise.any fulfills with the first fulfillment, or rejects with an AggregateError. */
#include <math.h>
#include "golden.h"

/* function (results) { console.log(String(results)); console.log(results.errors); } */
static vow_outcome log_aggregate(void *ctx, vow_value results)
{
	(void)ctx;
	log_string(NULL, results);
	log_value(NULL, vow_error_errors(results));
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();

	vow_promise *resolved = keep(vow_promise_resolve(ex, vow_int(42)));
	vow_promise *rejected = keep(vow_promise_reject(ex, vow_int(-1)));
	vow_promise *also_rejected = keep(vow_promise_reject(ex, vow_double(INFINITY)));

	vow_value items1[] = {item(resolved), item(rejected), item(also_rejected)};
	keep(vow_promise_then(keep(vow_promise_any(ex, items1, 3)), console_log, NULL, NULL, NULL));

	vow_value items2[] = {item(rejected), item(also_rejected)};
	keep(vow_promise_catch(keep(vow_promise_any(ex, items2, 2)), log_aggregate, NULL, NULL));

	return golden_end();
}
