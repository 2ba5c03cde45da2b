/*
 * Port of js/seed002_reject_not_idempotent.js: Promise.reject(p) always makes
 * a new promise, rejected with p itself (so both are unhandled).
 */
#include "golden.h"

/* setTimeout(console.log, 0, <boolean>) */
static void log_bool(void *ctx)
{
	log_value(NULL, vow_bool(*(const bool *)ctx));
}

int main(void)
{
	static bool same;

	golden_begin();
	on_rejections(log_unhandled, NULL);
	vow_promise *p = keep(vow_promise_reject(ex, vow_int(3)));
	/* p === Promise.reject(p) */
	vow_promise *q = keep(vow_promise_reject(ex, vow_value_promise(vow_promise_dup(p))));
	same = p == q;
	set_timeout(log_bool, &same, 0); /* false */
	return golden_end();
}
