/* Port of js/seed001_resolve_thenable.js: Promise.resolve(thenable) adopts the thenable's value. */
#include "golden.h"

/* then: function(resolve, reject) { resolve(42); } */
static vow_outcome thenable_then(void *self, vow_resolver *resolver)
{
	(void)self;
	vow_resolver_resolve(resolver, vow_int(42));
	return vow_return(vow_undefined());
}

static const vow_thenable_ops thenable_ops = {thenable_then, NULL};

int main(void)
{
	golden_begin();

	/* let thenable = { then: ... }; */
	vow_value thenable = vow_thenable(&thenable_ops, NULL);

	vow_promise *p1 = keep(vow_promise_resolve(ex, thenable)); /* moves thenable */
	keep(vow_promise_then(p1, console_log, NULL, NULL, NULL));

	return golden_end();
}
