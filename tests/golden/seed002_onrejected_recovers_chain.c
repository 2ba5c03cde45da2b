/* Port of js/seed002_onrejected_recovers_chain.js: an onRejected handler that returns recovers the chain: A B C, no D. */
#include "golden.h"

/* (resolve, reject) => { reject() } */
static vow_outcome reject_now(void *ctx, vow_resolver *r)
{
	(void)ctx;
	vow_resolver_reject(r, vow_undefined());
	return vow_return(vow_undefined());
}

/* () => { console.log(ctx) }: each handler prints its letter */
static vow_outcome log_letter(void *ctx, vow_value v)
{
	(void)v;
	log_text("%s", (const char *)ctx);
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	vow_promise *p = keep(vow_promise_new(ex, reject_now, NULL));
	vow_promise *a = keep(vow_promise_then(p, NULL, log_letter, "A", NULL));   /* .then(null, () => log 'A') */
	vow_promise *b = keep(vow_promise_then(a, log_letter, NULL, "B", NULL));   /* .then(() => log 'B') */
	vow_promise *c = keep(vow_promise_then(b, log_letter, NULL, "C", NULL));   /* .then(() => log 'C') */
	keep(vow_promise_catch(c, log_letter, "D", NULL));                         /* .catch(() => log 'D') */
	return golden_end();
}
