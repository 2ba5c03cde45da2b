/* Port of js/seed002_resolve_idempotent.js: Promise.resolve(p) returns p itself when p is a promise. */
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
	vow_promise *p = keep(vow_promise_resolve(ex, vow_int(3)));
	/* p === Promise.resolve(p) */
	vow_promise *q = keep(vow_promise_resolve(ex, vow_value_promise(vow_promise_dup(p))));
	same = p == q;
	set_timeout(log_bool, &same, 0); /* true */
	return golden_end();
}
