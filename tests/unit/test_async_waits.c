/*
 * test_async_waits.c - vow_promise_wait inside an async function is an
 * await (vow/wait.h): without a limit, and with a deadline kept by the
 * executor's timers, on the loop (virtual clock: exact times) and on the
 * pool; on an executor without timers a deadline gives VOW_ENOTSUP.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <cmocka.h>
#include <vow/vow.h>

static vow_loop *loop;

struct timed {
	vow_promise *target;
	int64_t timeout_ms;
	int rc;
	uint64_t waited;  /* loop clock, ms */
};

static vow_outcome wait_with_deadline(void *ctx)
{
	struct timed *t = ctx;
	uint64_t t0 = vow_loop_now(loop);

	t->rc = vow_promise_wait(t->target, t->timeout_ms);
	t->waited = vow_loop_now(loop) - t0;
	return vow_return(vow_undefined());
}

static void resolve_task(void *ctx)
{
	vow_resolver_resolve(ctx, vow_int(1));
}

/* On the virtual clock: the deadline passes at exactly its time. */
static void loop_wait_times_out(void **state)
{
	vow_resolver *r;
	struct timed t = { .timeout_ms = 250 };
	vow_promise *f;

	(void)state;
	loop = vow_loop_new(VOW_LOOP_VIRTUAL_CLOCK);
	t.target = vow_promise_with_resolvers(vow_loop_executor(loop), &r);
	f = vow_async(vow_loop_executor(loop), wait_with_deadline, &t, NULL);
	assert_int_equal(vow_loop_run(loop), 0);
	assert_int_equal(t.rc, VOW_ETIMEDOUT);
	assert_int_equal(t.waited, 250);
	assert_int_equal(vow_promise_state(f), VOW_FULFILLED);
	vow_resolver_release(r);
	vow_promise_release(t.target);
	vow_promise_release(f);
	vow_loop_free(loop);
}

/* Settled before the deadline: the wait returns then, and its timer goes
 * (the loop returns at 100 ms, not at the 5 s deadline). */
static void loop_wait_settles_first(void **state)
{
	vow_resolver *r;
	struct timed t = { .timeout_ms = 5000 };
	vow_promise *f;

	(void)state;
	loop = vow_loop_new(VOW_LOOP_VIRTUAL_CLOCK);
	t.target = vow_promise_with_resolvers(vow_loop_executor(loop), &r);
	assert_int_not_equal(vow_loop_set_timeout(loop, resolve_task, r, NULL, 100), 0);
	f = vow_async(vow_loop_executor(loop), wait_with_deadline, &t, NULL);
	assert_int_equal(vow_loop_run(loop), 0);
	assert_int_equal(t.rc, 0);
	assert_int_equal(t.waited, 100);
	assert_int_equal(vow_loop_now(loop), 100);
	vow_resolver_release(r);
	vow_promise_release(t.target);
	vow_promise_release(f);
	vow_loop_free(loop);
}

/* ---- the pool ----------------------------------------------------------------- */

struct pool_timed {
	vow_promise *target;
	int64_t timeout_ms;
	int rc;
	long waited_ms;
};

static long since_ms(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

static vow_outcome pool_wait_with_deadline(void *ctx)
{
	struct pool_timed *t = ctx;
	struct timespec t0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	t->rc = vow_promise_wait(t->target, t->timeout_ms);
	t->waited_ms = since_ms(&t0);
	return vow_return(vow_undefined());
}

static void pool_wait_times_out(void **state)
{
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 2 });
	vow_resolver *r;
	struct pool_timed t = { .timeout_ms = 30 };
	vow_promise *f;

	(void)state;
	t.target = vow_promise_with_resolvers(vow_pool_executor(pool), &r);
	f = vow_async_spawn(vow_pool_executor(pool), pool_wait_with_deadline, &t, NULL);
	assert_int_equal(vow_promise_wait(f, -1), 0);
	assert_int_equal(t.rc, VOW_ETIMEDOUT);
	assert_true(t.waited_ms >= 30);
	assert_int_equal(vow_resolver_resolve(r, vow_int(1)), 0); /* after: nothing to wake */
	vow_resolver_release(r);
	vow_promise_release(t.target);
	vow_promise_release(f);
	vow_pool_free(pool);
}

static void pool_wait_settles_first(void **state)
{
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 2 });
	vow_resolver *r;
	struct pool_timed t = { .timeout_ms = 60000 };
	vow_promise *f;
	struct timespec t0;

	(void)state;
	t.target = vow_promise_with_resolvers(vow_pool_executor(pool), &r);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	f = vow_async_spawn(vow_pool_executor(pool), pool_wait_with_deadline, &t, NULL);
	vow_resolver_resolve(r, vow_int(1));
	assert_int_equal(vow_promise_wait(f, -1), 0);
	assert_int_equal(t.rc, 0);
	/* The 60 s timer was cancelled: the pool drains at once. */
	vow_pool_free(pool);
	assert_true(since_ms(&t0) < 30000);
	vow_resolver_release(r);
	vow_promise_release(t.target);
	vow_promise_release(f);
}

/* ---- no timers ------------------------------------------------------------------ */

static vow_outcome inline_timed_wait(void *ctx)
{
	return vow_return(vow_int(vow_promise_wait(ctx, 10)));
}

static void no_timers_no_deadline(void **state)
{
	vow_inline *ie = vow_inline_new();
	vow_resolver *r;
	vow_promise *p = vow_promise_with_resolvers(vow_inline_executor(ie), &r);
	vow_promise *f = vow_async(vow_inline_executor(ie), inline_timed_wait, p, NULL);

	(void)state;
	assert_int_equal(vow_promise_state(f), VOW_FULFILLED);
	assert_int_equal(vow_promise_result(f).as.i, VOW_ENOTSUP);
	vow_resolver_release(r);
	vow_promise_release(p);
	vow_promise_release(f);
	vow_inline_free(ie);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(loop_wait_times_out),
		cmocka_unit_test(loop_wait_settles_first),
		cmocka_unit_test(pool_wait_times_out),
		cmocka_unit_test(pool_wait_settles_first),
		cmocka_unit_test(no_timers_no_deadline),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
