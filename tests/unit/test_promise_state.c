/*
 * test_promise_state.c - states and introspection, and the resolving
 * functions (first call wins, self-resolution, locking in, references).
 */
#include "trace.h"

/* ---- states and introspection ------------------------------------------- */

static void test_state_fulfilled(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_executor *ex = vow_loop_executor(loop);
	vow_promise *p = vow_promise_resolve(ex, vow_int(7));

	(void)state;
	assert_non_null(p);
	assert_int_equal(vow_promise_state(p), VOW_FULFILLED);
	assert_int_equal(vow_promise_result(p).kind, VOW_INT);
	assert_int_equal(vow_promise_result(p).as.i, 7);
	assert_ptr_equal(vow_promise_executor(p), ex);
	assert_false(vow_promise_is_handled(p));
	test_loop_run(loop);
	assert_int_equal(vow_promise_state(p), VOW_FULFILLED);
	assert_int_equal(vow_promise_result(p).as.i, 7);
	vow_promise_release(p);
	vow_loop_free(loop);
}

static void test_state_rejected(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_promise *p = vow_promise_reject(vow_loop_executor(loop), vow_str("no"));

	(void)state;
	assert_non_null(p);
	assert_int_equal(vow_promise_state(p), VOW_REJECTED);
	assert_int_equal(vow_promise_result(p).kind, VOW_STRING);
	assert_string_equal(vow_str_cstr(vow_promise_result(p)), "no");
	assert_false(vow_promise_is_handled(p));
	test_loop_run(loop);
	assert_int_equal(vow_promise_state(p), VOW_REJECTED);
	assert_string_equal(vow_str_cstr(vow_promise_result(p)), "no");
	vow_promise_release(p);
	vow_loop_free(loop);
}

static void test_state_pending_then_fulfilled(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_resolver *r;
	vow_promise *p = test_deferred(vow_loop_executor(loop), &r);

	(void)state;
	assert_ptr_equal(vow_resolver_promise(r), p);
	assert_int_equal(vow_promise_state(p), VOW_PENDING);
	assert_int_equal(vow_promise_result(p).kind, VOW_UNDEFINED);
	test_loop_run(loop);
	assert_int_equal(vow_promise_state(p), VOW_PENDING);
	assert_int_equal(vow_resolver_resolve(r, vow_str("done")), 0);
	/* Settling a plain value is synchronous. */
	assert_int_equal(vow_promise_state(p), VOW_FULFILLED);
	assert_string_equal(vow_str_cstr(vow_promise_result(p)), "done");
	vow_resolver_release(r);
	vow_promise_release(p);
	vow_loop_free(loop);
}

static void test_is_handled(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_executor *ex = vow_loop_executor(loop);
	vow_resolver *r;
	vow_promise *pending = test_deferred(ex, &r);
	vow_promise *rejected = vow_promise_reject(ex, vow_int(1));
	vow_promise *d;

	(void)state;
	assert_false(vow_promise_is_handled(pending));
	assert_false(vow_promise_is_handled(rejected));
	d = vow_promise_then(pending, NULL, NULL, NULL, NULL);
	assert_non_null(d);
	assert_true(vow_promise_is_handled(pending));
	assert_false(vow_promise_is_handled(d));
	vow_promise_release(d);
	d = vow_promise_catch(rejected, NULL, NULL, NULL);
	assert_true(vow_promise_is_handled(rejected));
	vow_promise_release(d);
	assert_int_equal(vow_resolver_resolve(r, vow_int(2)), 0);
	test_loop_run(loop);
	assert_true(vow_promise_is_handled(pending));
	vow_resolver_release(r);
	vow_promise_release(pending);
	vow_promise_release(rejected);
	vow_loop_free(loop);
}

static void test_dup_release(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_promise *p = vow_promise_resolve(vow_loop_executor(loop), vow_int(1));

	(void)state;
	assert_ptr_equal(vow_promise_dup(p), p);
	assert_ptr_equal(vow_promise_dup(p), p);
	vow_promise_release(p);
	vow_promise_release(p);
	/* Still alive: one reference left. */
	assert_int_equal(vow_promise_state(p), VOW_FULFILLED);
	assert_int_equal(vow_promise_result(p).as.i, 1);
	vow_promise_release(p);
	vow_loop_free(loop);
}

/* ---- resolving functions: first call wins --------------------------------- */

static void test_resolve_then_reject(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_resolver *r;
	vow_promise *p = test_deferred(vow_loop_executor(loop), &r);
	int loser_dtor = 0;

	(void)state;
	assert_int_equal(vow_resolver_resolve(r, vow_int(1)), 0);
	assert_int_equal(vow_resolver_reject(r, vow_box(&loser_dtor, count_dtor)), VOW_EALREADY);
	/* The losing value is released at once. */
	assert_int_equal(loser_dtor, 1);
	assert_int_equal(vow_promise_state(p), VOW_FULFILLED);
	assert_int_equal(vow_promise_result(p).as.i, 1);
	test_loop_run(loop);
	assert_int_equal(vow_promise_state(p), VOW_FULFILLED);
	assert_int_equal(vow_promise_result(p).as.i, 1);
	vow_resolver_release(r);
	vow_promise_release(p);
	vow_loop_free(loop);
}

static void test_reject_then_resolve(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_resolver *r;
	vow_promise *p = test_deferred(vow_loop_executor(loop), &r);
	int loser_dtor = 0;

	(void)state;
	assert_int_equal(vow_resolver_reject(r, vow_str("why")), 0);
	assert_int_equal(vow_resolver_resolve(r, vow_box(&loser_dtor, count_dtor)), VOW_EALREADY);
	assert_int_equal(loser_dtor, 1);
	assert_int_equal(vow_promise_state(p), VOW_REJECTED);
	assert_string_equal(vow_str_cstr(vow_promise_result(p)), "why");
	test_loop_run(loop);
	assert_int_equal(vow_promise_state(p), VOW_REJECTED);
	assert_string_equal(vow_str_cstr(vow_promise_result(p)), "why");
	vow_resolver_release(r);
	vow_promise_release(p);
	vow_loop_free(loop);
}

static void test_resolve_twice_reject_twice(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_executor *ex = vow_loop_executor(loop);
	vow_resolver *r1, *r2;
	vow_promise *p1 = test_deferred(ex, &r1);
	vow_promise *p2 = test_deferred(ex, &r2);

	(void)state;
	assert_int_equal(vow_resolver_resolve(r1, vow_int(1)), 0);
	assert_int_equal(vow_resolver_resolve(r1, vow_int(2)), VOW_EALREADY);
	assert_int_equal(vow_promise_result(p1).as.i, 1);
	assert_int_equal(vow_resolver_reject(r2, vow_int(3)), 0);
	assert_int_equal(vow_resolver_reject(r2, vow_int(4)), VOW_EALREADY);
	assert_int_equal(vow_promise_state(p2), VOW_REJECTED);
	assert_int_equal(vow_promise_result(p2).as.i, 3);
	vow_resolver_release(r1);
	vow_resolver_release(r2);
	vow_promise_release(p1);
	vow_promise_release(p2);
	vow_loop_free(loop);
}

static void test_self_resolution_rejects(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_resolver *r;
	vow_promise *p = test_deferred(vow_loop_executor(loop), &r);
	vow_value reason;

	(void)state;
	assert_int_equal(vow_resolver_resolve(r, vow_value_promise(vow_promise_dup(p))), 0);
	/* Rejected at once (the resolve function rejects synchronously). */
	assert_int_equal(vow_promise_state(p), VOW_REJECTED);
	reason = vow_promise_result(p);
	assert_int_equal(reason.kind, VOW_ERROR);
	assert_string_equal(vow_error_name(reason), "TypeError");
	assert_int_equal(vow_error_code(reason), VOW_ESELF);
	assert_int_equal(vow_resolver_resolve(r, vow_int(1)), VOW_EALREADY);
	vow_resolver_release(r);
	vow_promise_release(p);
	vow_loop_free(loop);
}

/* Locked in: resolved with a pending promise, still pending until it settles. */
static void test_locked_in_is_pending(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_executor *ex = vow_loop_executor(loop);
	vow_resolver *r, *rq;
	vow_promise *p = test_deferred(ex, &r);
	vow_promise *q = test_deferred(ex, &rq);

	(void)state;
	trace_reset();
	trace_then(p, trace_pass, trace_rethrow, "p");
	assert_int_equal(vow_resolver_resolve(r, vow_value_promise(vow_promise_dup(q))), 0);
	assert_int_equal(vow_promise_state(p), VOW_PENDING);
	assert_int_equal(vow_promise_result(p).kind, VOW_UNDEFINED);
	/* Already resolved: both functions now lose. */
	assert_int_equal(vow_resolver_resolve(r, vow_int(1)), VOW_EALREADY);
	assert_int_equal(vow_resolver_reject(r, vow_int(2)), VOW_EALREADY);
	test_loop_run(loop);
	assert_int_equal(vow_promise_state(p), VOW_PENDING);
	assert_trace("");
	assert_true(vow_promise_is_handled(q)); /* the adoption job attached to q */
	assert_int_equal(vow_resolver_resolve(rq, vow_str("v")), 0);
	assert_int_equal(vow_promise_state(p), VOW_PENDING); /* settles in a job */
	test_loop_run(loop);
	assert_int_equal(vow_promise_state(p), VOW_FULFILLED);
	assert_string_equal(vow_str_cstr(vow_promise_result(p)), "v");
	assert_trace("p:v");
	vow_resolver_release(r);
	vow_resolver_release(rq);
	vow_promise_release(p);
	vow_promise_release(q);
	vow_loop_free(loop);
}

static void test_locked_in_to_rejection(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_executor *ex = vow_loop_executor(loop);
	vow_resolver *r, *rq;
	vow_promise *p = test_deferred(ex, &r);
	vow_promise *q = test_deferred(ex, &rq);

	(void)state;
	trace_reset();
	trace_then(p, trace_pass, trace_rethrow, "p");
	assert_int_equal(vow_resolver_resolve(r, vow_value_promise(vow_promise_dup(q))), 0);
	assert_int_equal(vow_resolver_reject(rq, vow_str("bad")), 0);
	test_loop_run(loop);
	assert_int_equal(vow_promise_state(p), VOW_REJECTED);
	assert_string_equal(vow_str_cstr(vow_promise_result(p)), "bad");
	assert_trace("p:bad");
	vow_resolver_release(r);
	vow_resolver_release(rq);
	vow_promise_release(p);
	vow_promise_release(q);
	vow_loop_free(loop);
}

/*
 * Locked in, and the loop is freed before the adoption job runs: the job is
 * discarded, which drops the last reference to p, whose reaction is then
 * discarded too (ctx_dtor once, handler never).
 */
static void test_locked_in_discarded_on_loop_free(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_executor *ex = vow_loop_executor(loop);
	vow_resolver *r, *rq;
	vow_promise *p = test_deferred(ex, &r);
	vow_promise *q = test_deferred(ex, &rq);
	vow_promise *d;
	int dtor = 0;

	(void)state;
	trace_reset();
	d = vow_promise_then(p, trace_pass, trace_pass, &dtor, count_dtor);
	assert_int_equal(vow_resolver_resolve(r, vow_value_promise(vow_promise_dup(q))), 0);
	vow_resolver_release(r);
	vow_promise_release(p);
	vow_promise_release(d);
	vow_resolver_release(rq);
	vow_promise_release(q);
	assert_int_equal(dtor, 0);
	vow_loop_free(loop);
	assert_int_equal(dtor, 1);
	assert_trace("");
}

/* Resolver references: dup returns the same handle; each needs a release. */
static void test_resolver_dup_release(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_resolver *r;
	vow_promise *p = test_deferred(vow_loop_executor(loop), &r);
	vow_resolver *r2 = vow_resolver_dup(r);

	(void)state;
	assert_ptr_equal(r2, r);
	assert_ptr_equal(vow_resolver_promise(r2), p);
	vow_resolver_release(r);
	vow_promise_release(p);
	/* r2 alone keeps the promise alive and can settle it. */
	assert_int_equal(vow_promise_state(vow_resolver_promise(r2)), VOW_PENDING);
	assert_int_equal(vow_resolver_resolve(r2, vow_int(5)), 0);
	assert_int_equal(vow_promise_state(vow_resolver_promise(r2)), VOW_FULFILLED);
	assert_int_equal(vow_promise_result(vow_resolver_promise(r2)).as.i, 5);
	vow_resolver_release(r2);
	vow_loop_free(loop);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_state_fulfilled),
		cmocka_unit_test(test_state_rejected),
		cmocka_unit_test(test_state_pending_then_fulfilled),
		cmocka_unit_test(test_is_handled),
		cmocka_unit_test(test_dup_release),
		cmocka_unit_test(test_resolve_then_reject),
		cmocka_unit_test(test_reject_then_resolve),
		cmocka_unit_test(test_resolve_twice_reject_twice),
		cmocka_unit_test(test_self_resolution_rejects),
		cmocka_unit_test(test_locked_in_is_pending),
		cmocka_unit_test(test_locked_in_to_rejection),
		cmocka_unit_test(test_locked_in_discarded_on_loop_free),
		cmocka_unit_test(test_resolver_dup_release),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
