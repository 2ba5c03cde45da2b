/* Port of js/seed002_allsettled.js: Promise.allSettled reports each member's outcome as a record. */
#include "golden.h"

/* function init(){ return 3 } */
static vow_value init(void)
{
	return vow_int(3);
}

/* (resolve, reject) => { resolve(9) } */
static vow_outcome resolve_9(void *ctx, vow_resolver *r)
{
	(void)ctx;
	vow_resolver_resolve(r, vow_int(9));
	return vow_return(vow_undefined());
}

/* (resolve, reject) => { reject(6) } */
static vow_outcome reject_6(void *ctx, vow_resolver *r)
{
	(void)ctx;
	vow_resolver_reject(r, vow_int(6));
	return vow_return(vow_undefined());
}

/* res => {} */
static vow_outcome ignore(void *ctx, vow_value res)
{
	(void)ctx;
	(void)res;
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	/* let p1 = Promise.allSettled([new Promise(resolve 9).then(res => {}), new Promise(reject 6), init()]) */
	vow_value items[] = {
		item(keep(vow_promise_then(keep(vow_promise_new(ex, resolve_9, NULL)), ignore, NULL, NULL, NULL))),
		item(keep(vow_promise_new(ex, reject_6, NULL))),
		init(),
	};
	vow_promise *p1 = keep(vow_promise_all_settled(ex, items, 3));
	/* let p2 = p1.then(res => ..., err => ...) */
	keep(vow_promise_then(p1, console_log, console_log, NULL, NULL));
	return golden_end();
}
