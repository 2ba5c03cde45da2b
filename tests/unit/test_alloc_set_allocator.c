/*
 * test_alloc_set_allocator.c - vow_set_allocator (vow/alloc.h): argument
 * checks, every block of a loop and a pool workload comes from the user's
 * functions and goes back through them (calloc emulated when not given),
 * and the allocator is fixed once vow has allocated (VOW_EBUSY).
 *
 * The first test must run before any other vow call in the process, so
 * this file holds one test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <vow/vow.h>
#include "small_cache.h" /* vow__small_cache_flush */

static atomic_long mallocs, frees;

static void *my_malloc(size_t size)
{
	atomic_fetch_add(&mallocs, 1);
	return malloc(size);
}

static void my_free(void *p)
{
	assert_non_null(p); /* vow never passes NULL */
	atomic_fetch_add(&frees, 1);
	free(p);
}

static vow_outcome square(void *ctx)
{
	return vow_return(vow_int((int64_t)(intptr_t)ctx * (intptr_t)ctx));
}

static vow_outcome add_one(void *ctx, vow_value v)
{
	(void)ctx;
	return vow_return(vow_int(v.as.i + 1));
}

static void test_set_allocator(void **state)
{
	vow_loop *loop;
	vow_pool *pool;
	vow_promise *p, *q, *s[4], *all;
	vow_value items[4];

	(void)state;
	assert_int_equal(vow_set_allocator(my_malloc, NULL, NULL), VOW_EINVAL);
	assert_int_equal(vow_set_allocator(NULL, NULL, my_free), VOW_EINVAL);
	assert_int_equal(vow_set_allocator(NULL, calloc, NULL), VOW_EINVAL);
	assert_int_equal(vow_set_allocator(NULL, NULL, NULL), 0); /* libc's: no-op */
	assert_int_equal(vow_set_allocator(my_malloc, NULL, my_free), 0);

	/* The loop (calloc'd: emulated through my_malloc) and a chain. */
	loop = vow_loop_new(0);
	assert_non_null(loop);
	p = vow_promise_resolve(vow_loop_executor(loop), vow_str("x"));
	q = vow_promise_then(p, NULL, NULL, NULL, NULL);
	assert_int_equal(vow_loop_run(loop), 0);
	assert_int_equal(vow_promise_state(q), VOW_FULFILLED);
	assert_string_equal(vow_str_cstr(vow_promise_result(q)), "x");
	vow_promise_release(p);
	vow_promise_release(q);
	vow_loop_free(loop);

	/* Too late now: vow has allocated. */
	assert_int_equal(vow_set_allocator(NULL, NULL, NULL), VOW_EBUSY);

	/* A pool: its workers allocate through my_malloc too. */
	pool = vow_pool_new(&(vow_pool_options){ .threads = 2 });
	assert_non_null(pool);
	for (int i = 0; i < 4; i++) {
		s[i] = vow_spawn(pool, square, (void *)(intptr_t)i);
		assert_non_null(s[i]);
		items[i] = vow_value_promise(vow_promise_then(s[i], add_one, NULL, NULL, NULL));
	}
	all = vow_promise_all(vow_pool_executor(pool), items, 4);
	assert_int_equal(vow_promise_wait(all, -1), 0);
	assert_int_equal(vow_promise_state(all), VOW_FULFILLED);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(vow_array_get(vow_promise_result(all), (size_t)i).as.i, i * i + 1);
		vow_promise_release(s[i]);
		vow_value_drop(items[i]);
	}
	vow_promise_release(all);
	vow_pool_free(pool);

	/* Blocks this thread cached go back to free_fn at thread exit, or now. */
	vow__small_cache_flush();
	/*
	 * How many blocks the thread caches recycle varies from run to run
	 * (18 to 23 in a release build), but these must come from my_malloc:
	 * the loop, the pool, its workers' memory and deques, and the first
	 * block of each small size class used (promise, then() block, string,
	 * spawn block, reaction, array, all()'s record): more than 10.
	 */
	assert_true(atomic_load(&mallocs) > 10);
	assert_int_equal(atomic_load(&frees), atomic_load(&mallocs));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set_allocator),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
