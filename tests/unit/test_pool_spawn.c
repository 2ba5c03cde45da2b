/*
 * test_pool_spawn.c - vow_spawn, then-chains and combinators on the pool.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdatomic.h>

#include <cmocka.h>
#include <vow/vow.h>

static vow_outcome return_ctx_int(void *ctx)
{
	return vow_return(vow_int((int64_t)(intptr_t)ctx));
}

static vow_outcome throw_ctx_int(void *ctx)
{
	return vow_throw(vow_error((int)(intptr_t)ctx, "boom %d", (int)(intptr_t)ctx));
}

static vow_outcome add_one(void *ctx, vow_value v)
{
	(void)ctx;
	return vow_return(vow_int(v.as.i + 1));
}

static void spawn_fulfills(void **state)
{
	(void)state;
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 2 });
	vow_promise *p;

	assert_non_null(pool);
	assert_int_equal(vow_pool_threads(pool), 2);
	p = vow_spawn(pool, return_ctx_int, (void *)(intptr_t)42);
	assert_non_null(p);
	assert_int_equal(vow_promise_wait(p, -1), 0);
	assert_int_equal(vow_promise_state(p), VOW_FULFILLED);
	assert_int_equal(vow_promise_result(p).as.i, 42);
	vow_promise_release(p);
	vow_pool_free(pool);
}

static void spawn_rejects(void **state)
{
	(void)state;
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 2 });
	vow_promise *p = vow_spawn(pool, throw_ctx_int, (void *)(intptr_t)7);

	assert_int_equal(vow_promise_wait(p, 10000), 0);
	assert_int_equal(vow_promise_state(p), VOW_REJECTED);
	assert_int_equal(vow_error_code(vow_promise_result(p)), 7);
	/* The wait handled it: no unhandled-rejection report. */
	assert_true(vow_promise_is_handled(p));
	vow_promise_release(p);
	vow_pool_free(pool);
}

static void spawn_einval(void **state)
{
	(void)state;
	assert_null(vow_spawn(NULL, return_ctx_int, NULL));
	assert_int_equal(vow_last_error(), VOW_EINVAL);
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 1 });
	assert_null(vow_spawn(pool, NULL, NULL));
	assert_int_equal(vow_last_error(), VOW_EINVAL);
	vow_pool_free(pool);
	assert_null(vow_pool_new(&(vow_pool_options){ .threads = 100000 }));
	assert_int_equal(vow_last_error(), VOW_EINVAL);
	vow_pool_free(NULL);
	assert_int_equal(vow_pool_shutdown(NULL, VOW_POOL_CANCEL), VOW_EINVAL);
}

static void default_threads(void **state)
{
	(void)state;
	vow_pool *pool = vow_pool_new(NULL);

	assert_non_null(pool);
	assert_true(vow_pool_threads(pool) >= 1);
	vow_pool_free(pool);
}

/* A 1000-link then-chain built from outside while it runs. */
static void long_chain(void **state)
{
	(void)state;
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 2 });
	vow_promise *p = vow_spawn(pool, return_ctx_int, (void *)(intptr_t)0);

	for (int i = 0; i < 1000; i++) {
		vow_promise *q = vow_promise_then(p, add_one, NULL, NULL, NULL);

		vow_promise_release(p);
		p = q;
	}
	assert_int_equal(vow_promise_wait(p, -1), 0);
	assert_int_equal(vow_promise_result(p).as.i, 1000);
	vow_promise_release(p);
	vow_pool_free(pool);
}

static void all_in_input_order(void **state)
{
	(void)state;
	enum { N = 2000 };
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 2 });
	static vow_value items[N];
	vow_promise *all, *settled;

	for (int i = 0; i < N; i++)
		items[i] = vow_value_promise(vow_spawn(pool, i % 2 ? return_ctx_int : throw_ctx_int,
							(void *)(intptr_t)i));
	settled = vow_promise_all_settled(vow_pool_executor(pool), items, N);
	all = vow_promise_all(vow_pool_executor(pool), items, N);
	assert_int_equal(vow_promise_wait(settled, -1), 0);
	assert_int_equal(vow_promise_wait(all, -1), 0);
	vow_value arr = vow_promise_result(settled);
	assert_int_equal(vow_array_len(arr), N);
	for (int i = 0; i < N; i++) {
		vow_value rec = vow_array_get(arr, (size_t)i);

		if (i % 2) {
			assert_int_equal(vow_settled_status(rec), VOW_FULFILLED);
			assert_int_equal(vow_settled_value(rec).as.i, i);
		} else {
			assert_int_equal(vow_settled_status(rec), VOW_REJECTED);
			assert_int_equal(vow_error_code(vow_settled_value(rec)), i);
		}
	}
	/* all rejects with one of the rejections (the first to settle). */
	assert_int_equal(vow_promise_state(all), VOW_REJECTED);
	assert_int_equal(vow_error_code(vow_promise_result(all)) % 2, 0);
	for (int i = 0; i < N; i++)
		vow_value_drop(items[i]);
	vow_promise_release(all);
	vow_promise_release(settled);
	vow_pool_free(pool);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spawn_fulfills),
		cmocka_unit_test(spawn_rejects),
		cmocka_unit_test(spawn_einval),
		cmocka_unit_test(default_threads),
		cmocka_unit_test(long_chain),
		cmocka_unit_test(all_in_input_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
