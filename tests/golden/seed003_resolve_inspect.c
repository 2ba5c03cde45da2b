/* Port of js/seed003_resolve_inspect.js: Promise.resolve(v) is fulfilled at once, whatever v is (an Error included). */
#include "golden.h"

int main(void)
{
	golden_begin();
	/* console.log(Promise.resolve()) */
	log_value(NULL, vow_value_promise(keep(vow_promise_resolve(ex, vow_undefined()))));
	/* console.log(Promise.resolve(3, 4, 5)): the extra arguments are ignored */
	log_value(NULL, vow_value_promise(keep(vow_promise_resolve(ex, vow_int(3)))));
	/* console.log(Promise.resolve(new Error(1))): the message is String(1) */
	log_value(NULL, vow_value_promise(keep(vow_promise_resolve(ex, vow_error(0, "1")))));
	return golden_end();
}
