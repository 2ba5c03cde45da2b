/* Port of js/seed001_microtask_before_timeout.js: a then() job runs before a 0 ms timer. */
#include "golden.h"

/* function () { console.log('three'); } */
static void three(void *ctx)
{
	(void)ctx;
	log_text("three");
}

/* function () { console.log('two'); } */
static vow_outcome two(void *ctx, vow_value v)
{
	(void)ctx;
	(void)v;
	log_text("two");
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();

	set_timeout(three, NULL, 0);

	keep(vow_promise_then(keep(vow_promise_resolve(ex, vow_undefined())), two, NULL, NULL, NULL));

	log_text("one");

	return golden_end();
}
