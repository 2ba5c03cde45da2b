/*
 * test_promise_then.c - then / catch / then_on: asynchrony, registration
 * order, pass-through and handler outcomes (the ctx_dtor contract is in
 * test_promise_ctx_dtor.c).
 */
#include "trace.h"

/* ---- asynchrony and order --------------------------------------------------- */

static void test_handlers_never_run_inside_then(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_executor *ex = vow_loop_executor(loop);
	vow_promise *f = vow_promise_resolve(ex, vow_int(1));
	vow_promise *r = vow_promise_reject(ex, vow_int(2));

	(void)state;
	trace_reset();
	trace_then(f, trace_pass, trace_rethrow, "f");
	trace_then(r, trace_pass, trace_tick, "r");
	trace_add("sync");
	assert_trace("sync");
	test_loop_run(loop);
	assert_trace("sync f:1 r");
	vow_promise_release(f);
	vow_promise_release(r);
	vow_loop_free(loop);
}

/*
 * const a = Promise.resolve('a'), b = Promise.resolve('b');
 * b.then(v => log(v + '1')); a.then(v => log(v + '1')); b.then(v => log(v + '2'));
 * log('sync');
 * let res; const c = new Promise(r => { res = r; });
 * c.then(v => log('c1:' + v)); c.then(v => log('c2:' + v)); c.then(v => log('c3:' + v));
 * res('x');
 * log('resolved');
 * node: sync resolved b1 a1 b2 c1:x c2:x c3:x
 */
static void test_registration_order(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_executor *ex = vow_loop_executor(loop);
	vow_promise *a = vow_promise_resolve(ex, vow_str("a"));
	vow_promise *b = vow_promise_resolve(ex, vow_str("b"));
	vow_resolver *res;
	vow_promise *c;

	(void)state;
	trace_reset();
	trace_then(b, trace_tick, NULL, "b1");
	trace_then(a, trace_tick, NULL, "a1");
	trace_then(b, trace_tick, NULL, "b2");
	trace_add("sync");
	c = test_deferred(ex, &res);
	trace_then(c, trace_pass, NULL, "c1");
	trace_then(c, trace_pass, NULL, "c2");
	trace_then(c, trace_pass, NULL, "c3");
	assert_int_equal(vow_resolver_resolve(res, vow_str("x")), 0);
	trace_add("resolved");
	test_loop_run(loop);
	assert_trace("sync resolved b1 a1 b2 c1:x c2:x c3:x");
	vow_resolver_release(res);
	vow_promise_release(a);
	vow_promise_release(b);
	vow_promise_release(c);
	vow_loop_free(loop);
}

/* ---- pass-through ------------------------------------------------------------- */

static void test_pass_through_value_and_reason(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_executor *ex = vow_loop_executor(loop);
	vow_promise *f = vow_promise_resolve(ex, vow_int(1));
	vow_promise *r = vow_promise_reject(ex, vow_str("e"));
	vow_promise *f1 = vow_promise_then(f, NULL, trace_rethrow, "wrong-f", NULL);
	vow_promise *f2 = vow_promise_catch(f1, trace_rethrow, "wrong-f2", NULL);
	vow_promise *r1 = vow_promise_then(r, trace_pass, NULL, "wrong-r", NULL);
	vow_promise *r2 = vow_promise_then(r1, NULL, NULL, NULL, NULL);

	(void)state;
	trace_reset();
	trace_then(f2, trace_pass, trace_rethrow, "f");
	trace_then(r2, trace_pass, trace_pass, "r");
	test_loop_run(loop);
	assert_trace("f:1 r:e");
	assert_int_equal(vow_promise_state(f2), VOW_FULFILLED);
	assert_int_equal(vow_promise_result(f2).as.i, 1);
	assert_int_equal(vow_promise_state(r2), VOW_REJECTED);
	assert_string_equal(vow_str_cstr(vow_promise_result(r2)), "e");
	vow_promise_release(f);
	vow_promise_release(f1);
	vow_promise_release(f2);
	vow_promise_release(r);
	vow_promise_release(r1);
	vow_promise_release(r2);
	vow_loop_free(loop);
}

/* ---- handler outcomes ------------------------------------------------------------ */

struct out_ctx {
	int action;
	vow_promise *ret;      /* OUT_PROMISE: returned (a reference is moved) */
	vow_promise **self;    /* OUT_SELF: the derived promise */
	int *dtor;
};

enum { OUT_VALUE, OUT_PROMISE, OUT_THENABLE, OUT_THROW, OUT_ZERO, OUT_SELF, OUT_BOX };

static vow_outcome thenable_then(void *self, vow_resolver *r)
{
	(void)self;
	trace_add("thenable.then");
	vow_resolver_resolve(r, vow_str("from-thenable"));
	return vow_return(vow_undefined());
}

static const vow_thenable_ops thenable_ops = {.then = thenable_then, .release = NULL};

static vow_outcome outcome_handler(void *ctx, vow_value v)
{
	struct out_ctx *c = ctx;
	vow_outcome zero = {0, vow_undefined()};

	trace_log("h", v);
	switch (c->action) {
	case OUT_VALUE: return vow_return(vow_str("ret"));
	case OUT_PROMISE: return vow_return(vow_value_promise(c->ret));
	case OUT_THENABLE: return vow_return(vow_thenable(&thenable_ops, NULL));
	case OUT_THROW: return vow_throw(vow_str("boom"));
	case OUT_SELF: return vow_return(vow_value_promise(vow_promise_dup(*c->self)));
	case OUT_BOX: return vow_return(vow_box(c->dtor, count_dtor));
	default: return zero;
	}
}

/* Run p.then(outcome_handler) and return the derived promise, after the loop. */
static vow_promise *run_outcome(vow_loop *loop, struct out_ctx *c, vow_promise **derived)
{
	vow_promise *p = vow_promise_resolve(vow_loop_executor(loop), vow_int(0));

	*derived = vow_promise_then(p, outcome_handler, NULL, c, NULL);
	assert_non_null(*derived);
	trace_then(*derived, trace_pass, trace_pass, "d");
	vow_promise_release(p);
	test_loop_run(loop);
	return *derived;
}

static void test_handler_returns_value(void **state)
{
	vow_loop *loop = test_loop_new();
	struct out_ctx c = {.action = OUT_VALUE};
	vow_promise *d;

	(void)state;
	trace_reset();
	run_outcome(loop, &c, &d);
	assert_trace("h:0 d:ret");
	assert_int_equal(vow_promise_state(d), VOW_FULFILLED);
	vow_promise_release(d);
	vow_loop_free(loop);
}

static void test_handler_returns_pending_promise(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_resolver *rq;
	vow_promise *q = test_deferred(vow_loop_executor(loop), &rq);
	struct out_ctx c = {.action = OUT_PROMISE, .ret = vow_promise_dup(q)};
	vow_promise *d;

	(void)state;
	trace_reset();
	run_outcome(loop, &c, &d);
	assert_trace("h:0");
	assert_int_equal(vow_promise_state(d), VOW_PENDING); /* adopted q: waits */
	assert_int_equal(vow_resolver_reject(rq, vow_str("q-failed")), 0);
	test_loop_run(loop);
	assert_trace("h:0 d:q-failed");
	assert_int_equal(vow_promise_state(d), VOW_REJECTED);
	vow_resolver_release(rq);
	vow_promise_release(q);
	vow_promise_release(d);
	vow_loop_free(loop);
}

static void test_handler_returns_thenable(void **state)
{
	vow_loop *loop = test_loop_new();
	struct out_ctx c = {.action = OUT_THENABLE};
	vow_promise *d;

	(void)state;
	trace_reset();
	run_outcome(loop, &c, &d);
	assert_trace("h:0 thenable.then d:from-thenable");
	assert_int_equal(vow_promise_state(d), VOW_FULFILLED);
	vow_promise_release(d);
	vow_loop_free(loop);
}

static void test_handler_throws(void **state)
{
	vow_loop *loop = test_loop_new();
	struct out_ctx c = {.action = OUT_THROW};
	vow_promise *d;

	(void)state;
	trace_reset();
	run_outcome(loop, &c, &d);
	assert_trace("h:0 d:boom");
	assert_int_equal(vow_promise_state(d), VOW_REJECTED);
	assert_string_equal(vow_str_cstr(vow_promise_result(d)), "boom");
	vow_promise_release(d);
	vow_loop_free(loop);
}

static void test_handler_invalid_outcome(void **state)
{
	vow_loop *loop = test_loop_new();
	struct out_ctx c = {.action = OUT_ZERO};
	vow_promise *d;

	(void)state;
	trace_reset();
	run_outcome(loop, &c, &d);
	assert_int_equal(vow_promise_state(d), VOW_REJECTED);
	assert_string_equal(vow_error_name(vow_promise_result(d)), "TypeError");
	assert_int_equal(vow_error_code(vow_promise_result(d)), VOW_EBADOUTCOME);
	assert_true(strncmp(trace_get(), "h:0 d:TypeError(", 16) == 0);
	vow_promise_release(d);
	vow_loop_free(loop);
}

/* const d = p.then(() => d);  -> TypeError: Chaining cycle detected */
static void test_handler_returns_own_derived(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_promise *d;
	struct out_ctx c = {.action = OUT_SELF, .self = &d};

	(void)state;
	trace_reset();
	run_outcome(loop, &c, &d);
	assert_int_equal(vow_promise_state(d), VOW_REJECTED);
	assert_string_equal(vow_error_name(vow_promise_result(d)), "TypeError");
	assert_int_equal(vow_error_code(vow_promise_result(d)), VOW_ESELF);
	vow_promise_release(d);
	vow_loop_free(loop);
}

/* The returned value is moved into the derived promise, released once with it. */
static void test_handler_value_ownership(void **state)
{
	vow_loop *loop = test_loop_new();
	int dtor = 0;
	struct out_ctx c = {.action = OUT_BOX, .dtor = &dtor};
	vow_promise *d;

	(void)state;
	trace_reset();
	run_outcome(loop, &c, &d);
	assert_trace("h:0 d:box");
	assert_int_equal(dtor, 0);
	assert_ptr_equal(vow_box_data(vow_promise_result(d)), &dtor);
	vow_promise_release(d);
	assert_int_equal(dtor, 1);
	vow_loop_free(loop);
}

static void test_catch_recovers(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_promise *r = vow_promise_reject(vow_loop_executor(loop), vow_str("e"));
	vow_promise *c = vow_promise_catch(r, trace_tick, "caught", NULL);

	(void)state;
	trace_reset();
	trace_then(c, trace_pass, trace_pass, "next");
	test_loop_run(loop);
	assert_trace("caught next:undefined");
	assert_int_equal(vow_promise_state(c), VOW_FULFILLED);
	vow_promise_release(r);
	vow_promise_release(c);
	vow_loop_free(loop);
}

/* then_on: the handler runs on the other executor; the derived promise is its. */
static void test_then_on_other_executor(void **state)
{
	vow_loop *a = test_loop_new();
	vow_loop *b = test_loop_new();
	vow_promise *p = vow_promise_resolve(vow_loop_executor(a), vow_int(4));
	vow_promise *d = vow_promise_then_on(p, vow_loop_executor(b), trace_pass, NULL, "on-b", NULL);

	(void)state;
	trace_reset();
	assert_non_null(d);
	assert_ptr_equal(vow_promise_executor(d), vow_loop_executor(b));
	test_loop_run(a);
	assert_trace("");
	test_loop_run(b);
	assert_trace("on-b:4");
	assert_int_equal(vow_promise_result(d).as.i, 4);
	vow_promise_release(p);
	vow_promise_release(d);
	vow_loop_free(a);
	vow_loop_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_handlers_never_run_inside_then),
		cmocka_unit_test(test_registration_order),
		cmocka_unit_test(test_pass_through_value_and_reason),
		cmocka_unit_test(test_handler_returns_value),
		cmocka_unit_test(test_handler_returns_pending_promise),
		cmocka_unit_test(test_handler_returns_thenable),
		cmocka_unit_test(test_handler_throws),
		cmocka_unit_test(test_handler_invalid_outcome),
		cmocka_unit_test(test_handler_returns_own_derived),
		cmocka_unit_test(test_handler_value_ownership),
		cmocka_unit_test(test_catch_recovers),
		cmocka_unit_test(test_then_on_other_executor),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
