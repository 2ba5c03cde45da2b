/* Port of js/seed001_reject_reason_passthrough.js: Promise.reject's reason reaches catch() unchanged. */
#include <string.h>
#include "golden.h"

/* e => { console.log(e === '出错了') } */
static vow_outcome compare_reason(void *ctx, vow_value e)
{
	(void)ctx;
	log_value(NULL, vow_bool(e.kind == VOW_STRING && strcmp(vow_str_cstr(e), "出错了") == 0));
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();

	keep(vow_promise_catch(keep(vow_promise_reject(ex, vow_str("出错了"))), compare_reason, NULL, NULL));

	return golden_end();
}
