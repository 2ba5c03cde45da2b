/*
 * test_pool_shutdown.c - VOW_POOL_DRAIN runs everything queued and
 * everything it generates; VOW_POOL_CANCEL discards what is queued
 * (contexts released exactly once); shutdown from a worker is refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include <cmocka.h>
#include <vow/vow.h>

static atomic_int ran;
static atomic_int dtors;

struct fan {
	vow_pool *pool;
	int depth;
};

/* Each task spawns two children until depth 0: 2^(d+1)-1 tasks in all. */
static vow_outcome fan_task(void *ctx)
{
	struct fan *f = ctx;

	atomic_fetch_add(&ran, 1);
	if (f->depth > 0) {
		for (int i = 0; i < 2; i++) {
			struct fan *c = malloc(sizeof *c);

			*c = (struct fan){ f->pool, f->depth - 1 };
			vow_promise_release(vow_spawn(f->pool, fan_task, c));
		}
	}
	free(f);
	return vow_return(vow_undefined());
}

static void drain_runs_everything(void **state)
{
	(void)state;
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 2 });

	atomic_store(&ran, 0);
	for (int i = 0; i < 8; i++) {
		struct fan *f = malloc(sizeof *f);

		*f = (struct fan){ pool, 9 };
		vow_promise_release(vow_spawn(pool, fan_task, f));
	}
	assert_int_equal(vow_pool_shutdown(pool, VOW_POOL_DRAIN), 0);
	assert_int_equal(atomic_load(&ran), 8 * ((1 << 10) - 1));
}

static vow_outcome slow_task(void *ctx)
{
	struct timespec ts = { 0, 2000000 };

	(void)ctx;
	nanosleep(&ts, NULL);
	atomic_fetch_add(&ran, 1);
	return vow_return(vow_undefined());
}

static vow_outcome never_runs(void *ctx, vow_value v)
{
	(void)ctx;
	(void)v;
	atomic_fetch_add(&ran, 1000000);
	return vow_return(vow_undefined());
}

static void count_dtor(void *ctx)
{
	(void)ctx;
	atomic_fetch_add(&dtors, 1);
}

static void cancel_discards_queued(void **state)
{
	(void)state;
	enum { N = 200 };
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 2 });
	vow_resolver *r;
	vow_promise *gate = vow_promise_with_resolvers(vow_pool_executor(pool), &r);
	vow_promise *ps[N];

	atomic_store(&ran, 0);
	atomic_store(&dtors, 0);
	for (int i = 0; i < N; i++)
		ps[i] = vow_spawn(pool, slow_task, NULL);
	/* Reactions that can never run before the pool is cancelled. */
	for (int i = 0; i < 10; i++)
		vow_promise_release(vow_promise_then(gate, never_runs, never_runs, NULL, count_dtor));
	assert_int_equal(vow_pool_shutdown(pool, VOW_POOL_CANCEL), 0);
	int n = atomic_load(&ran);
	/* Some ran (at most the ones started before the cancel), not all. */
	assert_true(n < N);
	int pending = 0;
	for (int i = 0; i < N; i++) {
		if (vow_promise_state(ps[i]) == VOW_PENDING)
			pending++;
		else
			assert_int_equal(vow_promise_state(ps[i]), VOW_FULFILLED);
		vow_promise_release(ps[i]);
	}
	assert_int_equal(pending, N - n);
	/* The gate's reactions are released with the gate (never run). */
	vow_resolver_release(r);
	vow_promise_release(gate);
	assert_int_equal(atomic_load(&dtors), 10);
	assert_true(atomic_load(&ran) < 1000000);
}

/* Reactions queued when CANCEL comes are discarded, ctx_dtor runs once. */
static void cancel_discards_reactions(void **state)
{
	(void)state;
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 1 });
	vow_promise *block = vow_spawn(pool, slow_task, NULL);
	vow_promise *settled = vow_promise_resolve(vow_pool_executor(pool), vow_int(1));

	atomic_store(&ran, 0);
	atomic_store(&dtors, 0);
	/* settled is fulfilled: each then() posts its reaction at once. */
	for (int i = 0; i < 50; i++)
		vow_promise_release(vow_promise_then(settled, never_runs, NULL, NULL, count_dtor));
	assert_int_equal(vow_pool_shutdown(pool, VOW_POOL_CANCEL), 0);
	int n = atomic_load(&ran);
	assert_int_equal(atomic_load(&dtors), 50); /* ran or discarded: once each */
	assert_true(n / 1000000 <= 50); /* each reaction ran at most once */
	vow_promise_release(block);
	vow_promise_release(settled);
}

static vow_outcome try_shutdown_self(void *ctx)
{
	return vow_return(vow_int(vow_pool_shutdown(ctx, VOW_POOL_DRAIN)));
}

static void shutdown_from_worker_refused(void **state)
{
	(void)state;
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 1 });
	vow_promise *p = vow_spawn(pool, try_shutdown_self, pool);

	assert_int_equal(vow_promise_wait(p, -1), 0);
	assert_int_equal(vow_promise_result(p).as.i, VOW_ETHREAD);
	assert_int_equal(vow_pool_shutdown(pool, (vow_pool_mode)7), VOW_EINVAL);
	vow_promise_release(p);
	vow_pool_free(pool);
}

static void idle_create_destroy(void **state)
{
	(void)state;
	for (int i = 0; i < 50; i++) {
		vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 1 + i % 3 });

		assert_non_null(pool);
		if (i % 2)
			vow_pool_free(pool);
		else
			assert_int_equal(vow_pool_shutdown(pool, VOW_POOL_CANCEL), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(drain_runs_everything),
		cmocka_unit_test(cancel_discards_queued),
		cmocka_unit_test(cancel_discards_reactions),
		cmocka_unit_test(shutdown_from_worker_refused),
		cmocka_unit_test(idle_create_destroy),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
