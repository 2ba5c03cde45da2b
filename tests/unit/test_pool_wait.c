/*
 * test_pool_wait.c - vow_promise_wait: timeouts, waking, and helping waits
 * on workers (nested waits must not deadlock the pool).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <time.h>

#include <cmocka.h>
#include <vow/vow.h>

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void wait_times_out(void **state)
{
	(void)state;
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 2 });
	vow_resolver *r;
	vow_promise *p = vow_promise_with_resolvers(vow_pool_executor(pool), &r);
	int64_t t0 = now_ms();

	assert_int_equal(vow_promise_wait(p, 0), VOW_ETIMEDOUT);
	assert_int_equal(vow_promise_wait(p, 50), VOW_ETIMEDOUT);
	assert_true(now_ms() - t0 >= 50);
	assert_int_equal(vow_promise_state(p), VOW_PENDING);
	/* The timed-out waits' records are still attached; settling frees them. */
	assert_int_equal(vow_resolver_resolve(r, vow_int(5)), 0);
	assert_int_equal(vow_promise_wait(p, 0), 0);
	assert_int_equal(vow_promise_result(p).as.i, 5);
	assert_int_equal(vow_promise_wait(NULL, 0), VOW_EINVAL);
	vow_resolver_release(r);
	vow_promise_release(p);
	vow_pool_free(pool);
}

/* A timed-out wait whose promise is destroyed unsettled: no leak. */
static void wait_then_destroy_pending(void **state)
{
	(void)state;
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 1 });
	vow_resolver *r;
	vow_promise *p = vow_promise_with_resolvers(vow_pool_executor(pool), &r);

	assert_int_equal(vow_promise_wait(p, 5), VOW_ETIMEDOUT);
	vow_resolver_release(r);
	vow_promise_release(p);
	vow_pool_free(pool);
}

struct later {
	vow_resolver *r;
	int delay_ms;
};

static void *resolve_later(void *arg)
{
	struct later *l = arg;
	struct timespec ts = { 0, (long)l->delay_ms * 1000000L };

	nanosleep(&ts, NULL);
	vow_resolver_resolve(l->r, vow_int(99));
	return NULL;
}

static void wait_wakes_on_settle(void **state)
{
	(void)state;
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 2 });
	struct later l;
	pthread_t th;
	vow_promise *p = vow_promise_with_resolvers(vow_pool_executor(pool), &l.r);

	l.delay_ms = 30;
	pthread_create(&th, NULL, resolve_later, &l);
	assert_int_equal(vow_promise_wait(p, 10000), 0);
	assert_int_equal(vow_promise_result(p).as.i, 99);
	pthread_join(th, NULL);
	vow_resolver_release(l.r);
	vow_promise_release(p);
	vow_pool_free(pool);
}

/*
 * Nested waits: each task spawns a child and waits for it, DEPTH deep, on
 * a 2-thread pool.  Without helping, the third level would find every
 * worker blocked and the pool would deadlock.
 */
struct nest {
	vow_pool *pool;
	int depth;
};

static vow_outcome nested(void *ctx)
{
	struct nest *n = ctx;
	struct nest child = { n->pool, n->depth - 1 };
	vow_promise *p;
	int64_t v;

	if (n->depth == 0)
		return vow_return(vow_int(1));
	p = vow_spawn(n->pool, nested, &child);
	if (vow_promise_wait(p, -1) != 0)
		return vow_throw(vow_error(1, "wait failed"));
	v = vow_promise_result(p).as.i;
	vow_promise_release(p);
	return vow_return(vow_int(v + 1));
}

static void nested_wait_no_deadlock(void **state)
{
	(void)state;
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 2 });
	struct nest roots[4];
	vow_promise *ps[4];

	for (int i = 0; i < 4; i++) {
		roots[i] = (struct nest){ pool, 20 };
		ps[i] = vow_spawn(pool, nested, &roots[i]);
	}
	for (int i = 0; i < 4; i++) {
		assert_int_equal(vow_promise_wait(ps[i], 20000), 0);
		assert_int_equal(vow_promise_state(ps[i]), VOW_FULFILLED);
		assert_int_equal(vow_promise_result(ps[i]).as.i, 21);
		vow_promise_release(ps[i]);
	}
	vow_pool_free(pool);
}

/* A worker waiting with a timeout for something nobody settles. */
static vow_outcome wait_short(void *ctx)
{
	vow_promise *never = ctx;

	return vow_return(vow_int(vow_promise_wait(never, 20)));
}

static void worker_wait_times_out(void **state)
{
	(void)state;
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 1 });
	vow_resolver *r;
	vow_promise *never = vow_promise_with_resolvers(vow_pool_executor(pool), &r);
	vow_promise *p = vow_spawn(pool, wait_short, never);

	assert_int_equal(vow_promise_wait(p, -1), 0);
	assert_int_equal(vow_promise_result(p).as.i, VOW_ETIMEDOUT);
	vow_promise_release(p);
	vow_resolver_release(r);
	vow_promise_release(never);
	vow_pool_free(pool);
}

/*
 * A worker that waits for a child which rejects: the wait handles the
 * rejection (it attaches before returning, even when helping ran the child
 * first), so destroying the child reports nothing.
 */
static vow_pool *rejection_pool;
static atomic_int rejection_events;

static void count_event(void *ud, vow_rejection_event ev, vow_promise *p, vow_value reason)
{
	(void)ud;
	(void)ev;
	(void)p;
	(void)reason;
	atomic_fetch_add_explicit(&rejection_events, 1, memory_order_relaxed);
}

static vow_outcome throw_seven(void *ctx)
{
	(void)ctx;
	return vow_throw(vow_int(7));
}

static vow_outcome wait_for_rejecting_children(void *ctx)
{
	int64_t wrong = 0;

	(void)ctx;
	for (int i = 0; i < 1000; i++) {
		vow_promise *child = vow_spawn(rejection_pool, throw_seven, NULL);

		if (vow_promise_wait(child, -1) != 0 || vow_promise_state(child) != VOW_REJECTED ||
		    !vow_promise_is_handled(child))
			wrong++;
		vow_promise_release(child);
	}
	return vow_return(vow_int(wrong));
}

static void worker_wait_handles_rejection(void **state)
{
	(void)state;
	rejection_pool = vow_pool_new(&(vow_pool_options){ .threads = 2 });
	assert_int_equal(vow_executor_set_rejection_policy(vow_pool_executor(rejection_pool),
							   VOW_REJECTIONS_CALLBACK, count_event, NULL),
			 0);
	vow_promise *p = vow_spawn(rejection_pool, wait_for_rejecting_children, NULL);

	assert_int_equal(vow_promise_wait(p, -1), 0);
	assert_int_equal(vow_promise_state(p), VOW_FULFILLED);
	assert_int_equal(vow_promise_result(p).as.i, 0);
	vow_promise_release(p);
	vow_pool_free(rejection_pool);
	assert_int_equal(atomic_load_explicit(&rejection_events, memory_order_relaxed), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(wait_times_out),
		cmocka_unit_test(wait_then_destroy_pending),
		cmocka_unit_test(wait_wakes_on_settle),
		cmocka_unit_test(nested_wait_no_deadlock),
		cmocka_unit_test(worker_wait_times_out),
		cmocka_unit_test(worker_wait_handles_rejection),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
