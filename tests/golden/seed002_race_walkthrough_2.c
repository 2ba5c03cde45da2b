/* Port of js/seed002_race_walkthrough_2.js: Promise.race settles with the first input that settles: the rejected one (6). */
#include "golden.h"

/* function init(){ console.log(3); return 3 } */
static vow_value init(void)
{
	log_value(NULL, vow_int(3));
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

/* res => { console.log(res); return 'A' } */
static vow_outcome log_then_a(void *ctx, vow_value res)
{
	(void)ctx;
	log_value(NULL, res);
	return vow_return(vow_str("A"));
}

int main(void)
{
	golden_begin();
	/* let p1 = Promise.race([new Promise(resolve 9).then(...), new Promise(reject 6), init()]) */
	vow_value items[] = {
		item(keep(vow_promise_then(keep(vow_promise_new(ex, resolve_9, NULL)), log_then_a, NULL, NULL, NULL))),
		item(keep(vow_promise_new(ex, reject_6, NULL))),
		init(),
	};
	vow_promise *p1 = keep(vow_promise_race(ex, items, 3));
	/* let p2 = p1.then(res => ..., err => ...) */
	keep(vow_promise_then(p1, console_log, console_log, NULL, NULL));
	set_timeout(log_promise, p1, 0);
	return golden_end();
}
