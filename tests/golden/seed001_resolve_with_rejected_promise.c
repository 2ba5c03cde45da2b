/* Port of js/seed001_resolve_with_rejected_promise.js: resolving p2 with p1 makes p2 follow p1's later rejection. */
#include "golden.h"

/* function (resolve, reject) { setTimeout(() => reject(new Error('fail')), 3000) } */
static void p1_fire(void *ctx)
{
	vow_resolver *reject = ctx;

	vow_resolver_reject(reject, vow_error(0, "fail"));
	vow_resolver_release(reject);
}

static vow_outcome p1_executor(void *ctx, vow_resolver *resolver)
{
	(void)ctx;
	set_timeout(p1_fire, vow_resolver_dup(resolver), 3000);
	return vow_return(vow_undefined());
}

/* function (resolve, reject) { setTimeout(() => resolve(p1), 1000) } */
struct p2_timer {
	vow_resolver *resolve;
	vow_promise *p1;
};

static void p2_fire(void *ctx)
{
	struct p2_timer *t = ctx;

	vow_resolver_resolve(t->resolve, vow_value_promise(vow_promise_dup(t->p1)));
	vow_resolver_release(t->resolve);
	free(t);
}

static vow_outcome p2_executor(void *ctx, vow_resolver *resolver)
{
	struct p2_timer *t = malloc(sizeof *t);

	if (t == NULL)
		golden_die("out of memory");
	t->resolve = vow_resolver_dup(resolver);
	t->p1 = ctx; /* kept by main until the end */
	set_timeout(p2_fire, t, 1000);
	return vow_return(vow_undefined());
}

int main(void)
{
	golden_begin();

	vow_promise *p1 = keep(vow_promise_new(ex, p1_executor, NULL));

	vow_promise *p2 = keep(vow_promise_new(ex, p2_executor, p1));

	keep(vow_promise_catch(keep(vow_promise_then(p2, console_log, NULL, NULL, NULL)),
			       console_log_string, NULL, NULL));

	return golden_end();
}
