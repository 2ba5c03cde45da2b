/* Port of js/seed004_return_rejected_promise_unhandled.js: a then() handler returns a rejected promise and nothing catches: reported unhandled. */
#include "golden.h"

static vow_promise *p2;

/* function(resolve, reject) { resolve(42); } */
static vow_outcome resolve_42(void *ctx, vow_resolver *resolver)
{
	(void)ctx;
	vow_resolver_resolve(resolver, vow_int(42));
	return vow_return(vow_undefined());
}

/* function(resolve, reject) { reject(43); } */
static vow_outcome reject_43(void *ctx, vow_resolver *resolver)
{
	(void)ctx;
	vow_resolver_reject(resolver, vow_int(43));
	return vow_return(vow_undefined());
}

/* function(value) { console.log(value); return p2; } */
static vow_outcome first(void *ctx, vow_value value)
{
	(void)ctx;
	log_value(NULL, value);
	return vow_return(vow_value_promise(vow_promise_dup(p2)));
}

int main(void)
{
	golden_begin();
	on_rejections(log_unhandled, NULL);

	vow_promise *p1 = keep(vow_promise_new(ex, resolve_42, NULL));
	p2 = keep(vow_promise_new(ex, reject_43, NULL));
	vow_promise *t = keep(vow_promise_then(p1, first, NULL, NULL, NULL));
	keep(vow_promise_then(t, console_log, NULL, NULL, NULL)); /* no rejection handler */
	return golden_end();
}
