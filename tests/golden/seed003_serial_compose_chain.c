/* Port of js/seed003_serial_compose_chain.js: serial composition as an explicit then chain (8 + 5 + 3 + 2). */
#include "golden.h"

/* let addTwo = x => x + 2, and addThree, addFive */
static vow_outcome add_two(void *ctx, vow_value x) { (void)ctx; return vow_return(vow_int(x.as.i + 2)); }
static vow_outcome add_three(void *ctx, vow_value x) { (void)ctx; return vow_return(vow_int(x.as.i + 3)); }
static vow_outcome add_five(void *ctx, vow_value x) { (void)ctx; return vow_return(vow_int(x.as.i + 5)); }

/* let addTen = x => Promise.resolve(x).then(addFive).then(addThree).then(addTwo) */
static vow_promise *add_ten(int64_t x)
{
	vow_promise *p = keep(vow_promise_resolve(ex, vow_int(x)));

	p = keep(vow_promise_then(p, add_five, NULL, NULL, NULL));
	p = keep(vow_promise_then(p, add_three, NULL, NULL, NULL));
	return keep(vow_promise_then(p, add_two, NULL, NULL, NULL));
}

int main(void)
{
	golden_begin();
	keep(vow_promise_then(add_ten(8), console_log, NULL, NULL, NULL)); /* addTen(8).then(console.log) */
	return golden_end();
}
