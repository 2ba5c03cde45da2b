/* Port of js/seed002_resolve_any_value.js: Promise.resolve of undefined, of a number (extra arguments ignored), of an Error. */
#include "golden.h"

int main(void)
{
	golden_begin();
	/* Error.stackTraceLimit = 0: vow's errors have no stack; inspect prints [Error: error] */
	set_timeout(log_promise, keep(vow_promise_resolve(ex, vow_undefined())), 0); /* Promise.resolve() */
	set_timeout(log_promise, keep(vow_promise_resolve(ex, vow_int(3))), 0);      /* Promise.resolve(3, 6, 9): 6, 9 ignored */
	set_timeout(log_promise, keep(vow_promise_resolve(ex, vow_error(0, "error"))), 0);
	return golden_end();
}
