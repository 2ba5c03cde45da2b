/* Port of js/seed002_then_finally_acbd.js: two then().finally() chains interleave A C B D. */
#include "golden.h"

/* (resolve, reject) => { resolve(n) } with n in ctx */
static vow_outcome resolve_with(void *ctx, vow_resolver *r)
{
	vow_resolver_resolve(r, vow_int(*(const int *)ctx));
	return vow_return(vow_undefined());
}

/* res => { console.log(ctx) } */
static vow_outcome log_then(void *ctx, vow_value res)
{
	(void)res;
	log_text("%s", (const char *)ctx);
	return vow_return(vow_undefined());
}

/* () => { console.log(ctx) } */
static vow_outcome log_finally(void *ctx)
{
	log_text("%s", (const char *)ctx);
	return vow_return(vow_undefined());
}

int main(void)
{
	static const int one = 1, two = 2;

	golden_begin();
	vow_promise *p1 = keep(vow_promise_new(ex, resolve_with, (void *)&one));
	vow_promise *t1 = keep(vow_promise_then(p1, log_then, NULL, "A", NULL));
	keep(vow_promise_finally(t1, log_finally, "B", NULL));
	vow_promise *p2 = keep(vow_promise_new(ex, resolve_with, (void *)&two));
	vow_promise *t2 = keep(vow_promise_then(p2, log_then, NULL, "C", NULL));
	keep(vow_promise_finally(t2, log_finally, "D", NULL));
	return golden_end();
}
