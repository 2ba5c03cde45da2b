/* Port of js/seed003_finally_waits_for_returned_promise.js: finally waits for the promise its callback returns, then passes the original value. */
#include "golden.h"

/* () => new Promise((resolve, reject) => setTimeout(resolve, 1000, 2)) */
static vow_outcome wait_1000(void *ctx)
{
	(void)ctx;
	return vow_return(vow_value_promise(vow_promise_dup(resolve_after(1000, vow_int(2)))));
}

int main(void)
{
	golden_begin();
	vow_promise *p = keep(vow_promise_resolve(ex, vow_int(1)));
	vow_promise *p1 = keep(vow_promise_finally(p, wait_1000, NULL, NULL));
	set_timeout(log_promise, p1, 0);
	set_timeout(log_promise, p1, 1500);
	return golden_end();
}
