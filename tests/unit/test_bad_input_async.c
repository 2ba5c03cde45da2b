/*
 * test_bad_input_async.c - every public function of async.h with NULL or
 * invalid arguments, out-of-range sizes, a closed executor, outside an
 * async function or generator, from inside the generator itself, or on a
 * finished generator, as one table (bad_input.h); docs/bad-input.md,
 * section async.h, lists the same IDs.
 *
 * Async bodies and generators only record what they see; the row asserts
 * after they stopped (a failing assertion longjmps, which must never leave
 * a fiber).
 */
#include "bad_input.h"

#include "fiber.h" /* vow__fiber_stack_size */

/* A value whose release bumps *dropped. */
static vow_value counted(int *dropped)
{
	return vow_box(dropped, count_dtor);
}

/* A foreign thenable whose release bumps the int self points to; then() is never called. */
static vow_outcome never_then(void *self, vow_resolver *r)
{
	(void)self;
	(void)r;
	fail_msg("then() of a thenable that was only to be released");
	return vow_return(vow_undefined());
}

static const vow_thenable_ops counted_thenable_ops = {never_then, count_dtor};

/* The error code a throw outcome carries (0 for anything else). */
static int throw_code(vow_outcome o)
{
	return o.kind == VOW_OUTCOME_THROW ? vow_error_code(o.value) : 0;
}

/* o is a throw of TypeError(code), which the caller owns: checked, then dropped. */
static void expect_type_error_throw(vow_outcome o, int code)
{
	assert_int_equal(o.kind, VOW_OUTCOME_THROW);
	assert_string_equal(vow_error_name(o.value), "TypeError");
	assert_int_equal(vow_error_code(o.value), code);
	vow_outcome_drop(o);
}

static void expect_null_promise_type_error(vow_value e)
{
	assert_int_equal(e.kind, VOW_ERROR);
	assert_string_equal(vow_error_name(e), "TypeError");
	assert_int_equal(vow_error_code(e), VOW_EINVAL);
	assert_string_equal(vow_error_message(e), "a promise value holds NULL");
}

static void fx_dtor(void *ctx)
{
	((struct fx *)ctx)->dtor++;
}

/* A body or generator that must not run. */
static vow_outcome must_not_run(void *ctx)
{
	((struct fx *)ctx)->ran++;
	return vow_return(vow_undefined());
}

/* ---- vow_async / vow_async_spawn ----------------------------------------------------- */

BAD(vow_async, ex_null)
{
	EXPECT_NULL_EINVAL(vow_async(NULL, must_not_run, f, fx_dtor));
	assert_int_equal(f->dtor, 1);
	assert_int_equal(f->ran, 0);
}
BAD(vow_async, body_null)
{
	EXPECT_NULL_EINVAL(vow_async(f->ex, NULL, f, fx_dtor));
	assert_int_equal(f->dtor, 1);
}
BAD(vow_async, closed)
{
	vow_promise *keeper;
	vow_executor *ex = bad_input_closed_pool_executor(&keeper);

	EXPECT_NULL_ERR(vow_async(ex, must_not_run, f, fx_dtor), VOW_ESHUTDOWN);
	assert_int_equal(f->dtor, 1);
	assert_int_equal(f->ran, 0);
	vow_promise_release(keeper);
}

static vow_outcome return_null_promise(void *ctx)
{
	(void)ctx;
	return vow_return(vow_value_promise(NULL));
}
BAD(vow_async, returns_null_promise)
{
	vow_promise *call = vow_async(f->ex, return_null_promise, NULL, NULL);

	assert_non_null(call);
	assert_int_equal(vow_promise_state(call), VOW_REJECTED); /* no await: settled at once */
	expect_null_promise_type_error(vow_promise_result(call));
	vow_promise_release(call);
}

static vow_outcome return_zero_outcome(void *ctx)
{
	vow_outcome zero = {0, {0}};

	(void)ctx;
	return zero;
}
BAD(vow_async, bad_outcome)
{
	vow_promise *call = vow_async(f->ex, return_zero_outcome, f, fx_dtor);
	vow_value e;

	assert_non_null(call);
	assert_int_equal(vow_promise_state(call), VOW_REJECTED);
	e = vow_promise_result(call);
	assert_string_equal(vow_error_name(e), "TypeError");
	assert_int_equal(vow_error_code(e), VOW_EBADOUTCOME);
	assert_int_equal(f->dtor, 1);
	vow_promise_release(call);
}

BAD(vow_async_spawn, ex_null)
{
	EXPECT_NULL_EINVAL(vow_async_spawn(NULL, must_not_run, f, fx_dtor));
	assert_int_equal(f->dtor, 1);
	assert_int_equal(f->ran, 0);
}
BAD(vow_async_spawn, body_null)
{
	EXPECT_NULL_EINVAL(vow_async_spawn(f->ex, NULL, f, fx_dtor));
	assert_int_equal(f->dtor, 1);
	test_loop_run(f->loop); /* nothing was queued */
	assert_int_equal(f->dtor, 1);
}
BAD(vow_async_spawn, closed)
{
	vow_promise *keeper;
	vow_executor *ex = bad_input_closed_pool_executor(&keeper);

	EXPECT_NULL_ERR(vow_async_spawn(ex, must_not_run, f, fx_dtor), VOW_ESHUTDOWN);
	assert_int_equal(f->dtor, 1);
	assert_int_equal(f->ran, 0);
	vow_promise_release(keeper);
}

/* ---- await outside an async function ---------------------------------------------------- */

BAD(vow_await, outside)
{
	vow_resolver *r;
	vow_promise *p = test_deferred(f->ex, &r);
	vow_outcome o = vow_await(p);

	assert_int_equal(throw_code(o), VOW_ENOTASYNC);
	vow_outcome_drop(o);
	/* Nothing waited, nothing was attached or queued. */
	assert_false(vow_promise_is_handled(p));
	test_loop_run(f->loop);
	assert_false(vow_promise_is_handled(p));
	vow_resolver_release(r);
	vow_promise_release(p);
}
BAD(vow_await, outside_null)
{
	vow_outcome o = vow_await(NULL);

	(void)f;
	assert_int_equal(throw_code(o), VOW_ENOTASYNC); /* the caller is the error, not p */
	vow_outcome_drop(o);
}
BAD(vow_await_value, outside)
{
	int dropped = 0;
	vow_resolver *r;
	vow_promise *p = test_deferred(f->ex, &r);
	vow_outcome o;

	o = vow_await_value(counted(&dropped));
	assert_int_equal(throw_code(o), VOW_ENOTASYNC);
	vow_outcome_drop(o);
	assert_int_equal(dropped, 1);
	o = vow_await_value(vow_thenable(&counted_thenable_ops, &dropped));
	assert_int_equal(throw_code(o), VOW_ENOTASYNC);
	vow_outcome_drop(o);
	assert_int_equal(dropped, 2);
	o = vow_await_value(vow_value_promise(vow_promise_dup(p)));
	assert_int_equal(throw_code(o), VOW_ENOTASYNC);
	vow_outcome_drop(o);
	assert_false(vow_promise_is_handled(p));
	vow_resolver_release(r);
	vow_promise_release(p); /* the last reference: the await's was released */
}

/* A generator that tries to await, to yield a value back, and to tell whether it is async. */
struct in_gen {
	vow_promise *p;
	int await_code, value_code, dropped;
	bool in_async;
};

static vow_outcome awaiting_generator(void *ctx)
{
	struct in_gen *g = ctx;
	vow_outcome o;

	g->in_async = vow_in_async();
	o = vow_await(g->p);
	g->await_code = throw_code(o);
	vow_outcome_drop(o);
	o = vow_await_value(counted(&g->dropped));
	g->value_code = throw_code(o);
	vow_outcome_drop(o);
	return vow_return(vow_undefined());
}

/* Drives the generator once from the row's thread (no async function on the stack). */
static void run_awaiting_generator(struct fx *f, struct in_gen *s)
{
	vow_generator *g = vow_generator_new(awaiting_generator, s, NULL);
	vow_outcome o;
	bool done;

	assert_non_null(g);
	s->p = vow_promise_resolve(f->ex, vow_int(1));
	o = vow_generator_next(g, vow_undefined(), &done);
	assert_true(done);
	vow_outcome_drop(o);
	vow_generator_free(g);
}

BAD(vow_await, in_generator)
{
	struct in_gen s = {0};

	run_awaiting_generator(f, &s);
	assert_int_equal(s.await_code, VOW_ENOTASYNC);
	assert_false(vow_promise_is_handled(s.p));
	vow_promise_release(s.p);
}
BAD(vow_await_value, in_generator)
{
	struct in_gen s = {0};

	run_awaiting_generator(f, &s);
	assert_int_equal(s.value_code, VOW_ENOTASYNC);
	assert_int_equal(s.dropped, 1);
	vow_promise_release(s.p);
}

/* ---- await inside an async function ----------------------------------------------------- */

/* A body that awaits once, as its row says, and keeps the outcome. */
struct one_await {
	vow_promise *p;    /* vow_await(p) */
	bool by_value;     /* vow_await_value(vow_value_promise(NULL)) instead */
	vow_outcome o;
	int calls;
};

static vow_outcome await_once(void *ctx)
{
	struct one_await *a = ctx;

	a->o = a->by_value ? vow_await_value(vow_value_promise(NULL)) : vow_await(a->p);
	a->calls++;
	return vow_return(vow_undefined());
}

BAD(vow_await, null)
{
	struct one_await a = {NULL, false, {0, {0}}, 0};
	vow_promise *call = vow_async(f->ex, await_once, &a, NULL);

	assert_non_null(call);
	assert_int_equal(a.calls, 1); /* at once, without suspending */
	expect_null_promise_type_error(a.o.value);
	assert_int_equal(a.o.kind, VOW_OUTCOME_THROW);
	vow_outcome_drop(a.o);
	vow_promise_release(call);
}
BAD(vow_await_value, null_promise)
{
	struct one_await a = {NULL, true, {0, {0}}, 0};
	vow_promise *call = vow_async(f->ex, await_once, &a, NULL);

	assert_non_null(call);
	assert_int_equal(a.calls, 1);
	expect_null_promise_type_error(a.o.value);
	assert_int_equal(a.o.kind, VOW_OUTCOME_THROW);
	vow_outcome_drop(a.o);
	vow_promise_release(call);
}

/*
 * Bodies that first wait for a promise that settles after their executor
 * closed (vow_loop_free), then await more: each await fails with
 * VOW_ESHUTDOWN.
 */
struct after_close {
	vow_promise *pending;
	vow_promise *settled;
	int codes[4];
	int dropped;
	int resumed;
};

static vow_outcome awaits_after_close(void *ctx)
{
	struct after_close *a = ctx;
	vow_outcome o = vow_await(a->pending);

	a->codes[0] = throw_code(o);
	vow_outcome_drop(o);
	o = vow_await(a->settled);
	a->codes[1] = throw_code(o);
	vow_outcome_drop(o);
	a->resumed++;
	return vow_return(vow_undefined());
}

static vow_outcome await_values_after_close(void *ctx)
{
	struct after_close *a = ctx;
	vow_outcome o = vow_await(a->pending);

	a->codes[0] = throw_code(o);
	vow_outcome_drop(o);
	o = vow_await_value(counted(&a->dropped));
	a->codes[1] = throw_code(o);
	vow_outcome_drop(o);
	o = vow_await_value(vow_thenable(&counted_thenable_ops, &a->dropped));
	a->codes[2] = throw_code(o);
	vow_outcome_drop(o);
	o = vow_await_value(vow_value_promise(vow_promise_dup(a->settled)));
	a->codes[3] = throw_code(o);
	vow_outcome_drop(o);
	a->resumed++;
	return vow_return(vow_undefined());
}

/* Runs body on a loop of its own, frees the loop while body waits, then settles what it awaits. */
static void run_after_close(vow_thunk_fn body, struct after_close *a)
{
	vow_loop *loop = test_loop_new();
	vow_resolver *r;
	vow_promise *call;

	a->pending = test_deferred(vow_loop_executor(loop), &r);
	a->settled = vow_promise_resolve(vow_loop_executor(loop), vow_int(1));
	call = vow_async(vow_loop_executor(loop), body, a, NULL);
	assert_non_null(call);
	vow_loop_free(loop);
	assert_int_equal(a->resumed, 0);
	assert_int_equal(vow_resolver_resolve(r, vow_int(2)), 0); /* resumes it, here */
	assert_int_equal(a->resumed, 1);
	assert_int_equal(vow_promise_state(call), VOW_FULFILLED);
	vow_resolver_release(r);
	vow_promise_release(call);
	vow_promise_release(a->pending);
	vow_promise_release(a->settled);
}

BAD(vow_await, closed_executor)
{
	struct after_close a = {0};

	(void)f;
	run_after_close(awaits_after_close, &a);
	assert_int_equal(a.codes[0], VOW_ESHUTDOWN);
	assert_int_equal(a.codes[1], VOW_ESHUTDOWN); /* though settled */
}
BAD(vow_await_value, closed_executor)
{
	struct after_close a = {0};

	(void)f;
	run_after_close(await_values_after_close, &a);
	assert_int_equal(a.codes[1], VOW_ESHUTDOWN);
	assert_int_equal(a.codes[2], VOW_ESHUTDOWN);
	assert_int_equal(a.codes[3], VOW_ESHUTDOWN);
	assert_int_equal(a.dropped, 2); /* the box and the thenable */
}

/* ---- vow_in_async ---------------------------------------------------------------------- */

BAD(vow_in_async, outside) { (void)f; assert_false(vow_in_async()); }

/* An async body that drives the generator of struct in_gen, then looks for itself. */
struct drives_gen {
	struct in_gen gen;
	bool body_in_async;
};

static vow_outcome drive_generator(void *ctx)
{
	struct drives_gen *d = ctx;
	vow_generator *g = vow_generator_new(awaiting_generator, &d->gen, NULL);
	bool done;

	vow_outcome_drop(vow_generator_next(g, vow_undefined(), &done));
	vow_generator_free(g);
	d->body_in_async = vow_in_async();
	return vow_return(vow_undefined());
}

BAD(vow_in_async, in_generator)
{
	struct drives_gen d = {{0}, false};
	vow_promise *call;

	d.gen.p = vow_promise_resolve(f->ex, vow_int(1));
	call = vow_async(f->ex, drive_generator, &d, NULL);
	assert_non_null(call);
	assert_int_equal(vow_promise_state(call), VOW_FULFILLED);
	/* The generator is the innermost fiber, though an async call is under it. */
	assert_false(d.gen.in_async);
	assert_int_equal(d.gen.await_code, VOW_ENOTASYNC);
	assert_true(d.body_in_async);
	vow_promise_release(call);
	vow_promise_release(d.gen.p);
}

/* ---- outcomes ------------------------------------------------------------------------------- */

BAD(vow_outcome_is_throw, bad_kind)
{
	vow_outcome zero = {0, {0}}, other = {99, {0}};

	(void)f;
	assert_false(vow_outcome_is_throw(zero));
	assert_false(vow_outcome_is_throw(other));
}
BAD(vow_outcome_drop, bad_kind)
{
	int dropped = 0;
	vow_value box = counted(&dropped);
	vow_outcome zero = {0, box}, other = {99, box};

	(void)f;
	vow_outcome_drop(zero);
	vow_outcome_drop(other);
	assert_int_equal(dropped, 0); /* the value of an invalid outcome is not trusted */
	vow_value_drop(box);
	assert_int_equal(dropped, 1);
}

/* ---- stack size ------------------------------------------------------------------------------- */

BAD(vow_async_set_stack_size, too_small)
{
	size_t before = vow__fiber_stack_size();

	(void)f;
	assert_int_equal(vow_async_set_stack_size(0), VOW_EINVAL);
	assert_int_equal(vow_async_set_stack_size(16 * 1024 - 1), VOW_EINVAL);
	assert_int_equal(vow__fiber_stack_size(), before);
}
BAD(vow_async_set_stack_size, too_big)
{
	size_t before = vow__fiber_stack_size();

	(void)f;
	assert_int_equal(vow_async_set_stack_size((size_t)64 * 1024 * 1024 + 1), VOW_EINVAL);
	assert_int_equal(vow_async_set_stack_size(SIZE_MAX), VOW_EINVAL);
	assert_int_equal(vow__fiber_stack_size(), before);
}

/* ---- generators ---------------------------------------------------------------------------------- */

BAD(vow_generator_new, fn_null)
{
	EXPECT_NULL_EINVAL(vow_generator_new(NULL, f, fx_dtor));
	assert_int_equal(f->dtor, 1);
}

/* A generator that yields 1, then returns 2; ctx is the row's struct fx (ran: started). */
static vow_outcome one_two(void *ctx)
{
	vow_outcome o;

	((struct fx *)ctx)->ran++;
	o = vow_yield(vow_int(1));
	vow_outcome_drop(o);
	return vow_return(vow_int(2));
}

static vow_generator *new_one_two(struct fx *f)
{
	vow_generator *g = vow_generator_new(one_two, f, fx_dtor);

	assert_non_null(g);
	return g;
}

/* Runs g to its end: 1, then 2. */
static void finish_one_two(vow_generator *g)
{
	vow_outcome o;
	bool done;

	o = vow_generator_next(g, vow_undefined(), &done);
	assert_false(done);
	assert_int_equal(o.value.as.i, 1);
	o = vow_generator_next(g, vow_undefined(), &done);
	assert_true(done);
	assert_int_equal(o.value.as.i, 2);
}

BAD(vow_generator_next, g_null)
{
	int dropped = 0;
	bool done = false;

	(void)f;
	expect_type_error_throw(vow_generator_next(NULL, counted(&dropped), &done), VOW_EINVAL);
	assert_int_equal(dropped, 1);
	assert_true(done);
}
BAD(vow_generator_next, done_null)
{
	vow_generator *g = new_one_two(f);
	int dropped = 0;

	expect_type_error_throw(vow_generator_next(g, counted(&dropped), NULL), VOW_EINVAL);
	assert_int_equal(dropped, 1);
	assert_int_equal(f->ran, 0); /* not started */
	finish_one_two(g);
	vow_generator_free(g);
	assert_int_equal(f->dtor, 1);
}
BAD(vow_generator_next, finished)
{
	vow_generator *g = new_one_two(f);
	int dropped = 0;
	vow_outcome o;
	bool done = false;

	finish_one_two(g);
	assert_int_equal(f->dtor, 1);
	o = vow_generator_next(g, counted(&dropped), &done);
	assert_int_equal(o.kind, VOW_OUTCOME_RETURN);
	assert_int_equal(o.value.kind, VOW_UNDEFINED);
	assert_true(done);
	assert_int_equal(dropped, 1);
	assert_int_equal(f->ran, 1);
	assert_int_equal(f->dtor, 1);
	vow_generator_free(g);
	assert_int_equal(f->dtor, 1);
}

/* A generator that calls next() and throw() on itself, then yields 1 and returns 2. */
struct self_call {
	vow_generator *self;
	int next_code, throw_code, dropped;
	bool next_done, throw_done;
};

static vow_outcome self_calling(void *ctx)
{
	struct self_call *s = ctx;
	vow_outcome o;

	o = vow_generator_next(s->self, counted(&s->dropped), &s->next_done);
	s->next_code = throw_code(o);
	vow_outcome_drop(o);
	o = vow_generator_throw(s->self, counted(&s->dropped), &s->throw_done);
	s->throw_code = throw_code(o);
	vow_outcome_drop(o);
	o = vow_yield(vow_int(1));
	vow_outcome_drop(o);
	return vow_return(vow_int(2));
}

/* Runs a struct self_call generator to its end and checks what it saw. */
static void run_self_calling(struct self_call *s)
{
	vow_outcome o;
	bool done;

	s->self = vow_generator_new(self_calling, s, NULL);
	assert_non_null(s->self);
	o = vow_generator_next(s->self, vow_undefined(), &done);
	/* The bad calls did not disturb it: it goes on to yield 1, then return 2. */
	assert_false(done);
	assert_int_equal(o.value.as.i, 1);
	o = vow_generator_next(s->self, vow_undefined(), &done);
	assert_true(done);
	assert_int_equal(o.value.as.i, 2);
	assert_int_equal(s->dropped, 2);
	vow_generator_free(s->self);
}

BAD(vow_generator_next, from_inside)
{
	struct self_call s = {0};

	(void)f;
	run_self_calling(&s);
	assert_int_equal(s.next_code, VOW_EBUSY);
	assert_true(s.next_done);
}

static vow_outcome return_zero_outcome_gen(void *ctx)
{
	((struct fx *)ctx)->ran++;
	return return_zero_outcome(NULL);
}
BAD(vow_generator_next, bad_outcome)
{
	vow_generator *g = vow_generator_new(return_zero_outcome_gen, f, fx_dtor);
	bool done = false;

	assert_non_null(g);
	expect_type_error_throw(vow_generator_next(g, vow_undefined(), &done), VOW_EBADOUTCOME);
	assert_true(done);
	assert_int_equal(f->ran, 1);
	assert_int_equal(f->dtor, 1);
	vow_generator_free(g);
}

BAD(vow_generator_throw, g_null)
{
	int dropped = 0;
	bool done = false;

	(void)f;
	expect_type_error_throw(vow_generator_throw(NULL, counted(&dropped), &done), VOW_EINVAL);
	assert_int_equal(dropped, 1);
	assert_true(done);
}
BAD(vow_generator_throw, done_null)
{
	vow_generator *g = new_one_two(f);
	int dropped = 0;

	expect_type_error_throw(vow_generator_throw(g, counted(&dropped), NULL), VOW_EINVAL);
	assert_int_equal(dropped, 1);
	assert_int_equal(f->ran, 0);
	finish_one_two(g); /* neither started nor ended by the bad call */
	vow_generator_free(g);
	assert_int_equal(f->dtor, 1);
}
BAD(vow_generator_throw, finished)
{
	vow_generator *g = new_one_two(f);
	int dropped = 0;
	vow_outcome o;
	bool done = false;

	finish_one_two(g);
	o = vow_generator_throw(g, counted(&dropped), &done);
	/* As gen.throw(x) on a finished generator: x comes back, thrown. */
	assert_int_equal(o.kind, VOW_OUTCOME_THROW);
	assert_ptr_equal(vow_box_data(o.value), &dropped);
	assert_true(done);
	assert_int_equal(dropped, 0);
	vow_outcome_drop(o);
	assert_int_equal(dropped, 1);
	assert_int_equal(f->dtor, 1);
	vow_generator_free(g);
}
BAD(vow_generator_throw, not_started)
{
	vow_generator *g = new_one_two(f);
	int dropped = 0;
	vow_outcome o;
	bool done = false;

	o = vow_generator_throw(g, counted(&dropped), &done);
	assert_int_equal(o.kind, VOW_OUTCOME_THROW);
	assert_ptr_equal(vow_box_data(o.value), &dropped);
	assert_true(done);
	vow_outcome_drop(o);
	assert_int_equal(dropped, 1);
	assert_int_equal(f->ran, 0);  /* fn never ran */
	assert_int_equal(f->dtor, 1); /* it is over */
	o = vow_generator_next(g, vow_undefined(), &done);
	assert_int_equal(o.value.kind, VOW_UNDEFINED);
	assert_true(done);
	vow_generator_free(g);
	assert_int_equal(f->dtor, 1);
}
BAD(vow_generator_throw, from_inside)
{
	struct self_call s = {0};

	(void)f;
	run_self_calling(&s);
	assert_int_equal(s.throw_code, VOW_EBUSY);
	assert_true(s.throw_done);
}

/* ---- vow_yield -------------------------------------------------------------------------------------- */

BAD(vow_yield, outside)
{
	int dropped = 0;
	vow_outcome o = vow_yield(counted(&dropped));

	(void)f;
	assert_int_equal(throw_code(o), VOW_ENOTASYNC);
	vow_outcome_drop(o);
	assert_int_equal(dropped, 1);
}

struct yield_in_async {
	int code, dropped;
};

static vow_outcome yield_from_body(void *ctx)
{
	struct yield_in_async *y = ctx;
	vow_outcome o = vow_yield(counted(&y->dropped));

	y->code = throw_code(o);
	vow_outcome_drop(o);
	return vow_return(vow_undefined());
}
BAD(vow_yield, in_async)
{
	struct yield_in_async y = {0, 0};
	vow_promise *call = vow_async(f->ex, yield_from_body, &y, NULL);

	assert_non_null(call);
	assert_int_equal(y.code, VOW_ENOTASYNC);
	assert_int_equal(y.dropped, 1);
	assert_int_equal(vow_promise_state(call), VOW_FULFILLED);
	vow_promise_release(call);
}

/* A generator that yields, and when freed tries to yield twice more. */
struct unwinding {
	int codes[3];
	int dropped;
	int dtors;
};

static void unwinding_dtor(void *ctx)
{
	((struct unwinding *)ctx)->dtors++;
}

static vow_outcome keeps_yielding(void *ctx)
{
	struct unwinding *u = ctx;

	for (int i = 0; i < 3; i++) {
		vow_outcome o = vow_yield(i == 0 ? vow_int(0) : counted(&u->dropped));

		u->codes[i] = throw_code(o);
		vow_outcome_drop(o);
	}
	return vow_return(vow_undefined());
}
BAD(vow_yield, while_freed)
{
	struct unwinding u = {{1, 1, 1}, 0, 0};
	vow_generator *g = vow_generator_new(keeps_yielding, &u, unwinding_dtor);
	bool done;

	(void)f;
	assert_non_null(g);
	vow_outcome_drop(vow_generator_next(g, vow_undefined(), &done));
	assert_false(done);
	vow_generator_free(g);
	/* The pending yield and each later one: VOW_ECANCELED, at once; the values released. */
	assert_int_equal(u.codes[0], VOW_ECANCELED);
	assert_int_equal(u.codes[1], VOW_ECANCELED);
	assert_int_equal(u.codes[2], VOW_ECANCELED);
	assert_int_equal(u.dropped, 2);
	assert_int_equal(u.dtors, 1);
}

BAD(vow_generator_free, null) { (void)f; vow_generator_free(NULL); }

static const struct row rows[] = {
	ROW(vow_async, ex_null), ROW(vow_async, body_null), ROW(vow_async, closed),
	ROW(vow_async, returns_null_promise), ROW(vow_async, bad_outcome),
	PRE(vow_async, foreign_thread), PRE(vow_async, body_rules),
	ROW(vow_async_spawn, ex_null), ROW(vow_async_spawn, body_null), ROW(vow_async_spawn, closed),
	ROW(vow_await, outside), ROW(vow_await, outside_null), ROW(vow_await, in_generator),
	ROW(vow_await, null), ROW(vow_await, closed_executor),
	ROW(vow_await_value, outside), ROW(vow_await_value, in_generator),
	ROW(vow_await_value, null_promise), ROW(vow_await_value, closed_executor),
	ROW(vow_in_async, outside), ROW(vow_in_async, in_generator),
	ROW(vow_outcome_is_throw, bad_kind), ROW(vow_outcome_drop, bad_kind),
	ROW(vow_async_set_stack_size, too_small), ROW(vow_async_set_stack_size, too_big),
	ROW(vow_generator_new, fn_null),
	ROW(vow_generator_next, g_null), ROW(vow_generator_next, done_null),
	ROW(vow_generator_next, finished), ROW(vow_generator_next, from_inside),
	ROW(vow_generator_next, bad_outcome), PRE(vow_generator_next, other_thread),
	ROW(vow_generator_throw, g_null), ROW(vow_generator_throw, done_null),
	ROW(vow_generator_throw, finished), ROW(vow_generator_throw, not_started),
	ROW(vow_generator_throw, from_inside),
	ROW(vow_yield, outside), ROW(vow_yield, in_async), ROW(vow_yield, while_freed),
	ROW(vow_generator_free, null), PRE(vow_generator_free, from_inside),
	PRE(vow_generator_free, twice),
};

BAD_INPUT_MAIN("bad_input_async", rows)
