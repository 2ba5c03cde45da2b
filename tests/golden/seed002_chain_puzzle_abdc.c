/* Port of js/seed002_chain_puzzle_abdc.js: a chain started inside a handler interleaves with the outer chain: A B D C. */
#include "golden.h"

/* (resolve, reject) => { resolve() } */
static vow_outcome resolve_now(void *ctx, vow_resolver *r)
{
	(void)ctx;
	vow_resolver_resolve(r, vow_undefined());
	return vow_return(vow_undefined());
}

/* () => { console.log(ctx) }: the handlers that only print a letter (B, C, D) */
static vow_outcome log_letter(void *ctx, vow_value v)
{
	(void)v;
	log_text("%s", (const char *)ctx);
	return vow_return(vow_undefined());
}

/* () => { console.log('A'); new Promise(...).then(() => log 'B').then(() => log 'C') } */
static vow_outcome handler_a(void *ctx, vow_value v)
{
	(void)ctx;
	(void)v;
	log_text("A");
	vow_promise *inner = keep(vow_promise_new(ex, resolve_now, NULL));
	vow_promise *b = keep(vow_promise_then(inner, log_letter, NULL, "B", NULL));
	keep(vow_promise_then(b, log_letter, NULL, "C", NULL));
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();
	vow_promise *p = keep(vow_promise_new(ex, resolve_now, NULL));
	vow_promise *a = keep(vow_promise_then(p, handler_a, NULL, NULL, NULL));
	keep(vow_promise_then(a, log_letter, NULL, "D", NULL));
	return golden_end();
}
