/* Port of js/seed002_all_first_rejection.js: Promise.all rejects with the first rejection (6, not 9). */
#include "golden.h"

/* (resolve, reject) => { reject(9) } */
static vow_outcome reject_9(void *ctx, vow_resolver *r)
{
	(void)ctx;
	vow_resolver_reject(r, vow_int(9));
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	/* let p1 = Promise.all([3, Promise.reject(6), new Promise(...)]) */
	vow_value items[] = {
		vow_int(3),
		item(keep(vow_promise_reject(ex, vow_int(6)))),
		item(keep(vow_promise_new(ex, reject_9, NULL))),
	};
	vow_promise *p1 = keep(vow_promise_all(ex, items, 3));
	/* let p2 = p1.catch(...) */
	keep(vow_promise_catch(p1, console_log, NULL, NULL));
	set_timeout(log_promise, p1, 0);
	return golden_end();
}
