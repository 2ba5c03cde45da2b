/*
 * test_bad_input_wait.c - vow_promise_wait (wait.h) with NULL, out-of-range
 * timeouts, on the wrong thread and in the wrong state, as one table
 * (bad_input.h); docs/bad-input.md, section wait.h, lists the same IDs.
 */
#include <stdatomic.h>
#include <time.h>

#include "bad_input.h"

BAD(vow_promise_wait, null) { (void)f; assert_int_equal(vow_promise_wait(NULL, -1), VOW_EINVAL); }

BAD(vow_promise_wait, zero_timeout)
{
	vow_resolver *r;
	vow_promise *p = test_deferred(f->ex, &r);

	assert_int_equal(vow_promise_wait(p, 0), VOW_ETIMEDOUT);
	assert_false(vow_promise_is_handled(p)); /* just a check: nothing attached */
	vow_resolver_release(r);
	vow_promise_release(p);
}

BAD(vow_promise_wait, loop_owner)
{
	vow_resolver *r;
	vow_promise *p = test_deferred(f->ex, &r);

	/* Only this loop would settle p, and it cannot run while we wait. */
	assert_int_equal(vow_promise_wait(p, 20), VOW_ETIMEDOUT);
	assert_int_equal(vow_promise_state(p), VOW_PENDING);
	assert_true(vow_promise_is_handled(p)); /* the wait's reaction stays */
	assert_int_equal(vow_resolver_resolve(r, vow_int(1)), 0);
	test_loop_run(f->loop);
	vow_resolver_release(r);
	vow_promise_release(p);
}

/* Resolves the resolver from another thread, after a short sleep. */
static void *resolve_later(void *arg)
{
	struct timespec ts = {0, 20 * 1000 * 1000};

	nanosleep(&ts, NULL);
	assert_int_equal(vow_resolver_resolve(arg, vow_int(5)), 0);
	return NULL;
}

static void wait_until_settled_elsewhere(struct fx *f, int64_t timeout_ms)
{
	vow_resolver *r;
	vow_promise *p = test_deferred(f->ex, &r);
	pthread_t t;

	assert_int_equal(pthread_create(&t, NULL, resolve_later, r), 0);
	assert_int_equal(vow_promise_wait(p, timeout_ms), 0);
	assert_int_equal(vow_promise_state(p), VOW_FULFILLED);
	assert_int_equal(vow_promise_result(p).as.i, 5);
	assert_int_equal(pthread_join(t, NULL), 0);
	vow_resolver_release(r);
	vow_promise_release(p);
}
BAD(vow_promise_wait, negative_timeout) { wait_until_settled_elsewhere(f, INT64_MIN); }
BAD(vow_promise_wait, huge_timeout) { wait_until_settled_elsewhere(f, INT64_MAX); }

/* A task that waits, on a worker, for a promise nobody settles. */
struct stuck {
	vow_promise *never;
	atomic_int waiting;
};

static vow_outcome wait_forever(void *ctx)
{
	struct stuck *s = ctx;

	atomic_store_explicit(&s->waiting, 1, memory_order_release);
	return vow_return(vow_int(vow_promise_wait(s->never, -1)));
}

BAD(vow_promise_wait, pool_cancelled)
{
	vow_pool *pool = vow_pool_new(&(vow_pool_options){.threads = 1});
	vow_resolver *r;
	struct stuck s;
	vow_promise *task;

	assert_non_null(pool);
	s.never = test_deferred(vow_pool_executor(pool), &r);
	atomic_init(&s.waiting, 0);
	task = vow_spawn(pool, wait_forever, &s);
	assert_non_null(task);
	while (!atomic_load_explicit(&s.waiting, memory_order_acquire))
		sched_yield();
	assert_int_equal(vow_pool_shutdown(pool, VOW_POOL_CANCEL), 0);
	/* The running task finished: its wait gave up. */
	assert_int_equal(vow_promise_state(task), VOW_FULFILLED);
	assert_int_equal(vow_promise_result(task).as.i, VOW_ESHUTDOWN);
	assert_int_equal(vow_promise_state(s.never), VOW_PENDING);
	(void)f;
	vow_resolver_release(r);
	vow_promise_release(s.never);
	vow_promise_release(task);
}

static const struct row rows[] = {
	ROW(vow_promise_wait, null), ROW(vow_promise_wait, zero_timeout),
	ROW(vow_promise_wait, loop_owner),
	ROW(vow_promise_wait, negative_timeout), ROW(vow_promise_wait, huge_timeout),
	ROW(vow_promise_wait, pool_cancelled),
};

BAD_INPUT_MAIN("bad_input_wait", rows)
