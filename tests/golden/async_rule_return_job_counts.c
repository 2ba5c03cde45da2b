/* Port of js/async_rule_return_job_counts.js: return v, return await p and return p reach the caller's then() after 1, 2 and 3 jobs. */
#include "golden.h"

/* () => console.log('tick N'): the text comes in ctx */
static vow_outcome log_tick(void *ctx, vow_value v)
{
	(void)v;
	log_text("%s", (const char *)ctx);
	return vow_return(vow_undefined());
}

/* function ticks(): Promise.resolve().then(tick 1)...then(tick 4) */
static void ticks(void)
{
	vow_promise *p = keep(vow_promise_resolve(ex, vow_undefined()));

	p = keep(vow_promise_then(p, log_tick, NULL, "tick 1", NULL));
	p = keep(vow_promise_then(p, log_tick, NULL, "tick 2", NULL));
	p = keep(vow_promise_then(p, log_tick, NULL, "tick 3", NULL));
	keep(vow_promise_then(p, log_tick, NULL, "tick 4", NULL));
}

/* async function returnValue() { return 'v' } */
static vow_outcome return_value(void *ctx)
{
	(void)ctx;
	return vow_return(vow_str("v"));
}

/* async function returnAwait() { return await Promise.resolve('await p') } */
static vow_outcome return_await(void *ctx)
{
	(void)ctx;
	return vow_await(keep(vow_promise_resolve(ex, vow_str("await p"))));
}

/* async function returnPromise() { return Promise.resolve('p') } */
static vow_outcome return_promise(void *ctx)
{
	(void)ctx;
	return vow_return(vow_value_promise(vow_promise_resolve(ex, vow_str("p"))));
}

/* const show = (v) => console.log('then:', v) */
static vow_outcome show(void *ctx, vow_value v)
{
	(void)ctx;
	log_value("then:", v);
	return vow_return(vow_undefined());
}

/* () => { console.log(heading); ticks(); fn().then(show) }, one timer per case */
struct measure {
	const char *heading;
	vow_thunk_fn fn;
};

static void measure(void *ctx)
{
	const struct measure *m = ctx;

	log_text("%s", m->heading);
	ticks();
	keep(vow_promise_then(keep(vow_async(ex, m->fn, NULL, NULL)), show, NULL, NULL, NULL));
}

static const struct measure value_case = {"-- return v: 1 job", return_value};
static const struct measure await_case = {"-- return await p: 2 jobs", return_await};
static const struct measure promise_case = {"-- return p: 3 jobs", return_promise};

int main(void)
{
	golden_begin();
	set_timeout(measure, (void *)&value_case, 10);
	set_timeout(measure, (void *)&await_case, 20);
	set_timeout(measure, (void *)&promise_case, 30);
	return golden_end();
}
