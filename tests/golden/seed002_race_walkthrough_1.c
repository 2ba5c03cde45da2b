/*
 * Port of js/seed002_race_walkthrough_1.js: Promise.race settles with the
 * first input, the plain value 3; p1's handler then throws (a ReferenceError
 * in JS: it logs `err` but its parameter is `res`), and nothing catches p2.
 *
 * C cannot reference an undeclared name at run time: the handler throws the
 * ReferenceError JavaScript would raise.
 */
#include "golden.h"

/* (resolve, reject) => { resolve(9) } */
static vow_outcome resolve_9(void *ctx, vow_resolver *r)
{
	(void)ctx;
	vow_resolver_resolve(r, vow_int(9));
	return vow_return(vow_undefined());
}

/* res => { console.log(err) }: evaluating err throws */
static vow_outcome log_err(void *ctx, vow_value res)
{
	(void)ctx;
	(void)res;
	return vow_throw(reference_error("err"));
}

int main(void)
{
	golden_begin();
	on_rejections(log_unhandled, NULL);
	/* let p1 = Promise.race([3, Promise.reject(6), new Promise(resolve 9).then(res => log res)]) */
	vow_value items[] = {
		vow_int(3),
		item(keep(vow_promise_reject(ex, vow_int(6)))),
		item(keep(vow_promise_then(keep(vow_promise_new(ex, resolve_9, NULL)), console_log, NULL, NULL, NULL))),
	};
	vow_promise *p1 = keep(vow_promise_race(ex, items, 3));
	/* let p2 = p1.then(res => { console.log(err) }) */
	keep(vow_promise_then(p1, log_err, NULL, NULL, NULL));
	set_timeout(log_promise, p1, 0);
	return golden_end();
}
