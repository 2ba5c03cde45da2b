/* Port of js/seed002_reject_catch.js: Promise.reject(3).catch() receives 3. */
#include "golden.h"

/* err => { console.log(err) } */
static vow_outcome on_error(void *ctx, vow_value err)
{
	(void)ctx;
	log_value(NULL, err); /* 3 */
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	keep(vow_promise_catch(keep(vow_promise_reject(ex, vow_int(3))), on_error, NULL, NULL));
	return golden_end();
}
