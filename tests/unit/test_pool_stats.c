/*
 * test_pool_stats.c - the counters are exact for a known workload.
 *
 * One task is injected from outside; on a worker it spawns K children,
 * combines them with all() and returns that promise, which the spawned
 * promise adopts.  Every other job is posted from a worker.  The pool is
 * unordered, so vow's internal reactions (all's elements, the adoption)
 * run where their promise settles, not as jobs, and adoption needs no
 * NewPromiseResolveThenableJob:
 *   injected  = 1
 *   tasks_run = 1 (root) + K (children)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <cmocka.h>
#include <vow/vow.h>

enum { K = 500 };

static vow_outcome child(void *ctx)
{
	return vow_return(vow_int((int64_t)(intptr_t)ctx));
}

static vow_outcome root(void *ctx)
{
	vow_pool *pool = ctx;
	vow_value items[K];
	vow_promise *all;

	for (int i = 0; i < K; i++)
		items[i] = vow_value_promise(vow_spawn(pool, child, (void *)(intptr_t)i));
	all = vow_promise_all(vow_pool_executor(pool), items, K);
	for (int i = 0; i < K; i++)
		vow_value_drop(items[i]);
	return vow_return(vow_value_promise(all));
}

static void exact_counts(void **state)
{
	(void)state;
	for (unsigned threads = 1; threads <= 3; threads++) {
		vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = threads });
		vow_pool_stats s;
		vow_promise *p;

		assert_int_equal(vow_pool_stats_read(pool, &s), 0);
		assert_int_equal(s.tasks_run, 0);
		assert_int_equal(s.injected, 0);
		assert_int_equal(s.steals, 0);
		p = vow_spawn(pool, root, pool);
		assert_int_equal(vow_promise_wait(p, -1), 0);
		assert_int_equal(vow_promise_state(p), VOW_FULFILLED);
		vow_value arr = vow_promise_result(p);
		assert_int_equal(vow_array_len(arr), K);
		for (int i = 0; i < K; i++)
			assert_int_equal(vow_array_get(arr, (size_t)i).as.i, i);
		assert_int_equal(vow_pool_stats_read(pool, &s), 0);
		assert_int_equal(s.injected, 1);
		assert_int_equal(s.tasks_run, K + 1);
		assert_true(s.steals <= s.tasks_run);
		if (threads == 1)
			assert_int_equal(s.steals, 0);
		vow_promise_release(p);
		vow_pool_free(pool);
	}
	assert_int_equal(vow_pool_stats_read(NULL, NULL), VOW_EINVAL);
}

/* An idle pool parks: every worker sleeps at least once. */
static void idle_pool_parks(void **state)
{
	(void)state;
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 2 });
	vow_pool_stats s;
	struct timespec ts = { 0, 50000000 };

	nanosleep(&ts, NULL);
	vow_pool_stats_read(pool, &s);
	assert_true(s.parks >= 2);
	assert_int_equal(s.tasks_run, 0);
	vow_pool_free(pool);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(exact_counts),
		cmocka_unit_test(idle_pool_parks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
