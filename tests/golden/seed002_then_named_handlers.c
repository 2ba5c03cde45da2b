/* Port of js/seed002_then_named_handlers.js: then(onResolved, onRejected) with named functions. */
#include "golden.h"

/* function onResolved(res): console.log('resolved' + res) */
static vow_outcome on_resolved(void *ctx, vow_value res)
{
	char buf[256];

	(void)ctx;
	string_of(res, buf, sizeof buf);
	log_text("resolved%s", buf);
	return vow_return(vow_undefined());
}

/* function onRejected(err): console.log('rejected' + err) */
static vow_outcome on_rejected(void *ctx, vow_value err)
{
	char buf[256];

	(void)ctx;
	string_of(err, buf, sizeof buf);
	log_text("rejected%s", buf);
	return vow_return(vow_undefined());
}

/* (resolve, reject) => { resolve(3) } */
static vow_outcome executor(void *ctx, vow_resolver *r)
{
	(void)ctx;
	vow_resolver_resolve(r, vow_int(3));
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	vow_promise *p = keep(vow_promise_new(ex, executor, NULL));
	keep(vow_promise_then(p, on_resolved, on_rejected, NULL, NULL));
	return golden_end();
}
