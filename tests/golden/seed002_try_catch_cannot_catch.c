/* Port of js/seed002_try_catch_cannot_catch.js: a throw inside the executor rejects the promise; try/catch never sees it. */
#include "golden.h"

/* (resolve, reject) => { console.log('A'); throw new Error(); console.log('B') } */
static vow_outcome executor(void *ctx, vow_resolver *r)
{
	(void)ctx;
	(void)r;
	log_text("A");
	return vow_throw(vow_error(0, "%s", ""));
	/* console.log('B') is unreachable */
}

int main(void)
{
	golden_begin();
	on_rejections(log_unhandled, NULL);
	/*
	 * try { new Promise(...) } catch (err) { console.log(String(err)) }:
	 * the executor's throw becomes the promise's rejection, so
	 * vow_promise_new returns normally and the catch branch never runs.
	 */
	keep(vow_promise_new(ex, executor, NULL));
	log_text("C");
	return golden_end();
}
