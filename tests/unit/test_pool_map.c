/*
 * test_pool_map.c - vow_spawn_map: every index runs exactly once and fills
 * its slot, for several sizes and pool sizes; throws, bad outcomes and
 * returned thenables behave as all() over vow_spawn'ed promises; bad
 * arguments; a map started and waited for inside a task (helping wait);
 * VOW_POOL_CANCEL with ranges still queued leaves the promise pending and
 * leaks nothing.
 *
 * Nothing is asserted on a worker (cmocka cannot fail there): items count
 * what they do and the main thread checks the counts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <time.h>

#include <cmocka.h>
#include <vow/vow.h>

#include "pool_impl.h" /* pool->stop, for the cancel tests; vow__alloc_* */

/* Waits are bounded: a count that never reaches 0 fails instead of hanging. */
enum { WAIT_MS = 30000 };

/* What an item that is not special returns. */
static int64_t value_of(size_t i)
{
	return (int64_t)i * 3 + 1;
}

/* One map's context: the pool and a run counter per index. */
struct map_ctx {
	vow_pool *pool;
	size_t n;
	atomic_uint *runs;         /* per index */
	atomic_size_t total;       /* items run */
	atomic_uint out_of_range;  /* fn called with index >= n */
	/* Per test. */
	size_t special;            /* picks the items that do something else */
	vow_resolver **resolvers;  /* pending promises items returned */
	atomic_int started;        /* the blocking item began */
};

static void ctx_init(struct map_ctx *c, vow_pool *pool, size_t n)
{
	memset(c, 0, sizeof *c);
	c->pool = pool;
	c->n = n;
	c->runs = calloc(n != 0 ? n : 1, sizeof *c->runs);
	assert_non_null(c->runs);
	for (size_t i = 0; i < n; i++)
		atomic_init(&c->runs[i], 0);
	atomic_init(&c->total, 0);
	atomic_init(&c->out_of_range, 0);
	atomic_init(&c->started, 0);
	c->special = SIZE_MAX;
}

static void ctx_fini(struct map_ctx *c)
{
	free(c->runs);
	free(c->resolvers);
}

/* Count the run of index i. */
static void count_run(struct map_ctx *c, size_t i)
{
	if (i >= c->n) {
		atomic_fetch_add(&c->out_of_range, 1);
		return;
	}
	atomic_fetch_add(&c->runs[i], 1);
	atomic_fetch_add(&c->total, 1);
}

/* Every index ran exactly once, nothing else ran. */
static void assert_each_ran_once(struct map_ctx *c)
{
	assert_int_equal(atomic_load(&c->out_of_range), 0);
	assert_int_equal(atomic_load(&c->total), c->n);
	for (size_t i = 0; i < c->n; i++)
		assert_int_equal(atomic_load(&c->runs[i]), 1);
}

/* The result is fulfilled with value_of(i) in slot i, i in [0, n). */
static void assert_values(vow_promise *p, size_t n)
{
	vow_value arr = vow_promise_result(p);

	assert_int_equal(vow_promise_state(p), VOW_FULFILLED);
	assert_int_equal(arr.kind, VOW_ARRAY);
	assert_int_equal(vow_array_len(arr), n);
	for (size_t i = 0; i < n; i++) {
		vow_value v = vow_array_get(arr, i);

		assert_int_equal(v.kind, VOW_INT);
		assert_int_equal(v.as.i, value_of(i));
	}
}

/* Spin (sleeping) until total reaches want; bounded. */
static void wait_total(struct map_ctx *c, size_t want)
{
	struct timespec ts = { 0, 1000000 };

	for (int ms = 0; atomic_load(&c->total) < want; ms++) {
		assert_true(ms < 30000);
		nanosleep(&ts, NULL);
	}
}

static vow_outcome plain_item(void *ctx, size_t i)
{
	count_run(ctx, i);
	return vow_return(vow_int(value_of(i)));
}

/* ---- sizes x pool sizes ------------------------------------------------------- */

static void map_sizes(void **state)
{
	static const unsigned threads[] = { 1, 2, 4 };
	static const size_t sizes[] = { 0, 1, 7, 100000 };

	(void)state;
	for (size_t t = 0; t < sizeof threads / sizeof threads[0]; t++) {
		vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = threads[t] });

		assert_non_null(pool);
		for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
			struct map_ctx c;
			vow_promise *p;

			ctx_init(&c, pool, sizes[k]);
			p = vow_spawn_map(pool, sizes[k], plain_item, &c);
			assert_non_null(p);
			assert_ptr_equal(vow_promise_executor(p), vow_pool_executor(pool));
			if (sizes[k] == 0) /* all([]): at once, no job */
				assert_int_equal(vow_promise_state(p), VOW_FULFILLED);
			assert_int_equal(vow_promise_wait(p, WAIT_MS), 0);
			assert_values(p, sizes[k]);
			/* Fulfilled: every item has run already. */
			assert_each_ran_once(&c);
			vow_promise_release(p);
			ctx_fini(&c);
		}
		vow_pool_free(pool);
	}
}

/* ---- throws and bad outcomes ----------------------------------------------------- */

/* Items whose index is 3 mod `special` throw an error whose code is the index. */
static vow_outcome throwing_item(void *ctx, size_t i)
{
	struct map_ctx *c = ctx;

	count_run(c, i);
	if (i % c->special == 3)
		return vow_throw(vow_error((int)i, "item %zu", i));
	return vow_return(vow_int(value_of(i)));
}

static void map_throw_one(void **state)
{
	(void)state;
	enum { N = 10000 };
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 2 });
	struct map_ctx c;
	vow_promise *p;

	ctx_init(&c, pool, N);
	c.special = N - 1; /* only index 3 throws */
	p = vow_spawn_map(pool, N, throwing_item, &c);
	assert_int_equal(vow_promise_wait(p, WAIT_MS), 0);
	assert_int_equal(vow_promise_state(p), VOW_REJECTED);
	assert_int_equal(vow_error_code(vow_promise_result(p)), 3);
	assert_string_equal(vow_error_message(vow_promise_result(p)), "item 3");
	assert_true(vow_promise_is_handled(p)); /* the wait handled it */
	/* The other items still run: DRAIN waits for them. */
	vow_pool_free(pool);
	assert_each_ran_once(&c);
	vow_promise_release(p);
	ctx_fini(&c);
}

static void map_throw_many(void **state)
{
	(void)state;
	enum { N = 50000 };
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 4 });
	struct map_ctx c;
	vow_promise *p;
	char want[32];
	int code;

	ctx_init(&c, pool, N);
	c.special = 97;
	p = vow_spawn_map(pool, N, throwing_item, &c);
	assert_int_equal(vow_promise_wait(p, WAIT_MS), 0);
	assert_int_equal(vow_promise_state(p), VOW_REJECTED);
	/* One of the throwers' reasons, whole (the first to arrive). */
	code = vow_error_code(vow_promise_result(p));
	assert_true(code >= 0 && code < N);
	assert_int_equal(code % 97, 3);
	snprintf(want, sizeof want, "item %d", code);
	assert_string_equal(vow_error_message(vow_promise_result(p)), want);
	vow_pool_free(pool);
	assert_each_ran_once(&c);
	vow_promise_release(p);
	ctx_fini(&c);
}

static vow_outcome bad_outcome_item(void *ctx, size_t i)
{
	struct map_ctx *c = ctx;

	count_run(c, i);
	if (i == c->special)
		return (vow_outcome){ 0, vow_undefined() };
	return vow_return(vow_int(value_of(i)));
}

static vow_outcome bad_outcome_thunk(void *ctx)
{
	(void)ctx;
	return (vow_outcome){ 0, vow_undefined() };
}

/* The same TypeError as vow_spawn gives for a bad outcome. */
static void map_bad_outcome(void **state)
{
	(void)state;
	enum { N = 100 };
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 2 });
	struct map_ctx c;
	vow_promise *p, *s;
	vow_value e, want;

	ctx_init(&c, pool, N);
	c.special = 42;
	p = vow_spawn_map(pool, N, bad_outcome_item, &c);
	s = vow_spawn(pool, bad_outcome_thunk, NULL);
	assert_int_equal(vow_promise_wait(p, WAIT_MS), 0);
	assert_int_equal(vow_promise_wait(s, WAIT_MS), 0);
	assert_int_equal(vow_promise_state(p), VOW_REJECTED);
	assert_int_equal(vow_promise_state(s), VOW_REJECTED);
	e = vow_promise_result(p);
	want = vow_promise_result(s);
	assert_string_equal(vow_error_name(e), "TypeError");
	assert_int_equal(vow_error_code(e), VOW_EBADOUTCOME);
	assert_int_equal(vow_error_code(e), vow_error_code(want));
	assert_string_equal(vow_error_name(e), vow_error_name(want));
	assert_string_equal(vow_error_message(e), vow_error_message(want));
	vow_pool_free(pool);
	assert_each_ran_once(&c);
	vow_promise_release(p);
	vow_promise_release(s);
	ctx_fini(&c);
}

/* ---- thenables ------------------------------------------------------------------ */

/* A foreign thenable that resolves in then() with the value in self. */
static vow_outcome now_then(void *self, vow_resolver *r)
{
	vow_resolver_resolve(r, vow_int((int64_t)(intptr_t)self));
	return vow_return(vow_undefined());
}

static void now_release(void *self)
{
	(void)self;
}

static const vow_thenable_ops now_ops = { now_then, now_release };

/* i % 3 == 0: a settled vow promise; 1: a foreign thenable; 2: plain. */
static vow_outcome adopting_item(void *ctx, size_t i)
{
	struct map_ctx *c = ctx;

	count_run(c, i);
	switch (i % 3) {
	case 0:
		return vow_return(vow_value_promise(
			vow_promise_resolve(vow_pool_executor(c->pool), vow_int(value_of(i)))));
	case 1:
		return vow_return(vow_thenable(&now_ops, (void *)(intptr_t)value_of(i)));
	default:
		return vow_return(vow_int(value_of(i)));
	}
}

static void map_adopts_settled(void **state)
{
	(void)state;
	for (unsigned t = 1; t <= 4; t *= 2) {
		enum { N = 3000 };
		vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = t });
		struct map_ctx c;
		vow_promise *p;

		ctx_init(&c, pool, N);
		p = vow_spawn_map(pool, N, adopting_item, &c);
		assert_int_equal(vow_promise_wait(p, WAIT_MS), 0);
		assert_values(p, N);
		assert_each_ran_once(&c);
		vow_promise_release(p);
		vow_pool_free(pool);
		ctx_fini(&c);
	}
}

/* Index special returns a promise rejected with code 42. */
static vow_outcome rejected_promise_item(void *ctx, size_t i)
{
	struct map_ctx *c = ctx;

	count_run(c, i);
	if (i == c->special)
		return vow_return(vow_value_promise(
			vow_promise_reject(vow_pool_executor(c->pool), vow_error(42, "no"))));
	return vow_return(vow_int(value_of(i)));
}

static void map_adopts_rejection(void **state)
{
	(void)state;
	enum { N = 1000 };
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 2 });
	struct map_ctx c;
	vow_promise *p;

	ctx_init(&c, pool, N);
	c.special = 777;
	p = vow_spawn_map(pool, N, rejected_promise_item, &c);
	assert_int_equal(vow_promise_wait(p, WAIT_MS), 0);
	assert_int_equal(vow_promise_state(p), VOW_REJECTED);
	assert_int_equal(vow_error_code(vow_promise_result(p)), 42);
	vow_pool_free(pool);
	assert_each_ran_once(&c);
	vow_promise_release(p);
	ctx_fini(&c);
}

/* Every 50th index returns a pending promise; its resolver is kept. */
static vow_outcome pending_item(void *ctx, size_t i)
{
	struct map_ctx *c = ctx;
	vow_promise *p;

	if (i < c->n && i % 50 == 0) {
		p = vow_promise_with_resolvers(vow_pool_executor(c->pool), &c->resolvers[i]);
		count_run(c, i); /* after the store: the main thread reads it once counted */
		return vow_return(vow_value_promise(p));
	}
	count_run(c, i);
	return vow_return(vow_int(value_of(i)));
}

struct settler {
	struct map_ctx *c;
	size_t reject; /* this index is rejected with its index as code */
};

/* A plain thread settles the pending promises, last index first. */
static void *settle_all(void *arg)
{
	struct settler *s = arg;

	for (size_t i = s->c->n; i-- > 0;) {
		if (i % 50 != 0)
			continue;
		if (i == s->reject)
			vow_resolver_reject(s->c->resolvers[i], vow_error((int)i, "late"));
		else
			vow_resolver_resolve(s->c->resolvers[i], vow_int(value_of(i)));
		vow_resolver_release(s->c->resolvers[i]);
	}
	return NULL;
}

static void map_adopts_pending(void **state)
{
	(void)state;
	enum { N = 5000 };

	for (int rejecting = 0; rejecting < 2; rejecting++) {
		vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 2 });
		struct map_ctx c;
		struct settler s;
		pthread_t th;
		vow_promise *p;

		ctx_init(&c, pool, N);
		c.resolvers = calloc(N, sizeof *c.resolvers);
		assert_non_null(c.resolvers);
		p = vow_spawn_map(pool, N, pending_item, &c);
		wait_total(&c, N);
		/* Every item ran; 100 slots wait for promises nobody settled yet. */
		assert_int_equal(vow_promise_wait(p, 20), VOW_ETIMEDOUT);
		assert_int_equal(vow_promise_state(p), VOW_PENDING);
		s = (struct settler){ &c, rejecting ? 2500 : SIZE_MAX };
		assert_int_equal(pthread_create(&th, NULL, settle_all, &s), 0);
		assert_int_equal(pthread_join(th, NULL), 0);
		assert_int_equal(vow_promise_wait(p, WAIT_MS), 0);
		if (rejecting) {
			assert_int_equal(vow_promise_state(p), VOW_REJECTED);
			assert_int_equal(vow_error_code(vow_promise_result(p)), 2500);
		} else {
			assert_values(p, N);
		}
		assert_each_ran_once(&c);
		vow_promise_release(p);
		vow_pool_free(pool);
		ctx_fini(&c);
	}
}

/* ---- bad arguments ----------------------------------------------------------------- */

static void map_einval(void **state)
{
	(void)state;
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 1 });

	assert_null(vow_spawn_map(NULL, 3, plain_item, NULL));
	assert_int_equal(vow_last_error(), VOW_EINVAL);
	assert_null(vow_spawn_map(NULL, 0, plain_item, NULL));
	assert_int_equal(vow_last_error(), VOW_EINVAL);
	assert_null(vow_spawn_map(pool, 3, NULL, NULL));
	assert_int_equal(vow_last_error(), VOW_EINVAL);
	assert_null(vow_spawn_map(pool, 0, NULL, NULL));
	assert_int_equal(vow_last_error(), VOW_EINVAL);
	/* An array of SIZE_MAX slots cannot be made. */
	assert_null(vow_spawn_map(pool, SIZE_MAX, plain_item, NULL));
	assert_int_equal(vow_last_error(), VOW_ENOMEM);
	vow_pool_free(pool);
}

/* ---- inside a task: a helping wait ---------------------------------------------------- */

enum { INNER_N = 2000, OUTER_N = 8 };

/* The sum of value_of(i) over [0, n). */
static int64_t sum_of_values(size_t n)
{
	int64_t s = 0;

	for (size_t i = 0; i < n; i++)
		s += value_of(i);
	return s;
}

/* Map INNER_N items, wait for them (helping: never deadlocks), sum them. */
static vow_outcome map_and_sum(struct map_ctx *inner)
{
	vow_promise *p = vow_spawn_map(inner->pool, INNER_N, plain_item, inner);
	int64_t sum = 0;

	if (p == NULL)
		return vow_throw(vow_error(1, "map failed"));
	if (vow_promise_wait(p, WAIT_MS) != 0 || vow_promise_state(p) != VOW_FULFILLED ||
	    vow_array_len(vow_promise_result(p)) != INNER_N) {
		vow_promise_release(p);
		return vow_throw(vow_error(2, "map did not fulfil"));
	}
	for (size_t i = 0; i < INNER_N; i++)
		sum += vow_array_get(vow_promise_result(p), i).as.i;
	vow_promise_release(p);
	return vow_return(vow_int(sum));
}

static vow_outcome task_map(void *ctx)
{
	return map_and_sum(ctx);
}

/* An outer item maps over its own inner context. */
static vow_outcome outer_item(void *ctx, size_t i)
{
	struct map_ctx *inners = ctx;

	return map_and_sum(&inners[i]);
}

static void map_inside_task(void **state)
{
	(void)state;
	for (unsigned t = 1; t <= 2; t++) {
		vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = t });
		struct map_ctx c, inners[OUTER_N];
		vow_promise *p, *outer;

		/* A task maps and waits. */
		ctx_init(&c, pool, INNER_N);
		p = vow_spawn(pool, task_map, &c);
		assert_int_equal(vow_promise_wait(p, WAIT_MS), 0);
		assert_int_equal(vow_promise_state(p), VOW_FULFILLED);
		assert_int_equal(vow_promise_result(p).as.i, sum_of_values(INNER_N));
		assert_each_ran_once(&c);
		vow_promise_release(p);
		ctx_fini(&c);

		/* Every item of a map maps and waits (waits nest on the workers). */
		for (int k = 0; k < OUTER_N; k++)
			ctx_init(&inners[k], pool, INNER_N);
		outer = vow_spawn_map(pool, OUTER_N, outer_item, inners);
		assert_int_equal(vow_promise_wait(outer, WAIT_MS), 0);
		assert_int_equal(vow_promise_state(outer), VOW_FULFILLED);
		for (int k = 0; k < OUTER_N; k++) {
			assert_int_equal(vow_array_get(vow_promise_result(outer), (size_t)k).as.i,
					 sum_of_values(INNER_N));
			assert_each_ran_once(&inners[k]);
			ctx_fini(&inners[k]);
		}
		vow_promise_release(outer);
		vow_pool_free(pool);
	}
}

/* ---- VOW_POOL_CANCEL --------------------------------------------------------------------- */

/* Until the pool is told to stop. */
static void wait_for_stop(vow_pool *pool)
{
	struct timespec ts = { 0, 200000 };

	/* Acquire: a test-side read of the flag shutdown stores. */
	while (atomic_load_explicit(&pool->stop, memory_order_acquire) == POOL_RUNNING)
		nanosleep(&ts, NULL);
}

static void wait_started(struct map_ctx *c)
{
	struct timespec ts = { 0, 200000 };

	while (atomic_load(&c->started) == 0)
		nanosleep(&ts, NULL);
}

/*
 * Index 0 blocks until the cancel; index 1 returns a pending promise that
 * is never settled.  Everything else is plain.
 */
static vow_outcome blocking_item(void *ctx, size_t i)
{
	struct map_ctx *c = ctx;
	vow_promise *p;

	if (i == 0) {
		atomic_store(&c->started, 1);
		wait_for_stop(c->pool);
	} else if (i == 1) {
		p = vow_promise_with_resolvers(vow_pool_executor(c->pool), &c->resolvers[1]);
		count_run(c, i);
		return vow_return(vow_value_promise(p));
	}
	count_run(c, i);
	return vow_return(vow_int(value_of(i)));
}

static vow_outcome block_until_stop(void *ctx)
{
	struct map_ctx *c = ctx;

	atomic_store(&c->started, 1);
	wait_for_stop(c->pool);
	return vow_return(vow_undefined());
}

/*
 * One worker: the root range splits every half onto the worker's deque and
 * runs its leaf, whose item 0 blocks until the cancel.  The queued halves
 * are discarded: only the leaf's items (a prefix of the indices) ran, the
 * result stays pending, and every block vow made is freed once the caller
 * lets go of the result and of the one pending promise an item made.
 */
static void map_cancel_mid_way(void **state)
{
	(void)state;
	enum { N = 100000 };
	int64_t base;
	vow_pool *pool;
	struct map_ctx c;
	vow_promise *p;
	size_t ran;

	vow__alloc_track(true);
	base = vow__alloc_live();
	pool = vow_pool_new(&(vow_pool_options){ .threads = 1 });
	ctx_init(&c, pool, N);
	c.resolvers = calloc(N, sizeof *c.resolvers);
	p = vow_spawn_map(pool, N, blocking_item, &c);
	wait_started(&c);
	assert_int_equal(vow_pool_shutdown(pool, VOW_POOL_CANCEL), 0);

	ran = atomic_load(&c.total);
	assert_true(ran >= 2 && ran < N);
	assert_int_equal(atomic_load(&c.out_of_range), 0);
	for (size_t i = 0; i < N; i++)
		assert_int_equal(atomic_load(&c.runs[i]), i < ran ? 1 : 0);
	assert_int_equal(vow_promise_state(p), VOW_PENDING);
	assert_non_null(c.resolvers[1]);
	/* The pending promise goes, and with it the adoption's hold on the record. */
	vow_resolver_release(c.resolvers[1]);
	vow_promise_release(p);
	assert_int_equal(vow__alloc_live(), base);
	vow__alloc_track(false);
	ctx_fini(&c);
}

/* The worker is busy when the map comes: the root job itself is discarded. */
static void map_cancel_before_start(void **state)
{
	(void)state;
	enum { N = 1000 };
	int64_t base;
	vow_pool *pool;
	struct map_ctx c, blocker;
	vow_promise *p, *b;

	vow__alloc_track(true);
	base = vow__alloc_live();
	pool = vow_pool_new(&(vow_pool_options){ .threads = 1 });
	ctx_init(&blocker, pool, 0);
	ctx_init(&c, pool, N);
	b = vow_spawn(pool, block_until_stop, &blocker);
	wait_started(&blocker);
	p = vow_spawn_map(pool, N, plain_item, &c);
	assert_non_null(p);
	assert_int_equal(vow_pool_shutdown(pool, VOW_POOL_CANCEL), 0);
	assert_int_equal(atomic_load(&c.total), 0);
	assert_int_equal(vow_promise_state(p), VOW_PENDING);
	assert_int_equal(vow_promise_state(b), VOW_FULFILLED);
	vow_promise_release(p);
	vow_promise_release(b);
	assert_int_equal(vow__alloc_live(), base);
	vow__alloc_track(false);
	ctx_fini(&c);
	ctx_fini(&blocker);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(map_sizes),
		cmocka_unit_test(map_throw_one),
		cmocka_unit_test(map_throw_many),
		cmocka_unit_test(map_bad_outcome),
		cmocka_unit_test(map_adopts_settled),
		cmocka_unit_test(map_adopts_rejection),
		cmocka_unit_test(map_adopts_pending),
		cmocka_unit_test(map_einval),
		cmocka_unit_test(map_inside_task),
		cmocka_unit_test(map_cancel_mid_way),
		cmocka_unit_test(map_cancel_before_start),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
