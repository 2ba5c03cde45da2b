/*
 * test_promise_ordering.c - the ordering facts of DESIGN.md, each as an
 * exact trace.  Every expected trace was produced by running the JavaScript
 * in the comment above the test with node v20 (log = s => L.push(s), and
 * setTimeout(() => console.log(L.join(' '))) at the end).
 */
#include "trace.h"

static const char *const C5[] = {"c1", "c2", "c3", "c4", "c5"};
static const char *const B5[] = {"b1", "b2", "b3", "b4", "b5"};

/* A handler that logs its label and returns Promise.resolve(value) or value. */
struct ret_ctx {
	const char *label;
	vow_executor *ex;
	bool as_promise;
};

static vow_outcome log_and_return_x(void *ctx, vow_value v)
{
	struct ret_ctx *c = ctx;

	(void)v;
	trace_add("%s", c->label);
	if (c->as_promise)
		return vow_return(vow_value_promise(vow_promise_resolve(c->ex, vow_str("x"))));
	return vow_return(vow_str("x"));
}

static vow_outcome quiet(void *ctx, vow_value v)
{
	(void)ctx;
	(void)v;
	return vow_return(vow_undefined());
}

static void run_return_case(bool as_promise, const char *expected)
{
	vow_loop *loop = test_loop_new();
	vow_executor *ex = vow_loop_executor(loop);
	vow_promise *p = vow_promise_resolve(ex, vow_int(1));
	struct ret_ctx c = {"a1", ex, as_promise};
	vow_promise *a1 = vow_promise_then(p, log_and_return_x, NULL, &c, NULL);

	trace_reset();
	trace_then(a1, trace_pass, NULL, "a2");
	trace_ticks(p, B5, 5);
	test_loop_run(loop);
	assert_trace(expected);
	vow_promise_release(a1);
	vow_promise_release(p);
	vow_loop_free(loop);
}

/*
 * A handler that returns a promise costs two extra jobs.
 *
 * const p = Promise.resolve(1);
 * p.then(() => { log('a1'); return Promise.resolve('x'); }).then(v => log('a2:' + v));
 * p.then(() => log('b1')).then(() => log('b2')).then(() => log('b3'))
 *  .then(() => log('b4')).then(() => log('b5'));
 * node: a1 b1 b2 b3 a2:x b4 b5
 */
static void test_handler_returning_promise_two_extra_jobs(void **state)
{
	(void)state;
	run_return_case(true, "a1 b1 b2 b3 a2:x b4 b5");
}

/*
 * The same with a plain value, for comparison: a2 runs right after b1.
 * p.then(() => { log('a1'); return 'x'; }).then(v => log('a2:' + v)); ...
 * node: a1 b1 a2:x b2 b3 b4 b5
 */
static void test_handler_returning_value_no_extra_job(void **state)
{
	(void)state;
	run_return_case(false, "a1 b1 a2:x b2 b3 b4 b5");
}

/*
 * An executor's resolve(p) costs two extra jobs too.
 *
 * const inner = Promise.resolve('x');
 * new Promise(r => r(inner)).then(v => log('n:' + v));
 * inner.then(() => log('c1')).then(() => log('c2')).then(() => log('c3')).then(() => log('c4'));
 * node: c1 c2 n:x c3 c4
 */
static void test_resolve_with_promise_two_extra_jobs(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_executor *ex = vow_loop_executor(loop);
	vow_promise *inner = vow_promise_resolve(ex, vow_str("x"));
	vow_resolver *r;
	vow_promise *n = test_deferred(ex, &r);

	(void)state;
	trace_reset();
	assert_int_equal(vow_resolver_resolve(r, vow_value_promise(vow_promise_dup(inner))), 0);
	trace_then(n, trace_pass, NULL, "n");
	trace_ticks(inner, C5, 4);
	test_loop_run(loop);
	assert_trace("c1 c2 n:x c3 c4");
	vow_resolver_release(r);
	vow_promise_release(n);
	vow_promise_release(inner);
	vow_loop_free(loop);
}

/*
 * finally delays its successor by two extra jobs compared with then:
 * tn comes one job after c1, fn three jobs after.
 *
 * const p = Promise.resolve(1);
 * p.finally(() => { log('f'); }).then(v => { log('fn:' + v); });
 * p.then(() => { log('t'); }).then(() => { log('tn'); });
 * p.then(() => { log('c1'); }).then(() => { log('c2'); }).then(() => { log('c3'); })
 *  .then(() => { log('c4'); }).then(() => { log('c5'); });
 * node: f t c1 tn c2 c3 fn:1 c4 c5
 */
static void test_finally_two_extra_jobs(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_promise *p = vow_promise_resolve(vow_loop_executor(loop), vow_int(1));
	vow_promise *f = vow_promise_finally(p, trace_thunk, "f", NULL);
	vow_promise *t = vow_promise_then(p, trace_tick, NULL, "t", NULL);

	(void)state;
	trace_reset();
	trace_then(f, trace_pass, NULL, "fn");
	trace_then(t, trace_tick, NULL, "tn");
	trace_ticks(p, C5, 5);
	test_loop_run(loop);
	assert_trace("f t c1 tn c2 c3 fn:1 c4 c5");
	vow_promise_release(f);
	vow_promise_release(t);
	vow_promise_release(p);
	vow_loop_free(loop);
}

/*
 * The same on the rejection path.
 *
 * const p = Promise.reject('e');
 * p.finally(() => log('f')).catch(r => log('fc:' + r));
 * p.then(null, () => log('t')).then(v => log('tn'));
 * p.catch(() => {}).then(() => log('c1')).then(() => log('c2'))
 *  .then(() => log('c3')).then(() => log('c4'));
 * node: f t tn c1 c2 fc:e c3 c4
 */
static void test_finally_two_extra_jobs_rejected(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_promise *p = vow_promise_reject(vow_loop_executor(loop), vow_str("e"));
	vow_promise *f = vow_promise_finally(p, trace_thunk, "f", NULL);
	vow_promise *t = vow_promise_then(p, NULL, trace_tick, "t", NULL);
	vow_promise *c = vow_promise_catch(p, quiet, NULL, NULL);

	(void)state;
	trace_reset();
	trace_then(f, NULL, trace_pass, "fc");
	trace_then(t, trace_tick, NULL, "tn");
	trace_ticks(c, C5, 4);
	test_loop_run(loop);
	assert_trace("f t tn c1 c2 fc:e c3 c4");
	vow_promise_release(f);
	vow_promise_release(t);
	vow_promise_release(c);
	vow_promise_release(p);
	vow_loop_free(loop);
}

static vow_outcome reason_is(void *ctx, vow_value reason)
{
	trace_add("reason-is-p:%s",
		  reason.kind == VOW_PROMISE && reason.as.promise == ctx ? "true" : "false");
	return vow_return(vow_undefined());
}

/*
 * Promise.resolve(p) is p itself (its handlers run with p's); Promise.reject(p)
 * wraps p as the reason; new Promise(res => res(p)) takes two extra jobs.
 *
 * const p = Promise.resolve('v');
 * const q = Promise.resolve(p);
 * log('same:' + (q === p));
 * const r = Promise.reject(p);
 * log('wrapped:' + (r !== p));
 * r.catch(reason => log('reason-is-p:' + (reason === p)));
 * q.then(v => log('q:' + v));
 * new Promise(res => res(p)).then(v => log('n:' + v));
 * p.then(() => log('c1')).then(() => log('c2')).then(() => log('c3'));
 * node: same:true wrapped:true reason-is-p:true q:v c1 c2 n:v c3
 */
static void test_resolve_returns_same_reject_wraps(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_executor *ex = vow_loop_executor(loop);
	vow_promise *p = vow_promise_resolve(ex, vow_str("v"));
	vow_promise *q = vow_promise_resolve(ex, vow_value_promise(vow_promise_dup(p)));
	vow_promise *r, *n, *rc;
	vow_resolver *res;

	(void)state;
	trace_reset();
	trace_add("same:%s", q == p ? "true" : "false");
	r = vow_promise_reject(ex, vow_value_promise(vow_promise_dup(p)));
	trace_add("wrapped:%s", r != NULL && r != p ? "true" : "false");
	assert_int_equal(vow_promise_state(r), VOW_REJECTED);
	rc = vow_promise_catch(r, reason_is, p, NULL);
	trace_then(q, trace_pass, NULL, "q");
	n = test_deferred(ex, &res);
	assert_int_equal(vow_resolver_resolve(res, vow_value_promise(vow_promise_dup(p))), 0);
	trace_then(n, trace_pass, NULL, "n");
	trace_ticks(p, C5, 3);
	test_loop_run(loop);
	assert_trace("same:true wrapped:true reason-is-p:true q:v c1 c2 n:v c3");
	vow_resolver_release(res);
	vow_promise_release(n);
	vow_promise_release(rc);
	vow_promise_release(r);
	vow_promise_release(q);
	vow_promise_release(p);
	vow_loop_free(loop);
}

static const char *state_name(vow_promise *p)
{
	switch (vow_promise_state(p)) {
	case VOW_FULFILLED: return "fulfilled";
	case VOW_REJECTED: return "rejected";
	default: return "pending";
	}
}

static vow_outcome log_len(void *ctx, vow_value v)
{
	trace_add("%s:%zu", (const char *)ctx, vow_array_len(v));
	return vow_return(vow_undefined());
}

static vow_outcome log_aggregate(void *ctx, vow_value e)
{
	trace_add("%s:%s:%zu", (const char *)ctx, vow_error_name(e),
		  vow_array_len(vow_error_errors(e)));
	return vow_return(vow_undefined());
}

/*
 * all([]) and allSettled([]) fulfil synchronously, any([]) rejects
 * synchronously, race([]) never settles.  (Handlers attached to an
 * already-settled promise are queued at once, so they run before tick1.)
 *
 * const st = p => { const s = util.inspect(p); return s.includes('<pending>')
 *   ? 'pending' : s.includes('<rejected>') ? 'rejected' : 'fulfilled'; };
 * const a = Promise.all([]), s = Promise.allSettled([]), y = Promise.any([]),
 *       r = Promise.race([]);
 * log('all:' + st(a)); log('allSettled:' + st(s)); log('any:' + st(y)); log('race:' + st(r));
 * a.then(v => { log('all-then:' + v.length); });
 * s.then(v => { log('allSettled-then:' + v.length); });
 * y.catch(e => { log('any-catch:' + e.name + ':' + e.errors.length); });
 * r.then(() => { log('race-then'); }, () => { log('race-catch'); });
 * Promise.resolve().then(() => { log('tick1'); });
 * setTimeout(() => { log('race:' + st(r)); console.log(L.join(' ')); });
 * node: all:fulfilled allSettled:fulfilled any:rejected race:pending all-then:0
 *       allSettled-then:0 any-catch:AggregateError:0 tick1 race:pending
 */
static void test_empty_combinators(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_executor *ex = vow_loop_executor(loop);
	vow_promise *a = vow_promise_all(ex, NULL, 0);
	vow_promise *s = vow_promise_all_settled(ex, NULL, 0);
	vow_promise *y = vow_promise_any(ex, NULL, 0);
	vow_promise *r = vow_promise_race(ex, NULL, 0);
	vow_promise *tick;

	(void)state;
	assert_non_null(a);
	assert_non_null(s);
	assert_non_null(y);
	assert_non_null(r);
	trace_reset();
	trace_add("all:%s", state_name(a));
	trace_add("allSettled:%s", state_name(s));
	trace_add("any:%s", state_name(y));
	trace_add("race:%s", state_name(r));
	assert_int_equal(vow_error_code(vow_promise_result(y)), VOW_EAGGREGATE);
	assert_int_equal(vow_error_errors(vow_promise_result(y)).kind, VOW_ARRAY);
	assert_int_equal(vow_array_len(vow_error_errors(vow_promise_result(y))), 0);
	trace_then(a, log_len, NULL, "all-then");
	trace_then(s, log_len, NULL, "allSettled-then");
	trace_then(y, NULL, log_aggregate, "any-catch");
	trace_then(r, trace_tick, trace_tick, "race-settled");
	tick = vow_promise_resolve(ex, vow_undefined());
	trace_then(tick, trace_tick, NULL, "tick1");
	test_loop_run(loop);
	trace_add("race:%s", state_name(r));
	assert_trace("all:fulfilled allSettled:fulfilled any:rejected race:pending all-then:0 "
		     "allSettled-then:0 any-catch:AggregateError:0 tick1 race:pending");
	vow_promise_release(a);
	vow_promise_release(s);
	vow_promise_release(y);
	vow_promise_release(r);
	vow_promise_release(tick);
	vow_loop_free(loop);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_handler_returning_promise_two_extra_jobs),
		cmocka_unit_test(test_handler_returning_value_no_extra_job),
		cmocka_unit_test(test_resolve_with_promise_two_extra_jobs),
		cmocka_unit_test(test_finally_two_extra_jobs),
		cmocka_unit_test(test_finally_two_extra_jobs_rejected),
		cmocka_unit_test(test_resolve_returns_same_reject_wraps),
		cmocka_unit_test(test_empty_combinators),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
