/* Port of js/async_rule_unhandled_rejection.js: an async function's rejection nobody handles is reported after the microtasks drain; a later catch reports rejectionHandled. */
#include "golden.h"

static vow_promise *late;

/*
 * process.on('unhandledRejection', (r, p) => console.log('unhandledRejection', String(r)));
 * process.on('rejectionHandled', (p) => console.log('rejectionHandled', p === late));
 */
static void on_rejection(void *ud, vow_rejection_event ev, vow_promise *p, vow_value r)
{
	(void)ud;
	if (ev == VOW_UNHANDLED_REJECTION)
		log_string("unhandledRejection", r);
	else
		log_value("rejectionHandled", vow_bool(p == late));
}

/* async function fails(reason) { await null; throw reason }: reason (a string) comes in ctx */
static vow_outcome fails(void *reason)
{
	vow_value_drop(VOW_AWAIT_VALUE(vow_null()));
	return vow_throw(vow_str(reason));
}

/* () => console.log('tick N'): the text comes in ctx */
static vow_outcome log_tick(void *ctx, vow_value v)
{
	(void)v;
	log_text("%s", (const char *)ctx);
	return vow_return(vow_undefined());
}

/* (e) => console.log(label, e): the label comes in ctx */
static vow_outcome log_labelled(void *ctx, vow_value e)
{
	log_value(ctx, e);
	return vow_return(vow_undefined());
}

/* () => inTime.catch((e) => console.log('caught in the same drain:', e)): inTime comes in ctx */
static vow_outcome catch_in_time(void *in_time, vow_value v)
{
	vow_promise *caught = vow_promise_catch(in_time, log_labelled, "caught in the same drain:", NULL);

	(void)v;
	if (caught == NULL)
		golden_die("vow_promise_catch");
	return vow_return(vow_value_promise(caught)); /* the arrow returns it: adopted */
}

/* () => { console.log('timer: late catch'); late.catch(...) } */
static void late_catch(void *ctx)
{
	(void)ctx;
	log_text("timer: late catch");
	keep(vow_promise_catch(late, log_labelled, "late catch:", NULL));
}

int main(void)
{
	golden_begin();
	on_rejections(on_rejection, NULL);

	late = keep(vow_async(ex, fails, "nobody listened", NULL));
	vow_promise *in_time = keep(vow_async(ex, fails, "handled in time", NULL));

	vow_promise *p = keep(vow_promise_resolve(ex, vow_undefined()));
	p = keep(vow_promise_then(p, log_tick, NULL, "tick 1", NULL));
	p = keep(vow_promise_then(p, log_tick, NULL, "tick 2", NULL));
	keep(vow_promise_then(p, catch_in_time, NULL, in_time, NULL));

	set_timeout(late_catch, NULL, 10);
	return golden_end();
}
