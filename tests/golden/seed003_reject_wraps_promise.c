/* Port of js/seed003_reject_wraps_promise.js: Promise.reject(promise) rejects with the promise itself (no unwrapping). */
#include "golden.h"

int main(void)
{
	golden_begin();
	on_rejections(log_unhandled, NULL);
	/* console.log(Promise.reject(Promise.resolve(1))) */
	vow_promise *inner = vow_promise_resolve(ex, vow_int(1));
	vow_promise *outer = keep(vow_promise_reject(ex, vow_value_promise(inner))); /* moves inner */
	log_value(NULL, vow_value_promise(outer));
	return golden_end();
}
