/* Port of js/seed003_serial_compose_reduce.js: serial composition with reduce over [addTwo, addThree, addFive]. */
#include "golden.h"

/* let addTwo = x => x + 2, and addThree, addFive */
static vow_outcome add_two(void *ctx, vow_value x) { (void)ctx; return vow_return(vow_int(x.as.i + 2)); }
static vow_outcome add_three(void *ctx, vow_value x) { (void)ctx; return vow_return(vow_int(x.as.i + 3)); }
static vow_outcome add_five(void *ctx, vow_value x) { (void)ctx; return vow_return(vow_int(x.as.i + 5)); }

/* let addTen = x => [addTwo, addThree, addFive].reduce((promise, fn) => promise.then(fn), Promise.resolve(x)) */
static vow_promise *add_ten(int64_t x)
{
	static const vow_handler_fn fns[] = {add_two, add_three, add_five};
	vow_promise *promise = keep(vow_promise_resolve(ex, vow_int(x)));

	for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++)
		promise = keep(vow_promise_then(promise, fns[i], NULL, NULL, NULL));
	return promise;
}

int main(void)
{
	golden_begin();
	keep(vow_promise_then(add_ten(8), console_log, NULL, NULL, NULL)); /* addTen(8).then(console.log) */
	return golden_end();
}
