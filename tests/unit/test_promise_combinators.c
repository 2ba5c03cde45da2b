/*
 * test_promise_combinators.c - all / allSettled / race / any over mixed
 * inputs (plain values, promises, thenables).  Expected traces come from
 * running the JavaScript in each comment with node v20.
 */
#include "trace.h"

/* A thenable whose then() logs "then" and resolves or rejects with "t". */
struct tt {
	bool reject;
	int then_calls;
	int released;
};

static vow_outcome tt_then(void *self, vow_resolver *r)
{
	struct tt *t = self;

	t->then_calls++;
	trace_add("then");
	if (t->reject)
		assert_int_equal(vow_resolver_reject(r, vow_str("t")), 0);
	else
		assert_int_equal(vow_resolver_resolve(r, vow_str("t")), 0);
	return vow_return(vow_undefined());
}

static void tt_release(void *self)
{
	((struct tt *)self)->released++;
}

static const vow_thenable_ops tt_ops = {.then = tt_then, .release = tt_release};

static vow_outcome log_rejected(void *ctx, vow_value v)
{
	char buf[256];

	trace_add("%s-rejected:%s", (const char *)ctx, trace_fmt_value(v, buf, sizeof buf));
	return vow_return(vow_undefined());
}

static void drop_items(vow_value *items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		vow_value_drop(items[i]);
}

static vow_outcome tick_then_resolve(void *ctx, vow_value v)
{
	(void)v;
	trace_add("tick");
	assert_int_equal(vow_resolver_resolve(ctx, vow_str("late")), 0);
	return vow_return(vow_undefined());
}

/*
 * all: values in input order, whatever order they settle in.
 *
 * let r2; const p2 = new Promise(r => { r2 = r; });
 * const t = { then(res) { log('then'); res('t'); } };
 * Promise.all([1, p2, t, 's', Promise.resolve(5)])
 *   .then(v => { log('all:[' + v.join(',') + ']'); });
 * Promise.resolve().then(() => { log('tick'); r2('late'); });
 * node: then tick all:[1,late,t,s,5]
 */
static void test_all_mixed_inputs_in_order(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_executor *ex = vow_loop_executor(loop);
	struct tt t = {false, 0, 0};
	vow_resolver *r2;
	vow_promise *p2 = test_deferred(ex, &r2);
	vow_value items[5];
	vow_promise *all, *tick;

	(void)state;
	items[0] = vow_int(1);
	items[1] = vow_value_promise(vow_promise_dup(p2));
	items[2] = vow_thenable(&tt_ops, &t);
	items[3] = vow_str("s");
	items[4] = vow_value_promise(vow_promise_resolve(ex, vow_int(5)));
	trace_reset();
	all = vow_promise_all(ex, items, 5);
	assert_non_null(all);
	drop_items(items, 5); /* items are borrowed */
	trace_then(all, trace_pass, log_rejected, "all");
	tick = vow_promise_resolve(ex, vow_undefined());
	trace_then(tick, tick_then_resolve, NULL, (void *)r2);
	test_loop_run(loop);
	assert_trace("then tick all:[1,late,t,s,5]");
	assert_int_equal(vow_promise_state(all), VOW_FULFILLED);
	assert_int_equal(vow_array_len(vow_promise_result(all)), 5);
	assert_int_equal(t.then_calls, 1);
	vow_resolver_release(r2);
	vow_promise_release(p2);
	vow_promise_release(tick);
	vow_promise_release(all);
	vow_loop_free(loop);
	assert_int_equal(t.released, 1);
}

/*
 * all: the first rejection wins, later ones are ignored; race: first to
 * settle wins.
 *
 * const d = () => { let res, rej; const p = new Promise((a, b) => { res = a; rej = b; });
 *                   return { p, res, rej }; };
 * const a = d(), b = d(), c = d();
 * Promise.all([a.p, b.p, c.p]).then(v => log('all:' + v), r => log('all-rejected:' + r));
 * b.rej('b'); a.rej('a'); c.res('c');
 * const x = d(), y = d();
 * Promise.race([x.p, y.p]).then(v => log('race:' + v), r => log('race-rejected:' + r));
 * y.res('two'); x.res('one');
 * Promise.race([Promise.reject('first'), 2]).then(v => log('race2:' + v),
 *                                                r => log('race2-rejected:' + r));
 * Promise.race([d().p, 3]).then(v => log('race3:' + v));
 * node: all-rejected:b race:two race2-rejected:first race3:3
 */
static void test_all_first_rejection_and_race(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_executor *ex = vow_loop_executor(loop);
	vow_resolver *ra, *rb, *rc, *rx, *ry, *rn;
	vow_promise *a = test_deferred(ex, &ra), *b = test_deferred(ex, &rb);
	vow_promise *c = test_deferred(ex, &rc), *x = test_deferred(ex, &rx);
	vow_promise *y = test_deferred(ex, &ry), *never = test_deferred(ex, &rn);
	vow_value abc[3] = {vow_value_promise(a), vow_value_promise(b), vow_value_promise(c)};
	vow_value xy[2] = {vow_value_promise(x), vow_value_promise(y)};
	vow_value r2items[2], r3items[2] = {vow_value_promise(never), vow_int(3)};
	vow_promise *all, *race, *race2, *race3;

	(void)state;
	trace_reset();
	all = vow_promise_all(ex, abc, 3);
	trace_then(all, trace_pass, log_rejected, "all");
	assert_int_equal(vow_resolver_reject(rb, vow_str("b")), 0);
	assert_int_equal(vow_resolver_reject(ra, vow_str("a")), 0);
	assert_int_equal(vow_resolver_resolve(rc, vow_str("c")), 0);
	race = vow_promise_race(ex, xy, 2);
	trace_then(race, trace_pass, log_rejected, "race");
	assert_int_equal(vow_resolver_resolve(ry, vow_str("two")), 0);
	assert_int_equal(vow_resolver_resolve(rx, vow_str("one")), 0);
	r2items[0] = vow_value_promise(vow_promise_reject(ex, vow_str("first")));
	r2items[1] = vow_int(2);
	race2 = vow_promise_race(ex, r2items, 2);
	drop_items(r2items, 2);
	trace_then(race2, trace_pass, log_rejected, "race2");
	race3 = vow_promise_race(ex, r3items, 2);
	trace_then(race3, trace_pass, log_rejected, "race3");
	test_loop_run(loop);
	assert_trace("all-rejected:b race:two race2-rejected:first race3:3");
	assert_int_equal(vow_promise_state(all), VOW_REJECTED);
	assert_string_equal(vow_str_cstr(vow_promise_result(all)), "b");
	assert_string_equal(vow_str_cstr(vow_promise_result(race)), "two");
	assert_int_equal(vow_promise_state(race3), VOW_FULFILLED);
	vow_resolver_release(ra); vow_resolver_release(rb); vow_resolver_release(rc);
	vow_resolver_release(rx); vow_resolver_release(ry); vow_resolver_release(rn);
	drop_items(abc, 3);
	drop_items(xy, 2);
	drop_items(r3items, 2);
	vow_promise_release(all);
	vow_promise_release(race);
	vow_promise_release(race2);
	vow_promise_release(race3);
	vow_loop_free(loop);
}

static vow_outcome log_aggregate(void *ctx, vow_value e)
{
	char buf[256];

	trace_add("%s:%s:%s:%s", (const char *)ctx, vow_error_name(e), vow_error_message(e),
		  trace_fmt_value(vow_error_errors(e), buf, sizeof buf));
	return vow_return(vow_undefined());
}

static void resolve_late(void *ctx)
{
	assert_int_equal(vow_resolver_resolve(ctx, vow_str("late")), 0);
}

/*
 * allSettled records in input order; any: the first fulfilment wins, and an
 * AggregateError holds every reason in input order.
 *
 * const t = { then(res, rej) { rej('t'); } };
 * Promise.allSettled([Promise.resolve(1), Promise.reject('e'), 'v', t])
 *   .then(v => log('settled:[' + v.map(r => '{' + r.status + ',' +
 *         (r.status === 'fulfilled' ? r.value : r.reason) + '}').join(',') + ']'));
 * const p = d();
 * Promise.any([Promise.reject('a'), p.p, Promise.reject('b')]).then(v => log('any:' + v));
 * setTimeout(() => p.res('late'), 1);
 * const x = d(), y = d(), z = d();
 * Promise.any([x.p, y.p, z.p]).catch(e => log('agg:' + e.name + ':' + e.message +
 *                                              ':[' + e.errors.join(',') + ']'));
 * y.rej('y'); z.rej('z'); x.rej('x');
 * node: then agg:AggregateError:All promises were rejected:[x,y,z]
 *       settled:[{fulfilled,1},{rejected,e},{fulfilled,v},{rejected,t}] any:late
 * (vow's thenable also logs "then" when its then() is called; JS's does not.)
 */
static void test_all_settled_and_any(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_executor *ex = vow_loop_executor(loop);
	struct tt t = {true, 0, 0};
	vow_value s_items[4];
	vow_value a_items[3];
	vow_value xyz[3];
	vow_resolver *rp, *rx, *ry, *rz;
	vow_promise *p = test_deferred(ex, &rp);
	vow_promise *x = test_deferred(ex, &rx), *y = test_deferred(ex, &ry), *z = test_deferred(ex, &rz);
	vow_promise *settled, *any, *agg;

	(void)state;
	trace_reset();
	s_items[0] = vow_value_promise(vow_promise_resolve(ex, vow_int(1)));
	s_items[1] = vow_value_promise(vow_promise_reject(ex, vow_str("e")));
	s_items[2] = vow_str("v");
	s_items[3] = vow_thenable(&tt_ops, &t);
	settled = vow_promise_all_settled(ex, s_items, 4);
	drop_items(s_items, 4);
	trace_then(settled, trace_pass, log_rejected, "settled");

	a_items[0] = vow_value_promise(vow_promise_reject(ex, vow_str("a")));
	a_items[1] = vow_value_promise(vow_promise_dup(p));
	a_items[2] = vow_value_promise(vow_promise_reject(ex, vow_str("b")));
	any = vow_promise_any(ex, a_items, 3);
	drop_items(a_items, 3);
	trace_then(any, trace_pass, log_rejected, "any");
	assert_int_not_equal(vow_loop_set_timeout(loop, resolve_late, rp, NULL, 1), 0);

	xyz[0] = vow_value_promise(x);
	xyz[1] = vow_value_promise(y);
	xyz[2] = vow_value_promise(z);
	agg = vow_promise_any(ex, xyz, 3);
	trace_then(agg, trace_pass, log_aggregate, "agg");
	assert_int_equal(vow_resolver_reject(ry, vow_str("y")), 0);
	assert_int_equal(vow_resolver_reject(rz, vow_str("z")), 0);
	assert_int_equal(vow_resolver_reject(rx, vow_str("x")), 0);

	test_loop_run(loop);
	assert_trace("then agg:AggregateError:All promises were rejected:[x,y,z] "
		     "settled:[{fulfilled,1},{rejected,e},{fulfilled,v},{rejected,t}] any:late");
	assert_int_equal(vow_promise_state(settled), VOW_FULFILLED);
	assert_int_equal(vow_settled_status(vow_array_get(vow_promise_result(settled), 1)),
			 VOW_REJECTED);
	assert_int_equal(vow_error_code(vow_promise_result(agg)), VOW_EAGGREGATE);
	assert_int_equal(vow_array_len(vow_error_errors(vow_promise_result(agg))), 3);
	assert_int_equal(vow_promise_state(any), VOW_FULFILLED);
	vow_resolver_release(rp); vow_resolver_release(rx);
	vow_resolver_release(ry); vow_resolver_release(rz);
	drop_items(xyz, 3);
	vow_promise_release(p);
	vow_promise_release(settled);
	vow_promise_release(any);
	vow_promise_release(agg);
	vow_loop_free(loop);
	assert_int_equal(t.then_calls, 1);
	assert_int_equal(t.released, 1);
}

/* any: a later fulfilment after the first is ignored; all: later values too. */
static void test_any_first_fulfilment_wins(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_executor *ex = vow_loop_executor(loop);
	vow_resolver *r1, *r2;
	vow_promise *p1 = test_deferred(ex, &r1), *p2 = test_deferred(ex, &r2);
	vow_value items[2] = {vow_value_promise(p1), vow_value_promise(p2)};
	vow_promise *any = vow_promise_any(ex, items, 2);

	(void)state;
	trace_reset();
	trace_then(any, trace_pass, log_rejected, "any");
	assert_int_equal(vow_resolver_resolve(r2, vow_str("second-input")), 0);
	test_loop_run(loop);
	assert_int_equal(vow_resolver_resolve(r1, vow_str("first-input")), 0);
	test_loop_run(loop);
	assert_trace("any:second-input");
	assert_string_equal(vow_str_cstr(vow_promise_result(any)), "second-input");
	vow_resolver_release(r1);
	vow_resolver_release(r2);
	drop_items(items, 2);
	vow_promise_release(any);
	vow_loop_free(loop);
}

/* Pending inputs that never settle: the combinator stays pending, no leak. */
static void test_combinators_never_settle_no_leak(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_executor *ex = vow_loop_executor(loop);
	vow_resolver *r;
	vow_promise *p = test_deferred(ex, &r);
	vow_value items[2] = {vow_value_promise(p), vow_int(1)};
	vow_promise *c[4];

	(void)state;
	c[0] = vow_promise_all(ex, items, 2);
	c[1] = vow_promise_all_settled(ex, items, 2);
	c[2] = vow_promise_race(ex, items, 1);
	c[3] = vow_promise_any(ex, items, 1);
	test_loop_run(loop);
	for (int i = 0; i < 4; i++) {
		assert_non_null(c[i]);
		assert_int_equal(vow_promise_state(c[i]), VOW_PENDING);
		vow_promise_release(c[i]);
	}
	vow_resolver_release(r);
	drop_items(items, 2);
	vow_loop_free(loop);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_mixed_inputs_in_order),
		cmocka_unit_test(test_all_first_rejection_and_race),
		cmocka_unit_test(test_all_settled_and_any),
		cmocka_unit_test(test_any_first_fulfilment_wins),
		cmocka_unit_test(test_combinators_never_settle_no_leak),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
