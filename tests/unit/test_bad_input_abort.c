/*
 * test_bad_input_abort.c - every public function of abort.h with NULL or
 * invalid arguments, executors without timers or closed, outside an async
 * function, or called in the wrong state (inside a listener, after the
 * abort), as one table (bad_input.h); docs/bad-input.md, section abort.h,
 * lists the same IDs.
 *
 * Async bodies only record what they see; the row asserts after they
 * stopped (a failing assertion longjmps, which must never leave a fiber).
 */
#include "bad_input.h"

#include "core.h" /* vow__alloc_track / vow__alloc_live */

/* Listener and ctx_dtor that count into the row's struct fx (the ctx). */
static void fx_listener(void *ctx, vow_value reason)
{
	(void)reason;
	((struct fx *)ctx)->ran++;
}

static void fx_dtor(void *ctx)
{
	((struct fx *)ctx)->dtor++;
}

/* A value whose release bumps *dropped. */
static vow_value counted(int *dropped)
{
	return vow_box(dropped, count_dtor);
}

/* The error code a throw outcome carries (0 for anything else). */
static int throw_code(vow_outcome o)
{
	return o.kind == VOW_OUTCOME_THROW ? vow_error_code(o.value) : 0;
}

static void expect_null_promise_throw(vow_outcome o)
{
	assert_int_equal(o.kind, VOW_OUTCOME_THROW);
	assert_string_equal(vow_error_name(o.value), "TypeError");
	assert_int_equal(vow_error_code(o.value), VOW_EINVAL);
	assert_string_equal(vow_error_message(o.value), "a promise value holds NULL");
}

/* Leak checks count vow's live heap blocks (core.h). */
static int64_t leak_check_begin(void)
{
	vow__alloc_track(true);
	return vow__alloc_live();
}

static void leak_check_end(int64_t base)
{
	assert_int_equal(vow__alloc_live(), base);
	vow__alloc_track(false);
}

/* ---- controllers ----------------------------------------------------------------- */

BAD(vow_abort_controller_new, none)
{
	vow_abort_controller *c = vow_abort_controller_new();

	(void)f;
	assert_non_null(c);
	assert_non_null(vow_abort_controller_signal(c));
	assert_false(vow_abort_signal_aborted(vow_abort_controller_signal(c)));
	vow_abort_controller_release(c);
}
BAD(vow_abort_controller_signal, null)
{
	(void)f;
	bad_input_set_other_error();
	EXPECT_NULL_EINVAL(vow_abort_controller_signal(NULL));
}
BAD(vow_abort_controller_abort, null)
{
	int dropped = 0;

	(void)f;
	assert_int_equal(vow_abort_controller_abort(NULL, counted(&dropped)), VOW_EINVAL);
	assert_int_equal(dropped, 1);
}
BAD(vow_abort_controller_abort, twice)
{
	vow_abort_controller *c = vow_abort_controller_new();
	vow_abort_signal *s = vow_abort_controller_signal(c);
	int dropped = 0;

	assert_non_null(vow_abort_signal_add_listener(s, fx_listener, f, fx_dtor));
	assert_int_equal(vow_abort_controller_abort(c, vow_str("first")), 0);
	assert_int_equal(f->ran, 1);
	assert_int_equal(vow_abort_controller_abort(c, counted(&dropped)), VOW_EALREADY);
	assert_int_equal(dropped, 1);
	assert_int_equal(f->ran, 1); /* listeners run once */
	assert_int_equal(f->dtor, 1);
	assert_string_equal(vow_str_cstr(vow_abort_signal_reason(s)), "first");
	vow_abort_controller_release(c);
}

/* A listener that aborts its own controller again. */
struct reabort {
	vow_abort_controller *c;
	int rc;
	int dropped;
};

static void abort_again(void *ctx, vow_value reason)
{
	struct reabort *r = ctx;

	(void)reason;
	r->rc = vow_abort_controller_abort(r->c, counted(&r->dropped));
}

BAD(vow_abort_controller_abort, from_listener)
{
	struct reabort r = {vow_abort_controller_new(), 0, 0};
	vow_abort_signal *s = vow_abort_controller_signal(r.c);

	(void)f;
	assert_non_null(vow_abort_signal_add_listener(s, abort_again, &r, NULL));
	assert_int_equal(vow_abort_controller_abort(r.c, vow_str("first")), 0);
	assert_int_equal(r.rc, VOW_EALREADY);
	assert_int_equal(r.dropped, 1);
	assert_string_equal(vow_str_cstr(vow_abort_signal_reason(s)), "first");
	vow_abort_controller_release(r.c);
}

/* The controller a listener releases: the last reference to its signal. */
static vow_abort_controller *held;

static void release_held(void *ctx, vow_value reason)
{
	fx_listener(ctx, reason);
	vow_abort_controller_release(held);
	held = NULL;
}

BAD(vow_abort_controller_abort, release_in_listener)
{
	int64_t base = leak_check_begin();
	vow_abort_signal *s;

	held = vow_abort_controller_new();
	assert_non_null(held);
	s = vow_abort_controller_signal(held);
	assert_non_null(vow_abort_signal_add_listener(s, release_held, f, fx_dtor));
	assert_non_null(vow_abort_signal_add_listener(s, fx_listener, f, fx_dtor));
	assert_int_equal(vow_abort_controller_abort(held, vow_str("stop")), 0);
	/* Both listeners ran; the signal went when the abort was over. */
	assert_null(held);
	assert_int_equal(f->ran, 2);
	assert_int_equal(f->dtor, 2);
	leak_check_end(base);
}
BAD(vow_abort_controller_release, null) { (void)f; vow_abort_controller_release(NULL); }
BAD(vow_abort_controller_release, listening)
{
	vow_abort_controller *c = vow_abort_controller_new();

	assert_non_null(vow_abort_signal_add_listener(vow_abort_controller_signal(c), fx_listener, f,
						      fx_dtor));
	vow_abort_controller_release(c); /* the signal's last reference */
	assert_int_equal(f->dtor, 1);
	assert_int_equal(f->ran, 0);
}

/* ---- signals ---------------------------------------------------------------------- */

BAD(vow_abort_signal_aborted, null)
{
	(void)f;
	bad_input_set_other_error();
	assert_false(vow_abort_signal_aborted(NULL));
	assert_int_equal(vow_last_error(), VOW_ESHUTDOWN); /* not set */
}
BAD(vow_abort_signal_reason, null) { (void)f; assert_int_equal(vow_abort_signal_reason(NULL).kind, VOW_UNDEFINED); }
BAD(vow_abort_signal_reason, not_aborted)
{
	vow_abort_controller *c = vow_abort_controller_new();

	(void)f;
	assert_int_equal(vow_abort_signal_reason(vow_abort_controller_signal(c)).kind, VOW_UNDEFINED);
	vow_abort_controller_release(c);
}
BAD(vow_abort_signal_throw, null)
{
	vow_outcome o = vow_abort_signal_throw(NULL);

	(void)f;
	assert_int_equal(o.kind, VOW_OUTCOME_RETURN);
	assert_int_equal(o.value.kind, VOW_UNDEFINED);
}
BAD(vow_abort_signal_dup, null) { (void)f; assert_null(vow_abort_signal_dup(NULL)); }
BAD(vow_abort_signal_release, null) { (void)f; vow_abort_signal_release(NULL); }

BAD(vow_abort_signal_timeout, ex_null) { (void)f; EXPECT_NULL_EINVAL(vow_abort_signal_timeout(NULL, 1)); }
BAD(vow_abort_signal_timeout, no_timers)
{
	vow_inline *ie = vow_inline_new();

	(void)f;
	assert_non_null(ie);
	EXPECT_NULL_ERR(vow_abort_signal_timeout(vow_inline_executor(ie), 1), VOW_ENOTSUP);
	vow_inline_free(ie);
}
BAD(vow_abort_signal_timeout, closed)
{
	vow_promise *keeper;
	vow_executor *ex = bad_input_closed_pool_executor(&keeper);

	(void)f;
	EXPECT_NULL_ERR(vow_abort_signal_timeout(ex, 1), VOW_ESHUTDOWN);
	vow_promise_release(keeper);
}
BAD(vow_abort_signal_timeout, huge_ms)
{
	vow_abort_signal *s = vow_abort_signal_timeout(f->ex, UINT64_MAX);

	assert_non_null(s);
	/* Its timer does not keep the loop running: the run ends at once. */
	test_loop_run(f->loop);
	assert_int_equal(vow_loop_now(f->loop), 0);
	assert_false(vow_abort_signal_aborted(s));
	vow_abort_signal_release(s);
}

BAD(vow_abort_signal_any, null_array) { (void)f; EXPECT_NULL_EINVAL(vow_abort_signal_any(NULL, 2)); }
BAD(vow_abort_signal_any, null_element)
{
	vow_abort_controller *live = vow_abort_controller_new();
	vow_abort_controller *gone = vow_abort_controller_new();
	vow_abort_signal *with_live[2] = {vow_abort_controller_signal(live), NULL};
	vow_abort_signal *with_aborted[2] = {vow_abort_controller_signal(gone), NULL};

	assert_int_equal(vow_abort_controller_abort(gone, vow_undefined()), 0);
	EXPECT_NULL_EINVAL(vow_abort_signal_any(with_live, 2));
	/* Checked before any signal is looked at, aborted or not. */
	EXPECT_NULL_EINVAL(vow_abort_signal_any(with_aborted, 2));
	/* The live signal kept nothing of the failed call: only its own listener runs. */
	assert_non_null(vow_abort_signal_add_listener(with_live[0], fx_listener, f, fx_dtor));
	assert_int_equal(vow_abort_controller_abort(live, vow_undefined()), 0);
	assert_int_equal(f->ran, 1);
	assert_int_equal(f->dtor, 1);
	vow_abort_controller_release(live);
	vow_abort_controller_release(gone);
}
BAD(vow_abort_signal_any, empty)
{
	vow_abort_signal *s = vow_abort_signal_any(NULL, 0);

	assert_non_null(s);
	test_loop_run(f->loop);
	assert_false(vow_abort_signal_aborted(s));
	vow_abort_signal_release(s);
}

/* ---- listeners --------------------------------------------------------------------- */

BAD(vow_abort_signal_add_listener, s_null)
{
	EXPECT_NULL_EINVAL(vow_abort_signal_add_listener(NULL, fx_listener, f, fx_dtor));
	assert_int_equal(f->dtor, 1);
	assert_int_equal(f->ran, 0);
}
BAD(vow_abort_signal_add_listener, fn_null)
{
	vow_abort_controller *c = vow_abort_controller_new();

	EXPECT_NULL_EINVAL(vow_abort_signal_add_listener(vow_abort_controller_signal(c), NULL, f, fx_dtor));
	assert_int_equal(f->dtor, 1);
	assert_int_equal(vow_abort_controller_abort(c, vow_undefined()), 0);
	assert_int_equal(f->dtor, 1);
	vow_abort_controller_release(c);
}
BAD(vow_abort_signal_add_listener, aborted)
{
	vow_abort_controller *c = vow_abort_controller_new();

	assert_int_equal(vow_abort_controller_abort(c, vow_undefined()), 0);
	EXPECT_NULL_ERR(vow_abort_signal_add_listener(vow_abort_controller_signal(c), fx_listener, f, fx_dtor),
			VOW_EALREADY);
	assert_int_equal(f->dtor, 1);
	assert_int_equal(f->ran, 0);
	vow_abort_controller_release(c);
}

/* A listener that adds another to the signal it is running for. */
struct late_add {
	vow_abort_signal *s;
	struct fx *f;
	vow_abort_listener *got;
	int err;
};

static void add_late(void *ctx, vow_value reason)
{
	struct late_add *l = ctx;

	(void)reason;
	l->got = vow_abort_signal_add_listener(l->s, fx_listener, l->f, fx_dtor);
	l->err = vow_last_error();
}

BAD(vow_abort_signal_add_listener, during_abort)
{
	vow_abort_controller *c = vow_abort_controller_new();
	struct late_add l = {vow_abort_controller_signal(c), f, NULL, 0};

	assert_non_null(vow_abort_signal_add_listener(l.s, add_late, &l, NULL));
	assert_int_equal(vow_abort_controller_abort(c, vow_undefined()), 0);
	assert_null(l.got);
	assert_int_equal(l.err, VOW_EALREADY);
	assert_int_equal(f->dtor, 1);
	assert_int_equal(f->ran, 0);
	vow_abort_controller_release(c);
}

BAD(vow_abort_listener_remove, null) { (void)f; assert_int_equal(vow_abort_listener_remove(NULL), VOW_EINVAL); }
BAD(vow_abort_listener_remove, after_abort)
{
	vow_abort_controller *c = vow_abort_controller_new();
	vow_abort_listener *l = vow_abort_signal_add_listener(vow_abort_controller_signal(c), fx_listener,
							      f, fx_dtor);

	assert_non_null(l);
	assert_int_equal(vow_abort_controller_abort(c, vow_undefined()), 0);
	assert_int_equal(vow_abort_listener_remove(l), VOW_EALREADY);
	assert_int_equal(f->ran, 1);
	assert_int_equal(f->dtor, 1);
	vow_abort_controller_release(c);
}

/* A listener that removes a listener (itself, or one after it) while the abort runs. */
struct remover {
	vow_abort_listener *target;
	int rc;
	int ran_before; /* the target's fx->ran when the remove returned */
	struct fx *f;
};

static void remove_target(void *ctx, vow_value reason)
{
	struct remover *r = ctx;

	(void)reason;
	r->rc = vow_abort_listener_remove(r->target);
	r->ran_before = r->f->ran;
}

static void count_remover_dtor(void *ctx)
{
	((struct remover *)ctx)->f->dtor++;
}

BAD(vow_abort_listener_remove, from_own_fn)
{
	int64_t base = leak_check_begin();
	vow_abort_controller *c = vow_abort_controller_new();
	struct remover r = {NULL, 0, 0, f};

	r.target = vow_abort_signal_add_listener(vow_abort_controller_signal(c), remove_target, &r,
						 count_remover_dtor);
	assert_non_null(r.target);
	assert_int_equal(vow_abort_controller_abort(c, vow_undefined()), 0);
	assert_int_equal(r.rc, VOW_EALREADY);
	assert_int_equal(f->dtor, 1); /* after fn returned */
	vow_abort_controller_release(c);
	leak_check_end(base); /* the aborter freed the removed listener */
}
BAD(vow_abort_listener_remove, later_in_same_abort)
{
	int64_t base = leak_check_begin();
	vow_abort_controller *c = vow_abort_controller_new();
	vow_abort_signal *s = vow_abort_controller_signal(c);
	struct remover r = {NULL, 0, 0, f};

	assert_non_null(vow_abort_signal_add_listener(s, remove_target, &r, NULL));
	r.target = vow_abort_signal_add_listener(s, fx_listener, f, fx_dtor);
	assert_non_null(r.target);
	assert_int_equal(vow_abort_controller_abort(c, vow_undefined()), 0);
	/* Removed before it was called: it never is, and its ctx_dtor ran in the remove. */
	assert_int_equal(r.rc, 0);
	assert_int_equal(f->ran, 0);
	assert_int_equal(f->dtor, 1);
	vow_abort_controller_release(c);
	leak_check_end(base);
}

/* ---- the default reasons ------------------------------------------------------------- */

BAD(vow_abort_error, none)
{
	vow_value e = vow_abort_error();

	(void)f;
	assert_string_equal(vow_error_name(e), "AbortError");
	assert_int_equal(vow_error_code(e), VOW_EABORTED);
	assert_string_equal(vow_error_message(e), "This operation was aborted");
	vow_value_drop(e);
}
BAD(vow_timeout_error, none)
{
	vow_value e = vow_timeout_error();

	(void)f;
	assert_string_equal(vow_error_name(e), "TimeoutError");
	assert_int_equal(vow_error_code(e), VOW_ETIMEDOUT);
	assert_string_equal(vow_error_message(e), "The operation was aborted due to timeout");
	vow_value_drop(e);
}

/* ---- delay and timeout ----------------------------------------------------------------- */

BAD(vow_delay, ex_null) { (void)f; EXPECT_NULL_EINVAL(vow_delay(NULL, 1, NULL)); }
BAD(vow_delay, no_timers)
{
	vow_inline *ie = vow_inline_new();

	(void)f;
	assert_non_null(ie);
	EXPECT_NULL_ERR(vow_delay(vow_inline_executor(ie), 1, NULL), VOW_ENOTSUP);
	vow_inline_free(ie);
}
BAD(vow_delay, closed)
{
	vow_promise *keeper;
	vow_executor *ex = bad_input_closed_pool_executor(&keeper);
	vow_abort_controller *c = vow_abort_controller_new();

	(void)f;
	EXPECT_NULL_ERR(vow_delay(ex, 1, NULL), VOW_ESHUTDOWN);
	/* Before the signal is looked at, aborted or not. */
	assert_int_equal(vow_abort_controller_abort(c, vow_undefined()), 0);
	EXPECT_NULL_ERR(vow_delay(ex, 1, vow_abort_controller_signal(c)), VOW_ESHUTDOWN);
	vow_abort_controller_release(c);
	vow_promise_release(keeper);
}
BAD(vow_delay, signal_null)
{
	vow_promise *p = vow_delay(f->ex, 5, NULL);

	assert_non_null(p);
	test_loop_run(f->loop);
	assert_int_equal(vow_loop_now(f->loop), 5);
	assert_int_equal(vow_promise_state(p), VOW_FULFILLED);
	assert_int_equal(vow_promise_result(p).kind, VOW_UNDEFINED);
	vow_promise_release(p);
}
BAD(vow_delay, signal_aborted)
{
	vow_abort_controller *c = vow_abort_controller_new();
	vow_abort_signal *s = vow_abort_controller_signal(c);
	vow_promise *p;

	assert_int_equal(vow_abort_controller_abort(c, vow_str("stop")), 0);
	p = vow_delay(f->ex, 5, s);
	assert_non_null(p);
	assert_int_equal(vow_promise_state(p), VOW_REJECTED);
	assert_ptr_equal(vow_promise_result(p).as.obj, vow_abort_signal_reason(s).as.obj);
	/* No timer: the loop has nothing to wait for. */
	test_loop_run(f->loop);
	assert_int_equal(vow_loop_now(f->loop), 0);
	vow_promise_release(p);
	vow_abort_controller_release(c);
}
BAD(vow_delay, huge_ms)
{
	vow_promise *p = vow_delay(f->ex, UINT64_MAX, NULL);

	assert_non_null(p);
	test_loop_run(f->loop);
	assert_int_equal(vow_loop_now(f->loop), UINT64_MAX);
	assert_int_equal(vow_promise_state(p), VOW_FULFILLED);
	vow_promise_release(p);
}

BAD(vow_timeout, p_null) { (void)f; EXPECT_NULL_EINVAL(vow_timeout(NULL, 1)); }
BAD(vow_timeout, no_timers)
{
	vow_inline *ie = vow_inline_new();
	vow_promise *p;

	(void)f;
	assert_non_null(ie);
	p = vow_promise_resolve(vow_inline_executor(ie), vow_int(1));
	assert_non_null(p);
	EXPECT_NULL_ERR(vow_timeout(p, 1), VOW_ENOTSUP);
	assert_false(vow_promise_is_handled(p));
	vow_promise_release(p);
	vow_inline_free(ie);
}
BAD(vow_timeout, closed)
{
	vow_promise *keeper;

	(void)f;
	bad_input_closed_pool_executor(&keeper);
	EXPECT_NULL_ERR(vow_timeout(keeper, 1), VOW_ESHUTDOWN);
	assert_false(vow_promise_is_handled(keeper));
	vow_promise_release(keeper);
}

static void resolve_timer(void *ctx)
{
	assert_int_equal(vow_resolver_resolve(ctx, vow_int(3)), 0);
}

BAD(vow_timeout, huge_ms)
{
	vow_resolver *r;
	vow_promise *p = test_deferred(f->ex, &r);
	vow_promise *t = vow_timeout(p, UINT64_MAX);

	assert_non_null(t);
	assert_int_not_equal(vow_loop_set_timeout(f->loop, resolve_timer, r, NULL, 10), 0);
	test_loop_run(f->loop);
	/* p settled at 10: the timer went with it, and the run ended there. */
	assert_int_equal(vow_loop_now(f->loop), 10);
	assert_int_equal(vow_promise_state(t), VOW_FULFILLED);
	assert_int_equal(vow_promise_result(t).as.i, 3);
	vow_resolver_release(r);
	vow_promise_release(t);
	vow_promise_release(p);
}

/* ---- vow_await_signal -------------------------------------------------------------------- */

/* An async body (or a generator) that awaits p with s once and keeps the outcome. */
struct awaiter {
	vow_promise *p;
	vow_abort_signal *s;
	vow_outcome o;
	int calls;
};

static vow_outcome await_signal_body(void *ctx)
{
	struct awaiter *a = ctx;

	a->o = vow_await_signal(a->p, a->s);
	a->calls++;
	return vow_return(vow_undefined());
}

BAD(vow_await_signal, outside)
{
	vow_abort_controller *c = vow_abort_controller_new();
	vow_abort_signal *s = vow_abort_controller_signal(c);
	vow_resolver *r;
	vow_promise *p = test_deferred(f->ex, &r);
	vow_outcome o;

	o = vow_await_signal(p, s);
	assert_int_equal(throw_code(o), VOW_ENOTASYNC);
	vow_outcome_drop(o);
	o = vow_await_signal(NULL, s); /* the caller is the error, not p */
	assert_int_equal(throw_code(o), VOW_ENOTASYNC);
	vow_outcome_drop(o);
	o = vow_await_signal(p, NULL);
	assert_int_equal(throw_code(o), VOW_ENOTASYNC);
	vow_outcome_drop(o);
	assert_int_equal(vow_abort_controller_abort(c, vow_undefined()), 0);
	o = vow_await_signal(p, s);
	assert_int_equal(throw_code(o), VOW_ENOTASYNC);
	vow_outcome_drop(o);
	/* Nothing waited and nothing was attached. */
	assert_false(vow_promise_is_handled(p));
	test_loop_run(f->loop);
	assert_int_equal(vow_loop_now(f->loop), 0);
	vow_resolver_release(r);
	vow_promise_release(p);
	vow_abort_controller_release(c);
}
BAD(vow_await_signal, in_generator)
{
	vow_abort_controller *c = vow_abort_controller_new();
	struct awaiter a = {vow_promise_resolve(f->ex, vow_int(1)), vow_abort_controller_signal(c),
			    {0, {0}}, 0};
	vow_generator *g = vow_generator_new(await_signal_body, &a, NULL);
	vow_outcome o;
	bool done;

	assert_non_null(g);
	o = vow_generator_next(g, vow_undefined(), &done);
	assert_true(done);
	vow_outcome_drop(o);
	assert_int_equal(a.calls, 1);
	assert_int_equal(throw_code(a.o), VOW_ENOTASYNC);
	vow_outcome_drop(a.o);
	assert_false(vow_promise_is_handled(a.p));
	vow_generator_free(g);
	vow_promise_release(a.p);
	vow_abort_controller_release(c);
}
BAD(vow_await_signal, p_null)
{
	vow_abort_controller *c = vow_abort_controller_new();
	struct awaiter a = {NULL, vow_abort_controller_signal(c), {0, {0}}, 0};
	vow_promise *call = vow_async(f->ex, await_signal_body, &a, NULL);

	assert_non_null(call);
	assert_int_equal(a.calls, 1); /* at once, without suspending */
	expect_null_promise_throw(a.o);
	vow_outcome_drop(a.o);
	test_loop_run(f->loop);
	vow_promise_release(call);
	vow_abort_controller_release(c);
}
BAD(vow_await_signal, signal_null)
{
	vow_resolver *r;
	struct awaiter a = {test_deferred(f->ex, &r), NULL, {0, {0}}, 0};
	vow_promise *call = vow_async(f->ex, await_signal_body, &a, NULL);

	assert_non_null(call);
	assert_int_equal(a.calls, 0); /* waits, as vow_await */
	assert_true(vow_promise_is_handled(a.p));
	assert_int_equal(vow_resolver_resolve(r, vow_int(4)), 0);
	test_loop_run(f->loop);
	assert_int_equal(a.calls, 1);
	assert_int_equal(a.o.kind, VOW_OUTCOME_RETURN);
	assert_int_equal(a.o.value.as.i, 4);
	vow_resolver_release(r);
	vow_promise_release(call);
	vow_promise_release(a.p);
}
BAD(vow_await_signal, aborted)
{
	vow_abort_controller *c = vow_abort_controller_new();
	vow_resolver *r;
	struct awaiter a = {test_deferred(f->ex, &r), vow_abort_controller_signal(c), {0, {0}}, 0};
	vow_promise *call;

	assert_int_equal(vow_abort_controller_abort(c, vow_str("stop")), 0);
	call = vow_async(f->ex, await_signal_body, &a, NULL);
	assert_non_null(call);
	assert_int_equal(a.calls, 1); /* without waiting */
	assert_int_equal(a.o.kind, VOW_OUTCOME_THROW);
	assert_ptr_equal(a.o.value.as.obj, vow_abort_signal_reason(a.s).as.obj);
	vow_outcome_drop(a.o); /* a new reference: the signal keeps its own */
	assert_string_equal(vow_str_cstr(vow_abort_signal_reason(a.s)), "stop");
	assert_false(vow_promise_is_handled(a.p)); /* p stays as it is */
	test_loop_run(f->loop);
	assert_int_equal(vow_promise_state(a.p), VOW_PENDING);
	vow_resolver_release(r);
	vow_promise_release(call);
	vow_promise_release(a.p);
	vow_abort_controller_release(c);
}

/*
 * A body that first waits for a promise that settles after its executor
 * closed (so that await fails with VOW_ESHUTDOWN), then awaits a settled
 * promise with a signal.
 */
struct after_close {
	vow_promise *pending;
	vow_promise *settled;
	vow_abort_signal *s;
	int first, second;
	int resumed;
};

static vow_outcome await_after_close(void *ctx)
{
	struct after_close *a = ctx;
	vow_outcome o = vow_await(a->pending);

	a->first = throw_code(o);
	vow_outcome_drop(o);
	o = vow_await_signal(a->settled, a->s);
	a->second = throw_code(o);
	vow_outcome_drop(o);
	a->resumed++;
	return vow_return(vow_undefined());
}

/* Runs the body on ex, closes ex with close(arg) while it waits, then settles what it awaits. */
static void await_signal_after_close(vow_executor *ex, vow_abort_signal *s, void (*close)(void *),
				     void *arg)
{
	vow_resolver *r;
	struct after_close a = {test_deferred(ex, &r), vow_promise_resolve(ex, vow_int(1)), s, 0, 0, 0};
	vow_promise *call = vow_async(ex, await_after_close, &a, NULL);

	assert_non_null(call);
	assert_int_equal(a.resumed, 0);
	close(arg);
	assert_int_equal(vow_resolver_resolve(r, vow_int(2)), 0); /* resumes it, here */
	assert_int_equal(a.resumed, 1);
	assert_int_equal(a.first, VOW_ESHUTDOWN);
	assert_int_equal(a.second, VOW_ESHUTDOWN); /* every later await, at once */
	assert_int_equal(vow_promise_state(call), VOW_FULFILLED);
	vow_resolver_release(r);
	vow_promise_release(call);
	vow_promise_release(a.pending);
	vow_promise_release(a.settled);
}

static void close_loop(void *loop)
{
	vow_loop_free(loop);
}

static void close_pool(void *pool)
{
	vow_pool_free(pool);
}

BAD(vow_await_signal, closed_executor)
{
	vow_loop *loop = test_loop_new();
	vow_pool *pool = vow_pool_new(&(vow_pool_options){.threads = 1});
	vow_abort_controller *c = vow_abort_controller_new();
	vow_abort_controller *aborted = vow_abort_controller_new();

	(void)f;
	assert_non_null(pool);
	assert_int_equal(vow_abort_controller_abort(aborted, vow_undefined()), 0);
	/* On the loop, with a signal that aborted: the closed executor wins. */
	await_signal_after_close(vow_loop_executor(loop), vow_abort_controller_signal(aborted),
				 close_loop, loop);
	/* On the pool, where a settled promise would go on at once. */
	await_signal_after_close(vow_pool_executor(pool), vow_abort_controller_signal(c), close_pool,
				 pool);
	vow_abort_controller_release(c);
	vow_abort_controller_release(aborted);
}

static const struct row rows[] = {
	ROW(vow_abort_controller_new, none),
	ROW(vow_abort_controller_signal, null),
	ROW(vow_abort_controller_abort, null), ROW(vow_abort_controller_abort, twice),
	ROW(vow_abort_controller_abort, from_listener),
	ROW(vow_abort_controller_abort, release_in_listener),
	ROW(vow_abort_controller_release, null), ROW(vow_abort_controller_release, listening),
	ROW(vow_abort_signal_aborted, null),
	ROW(vow_abort_signal_reason, null), ROW(vow_abort_signal_reason, not_aborted),
	ROW(vow_abort_signal_throw, null),
	ROW(vow_abort_signal_dup, null), ROW(vow_abort_signal_release, null),
	ROW(vow_abort_signal_timeout, ex_null), ROW(vow_abort_signal_timeout, no_timers),
	ROW(vow_abort_signal_timeout, closed), ROW(vow_abort_signal_timeout, huge_ms),
	ROW(vow_abort_signal_any, null_array), ROW(vow_abort_signal_any, null_element),
	ROW(vow_abort_signal_any, empty), PRE(vow_abort_signal_any, short_array),
	ROW(vow_abort_signal_add_listener, s_null), ROW(vow_abort_signal_add_listener, fn_null),
	ROW(vow_abort_signal_add_listener, aborted),
	ROW(vow_abort_signal_add_listener, during_abort),
	ROW(vow_abort_listener_remove, null), ROW(vow_abort_listener_remove, after_abort),
	ROW(vow_abort_listener_remove, from_own_fn),
	ROW(vow_abort_listener_remove, later_in_same_abort),
	PRE(vow_abort_listener_remove, twice), PRE(vow_abort_listener_remove, signal_gone),
	ROW(vow_abort_error, none), ROW(vow_timeout_error, none),
	ROW(vow_delay, ex_null), ROW(vow_delay, no_timers), ROW(vow_delay, closed),
	ROW(vow_delay, signal_null), ROW(vow_delay, signal_aborted), ROW(vow_delay, huge_ms),
	ROW(vow_timeout, p_null), ROW(vow_timeout, no_timers), ROW(vow_timeout, closed),
	ROW(vow_timeout, huge_ms),
	ROW(vow_await_signal, outside), ROW(vow_await_signal, in_generator),
	ROW(vow_await_signal, p_null), ROW(vow_await_signal, signal_null),
	ROW(vow_await_signal, aborted), ROW(vow_await_signal, closed_executor),
};

BAD_INPUT_MAIN("bad_input_abort", rows)
