/* Port of js/seed003_serial_compose_generic.js: a generic compose(...fns) that chains the functions with then via reduce. */
#include "golden.h"

/* let addTwo = x => x + 2, and addThree, addFive */
static vow_outcome add_two(void *ctx, vow_value x) { (void)ctx; return vow_return(vow_int(x.as.i + 2)); }
static vow_outcome add_three(void *ctx, vow_value x) { (void)ctx; return vow_return(vow_int(x.as.i + 3)); }
static vow_outcome add_five(void *ctx, vow_value x) { (void)ctx; return vow_return(vow_int(x.as.i + 5)); }

/* The closure compose(...fns) returns: it captures fns. */
struct composed {
	const vow_handler_fn *fns;
	size_t n;
};

/* (x) => fns.reduce((promise, fn) => promise.then(fn), Promise.resolve(x)) */
static vow_promise *call_composed(const struct composed *c, int64_t x)
{
	vow_promise *promise = keep(vow_promise_resolve(ex, vow_int(x)));

	for (size_t i = 0; i < c->n; i++)
		promise = keep(vow_promise_then(promise, c->fns[i], NULL, NULL, NULL));
	return promise;
}

/* let compose = (...fns) => (x) => ... */
static struct composed compose(const vow_handler_fn *fns, size_t n)
{
	struct composed c = {fns, n};

	return c;
}

int main(void)
{
	static const vow_handler_fn fns[] = {add_two, add_three, add_five};

	golden_begin();
	struct composed add_ten = compose(fns, 3); /* compose(addTwo, addThree, addFive) */
	keep(vow_promise_then(call_composed(&add_ten, 8), console_log, NULL, NULL, NULL));
	return golden_end();
}
