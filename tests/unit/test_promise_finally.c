/*
 * test_promise_finally.c - Promise.prototype.finally: pass-through, a
 * throwing or rejecting handler wins, a pending result is waited for,
 * finally(NULL), and the ctx_dtor contract.
 */
#include "trace.h"

struct fin_ctx {
	int action;
	vow_executor *ex;
	vow_loop *loop;
	vow_resolver *later; /* FIN_PENDING_*: settled by a timer */
	int ran;
	int dtor;
};

enum { FIN_RETURN_VALUE, FIN_THROW, FIN_RETURN_REJECTED, FIN_PENDING_RESOLVE,
       FIN_PENDING_REJECT, FIN_ZERO };

static void fin_dtor(void *ctx)
{
	((struct fin_ctx *)ctx)->dtor++;
}

static void timer_settle(void *ctx)
{
	struct fin_ctx *c = ctx;

	trace_add("timer");
	if (c->action == FIN_PENDING_RESOLVE)
		assert_int_equal(vow_resolver_resolve(c->later, vow_str("ignored")), 0);
	else
		assert_int_equal(vow_resolver_reject(c->later, vow_str("late")), 0);
	vow_resolver_release(c->later);
	c->later = NULL;
}

static vow_outcome fin_handler(void *ctx)
{
	struct fin_ctx *c = ctx;
	vow_outcome zero = {0, vow_undefined()};
	vow_promise *q;

	assert_int_equal(c->dtor, 0);
	c->ran++;
	trace_add("f");
	switch (c->action) {
	case FIN_RETURN_VALUE:
		return vow_return(vow_int(99));
	case FIN_THROW:
		return vow_throw(vow_str("boom"));
	case FIN_RETURN_REJECTED:
		return vow_return(vow_value_promise(vow_promise_reject(c->ex, vow_str("x"))));
	case FIN_PENDING_RESOLVE:
	case FIN_PENDING_REJECT:
		q = vow_promise_with_resolvers(c->ex, &c->later);
		assert_non_null(q);
		assert_int_not_equal(vow_loop_set_timeout(c->loop, timer_settle, c, NULL, 10), 0);
		return vow_return(vow_value_promise(q));
	default:
		return zero;
	}
}

/* source.finally(fin_handler) with action; logs the outcome as v:/r:. */
static vow_promise *run_finally(vow_loop *loop, vow_promise *source, struct fin_ctx *c)
{
	vow_promise *f;

	c->ex = vow_loop_executor(loop);
	c->loop = loop;
	f = vow_promise_finally(source, fin_handler, c, fin_dtor);
	assert_non_null(f);
	trace_then(f, trace_pass, trace_pass, "v");
	vow_promise_release(source);
	test_loop_run(loop);
	assert_int_equal(c->ran, 1);
	assert_int_equal(c->dtor, 1);
	return f;
}

static void test_finally_passes_value_through(void **state)
{
	vow_loop *loop = test_loop_new();
	struct fin_ctx c = {.action = FIN_RETURN_VALUE};
	vow_promise *f;

	(void)state;
	trace_reset();
	f = run_finally(loop, vow_promise_resolve(vow_loop_executor(loop), vow_int(1)), &c);
	assert_trace("f v:1"); /* the handler's 99 is ignored */
	assert_int_equal(vow_promise_state(f), VOW_FULFILLED);
	assert_int_equal(vow_promise_result(f).as.i, 1);
	vow_promise_release(f);
	vow_loop_free(loop);
	assert_int_equal(c.dtor, 1);
}

static void test_finally_passes_reason_through(void **state)
{
	vow_loop *loop = test_loop_new();
	struct fin_ctx c = {.action = FIN_RETURN_VALUE};
	vow_promise *f;

	(void)state;
	trace_reset();
	f = run_finally(loop, vow_promise_reject(vow_loop_executor(loop), vow_str("e")), &c);
	assert_trace("f v:e");
	assert_int_equal(vow_promise_state(f), VOW_REJECTED);
	assert_string_equal(vow_str_cstr(vow_promise_result(f)), "e");
	vow_promise_release(f);
	vow_loop_free(loop);
}

static void test_finally_throw_wins(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_executor *ex = vow_loop_executor(loop);
	struct fin_ctx c1 = {.action = FIN_THROW}, c2 = {.action = FIN_THROW};
	vow_promise *f1, *f2;

	(void)state;
	trace_reset();
	f1 = run_finally(loop, vow_promise_resolve(ex, vow_int(1)), &c1);
	f2 = run_finally(loop, vow_promise_reject(ex, vow_str("e")), &c2);
	assert_trace("f v:boom f v:boom");
	assert_int_equal(vow_promise_state(f1), VOW_REJECTED);
	assert_string_equal(vow_str_cstr(vow_promise_result(f1)), "boom");
	assert_int_equal(vow_promise_state(f2), VOW_REJECTED);
	assert_string_equal(vow_str_cstr(vow_promise_result(f2)), "boom");
	vow_promise_release(f1);
	vow_promise_release(f2);
	vow_loop_free(loop);
}

static void test_finally_rejected_promise_wins(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_executor *ex = vow_loop_executor(loop);
	struct fin_ctx c1 = {.action = FIN_RETURN_REJECTED}, c2 = {.action = FIN_RETURN_REJECTED};
	vow_promise *f1, *f2;

	(void)state;
	trace_reset();
	f1 = run_finally(loop, vow_promise_resolve(ex, vow_int(1)), &c1);
	f2 = run_finally(loop, vow_promise_reject(ex, vow_str("e")), &c2);
	assert_trace("f v:x f v:x");
	assert_int_equal(vow_promise_state(f1), VOW_REJECTED);
	assert_string_equal(vow_str_cstr(vow_promise_result(f1)), "x");
	assert_int_equal(vow_promise_state(f2), VOW_REJECTED);
	assert_string_equal(vow_str_cstr(vow_promise_result(f2)), "x");
	vow_promise_release(f1);
	vow_promise_release(f2);
	vow_loop_free(loop);
}

/*
 * A pending result is waited for; its fulfilment value is ignored, its
 * rejection wins.
 *
 * Promise.resolve(1).finally(() => { log('f'); return new Promise(r =>
 *   setTimeout(() => { log('timer'); r('ignored'); }, 10)); }).then(v => log('v:' + v));
 * Promise.reject('e').finally(() => { log('f'); return new Promise((_, rj) =>
 *   setTimeout(() => { log('timer'); rj('late'); }, 10)); }).catch(r => log('v:' + r));
 * (node, run one at a time: f timer v:1 / f timer v:late)
 */
static void test_finally_waits_for_pending_resolve(void **state)
{
	vow_loop *loop = test_loop_new();
	struct fin_ctx c = {.action = FIN_PENDING_RESOLVE};
	vow_promise *f;

	(void)state;
	trace_reset();
	f = run_finally(loop, vow_promise_resolve(vow_loop_executor(loop), vow_int(1)), &c);
	assert_trace("f timer v:1");
	assert_null(c.later);
	assert_int_equal(vow_promise_state(f), VOW_FULFILLED);
	assert_int_equal(vow_promise_result(f).as.i, 1);
	assert_int_equal(vow_loop_now(loop), 10);
	vow_promise_release(f);
	vow_loop_free(loop);
}

static void test_finally_waits_for_pending_reject(void **state)
{
	vow_loop *loop = test_loop_new();
	struct fin_ctx c = {.action = FIN_PENDING_REJECT};
	vow_promise *f;

	(void)state;
	trace_reset();
	f = run_finally(loop, vow_promise_reject(vow_loop_executor(loop), vow_str("e")), &c);
	assert_trace("f timer v:late");
	assert_int_equal(vow_promise_state(f), VOW_REJECTED);
	assert_string_equal(vow_str_cstr(vow_promise_result(f)), "late");
	vow_promise_release(f);
	vow_loop_free(loop);
}

static void test_finally_invalid_outcome(void **state)
{
	vow_loop *loop = test_loop_new();
	struct fin_ctx c = {.action = FIN_ZERO};
	vow_promise *f;

	(void)state;
	trace_reset();
	f = run_finally(loop, vow_promise_resolve(vow_loop_executor(loop), vow_int(1)), &c);
	assert_int_equal(vow_promise_state(f), VOW_REJECTED);
	assert_string_equal(vow_error_name(vow_promise_result(f)), "TypeError");
	assert_int_equal(vow_error_code(vow_promise_result(f)), VOW_EBADOUTCOME);
	vow_promise_release(f);
	vow_loop_free(loop);
}

/* finally(NULL): pure pass-through of value and reason; ctx_dtor still once. */
static void test_finally_null_passes_through(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_executor *ex = vow_loop_executor(loop);
	vow_promise *p1 = vow_promise_resolve(ex, vow_int(1));
	vow_promise *p2 = vow_promise_reject(ex, vow_str("e"));
	int d1 = 0, d2 = 0;
	vow_promise *f1 = vow_promise_finally(p1, NULL, &d1, count_dtor);
	vow_promise *f2 = vow_promise_finally(p2, NULL, &d2, count_dtor);

	(void)state;
	trace_reset();
	assert_non_null(f1);
	assert_non_null(f2);
	trace_then(f1, trace_pass, trace_pass, "a");
	trace_then(f2, trace_pass, trace_pass, "b");
	test_loop_run(loop);
	assert_trace("a:1 b:e");
	assert_int_equal(vow_promise_state(f1), VOW_FULFILLED);
	assert_int_equal(vow_promise_state(f2), VOW_REJECTED);
	assert_int_equal(d1, 1);
	assert_int_equal(d2, 1);
	vow_promise_release(p1);
	vow_promise_release(p2);
	vow_promise_release(f1);
	vow_promise_release(f2);
	vow_loop_free(loop);
	assert_int_equal(d1, 1);
	assert_int_equal(d2, 1);
}

/* The handler is never run if the loop is freed first: ctx_dtor still once. */
static void test_finally_discarded_on_loop_free(void **state)
{
	vow_loop *loop = test_loop_new();
	struct fin_ctx c = {.action = FIN_RETURN_VALUE};
	vow_promise *p = vow_promise_resolve(vow_loop_executor(loop), vow_int(1));
	vow_promise *f = vow_promise_finally(p, fin_handler, &c, fin_dtor);

	(void)state;
	vow_promise_release(p);
	vow_promise_release(f);
	vow_loop_free(loop);
	assert_int_equal(c.ran, 0);
	assert_int_equal(c.dtor, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_finally_passes_value_through),
		cmocka_unit_test(test_finally_passes_reason_through),
		cmocka_unit_test(test_finally_throw_wins),
		cmocka_unit_test(test_finally_rejected_promise_wins),
		cmocka_unit_test(test_finally_waits_for_pending_resolve),
		cmocka_unit_test(test_finally_waits_for_pending_reject),
		cmocka_unit_test(test_finally_invalid_outcome),
		cmocka_unit_test(test_finally_null_passes_through),
		cmocka_unit_test(test_finally_discarded_on_loop_free),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
