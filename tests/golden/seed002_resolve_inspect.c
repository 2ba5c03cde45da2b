/* Port of js/seed002_resolve_inspect.js: Promise.resolve(3) is already fulfilled when inspected. */
#include "golden.h"

int main(void)
{
	golden_begin();
	vow_promise *p = keep(vow_promise_resolve(ex, vow_int(3)));
	log_value(NULL, vow_value_promise(p)); /* console.log(p): Promise {<fulfilled>: 3} */
	return golden_end();
}
