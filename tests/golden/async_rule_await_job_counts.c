/* Port of js/async_rule_await_job_counts.js: await of a promise or a plain value costs one job, of a thenable two. */
#include "golden.h"

/* () => console.log('tick N'): the text comes in ctx */
static vow_outcome log_tick(void *ctx, vow_value v)
{
	(void)v;
	log_text("%s", (const char *)ctx);
	return vow_return(vow_undefined());
}

/* function ticks(): Promise.resolve().then(tick 1).then(tick 2).then(tick 3) */
static void ticks(void)
{
	vow_promise *p = keep(vow_promise_resolve(ex, vow_undefined()));

	p = keep(vow_promise_then(p, log_tick, NULL, "tick 1", NULL));
	p = keep(vow_promise_then(p, log_tick, NULL, "tick 2", NULL));
	keep(vow_promise_then(p, log_tick, NULL, "tick 3", NULL));
}

/* async function awaitPromise() { await Promise.resolve('p'); console.log('resumed') } */
static vow_outcome await_promise(void *ctx)
{
	(void)ctx;
	vow_value_drop(VOW_AWAIT(keep(vow_promise_resolve(ex, vow_str("p")))));
	log_text("resumed");
	return vow_return(vow_undefined());
}

/* async function awaitValue() { await 'v'; console.log('resumed') } */
static vow_outcome await_value(void *ctx)
{
	(void)ctx;
	vow_value_drop(VOW_AWAIT_VALUE(vow_str("v")));
	log_text("resumed");
	return vow_return(vow_undefined());
}

/* const thenable = { then(resolve) { resolve('t') } } */
static vow_outcome thenable_then(void *self, vow_resolver *resolve)
{
	(void)self;
	vow_resolver_resolve(resolve, vow_str("t"));
	return vow_return(vow_undefined());
}

static const vow_thenable_ops thenable_ops = {thenable_then, NULL};

/* async function awaitThenable() { await thenable; console.log('resumed') } */
static vow_outcome await_thenable(void *ctx)
{
	(void)ctx;
	vow_value_drop(VOW_AWAIT_VALUE(vow_thenable(&thenable_ops, NULL)));
	log_text("resumed");
	return vow_return(vow_undefined());
}

/* () => { console.log(heading); ticks(); fn() }, one timer per case */
struct measure {
	const char *heading;
	vow_thunk_fn fn;
};

static void measure(void *ctx)
{
	const struct measure *m = ctx;

	log_text("%s", m->heading);
	ticks();
	keep(vow_async(ex, m->fn, NULL, NULL));
}

static const struct measure promise_case = {"-- await a promise: after 1 job", await_promise};
static const struct measure value_case = {"-- await a plain value: after 1 job", await_value};
static const struct measure thenable_case = {"-- await a thenable: after 2 jobs", await_thenable};

int main(void)
{
	golden_begin();
	set_timeout(measure, (void *)&promise_case, 10);
	set_timeout(measure, (void *)&value_case, 20);
	set_timeout(measure, (void *)&thenable_case, 30);
	return golden_end();
}
