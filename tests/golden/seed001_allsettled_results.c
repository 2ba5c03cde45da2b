/* Port of js/seed001_allsettled_results.js: Promise.allSettled gives {status, value|reason} records in input order. */
#include "golden.h"

int main(void)
{
	golden_begin();

	vow_promise *resolved = keep(vow_promise_resolve(ex, vow_int(42)));
	vow_promise *rejected = keep(vow_promise_reject(ex, vow_int(-1)));

	vow_value items[] = {item(resolved), item(rejected)};
	vow_promise *all_settled_promise = keep(vow_promise_all_settled(ex, items, 2));

	keep(vow_promise_then(all_settled_promise, console_log, NULL, NULL, NULL));

	return golden_end();
}
