/* Port of js/seed001_timeout_done.js: timeout(ms) resolves with 'done' from setTimeout(resolve, ms, 'done'). */
#include "golden.h"

/* setTimeout(resolve, ms, 'done'): the timer calls resolve('done') */
static void resolve_done(void *ctx)
{
	vow_resolver *resolve = ctx;

	vow_resolver_resolve(resolve, vow_str("done"));
	vow_resolver_release(resolve);
}

/* (resolve, reject) => { setTimeout(resolve, ms, 'done') }; ctx carries ms */
static vow_outcome executor(void *ctx, vow_resolver *resolve)
{
	const uint64_t *ms = ctx;

	set_timeout(resolve_done, vow_resolver_dup(resolve), *ms);
	return vow_return(vow_undefined());
}

/* function timeout(ms) { return new Promise(...) } */
static vow_promise *timeout(uint64_t ms)
{
	return vow_promise_new(ex, executor, &ms);
}

int main(void)
{
	golden_begin();
	keep(vow_promise_then(keep(timeout(100)), console_log, NULL, NULL, NULL));
	return golden_end();
}
