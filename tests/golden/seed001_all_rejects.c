/* Port of js/seed001_all_rejects.js: Promise.all rejects when a member without its own catch rejects. */
#include "golden.h"

/* (resolve, reject) => { resolve('hello'); } */
static vow_outcome p1_executor(void *ctx, vow_resolver *resolve)
{
	(void)ctx;
	vow_resolver_resolve(resolve, vow_str("hello"));
	return vow_return(vow_undefined());
}

/* (resolve, reject) => { throw new Error('报错了'); } */
static vow_outcome p2_executor(void *ctx, vow_resolver *resolve)
{
	(void)ctx;
	(void)resolve;
	return vow_throw(vow_error(0, "报错了"));
}

/* result => result */
static vow_outcome pass_result(void *ctx, vow_value result)
{
	(void)ctx;
	return vow_return(vow_value_dup(result));
}

int main(void)
{
	golden_begin();

	vow_promise *p1 = keep(vow_promise_then(keep(vow_promise_new(ex, p1_executor, NULL)),
						pass_result, NULL, NULL, NULL));

	vow_promise *p2 = keep(vow_promise_then(keep(vow_promise_new(ex, p2_executor, NULL)),
						pass_result, NULL, NULL, NULL));

	/* Promise.all([p1, p2]).then(...).catch(...) */
	vow_value items[] = {item(p1), item(p2)};
	vow_promise *all = keep(vow_promise_all(ex, items, 2));
	keep(vow_promise_catch(keep(vow_promise_then(all, console_log, NULL, NULL, NULL)),
			       console_log_string, NULL, NULL));

	return golden_end();
}
