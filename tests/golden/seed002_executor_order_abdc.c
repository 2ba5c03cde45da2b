/* Port of js/seed002_executor_order_abdc.js: the executor runs synchronously, then handlers run later: A B D C. */
#include "golden.h"

/* (resolve, reject) => { console.log('A'); resolve(3); console.log('B') } */
static vow_outcome executor(void *ctx, vow_resolver *resolve)
{
	(void)ctx;
	log_text("A");
	vow_resolver_resolve(resolve, vow_int(3));
	log_text("B");
	return vow_return(vow_undefined());
}

/* res => { console.log('C') } */
static vow_outcome on_value(void *ctx, vow_value res)
{
	(void)ctx;
	(void)res;
	log_text("C");
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	keep(vow_promise_then(keep(vow_promise_new(ex, executor, NULL)), on_value, NULL, NULL, NULL));
	log_text("D");
	return golden_end();
}
