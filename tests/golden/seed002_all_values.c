/* Port of js/seed002_all_values.js: Promise.all fulfills with the values in input order, plain values included. */
#include "golden.h"

int main(void)
{
	golden_begin();
	/* let p1 = Promise.all([Promise.resolve('3'), Promise.resolve(), 6]) */
	vow_value items[] = {
		item(keep(vow_promise_resolve(ex, vow_str("3")))),
		item(keep(vow_promise_resolve(ex, vow_undefined()))),
		vow_int(6),
	};
	vow_promise *p1 = keep(vow_promise_all(ex, items, 3));
	/* let p2 = p1.then(...) */
	keep(vow_promise_then(p1, console_log, NULL, NULL, NULL));
	set_timeout(log_promise, p1, 0);
	return golden_end();
}
