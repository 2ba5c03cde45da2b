/* Port of js/seed002_unthrown_error_not_reported.js: the rejection passes through then(onF) and is reported; the returned Error is not. */
#include "golden.h"

/* (resolve, reject) => { reject() } */
static vow_outcome executor(void *ctx, vow_resolver *r)
{
	(void)ctx;
	vow_resolver_reject(r, vow_undefined());
	return vow_return(vow_undefined());
}

/* () => new Error() */
static vow_outcome make_error(void *ctx, vow_value v)
{
	(void)ctx;
	(void)v;
	return vow_return(vow_error(0, "%s", ""));
}

int main(void)
{
	golden_begin();
	on_rejections(log_unhandled, NULL);
	vow_promise *p = keep(vow_promise_new(ex, executor, NULL));
	keep(vow_promise_then(p, make_error, NULL, NULL, NULL));
	return golden_end();
}
