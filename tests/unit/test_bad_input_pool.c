/*
 * test_bad_input_pool.c - every public function of pool.h with NULL or
 * invalid arguments, from the wrong thread, or with a promise value holding
 * NULL, as one table (bad_input.h); docs/bad-input.md, section pool.h,
 * lists the same IDs.  Rows that need a pool make one of two workers.
 */
#include <limits.h>
#include <stdatomic.h>

#include "bad_input.h"

static vow_pool *row_pool(void)
{
	vow_pool *pool = vow_pool_new(&(vow_pool_options){.threads = 2});

	assert_non_null(pool);
	assert_int_equal(vow_executor_set_rejection_policy(vow_pool_executor(pool),
							    VOW_REJECTIONS_IGNORE, NULL, NULL), 0);
	return pool;
}

static vow_outcome return_int(void *ctx)
{
	return vow_return(vow_int((intptr_t)ctx));
}

/* The pool still works: a spawned task runs and settles its promise. */
static void expect_pool_works(vow_pool *pool)
{
	vow_promise *p = vow_spawn(pool, return_int, (void *)(intptr_t)7);

	assert_non_null(p);
	assert_int_equal(vow_promise_wait(p, -1), 0);
	assert_int_equal(vow_promise_state(p), VOW_FULFILLED);
	assert_int_equal(vow_promise_result(p).as.i, 7);
	vow_promise_release(p);
}

static void expect_null_promise_type_error(vow_promise *p)
{
	vow_value e;

	assert_int_equal(vow_promise_state(p), VOW_REJECTED);
	e = vow_promise_result(p);
	assert_int_equal(e.kind, VOW_ERROR);
	assert_string_equal(vow_error_name(e), "TypeError");
	assert_int_equal(vow_error_code(e), VOW_EINVAL);
	assert_string_equal(vow_error_message(e), "a promise value holds NULL");
}

/* ---- lifetime ------------------------------------------------------------------------ */

BAD(vow_pool_new, too_many_threads)
{
	(void)f;
	EXPECT_NULL_EINVAL(vow_pool_new(&(vow_pool_options){.threads = 1025}));
	EXPECT_NULL_EINVAL(vow_pool_new(&(vow_pool_options){.threads = UINT_MAX}));
}
BAD(vow_pool_executor, null)
{
	(void)f;
	bad_input_set_other_error();
	EXPECT_NULL_EINVAL(vow_pool_executor(NULL));
}
BAD(vow_pool_threads, null)
{
	(void)f;
	bad_input_set_other_error();
	assert_int_equal(vow_pool_threads(NULL), 0);
	assert_int_equal(vow_last_error(), VOW_EINVAL);
}
BAD(vow_pool_shutdown, null) { (void)f; assert_int_equal(vow_pool_shutdown(NULL, VOW_POOL_DRAIN), VOW_EINVAL); }
BAD(vow_pool_shutdown, unknown_mode)
{
	vow_pool *pool = row_pool();

	(void)f;
	assert_int_equal(vow_pool_shutdown(pool, (vow_pool_mode)7), VOW_EINVAL);
	assert_int_equal(vow_pool_shutdown(pool, (vow_pool_mode)-1), VOW_EINVAL);
	expect_pool_works(pool); /* nothing was done */
	assert_int_equal(vow_pool_shutdown(pool, VOW_POOL_DRAIN), 0);
}

static vow_outcome shutdown_own_pool(void *ctx)
{
	return vow_return(vow_int(vow_pool_shutdown(ctx, VOW_POOL_DRAIN)));
}
BAD(vow_pool_shutdown, from_worker)
{
	vow_pool *pool = row_pool();
	vow_promise *p = vow_spawn(pool, shutdown_own_pool, pool);

	(void)f;
	assert_int_equal(vow_promise_wait(p, -1), 0);
	assert_int_equal(vow_promise_result(p).as.i, VOW_ETHREAD);
	vow_promise_release(p);
	expect_pool_works(pool);
	vow_pool_free(pool);
}
BAD(vow_pool_free, null) { (void)f; vow_pool_free(NULL); }

static vow_outcome free_own_pool(void *ctx)
{
	bad_input_set_other_error();
	vow_pool_free(ctx);
	return vow_return(vow_int(vow_last_error()));
}
BAD(vow_pool_free, from_worker)
{
	vow_pool *pool = row_pool();
	vow_promise *p = vow_spawn(pool, free_own_pool, pool);

	(void)f;
	assert_int_equal(vow_promise_wait(p, -1), 0);
	assert_int_equal(vow_promise_result(p).as.i, VOW_ETHREAD);
	vow_promise_release(p);
	expect_pool_works(pool);
	vow_pool_free(pool);
}

/* ---- spawning ------------------------------------------------------------------------ */

static vow_outcome never_spawned(void *ctx)
{
	(void)ctx;
	fail_msg("the task of a failed spawn ran");
	return vow_return(vow_undefined());
}

BAD(vow_spawn, pool_null) { (void)f; EXPECT_NULL_EINVAL(vow_spawn(NULL, never_spawned, NULL)); }
BAD(vow_spawn, fn_null)
{
	vow_pool *pool = row_pool();

	(void)f;
	EXPECT_NULL_EINVAL(vow_spawn(pool, NULL, NULL));
	vow_pool_free(pool);
}

static vow_outcome must_not_run(void *ctx)
{
	(void)ctx;
	fail_msg("an aborted task must not run");
	return vow_return(vow_undefined());
}

BAD(vow_spawn_signal, pool_null)
{
	vow_abort_controller *c = vow_abort_controller_new();

	(void)f;
	EXPECT_NULL_EINVAL(vow_spawn_signal(NULL, return_int, NULL, vow_abort_controller_signal(c)));
	vow_abort_controller_release(c);
}
BAD(vow_spawn_signal, fn_null)
{
	vow_pool *pool = row_pool();
	vow_abort_controller *c = vow_abort_controller_new();

	(void)f;
	EXPECT_NULL_EINVAL(vow_spawn_signal(pool, NULL, NULL, vow_abort_controller_signal(c)));
	vow_abort_controller_release(c);
	vow_pool_free(pool);
}
BAD(vow_spawn_signal, signal_null)
{
	vow_pool *pool = row_pool();
	vow_promise *p = vow_spawn_signal(pool, return_int, (void *)(intptr_t)5, NULL);

	(void)f;
	assert_non_null(p);
	assert_int_equal(vow_promise_wait(p, -1), 0);
	assert_int_equal(vow_promise_result(p).as.i, 5);
	vow_promise_release(p);
	vow_pool_free(pool);
}
BAD(vow_spawn_signal, already_aborted)
{
	vow_pool *pool = row_pool();
	vow_abort_controller *c = vow_abort_controller_new();
	vow_promise *p;

	(void)f;
	assert_int_equal(vow_abort_controller_abort(c, vow_undefined()), 0);
	p = vow_spawn_signal(pool, must_not_run, NULL, vow_abort_controller_signal(c));
	assert_non_null(p);
	assert_int_equal(vow_promise_state(p), VOW_REJECTED);
	assert_string_equal(vow_error_name(vow_promise_result(p)), "AbortError");
	vow_promise_release(p);
	vow_abort_controller_release(c);
	vow_pool_free(pool);
}

static vow_outcome return_null_promise(void *ctx)
{
	(void)ctx;
	return vow_return(vow_value_promise(NULL));
}
BAD(vow_spawn, returns_null_promise)
{
	vow_pool *pool = row_pool();
	vow_promise *p = vow_spawn(pool, return_null_promise, NULL);

	(void)f;
	assert_non_null(p);
	assert_int_equal(vow_promise_wait(p, -1), 0);
	expect_null_promise_type_error(p);
	vow_promise_release(p);
	vow_pool_free(pool);
}

static vow_outcome never_mapped(void *ctx, size_t i)
{
	(void)ctx;
	(void)i;
	fail_msg("an item of a failed map ran");
	return vow_return(vow_undefined());
}

BAD(vow_spawn_map, pool_null) { (void)f; EXPECT_NULL_EINVAL(vow_spawn_map(NULL, 4, never_mapped, NULL)); }
BAD(vow_spawn_map, fn_null)
{
	vow_pool *pool = row_pool();

	(void)f;
	EXPECT_NULL_EINVAL(vow_spawn_map(pool, 4, NULL, NULL));
	vow_pool_free(pool);
}
BAD(vow_spawn_map, huge_n)
{
	vow_pool *pool = row_pool();

	(void)f;
	EXPECT_NULL_ERR(vow_spawn_map(pool, SIZE_MAX, never_mapped, NULL), VOW_ENOMEM);
	vow_pool_free(pool);
}

/* Item 3 of 8 returns a promise value holding NULL; every item counts itself. */
static vow_outcome map_item(void *ctx, size_t i)
{
	atomic_fetch_add_explicit((atomic_int *)ctx, 1, memory_order_relaxed);
	return vow_return(i == 3 ? vow_value_promise(NULL) : vow_int((int64_t)i));
}
BAD(vow_spawn_map, returns_null_promise)
{
	vow_pool *pool = row_pool();
	atomic_int ran = 0;
	vow_promise *p = vow_spawn_map(pool, 8, map_item, &ran);

	(void)f;
	assert_non_null(p);
	assert_int_equal(vow_promise_wait(p, -1), 0);
	expect_null_promise_type_error(p);
	vow_pool_free(pool); /* waits for the items still running */
	assert_int_equal(atomic_load_explicit(&ran, memory_order_relaxed), 8);
	vow_promise_release(p);
}

/* ---- counters ------------------------------------------------------------------------ */

BAD(vow_pool_stats_read, pool_null)
{
	vow_pool_stats out = {1, 2, 3, 4};

	(void)f;
	assert_int_equal(vow_pool_stats_read(NULL, &out), VOW_EINVAL);
	assert_true(out.tasks_run == 1 && out.steals == 2 && out.parks == 3 && out.injected == 4);
}
BAD(vow_pool_stats_read, out_null)
{
	vow_pool *pool = row_pool();

	(void)f;
	assert_int_equal(vow_pool_stats_read(pool, NULL), VOW_EINVAL);
	vow_pool_free(pool);
}

static const struct row rows[] = {
	ROW(vow_pool_new, too_many_threads),
	ROW(vow_pool_executor, null), ROW(vow_pool_threads, null),
	ROW(vow_pool_shutdown, null), ROW(vow_pool_shutdown, unknown_mode),
	ROW(vow_pool_shutdown, from_worker), PRE(vow_pool_shutdown, twice),
	ROW(vow_pool_free, null), ROW(vow_pool_free, from_worker),
	ROW(vow_spawn, pool_null), ROW(vow_spawn, fn_null), ROW(vow_spawn, returns_null_promise),
	ROW(vow_spawn_signal, pool_null), ROW(vow_spawn_signal, fn_null),
	ROW(vow_spawn_signal, signal_null), ROW(vow_spawn_signal, already_aborted),
	ROW(vow_spawn_map, pool_null), ROW(vow_spawn_map, fn_null), ROW(vow_spawn_map, huge_n),
	ROW(vow_spawn_map, returns_null_promise),
	ROW(vow_pool_stats_read, pool_null), ROW(vow_pool_stats_read, out_null),
};

BAD_INPUT_MAIN("bad_input_pool", rows)
