/* Port of js/seed001_catch_skipped_when_fulfilled.js: catch() passes a fulfilled value through to the next then(). */
#include "golden.h"

/* function(error) { console.log('oh no', String(error)); } */
static vow_outcome oh_no(void *ctx, vow_value error)
{
	char buf[256];

	(void)ctx;
	string_of(error, buf, sizeof buf);
	log_text("oh no %s", buf);
	return vow_return(vow_undefined());
}

/* function() { console.log('carry on'); } */
static vow_outcome carry_on(void *ctx, vow_value v)
{
	(void)ctx;
	(void)v;
	log_text("carry on");
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();

	vow_promise *p = keep(vow_promise_resolve(ex, vow_undefined()));
	p = keep(vow_promise_catch(p, oh_no, NULL, NULL));
	keep(vow_promise_then(p, carry_on, NULL, NULL, NULL));

	return golden_end();
}
