/* Port of js/seed002_settle_once.js: a promise settles once; later resolve/reject calls are ignored. */
#include "golden.h"

/* () => { resolve(...); resolve(...); reject(...) } inside setTimeout(..., 0) */
static void settle(void *ctx)
{
	vow_resolver *resolve = ctx;

	vow_resolver_resolve(resolve, vow_str("第一次 resolve"));
	vow_resolver_resolve(resolve, vow_str("第二次 resolve")); /* ignored */
	vow_resolver_reject(resolve, vow_str("第一次 reject"));   /* ignored */
	vow_resolver_release(resolve);
}

/* (resolve, reject) => { setTimeout(..., 0) } */
static vow_outcome executor(void *ctx, vow_resolver *r)
{
	(void)ctx;
	set_timeout(settle, vow_resolver_dup(r), 0);
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	vow_promise *p = keep(vow_promise_new(ex, executor, NULL));
	set_timeout(log_promise, p, 1000);
	return golden_end();
}
