/* Port of js/seed003_all_basic.js: Promise.all over promises, plain values, nothing, and a missing argument. */
#include "golden.h"

/* e => console.log('p4 rejected:', e.name) */
static vow_outcome log_name(void *ctx, vow_value e)
{
	(void)ctx;
	log_text("p4 rejected: %s", vow_error_name(e));
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();

	/* let p1 = Promise.all([Promise.resolve(1), Promise.resolve(2)]) */
	vow_value a1[] = {
		item(keep(vow_promise_resolve(ex, vow_int(1)))),
		item(keep(vow_promise_resolve(ex, vow_int(2)))),
	};
	vow_promise *p1 = keep(vow_promise_all(ex, a1, 2));

	/* let p2 = Promise.all([3, 4]) */
	vow_value a2[] = {vow_int(3), vow_int(4)};
	vow_promise *p2 = keep(vow_promise_all(ex, a2, 2));

	/* let p3 = Promise.all([]) */
	vow_promise *p3 = keep(vow_promise_all(ex, NULL, 0));

	/*
	 * let p4 = Promise.all(): the argument is not iterable.  The nearest C
	 * call is items NULL with a count, which vow rejects synchronously
	 * (NULL, VOW_EINVAL) where JS returns a promise rejected with a
	 * TypeError (IfAbruptRejectPromise); the port makes that rejection.
	 */
	vow_promise *p4 = vow_promise_all(ex, NULL, 1);
	if (p4 == NULL)
		p4 = vow_promise_reject(ex, vow_type_error("undefined is not iterable: %s",
							   vow_strerror(vow_last_error())));
	keep(p4);
	keep(vow_promise_catch(p4, log_name, NULL, NULL));

	set_timeout(log_promise, p1, 0);
	set_timeout(log_promise, p2, 0);
	set_timeout(log_promise, p3, 0);
	return golden_end();
}
