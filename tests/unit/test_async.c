/*
 * test_async.c - the contract of vow/async.h that the golden tests cannot
 * show (they check the job counts against Node: tests/golden/async_rule_*).
 *
 * Sections, each a block of tests and a block of entries in main():
 *   1. await and yield outside an async function or generator
 *   2. vow_async / vow_async_spawn: arguments and ctx_dtor
 *   3. await: outcomes and ownership
 *   4. generators
 *   5. lifetimes: abandoned awaits, loops freed under suspended calls
 * A new case goes into the section it belongs to, in both places.
 *
 * Leak checks count vow's live heap blocks (vow__alloc_track, core.h):
 * counting starts before the loop is made, and everything the test made,
 * loop included, is gone again at the end.
 *
 * Bodies and generators only record what they see; the test asserts after
 * they stopped.  A failing cmocka assertion longjmps, which must never
 * leave a fiber (vow/async.h).
 */
#include "trace.h"

#include "core.h" /* vow__alloc_track / vow__alloc_live */

/* The error code a throw outcome carries (0 for anything else). */
static int throw_code(vow_outcome o)
{
	return o.kind == VOW_OUTCOME_THROW ? vow_error_code(o.value) : 0;
}

/* True if a and b are the same heap object (the same reference's target). */
static bool same_object(vow_value a, vow_value b)
{
	return a.kind == b.kind && a.as.obj == b.as.obj;
}

static void leak_check_begin(int64_t *base)
{
	vow__alloc_track(true);
	*base = vow__alloc_live();
}

static void leak_check_end(int64_t base)
{
	assert_int_equal(vow__alloc_live(), base);
	vow__alloc_track(false);
}

/* A foreign thenable whose release counts (ctx is an int *); then() never settles. */
static vow_outcome never_then(void *self, vow_resolver *r)
{
	(void)self;
	(void)r;
	return vow_return(vow_undefined());
}

static const vow_thenable_ops counted_thenable_ops = {never_then, count_dtor};

/* ==== 1. await and yield outside an async function ========================== */

/*
 * On the loop's own thread, outside any fiber: vow_await returns at once with
 * VOW_ENOTASYNC, attaches nothing (p stays unhandled) and waits for nothing.
 */
static void test_await_outside_returns_enotasync(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_resolver *r;
	vow_promise *p = test_deferred(vow_loop_executor(loop), &r);
	vow_outcome o;

	(void)state;
	assert_false(vow_in_async());
	o = vow_await(p);
	assert_int_equal(o.kind, VOW_OUTCOME_THROW);
	assert_int_equal(throw_code(o), VOW_ENOTASYNC);
	vow_outcome_drop(o);
	assert_int_equal(vow_promise_state(p), VOW_PENDING);
	assert_false(vow_promise_is_handled(p));

	/* NULL is not looked at: the caller is the error. */
	o = vow_await(NULL);
	assert_int_equal(throw_code(o), VOW_ENOTASYNC);
	vow_outcome_drop(o);

	/* Nothing was queued: the loop is idle, and p settles as usual. */
	test_loop_run(loop);
	assert_int_equal(vow_resolver_resolve(r, vow_int(1)), 0);
	test_loop_run(loop);
	assert_false(vow_promise_is_handled(p));
	vow_resolver_release(r);
	vow_promise_release(p);
	vow_loop_free(loop);
}

/* vow_await_value and vow_yield outside: VOW_ENOTASYNC, and the value moved in is dropped. */
static void test_await_value_and_yield_outside_drop_their_value(void **state)
{
	int64_t base;
	int released = 0;
	vow_loop *loop;
	vow_resolver *r;
	vow_promise *p;
	vow_outcome o;

	(void)state;
	leak_check_begin(&base);
	loop = test_loop_new();
	p = test_deferred(vow_loop_executor(loop), &r);

	o = vow_await_value(vow_str("a heap value"));
	assert_int_equal(throw_code(o), VOW_ENOTASYNC);
	vow_outcome_drop(o);

	o = vow_await_value(vow_value_promise(vow_promise_dup(p)));
	assert_int_equal(throw_code(o), VOW_ENOTASYNC);
	vow_outcome_drop(o);
	assert_false(vow_promise_is_handled(p));

	o = vow_await_value(vow_thenable(&counted_thenable_ops, &released));
	assert_int_equal(throw_code(o), VOW_ENOTASYNC);
	vow_outcome_drop(o);
	assert_int_equal(released, 1);

	o = vow_yield(vow_str("a yielded value"));
	assert_int_equal(throw_code(o), VOW_ENOTASYNC);
	vow_outcome_drop(o);

	test_loop_run(loop);
	vow_resolver_release(r);
	vow_promise_release(p);
	vow_loop_free(loop);
	leak_check_end(base);
}

/* The wrong kind of fiber: yield in an async body, await in a generator. */
struct wrong_fiber {
	vow_promise *p;
	vow_generator *g;
	int yield_code;        /* vow_yield in the async body */
	int gen_await_code;    /* vow_await in the generator */
	int gen_value_code;    /* vow_await_value in the generator */
	bool gen_in_async;     /* vow_in_async() in the generator */
	bool gen_done;         /* done after the generator's first next */
	bool body_in_async;    /* vow_in_async() in the async body, after the generator yielded */
	int body_await_kind;   /* the async body's own await, after that */
};

static vow_outcome await_inside_generator(void *ctx)
{
	struct wrong_fiber *w = ctx;
	vow_outcome o;

	w->gen_in_async = vow_in_async();
	o = vow_await(w->p);
	w->gen_await_code = throw_code(o);
	vow_outcome_drop(o);
	o = vow_await_value(vow_int(1));
	w->gen_value_code = throw_code(o);
	vow_outcome_drop(o);
	return vow_yield(vow_undefined());
}

static vow_outcome yield_inside_async(void *ctx)
{
	struct wrong_fiber *w = ctx;
	vow_outcome o = vow_yield(vow_str("nowhere to go"));
	bool done;

	w->yield_code = throw_code(o);
	vow_outcome_drop(o);
	/* A generator driven from here: its fiber is the innermost one. */
	vow_outcome_drop(vow_generator_next(w->g, vow_undefined(), &done));
	w->gen_done = done;
	w->body_in_async = vow_in_async();
	o = vow_await(w->p);
	w->body_await_kind = o.kind;
	vow_outcome_drop(o);
	return vow_return(vow_undefined());
}

static void test_yield_in_async_and_await_in_generator(void **state)
{
	vow_loop *loop = test_loop_new();
	struct wrong_fiber w = {0};
	vow_promise *call;

	(void)state;
	w.p = vow_promise_resolve(vow_loop_executor(loop), vow_int(7));
	w.g = vow_generator_new(await_inside_generator, &w, NULL);
	assert_non_null(w.g);
	call = vow_async(vow_loop_executor(loop), yield_inside_async, &w, NULL);
	assert_non_null(call);
	assert_int_equal(w.yield_code, VOW_ENOTASYNC);
	assert_false(w.gen_in_async);
	assert_int_equal(w.gen_await_code, VOW_ENOTASYNC);
	assert_int_equal(w.gen_value_code, VOW_ENOTASYNC);
	assert_false(w.gen_done);
	assert_true(w.body_in_async);
	test_loop_run(loop);
	assert_int_equal(w.body_await_kind, VOW_OUTCOME_RETURN);
	assert_int_equal(vow_promise_state(call), VOW_FULFILLED);
	vow_generator_free(w.g);
	vow_promise_release(call);
	vow_promise_release(w.p);
	vow_loop_free(loop);
}

/* ==== 2. vow_async / vow_async_spawn: arguments and ctx_dtor ================== */

/* A body that must not run: it counts its runs, the tests check for 0. */
static int wrongly_run;

static vow_outcome must_not_run(void *ctx)
{
	(void)ctx;
	wrongly_run++;
	return vow_return(vow_undefined());
}

static void test_async_bad_arguments(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_executor *ex = vow_loop_executor(loop);
	int dtors = 0;

	(void)state;
	assert_null(vow_async(NULL, must_not_run, &dtors, count_dtor));
	assert_int_equal(vow_last_error(), VOW_EINVAL);
	assert_int_equal(dtors, 1);
	assert_null(vow_async(ex, NULL, &dtors, count_dtor));
	assert_int_equal(vow_last_error(), VOW_EINVAL);
	assert_int_equal(dtors, 2);
	assert_null(vow_async_spawn(NULL, must_not_run, &dtors, count_dtor));
	assert_int_equal(vow_last_error(), VOW_EINVAL);
	assert_int_equal(dtors, 3);
	assert_null(vow_async_spawn(ex, NULL, &dtors, count_dtor));
	assert_int_equal(vow_last_error(), VOW_EINVAL);
	assert_int_equal(dtors, 4);
	/* Without a ctx_dtor there is nothing to run. */
	assert_null(vow_async(ex, NULL, &dtors, NULL));
	assert_int_equal(vow_last_error(), VOW_EINVAL);
	assert_int_equal(dtors, 4);
	test_loop_run(loop);
	assert_int_equal(wrongly_run, 0);
	vow_loop_free(loop);
}

static void test_async_on_closed_executor(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_promise *keeper = vow_promise_resolve(vow_loop_executor(loop), vow_int(0));
	vow_executor *closed;
	int dtors = 0;

	(void)state;
	vow_loop_free(loop);
	closed = vow_promise_executor(keeper); /* kept alive by keeper */
	assert_null(vow_async(closed, must_not_run, &dtors, count_dtor));
	assert_int_equal(vow_last_error(), VOW_ESHUTDOWN);
	assert_int_equal(dtors, 1);
	assert_null(vow_async_spawn(closed, must_not_run, &dtors, count_dtor));
	assert_int_equal(vow_last_error(), VOW_ESHUTDOWN);
	assert_int_equal(dtors, 2);
	assert_int_equal(wrongly_run, 0);
	vow_promise_release(keeper);
}

/* No memory for the function's promise (or the generator): NULL + VOW_ENOMEM, ctx_dtor once, nothing runs. */
static void test_async_out_of_memory(void **state)
{
	int64_t base;
	vow_loop *loop;
	int dtors = 0;

	(void)state;
	leak_check_begin(&base);
	loop = test_loop_new();
	vow__alloc_fail_at(1);
	assert_null(vow_async(vow_loop_executor(loop), must_not_run, &dtors, count_dtor));
	assert_false(vow__alloc_fail_pending());
	assert_int_equal(vow_last_error(), VOW_ENOMEM);
	assert_int_equal(dtors, 1);
	vow__alloc_fail_at(1);
	assert_null(vow_async_spawn(vow_loop_executor(loop), must_not_run, &dtors, count_dtor));
	assert_false(vow__alloc_fail_pending());
	assert_int_equal(vow_last_error(), VOW_ENOMEM);
	assert_int_equal(dtors, 2);
	vow__alloc_fail_at(1);
	assert_null(vow_generator_new(must_not_run, &dtors, count_dtor));
	assert_false(vow__alloc_fail_pending());
	assert_int_equal(vow_last_error(), VOW_ENOMEM);
	assert_int_equal(dtors, 3);
	test_loop_run(loop);
	assert_int_equal(wrongly_run, 0);
	vow_loop_free(loop);
	leak_check_end(base);
}

/* A body that counts its steps; its ctx_dtor records how far it had got. */
struct steps {
	int step;          /* 1 before the await, 2 after it */
	int dtors;
	int step_at_dtor;
	bool throws;       /* end with a throw instead of a return */
	bool awaits;       /* await a plain value between the steps */
};

static vow_outcome stepping_body(void *ctx)
{
	struct steps *s = ctx;

	s->step = 1;
	if (s->awaits)
		vow_value_drop(VOW_AWAIT_VALUE(vow_int(1)));
	s->step = 2;
	return s->throws ? vow_throw(vow_int(-1)) : vow_return(vow_int(1));
}

static void steps_dtor(void *ctx)
{
	struct steps *s = ctx;

	s->dtors++;
	s->step_at_dtor = s->step;
}

static void test_ctx_dtor_runs_once_after_the_body(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_executor *ex = vow_loop_executor(loop);
	struct steps suspended = {.awaits = true};
	struct steps at_once = {.awaits = false};
	struct steps throwing = {.awaits = true, .throws = true};
	vow_promise *p1, *p2, *p3;

	(void)state;
	p1 = vow_async(ex, stepping_body, &suspended, steps_dtor);
	assert_non_null(p1);
	assert_int_equal(suspended.step, 1); /* stopped at its await */
	assert_int_equal(suspended.dtors, 0);

	p2 = vow_async(ex, stepping_body, &at_once, steps_dtor);
	assert_non_null(p2);
	assert_int_equal(at_once.dtors, 1); /* it returned inside the call */
	assert_int_equal(at_once.step_at_dtor, 2);

	p3 = vow_async(ex, stepping_body, &throwing, steps_dtor);
	assert_non_null(p3);
	assert_int_equal(throwing.dtors, 0);

	test_loop_run(loop);
	assert_int_equal(suspended.dtors, 1);
	assert_int_equal(suspended.step_at_dtor, 2);
	assert_int_equal(throwing.dtors, 1);
	assert_int_equal(throwing.step_at_dtor, 2);
	assert_int_equal(at_once.dtors, 1);
	assert_int_equal(vow_promise_state(p1), VOW_FULFILLED);
	assert_int_equal(vow_promise_state(p3), VOW_REJECTED);
	vow_promise_release(p1);
	vow_promise_release(p2);
	vow_promise_release(p3);
	vow_loop_free(loop);
}

static void test_spawn_starts_the_body_as_a_job(void **state)
{
	vow_loop *loop = test_loop_new();
	struct steps s = {.awaits = true};
	vow_promise *p;

	(void)state;
	p = vow_async_spawn(vow_loop_executor(loop), stepping_body, &s, steps_dtor);
	assert_non_null(p);
	assert_int_equal(s.step, 0); /* not started yet */
	assert_int_equal(s.dtors, 0);
	test_loop_run(loop);
	assert_int_equal(s.dtors, 1);
	assert_int_equal(s.step_at_dtor, 2);
	assert_int_equal(vow_promise_state(p), VOW_FULFILLED);
	assert_int_equal(vow_promise_result(p).as.i, 1);
	vow_promise_release(p);
	vow_loop_free(loop);
}

/* ==== 3. await: outcomes and ownership ====================================== */

struct awaiter {
	vow_promise *p;     /* what the body awaits (borrowed) */
	vow_outcome seen;   /* what vow_await returned, kept (owned) */
};

/* const x = await p; return x (VOW_AWAIT: a rejection returns at once) */
static vow_outcome await_macro_body(void *ctx)
{
	struct awaiter *a = ctx;
	vow_value x = VOW_AWAIT(a->p);

	return vow_return(x);
}

/* Keeps what vow_await returned, whatever it is. */
static vow_outcome await_keep_body(void *ctx)
{
	struct awaiter *a = ctx;

	a->seen = vow_await(a->p);
	return vow_return(vow_undefined());
}

static void test_await_macro_propagates_the_reason_unchanged(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_executor *ex = vow_loop_executor(loop);
	vow_value err = vow_error(42, "the reason");
	struct awaiter a1 = {0}, a2 = {0};
	vow_promise *call1, *call2;

	(void)state;
	a1.p = vow_promise_reject(ex, vow_value_dup(err));
	a2.p = a1.p;
	call1 = vow_async(ex, await_macro_body, &a1, NULL);
	call2 = vow_async(ex, await_keep_body, &a2, NULL);
	test_loop_run(loop);

	/* VOW_AWAIT: the function's promise rejects with the very same error. */
	assert_int_equal(vow_promise_state(call1), VOW_REJECTED);
	assert_true(same_object(vow_promise_result(call1), err));
	assert_int_equal(vow_error_code(vow_promise_result(call1)), 42);
	/* vow_await: a throw outcome with that same error. */
	assert_int_equal(a2.seen.kind, VOW_OUTCOME_THROW);
	assert_true(same_object(a2.seen.value, err));
	vow_outcome_drop(a2.seen);

	vow_promise_release(call1);
	vow_promise_release(call2);
	vow_promise_release(a1.p);
	vow_value_drop(err);
	vow_loop_free(loop);
}

/*
 * The awaited value is a new reference, owned by the body: it stays valid
 * after the promise it came from is gone, and dropping it once frees it.
 */
static void test_await_returns_an_owned_value(void **state)
{
	int64_t base;
	vow_loop *loop;
	vow_resolver *r;
	struct awaiter a = {0};
	vow_promise *call;

	(void)state;
	leak_check_begin(&base);
	loop = test_loop_new();
	a.p = test_deferred(vow_loop_executor(loop), &r);
	call = vow_async(vow_loop_executor(loop), await_keep_body, &a, NULL);
	assert_non_null(call);
	assert_int_equal(vow_resolver_resolve(r, vow_str("owned")), 0);
	test_loop_run(loop);
	vow_resolver_release(r);
	vow_promise_release(a.p); /* the last reference: the promise is gone */
	assert_int_equal(a.seen.kind, VOW_OUTCOME_RETURN);
	assert_string_equal(vow_str_cstr(a.seen.value), "owned");
	vow_outcome_drop(a.seen);
	vow_promise_release(call);
	vow_loop_free(loop);
	leak_check_end(base);
}

/* await of a plain value moves it through: the same object comes back (await x === x). */
struct value_awaiter {
	vow_value in;
	vow_value out;
};

static vow_outcome await_value_body(void *ctx)
{
	struct value_awaiter *a = ctx;

	a->out = VOW_AWAIT_VALUE(a->in);
	return vow_return(vow_undefined());
}

static void test_await_value_moves_the_value_through(void **state)
{
	int64_t base;
	vow_loop *loop;
	struct value_awaiter a = {0};
	vow_promise *call;

	(void)state;
	leak_check_begin(&base);
	loop = test_loop_new();
	a.in = vow_str("moved");
	call = vow_async(vow_loop_executor(loop), await_value_body, &a, NULL);
	test_loop_run(loop);
	assert_true(same_object(a.out, a.in));
	assert_string_equal(vow_str_cstr(a.out), "moved");
	vow_value_drop(a.out); /* the one reference: a.in was moved in */
	vow_promise_release(call);
	vow_loop_free(loop);
	leak_check_end(base);
}

/* await marks the promise handled, as then() does: no unhandled rejection. */
static void count_rejection_events(void *ud, vow_rejection_event ev, vow_promise *p, vow_value r)
{
	(void)ev;
	(void)p;
	(void)r;
	++*(int *)ud;
}

static void test_await_marks_the_promise_handled(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_executor *ex = vow_loop_executor(loop);
	struct awaiter a = {0};
	vow_promise *call;
	int events = 0;

	(void)state;
	assert_int_equal(vow_executor_set_rejection_policy(ex, VOW_REJECTIONS_CALLBACK,
							   count_rejection_events, &events), 0);
	a.p = vow_promise_reject(ex, vow_int(3));
	call = vow_async(ex, await_keep_body, &a, NULL);
	assert_true(vow_promise_is_handled(a.p));
	test_loop_run(loop);
	assert_int_equal(events, 0);
	assert_int_equal(a.seen.kind, VOW_OUTCOME_THROW);
	assert_int_equal(a.seen.value.as.i, 3);
	vow_outcome_drop(a.seen);
	vow_promise_release(call);
	vow_promise_release(a.p);
	vow_loop_free(loop);
}

/* Inside an async function, a NULL promise is a VOW_EINVAL throw. */
static vow_outcome await_null_body(void *ctx)
{
	int *codes = ctx;
	vow_outcome o = vow_await(NULL);

	codes[0] = throw_code(o);
	vow_outcome_drop(o);
	o = vow_await_value(vow_value_promise(NULL));
	codes[1] = throw_code(o);
	vow_outcome_drop(o);
	return vow_return(vow_undefined());
}

static void test_await_null_inside(void **state)
{
	vow_loop *loop = test_loop_new();
	int codes[2] = {0, 0};
	vow_promise *call;

	(void)state;
	call = vow_async(vow_loop_executor(loop), await_null_body, codes, NULL);
	assert_int_equal(codes[0], VOW_EINVAL);
	assert_int_equal(codes[1], VOW_EINVAL);
	test_loop_run(loop);
	vow_promise_release(call);
	vow_loop_free(loop);
}

/*
 * A call made on a stack that an older fiber used (the stack pool): nothing
 * of the older fiber's bytes is read as the call's own state.  The
 * generator fills its frame with 0x02, which is no valid bool; the async
 * body's first await is of a plain value.  (Under UBSan a stale bool read
 * stops the test; elsewhere the trace shows the await worked.)
 */
static vow_outcome scribbling_gen(void *ctx)
{
	volatile unsigned char junk[16 * 1024];

	(void)ctx;
	memset((void *)junk, 2, sizeof junk);
	return vow_return(vow_int(junk[sizeof junk - 1]));
}

static vow_outcome await_two_values_body(void *ctx)
{
	int *sum = ctx;
	vow_value a = VOW_AWAIT_VALUE(vow_int(1));
	vow_value b = VOW_AWAIT_VALUE(vow_int(2));

	*sum = (int)(a.as.i + b.as.i);
	return vow_return(vow_undefined());
}

static void test_await_on_a_reused_stack(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_generator *g = vow_generator_new(scribbling_gen, NULL, NULL);
	vow_promise *call;
	vow_outcome o;
	int sum = 0;
	bool done;

	(void)state;
	o = vow_generator_next(g, vow_undefined(), &done);
	assert_true(done);
	assert_int_equal(o.value.as.i, 2);
	vow_generator_free(g); /* its stack goes back to the pool */
	call = vow_async(vow_loop_executor(loop), await_two_values_body, &sum, NULL);
	test_loop_run(loop);
	assert_int_equal(sum, 3);
	assert_int_equal(vow_promise_state(call), VOW_FULFILLED);
	vow_promise_release(call);
	vow_loop_free(loop);
}

/* ==== 4. generators ========================================================= */

/*
 * function* g() {
 *   const a = yield 1;                        // next('a')
 *   try { yield 2 } catch (e) { caught = e }  // throw('r')
 *   const c = yield 3;                        // next('c')
 *   return 'end:' + a + c;
 * }
 */
struct seq {
	int dtors;
	int kinds[3];      /* what the three yields returned */
	vow_value caught;  /* the second one's reason */
};

static vow_outcome sequence_gen(void *ctx)
{
	struct seq *s = ctx;
	vow_outcome a, b, c;
	vow_value end;

	a = vow_yield(vow_int(1));
	s->kinds[0] = a.kind;
	b = vow_yield(vow_int(2));
	s->kinds[1] = b.kind;
	s->caught = b.value; /* catch (e) */
	c = vow_yield(vow_int(3));
	s->kinds[2] = c.kind;
	end = vow_strf("end:%s%s", vow_str_cstr(a.value), vow_str_cstr(c.value));
	vow_outcome_drop(a);
	vow_outcome_drop(c);
	return vow_return(end);
}

static void seq_dtor(void *ctx)
{
	((struct seq *)ctx)->dtors++;
}

static void test_generator_next_throw_done(void **state)
{
	struct seq s = {0};
	vow_generator *g = vow_generator_new(sequence_gen, &s, seq_dtor);
	vow_value reason = vow_str("r"), late = vow_str("late");
	vow_outcome o;
	bool done = true;

	(void)state;
	assert_non_null(g);
	o = vow_generator_next(g, vow_undefined(), &done);
	assert_int_equal(o.kind, VOW_OUTCOME_RETURN);
	assert_int_equal(o.value.as.i, 1);
	assert_false(done);

	o = vow_generator_next(g, vow_str("a"), &done);
	assert_int_equal(o.value.as.i, 2);
	assert_false(done);

	o = vow_generator_throw(g, vow_value_dup(reason), &done);
	assert_int_equal(o.kind, VOW_OUTCOME_RETURN);
	assert_int_equal(o.value.as.i, 3);
	assert_false(done);
	assert_true(same_object(s.caught, reason));
	vow_value_drop(s.caught);

	o = vow_generator_next(g, vow_str("c"), &done);
	assert_true(done);
	assert_int_equal(o.kind, VOW_OUTCOME_RETURN);
	assert_string_equal(vow_str_cstr(o.value), "end:ac");
	vow_outcome_drop(o);
	assert_int_equal(s.kinds[0], VOW_OUTCOME_RETURN);
	assert_int_equal(s.kinds[1], VOW_OUTCOME_THROW);
	assert_int_equal(s.kinds[2], VOW_OUTCOME_RETURN);
	assert_int_equal(s.dtors, 1);

	/* Over: next gives undefined, throw gives the reason back; done each time. */
	done = false;
	o = vow_generator_next(g, vow_str("ignored"), &done);
	assert_true(done);
	assert_int_equal(o.kind, VOW_OUTCOME_RETURN);
	assert_int_equal(o.value.kind, VOW_UNDEFINED);
	done = false;
	o = vow_generator_throw(g, vow_value_dup(late), &done);
	assert_true(done);
	assert_int_equal(o.kind, VOW_OUTCOME_THROW);
	assert_true(same_object(o.value, late));
	vow_outcome_drop(o);

	vow_generator_free(g);
	assert_int_equal(s.dtors, 1);
	vow_value_drop(reason);
	vow_value_drop(late);
}

/* A generator that does not catch: the throw ends it, and next reports it with done. */
static vow_outcome uncaught_gen(void *ctx)
{
	(void)ctx;
	return vow_yield(vow_int(1)); /* a throw outcome comes back out */
}

static void test_generator_throw_uncaught_ends_it(void **state)
{
	int dtors = 0;
	vow_generator *g = vow_generator_new(uncaught_gen, &dtors, count_dtor);
	vow_value reason = vow_error(5, "stop");
	vow_outcome o;
	bool done;

	(void)state;
	vow_outcome_drop(vow_generator_next(g, vow_undefined(), &done));
	assert_false(done);
	o = vow_generator_throw(g, vow_value_dup(reason), &done);
	assert_true(done);
	assert_int_equal(o.kind, VOW_OUTCOME_THROW);
	assert_true(same_object(o.value, reason));
	vow_outcome_drop(o);
	assert_int_equal(dtors, 1);
	vow_generator_free(g);
	assert_int_equal(dtors, 1);
	vow_value_drop(reason);
}

/* The first next()'s argument goes nowhere (and is freed); the second is what the first yield returns. */
static vow_outcome echo_gen(void *ctx)
{
	vow_outcome *got = ctx;

	*got = vow_yield(vow_int(1));
	return vow_return(vow_undefined());
}

static void test_generator_first_next_argument_dropped(void **state)
{
	int64_t base;
	vow_outcome got = {0};
	vow_generator *g;
	bool done;

	(void)state;
	leak_check_begin(&base);
	g = vow_generator_new(echo_gen, &got, NULL);
	vow_outcome_drop(vow_generator_next(g, vow_str("dropped"), &done));
	assert_false(done);
	assert_int_equal(got.kind, 0); /* not resumed yet */
	vow_outcome_drop(vow_generator_next(g, vow_str("second"), &done));
	assert_true(done);
	assert_int_equal(got.kind, VOW_OUTCOME_RETURN);
	assert_string_equal(vow_str_cstr(got.value), "second");
	vow_outcome_drop(got);
	vow_generator_free(g);
	leak_check_end(base);
}

/* throw() into a generator that never started: it ends at once, fn never runs. */
static vow_outcome flag_gen(void *ctx)
{
	*(bool *)ctx = true;
	return vow_yield(vow_undefined());
}

struct flag_and_count {
	bool ran;
	int dtors;
};

static vow_outcome flag_count_gen(void *ctx)
{
	return flag_gen(&((struct flag_and_count *)ctx)->ran);
}

static void flag_count_dtor(void *ctx)
{
	((struct flag_and_count *)ctx)->dtors++;
}

static void test_generator_throw_before_start(void **state)
{
	struct flag_and_count fc = {0};
	vow_generator *g = vow_generator_new(flag_count_gen, &fc, flag_count_dtor);
	vow_value reason = vow_str("before start");
	vow_outcome o;
	bool done = false;

	(void)state;
	o = vow_generator_throw(g, vow_value_dup(reason), &done);
	assert_true(done);
	assert_int_equal(o.kind, VOW_OUTCOME_THROW);
	assert_true(same_object(o.value, reason));
	vow_outcome_drop(o);
	assert_false(fc.ran);
	assert_int_equal(fc.dtors, 1);

	o = vow_generator_next(g, vow_undefined(), &done);
	assert_true(done);
	assert_int_equal(o.kind, VOW_OUTCOME_RETURN);
	assert_int_equal(o.value.kind, VOW_UNDEFINED);
	assert_false(fc.ran);
	vow_generator_free(g);
	assert_int_equal(fc.dtors, 1);
	vow_value_drop(reason);
}

/*
 * Freeing a generator stopped at a yield unwinds it: that yield returns a
 * VOW_ECANCELED throw, its cleanup runs (a yield there returns the same at
 * once), its final outcome is dropped, and ctx_dtor runs once.
 */
struct unwind {
	int first_code;    /* the pending yield's outcome */
	int cleanup_code;  /* a yield during the cleanup */
	bool cleaned_up;
	int dtors;
};

static vow_outcome unwinding_gen(void *ctx)
{
	struct unwind *u = ctx;
	vow_outcome o = vow_yield(vow_str("first"));

	u->first_code = throw_code(o);
	vow_outcome_drop(o);
	/* finally { ... } */
	o = vow_yield(vow_str("in cleanup"));
	u->cleanup_code = throw_code(o);
	vow_outcome_drop(o);
	u->cleaned_up = true;
	return vow_return(vow_str("final value, dropped by free"));
}

static void unwind_dtor(void *ctx)
{
	((struct unwind *)ctx)->dtors++;
}

static void test_generator_free_unwinds_a_suspended_one(void **state)
{
	int64_t base;
	struct unwind u = {0};
	vow_generator *g;
	vow_outcome o;
	bool done;

	(void)state;
	leak_check_begin(&base);
	g = vow_generator_new(unwinding_gen, &u, unwind_dtor);
	o = vow_generator_next(g, vow_undefined(), &done);
	assert_false(done);
	assert_string_equal(vow_str_cstr(o.value), "first");
	vow_outcome_drop(o);
	assert_false(u.cleaned_up);

	vow_generator_free(g);
	assert_int_equal(u.first_code, VOW_ECANCELED);
	assert_int_equal(u.cleanup_code, VOW_ECANCELED);
	assert_true(u.cleaned_up);
	assert_int_equal(u.dtors, 1);
	leak_check_end(base);
}

static void test_generator_free_not_started_or_finished(void **state)
{
	struct flag_and_count never = {0}, finished = {0};
	vow_generator *g;
	bool done;

	(void)state;
	vow_generator_free(NULL); /* a no-op */

	g = vow_generator_new(flag_count_gen, &never, flag_count_dtor);
	vow_generator_free(g);
	assert_false(never.ran);
	assert_int_equal(never.dtors, 1);

	g = vow_generator_new(flag_count_gen, &finished, flag_count_dtor);
	vow_outcome_drop(vow_generator_next(g, vow_undefined(), &done));
	vow_outcome_drop(vow_generator_next(g, vow_undefined(), &done));
	assert_true(done);
	assert_int_equal(finished.dtors, 1);
	vow_generator_free(g);
	assert_int_equal(finished.dtors, 1);
}

/* next() or throw() from inside the generator itself: VOW_EBUSY, and the generator goes on. */
struct self_call {
	vow_generator *self;
	int next_code;
	int throw_code;
};

static vow_outcome self_calling_gen(void *ctx)
{
	struct self_call *s = ctx;
	vow_outcome o;
	bool done;

	o = vow_generator_next(s->self, vow_str("sent to itself"), &done);
	s->next_code = throw_code(o);
	vow_outcome_drop(o);
	o = vow_generator_throw(s->self, vow_str("thrown at itself"), &done);
	s->throw_code = throw_code(o);
	vow_outcome_drop(o);
	o = vow_yield(vow_int(1));
	vow_outcome_drop(o);
	return vow_return(vow_int(2));
}

static void test_generator_ebusy_from_inside(void **state)
{
	int64_t base;
	struct self_call s = {0};
	vow_outcome o;
	bool done;

	(void)state;
	leak_check_begin(&base);
	s.self = vow_generator_new(self_calling_gen, &s, NULL);
	o = vow_generator_next(s.self, vow_undefined(), &done);
	assert_int_equal(s.next_code, VOW_EBUSY);
	assert_int_equal(s.throw_code, VOW_EBUSY);
	assert_false(done);
	assert_int_equal(o.value.as.i, 1);
	o = vow_generator_next(s.self, vow_undefined(), &done);
	assert_true(done);
	assert_int_equal(o.value.as.i, 2);
	vow_generator_free(s.self);
	leak_check_end(base);
}

static void test_generator_bad_arguments(void **state)
{
	int64_t base;
	int dtors = 0;
	vow_generator *g;
	vow_outcome o;
	bool done = false;

	(void)state;
	leak_check_begin(&base);
	assert_null(vow_generator_new(NULL, &dtors, count_dtor));
	assert_int_equal(vow_last_error(), VOW_EINVAL);
	assert_int_equal(dtors, 1);

	o = vow_generator_next(NULL, vow_str("dropped"), &done);
	assert_int_equal(throw_code(o), VOW_EINVAL);
	vow_outcome_drop(o);
	o = vow_generator_throw(NULL, vow_str("dropped"), &done);
	assert_int_equal(throw_code(o), VOW_EINVAL);
	vow_outcome_drop(o);

	g = vow_generator_new(uncaught_gen, NULL, NULL);
	o = vow_generator_next(g, vow_str("dropped"), NULL);
	assert_int_equal(throw_code(o), VOW_EINVAL);
	vow_outcome_drop(o);
	/* The bad call did not start it. */
	o = vow_generator_next(g, vow_undefined(), &done);
	assert_false(done);
	assert_int_equal(o.value.as.i, 1);
	vow_generator_free(g);
	leak_check_end(base);
}

/* ==== 5. lifetimes ========================================================= */

/* What a body saw at each of its awaits (error codes; 0 for a value). */
struct lifetime {
	vow_promise *p;    /* awaited by vow_await_value (the reference is moved) or vow_await */
	bool borrow;       /* vow_await(p) instead of vow_await_value(p) */
	bool await_value;  /* await a plain value instead of p */
	int codes[2];
	int resumed;       /* awaits that returned */
	int dtors;
};

static vow_outcome lifetime_body(void *ctx)
{
	struct lifetime *l = ctx;
	vow_outcome o;

	if (l->await_value)
		o = vow_await_value(vow_int(1));
	else if (l->borrow)
		o = vow_await(l->p);
	else
		o = vow_await_value(vow_value_promise(l->p));
	l->codes[l->resumed++] = throw_code(o);
	vow_outcome_drop(o);
	/* A later await: at once, with the same error if the executor closed. */
	o = vow_await_value(vow_int(2));
	l->codes[l->resumed++] = throw_code(o);
	vow_outcome_drop(o);
	return vow_return(vow_undefined());
}

static void lifetime_dtor(void *ctx)
{
	((struct lifetime *)ctx)->dtors++;
}

/* A timer that releases a resolver. */
static void release_resolver(void *ctx)
{
	vow_resolver_release(ctx);
}

/*
 * The await holds the only reference to p besides the resolver; the
 * resolver goes (from a timer) without settling p: p is destroyed, and the
 * await returns VOW_EABANDONED.
 */
static void test_await_of_a_destroyed_promise_is_abandoned(void **state)
{
	int64_t base;
	vow_loop *loop;
	vow_resolver *r;
	struct lifetime l = {0};
	vow_promise *call;

	(void)state;
	leak_check_begin(&base);
	loop = test_loop_new();
	l.p = test_deferred(vow_loop_executor(loop), &r);
	call = vow_async(vow_loop_executor(loop), lifetime_body, &l, lifetime_dtor);
	assert_non_null(call);
	assert_int_not_equal(vow_loop_set_timeout(loop, release_resolver, r, NULL, 10), 0);
	test_loop_run(loop);
	assert_int_equal(l.resumed, 2);
	assert_int_equal(l.codes[0], VOW_EABANDONED);
	assert_int_equal(l.codes[1], 0);
	assert_int_equal(l.dtors, 1);
	assert_int_equal(vow_promise_state(call), VOW_FULFILLED);
	vow_promise_release(call);
	vow_loop_free(loop);
	leak_check_end(base);
}

/*
 * The loop is freed while the body waits for a pending promise.  Closing
 * the loop does not walk that promise's reactions, so the body is still
 * suspended after vow_loop_free; it resumes, with VOW_ESHUTDOWN, when the
 * promise later settles (however it settles), on the settling thread, and
 * every later await fails the same way at once.  Then it returns and its
 * promise settles on the closed executor; nothing leaks.
 */
static void test_loop_freed_then_awaited_promise_settles(void **state)
{
	int64_t base;
	vow_loop *loop;
	vow_resolver *r;
	struct lifetime l = {.borrow = true};
	vow_promise *call;

	(void)state;
	leak_check_begin(&base);
	loop = test_loop_new();
	l.p = test_deferred(vow_loop_executor(loop), &r);
	call = vow_async(vow_loop_executor(loop), lifetime_body, &l, lifetime_dtor);
	test_loop_run(loop);
	assert_int_equal(l.resumed, 0);

	vow_loop_free(loop);
	assert_int_equal(l.resumed, 0); /* still waiting for p */
	assert_int_equal(l.dtors, 0);

	assert_int_equal(vow_resolver_resolve(r, vow_str("too late")), 0);
	assert_int_equal(l.resumed, 2);
	assert_int_equal(l.codes[0], VOW_ESHUTDOWN); /* although p fulfilled */
	assert_int_equal(l.codes[1], VOW_ESHUTDOWN);
	assert_int_equal(l.dtors, 1);
	assert_int_equal(vow_promise_state(l.p), VOW_FULFILLED);
	assert_int_equal(vow_promise_state(call), VOW_FULFILLED);
	vow_resolver_release(r);
	vow_promise_release(l.p);
	vow_promise_release(call);
	leak_check_end(base);
}

/* As above, but the awaited promise is destroyed unsettled after the close: VOW_ESHUTDOWN too. */
static void test_loop_freed_then_awaited_promise_destroyed(void **state)
{
	int64_t base;
	vow_loop *loop;
	vow_resolver *r;
	struct lifetime l = {0};
	vow_promise *call;

	(void)state;
	leak_check_begin(&base);
	loop = test_loop_new();
	l.p = test_deferred(vow_loop_executor(loop), &r);
	call = vow_async(vow_loop_executor(loop), lifetime_body, &l, lifetime_dtor);
	test_loop_run(loop);
	vow_loop_free(loop);
	assert_int_equal(l.resumed, 0);

	vow_resolver_release(r); /* p's last reference but the await's reaction */
	assert_int_equal(l.resumed, 2);
	assert_int_equal(l.codes[0], VOW_ESHUTDOWN);
	assert_int_equal(l.codes[1], VOW_ESHUTDOWN);
	assert_int_equal(l.dtors, 1);
	assert_int_equal(vow_promise_state(call), VOW_FULFILLED);
	vow_promise_release(call);
	leak_check_end(base);
}

/*
 * An await whose continuation is already queued (of a plain value, the loop
 * never run): freeing the loop discards the job, which resumes the body
 * inside vow_loop_free with VOW_ESHUTDOWN.
 */
static void test_loop_freed_with_the_continuation_queued(void **state)
{
	int64_t base;
	vow_loop *loop;
	struct lifetime l = {.await_value = true};
	vow_promise *call;

	(void)state;
	leak_check_begin(&base);
	loop = test_loop_new();
	call = vow_async(vow_loop_executor(loop), lifetime_body, &l, lifetime_dtor);
	assert_int_equal(l.resumed, 0);
	vow_loop_free(loop);
	assert_int_equal(l.resumed, 2);
	assert_int_equal(l.codes[0], VOW_ESHUTDOWN);
	assert_int_equal(l.codes[1], VOW_ESHUTDOWN);
	assert_int_equal(l.dtors, 1);
	assert_int_equal(vow_promise_state(call), VOW_FULFILLED);
	vow_promise_release(call);
	leak_check_end(base);
}

/* A spawned call whose loop is freed before its job ran: the body never runs, its promise stays pending. */
static void test_loop_freed_before_a_spawned_call_started(void **state)
{
	int64_t base;
	vow_loop *loop;
	int dtors = 0;
	vow_promise *call;

	(void)state;
	leak_check_begin(&base);
	loop = test_loop_new();
	call = vow_async_spawn(vow_loop_executor(loop), must_not_run, &dtors, count_dtor);
	assert_non_null(call);
	vow_loop_free(loop);
	assert_int_equal(dtors, 1);
	assert_int_equal(wrongly_run, 0);
	assert_int_equal(vow_promise_state(call), VOW_PENDING);
	vow_promise_release(call);
	leak_check_end(base);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		/* 1. await and yield outside an async function */
		cmocka_unit_test(test_await_outside_returns_enotasync),
		cmocka_unit_test(test_await_value_and_yield_outside_drop_their_value),
		cmocka_unit_test(test_yield_in_async_and_await_in_generator),
		/* 2. vow_async / vow_async_spawn: arguments and ctx_dtor */
		cmocka_unit_test(test_async_bad_arguments),
		cmocka_unit_test(test_async_on_closed_executor),
		cmocka_unit_test(test_async_out_of_memory),
		cmocka_unit_test(test_ctx_dtor_runs_once_after_the_body),
		cmocka_unit_test(test_spawn_starts_the_body_as_a_job),
		/* 3. await: outcomes and ownership */
		cmocka_unit_test(test_await_macro_propagates_the_reason_unchanged),
		cmocka_unit_test(test_await_returns_an_owned_value),
		cmocka_unit_test(test_await_value_moves_the_value_through),
		cmocka_unit_test(test_await_marks_the_promise_handled),
		cmocka_unit_test(test_await_null_inside),
		cmocka_unit_test(test_await_on_a_reused_stack),
		/* 4. generators */
		cmocka_unit_test(test_generator_next_throw_done),
		cmocka_unit_test(test_generator_throw_uncaught_ends_it),
		cmocka_unit_test(test_generator_first_next_argument_dropped),
		cmocka_unit_test(test_generator_throw_before_start),
		cmocka_unit_test(test_generator_free_unwinds_a_suspended_one),
		cmocka_unit_test(test_generator_free_not_started_or_finished),
		cmocka_unit_test(test_generator_ebusy_from_inside),
		cmocka_unit_test(test_generator_bad_arguments),
		/* 5. lifetimes */
		cmocka_unit_test(test_await_of_a_destroyed_promise_is_abandoned),
		cmocka_unit_test(test_loop_freed_then_awaited_promise_settles),
		cmocka_unit_test(test_loop_freed_then_awaited_promise_destroyed),
		cmocka_unit_test(test_loop_freed_with_the_continuation_queued),
		cmocka_unit_test(test_loop_freed_before_a_spawned_call_started),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
