/* Port of js/seed004_resolve_rejecting_thenable.js: Promise.resolve(thenable) adopts a thenable that rejects with 42. */
#include "golden.h"

/* then: function(resolve, reject) { reject(42); } */
static vow_outcome thenable_then(void *self, vow_resolver *resolver)
{
	(void)self;
	vow_resolver_reject(resolver, vow_int(42));
	return vow_return(vow_undefined());
}

static const vow_thenable_ops thenable_ops = {.then = thenable_then, .release = NULL};

int main(void)
{
	golden_begin();
	vow_value thenable = vow_thenable(&thenable_ops, NULL);  /* let thenable = { then: ... } */
	vow_promise *p1 = keep(vow_promise_resolve(ex, thenable)); /* moves thenable */
	keep(vow_promise_catch(p1, console_log, NULL, NULL));
	return golden_end();
}
