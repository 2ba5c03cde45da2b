/*
 * test_progress.c - vow/progress.h: listener lifetimes and errors, that a
 * listener does not mark a promise handled, report order from several
 * threads on the pool (one report at a time), and the [k, n] reports of
 * all, allSettled and vow_spawn_map on the pool.  (The loop's exact order
 * is in the golden tests progress_order and progress_all.)
 */
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <cmocka.h>
#include <vow/vow.h>

static void count_dtor(void *ctx)
{
	atomic_fetch_add((atomic_int *)ctx, 1);
}

static void never(void *ctx, vow_value v)
{
	(void)ctx;
	(void)v;
	fail_msg("a listener ran");
}

static void errors_and_lifetimes(void **state)
{
	vow_loop *loop = vow_loop_new(0);
	vow_executor *ex = vow_loop_executor(loop);
	atomic_int dtors = 0;
	vow_resolver *r;
	vow_promise *done = vow_promise_resolve(ex, vow_int(1));
	vow_promise *p = vow_promise_with_resolvers(ex, &r);

	(void)state;
	/* The rejection below is on purpose. */
	assert_int_equal(vow_executor_set_rejection_policy(ex, VOW_REJECTIONS_IGNORE, NULL, NULL), 0);
	assert_int_equal(vow_promise_on_progress(NULL, never, &dtors, count_dtor), VOW_EINVAL);
	assert_int_equal(vow_promise_on_progress(p, NULL, &dtors, count_dtor), VOW_EINVAL);
	assert_int_equal(vow_promise_on_progress(done, never, &dtors, count_dtor), VOW_EALREADY);
	assert_int_equal(atomic_load(&dtors), 3);
	assert_int_equal(vow_resolver_progress(NULL, vow_str("dropped")), VOW_EINVAL);

	/*
	 * Settled with a report queued: the report is dropped, and the dtor
	 * runs when its job does (after the last call a listener could get).
	 */
	assert_int_equal(vow_promise_on_progress(p, never, &dtors, count_dtor), 0);
	assert_int_equal(vow_resolver_progress(r, vow_str("queued")), 0);
	assert_int_equal(vow_resolver_resolve(r, vow_int(2)), 0);
	assert_int_equal(vow_resolver_progress(r, vow_str("late")), VOW_EALREADY);
	assert_int_equal(atomic_load(&dtors), 3);
	assert_int_equal(vow_loop_run(loop), 0);
	assert_int_equal(atomic_load(&dtors), 4);

	/* Settled with nothing queued: the dtor runs at the settle. */
	vow_resolver_release(r);
	vow_promise_release(p);
	p = vow_promise_with_resolvers(ex, &r);
	assert_int_equal(vow_promise_on_progress(p, never, &dtors, count_dtor), 0);
	assert_int_equal(vow_resolver_reject(r, vow_int(3)), 0);
	assert_int_equal(atomic_load(&dtors), 5);
	vow_resolver_release(r);
	vow_promise_release(p);

	/* Destroyed pending: the dtor runs when the last reference goes. */
	p = vow_promise_with_resolvers(ex, &r);
	assert_int_equal(vow_promise_on_progress(p, never, &dtors, count_dtor), 0);
	assert_int_equal(vow_resolver_progress(r, vow_str("never delivered")), 0);
	vow_resolver_release(r);
	vow_promise_release(p);
	assert_int_equal(vow_loop_run(loop), 0);
	assert_int_equal(atomic_load(&dtors), 6);

	vow_promise_release(done);
	vow_loop_free(loop);
}

static int unhandled;

static void count_unhandled(void *ud, vow_rejection_event ev, vow_promise *p, vow_value r)
{
	(void)ud;
	(void)p;
	(void)r;
	if (ev == VOW_UNHANDLED_REJECTION)
		unhandled++;
}

static void listener_is_not_a_handler(void **state)
{
	vow_loop *loop = vow_loop_new(0);
	vow_executor *ex = vow_loop_executor(loop);
	vow_resolver *r;
	vow_promise *p;

	(void)state;
	assert_int_equal(vow_executor_set_rejection_policy(ex, VOW_REJECTIONS_CALLBACK,
							   count_unhandled, NULL), 0);
	p = vow_promise_with_resolvers(ex, &r);
	assert_int_equal(vow_promise_on_progress(p, never, NULL, NULL), 0);
	assert_false(vow_promise_is_handled(p));
	vow_resolver_reject(r, vow_str("nobody handles this"));
	assert_int_equal(vow_loop_run(loop), 0);
	assert_int_equal(unhandled, 1);
	vow_resolver_release(r);
	vow_promise_release(p);
	vow_loop_free(loop);
}

/* ---- order on the pool ------------------------------------------------------------ */

enum { REPORTERS = 3, REPORTS = 2000 };

struct order {
	atomic_int in_flight;
	atomic_int delivered;
	int64_t last[REPORTERS];   /* written by one listener call at a time */
	int violations;
	vow_resolver *r;
};

static void check_order(void *ctx, vow_value v)
{
	struct order *o = ctx;
	int t = (int)(v.as.i / REPORTS), i = (int)(v.as.i % REPORTS);

	if (atomic_fetch_add(&o->in_flight, 1) != 0)
		o->violations++; /* two reports' listeners at once */
	if (i <= o->last[t])
		o->violations++; /* out of its thread's order */
	o->last[t] = i;
	atomic_fetch_sub(&o->in_flight, 1);
	atomic_fetch_add(&o->delivered, 1);
}

static void ignore(void *ctx, vow_value v)
{
	(void)ctx;
	(void)v;
}

struct reporter {
	struct order *o;
	int t;
};

static void *report_many(void *arg)
{
	struct reporter *rp = arg;

	for (int i = 0; i < REPORTS; i++)
		assert_int_equal(vow_resolver_progress(rp->o->r, vow_int(rp->t * REPORTS + i)), 0);
	return NULL;
}

static void pool_reports_in_order_one_at_a_time(void **state)
{
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 2 });
	struct order o = { .violations = 0 };
	struct reporter rp[REPORTERS];
	pthread_t th[REPORTERS];
	atomic_int dtors = 0;
	vow_promise *p;

	(void)state;
	for (int t = 0; t < REPORTERS; t++)
		o.last[t] = -1;
	p = vow_promise_with_resolvers(vow_pool_executor(pool), &o.r);
	assert_int_equal(vow_promise_on_progress(p, check_order, &o, NULL), 0);
	assert_int_equal(vow_promise_on_progress(p, ignore, &dtors, count_dtor), 0);
	for (int t = 0; t < REPORTERS; t++) {
		rp[t] = (struct reporter){ &o, t };
		pthread_create(&th[t], NULL, report_many, &rp[t]);
	}
	for (int t = 0; t < REPORTERS; t++)
		pthread_join(th[t], NULL);
	/* Nothing settled: every report is delivered (bounded wait). */
	for (int spins = 0; atomic_load(&o.delivered) < REPORTERS * REPORTS && spins < 20000;
	     spins++) {
		struct timespec ts = { 0, 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	assert_int_equal(atomic_load(&o.delivered), REPORTERS * REPORTS);
	assert_int_equal(o.violations, 0);
	for (int t = 0; t < REPORTERS; t++)
		assert_int_equal(o.last[t], REPORTS - 1);
	vow_resolver_resolve(o.r, vow_undefined());
	assert_int_equal(vow_pool_shutdown(pool, VOW_POOL_DRAIN), 0);
	vow_resolver_release(o.r);
	assert_int_equal(atomic_load(&dtors), 1);
	vow_promise_release(p);
}

/* ---- combinators on the pool ------------------------------------------------------- */

struct counts {
	int64_t last_k, n;
	int calls, violations;
	vow_promise *watched;
};

static void check_count(void *ctx, vow_value v)
{
	struct counts *c = ctx;
	int64_t k = vow_array_get(v, 0).as.i, n = vow_array_get(v, 1).as.i;

	c->calls++;
	if (vow_array_len(v) != 2 || n != c->n || k <= c->last_k || k >= n)
		c->violations++;
	c->last_k = k;
}

static vow_outcome square(void *ctx, size_t i)
{
	(void)ctx;
	return vow_return(vow_int((int64_t)(i * i)));
}

static vow_outcome slow_item(void *ctx)
{
	struct timespec ts = { 0, 200 * 1000 };

	nanosleep(&ts, NULL);
	return vow_return(vow_int((int64_t)(intptr_t)ctx));
}

enum { ITEMS = 64 };

static void combinators_report_counts(void **state)
{
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 2 });
	vow_executor *ex = vow_pool_executor(pool);
	vow_value items[ITEMS];
	struct counts all = { .last_k = 0, .n = ITEMS }, settled = all, map = { .last_k = 0,
										.n = 5000 };
	vow_promise *pa, *ps, *pm;

	(void)state;
	for (int i = 0; i < ITEMS; i++)
		items[i] = vow_value_promise(vow_spawn(pool, slow_item, (void *)(intptr_t)i));
	pa = vow_promise_all(ex, items, ITEMS);
	ps = vow_promise_all_settled(ex, items, ITEMS);
	assert_int_equal(vow_promise_on_progress(pa, check_count, &all, NULL), 0);
	assert_int_equal(vow_promise_on_progress(ps, check_count, &settled, NULL), 0);
	pm = vow_spawn_map(pool, 5000, square, NULL);
	assert_int_equal(vow_promise_on_progress(pm, check_count, &map, NULL) == 0 ||
				 vow_promise_state(pm) != VOW_PENDING,
			 true);
	assert_int_equal(vow_promise_wait(pa, -1), 0);
	assert_int_equal(vow_promise_wait(ps, -1), 0);
	assert_int_equal(vow_promise_wait(pm, -1), 0);
	assert_int_equal(vow_pool_shutdown(pool, VOW_POOL_DRAIN), 0);

	assert_int_equal(vow_array_get(vow_promise_result(pa), ITEMS - 1).as.i, ITEMS - 1);
	assert_int_equal(vow_array_get(vow_promise_result(pm), 4999).as.i, 4999 * 4999);
	assert_int_equal(all.violations, 0);
	assert_int_equal(settled.violations, 0);
	assert_int_equal(map.violations, 0);
	/* The items sleep: some reports are delivered before the last settles. */
	assert_true(all.calls > 0);
	assert_true(settled.calls > 0);
	for (int i = 0; i < ITEMS; i++)
		vow_value_drop(items[i]);
	vow_promise_release(pa);
	vow_promise_release(ps);
	vow_promise_release(pm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(errors_and_lifetimes),
		cmocka_unit_test(listener_is_not_a_handler),
		cmocka_unit_test(pool_reports_in_order_one_at_a_time),
		cmocka_unit_test(combinators_report_counts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
