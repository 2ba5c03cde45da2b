/* Port of js/seed002_catch_returns_fulfilled.js: an executor throw rejects p1; p1.catch() gives a promise fulfilled with undefined. */
#include "golden.h"

/* (resolve, reject) => { console.log('A'); throw new Error('error'); console.log('B') } */
static vow_outcome executor(void *ctx, vow_resolver *r)
{
	(void)ctx;
	(void)r;
	log_text("A");
	return vow_throw(vow_error(0, "error"));
	/* console.log('B') is unreachable */
}

int main(void)
{
	golden_begin();
	vow_promise *p1 = keep(vow_promise_new(ex, executor, NULL));
	vow_promise *p2 = keep(vow_promise_catch(p1, console_log_string, NULL, NULL));
	set_timeout(log_promise, p2, 0);
	return golden_end();
}
