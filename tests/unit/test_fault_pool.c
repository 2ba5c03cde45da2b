/*
 * test_fault_pool.c - fault injection over parallel mode: vow_pool_new,
 * vow_spawn (from outside and from inside a task), then on pool promises,
 * a fan-in (Promise.all) over spawned promises and vow_promise_wait (a
 * blocking wait outside the pool, a helping wait on a worker); and
 * vow_spawn_map, whose split jobs may fail to allocate without failing the
 * map (that range just runs unsplit).
 *
 * The workers allocate concurrently with the main thread, so the number of
 * allocations varies a little from run to run (a wait may find its promise
 * settled and skip its record): the sweep runs N past the clean count and
 * counts the runs in which the armed failure really happened (fault.h).
 *
 * Nothing is asserted on a worker (cmocka cannot fail there): workers
 * record what they saw and the main thread checks it after the pool was
 * freed (vow_pool_free joins the workers: everything they wrote is visible).
 */
#include <stdatomic.h>

#include "fault.h"

enum { NTASK = 4, NCTX = NTASK };

static vow_pool *g_pool;

struct task {
	int index;
	atomic_int ran;
	/* Nested: the child spawned from inside the task, and its waits. */
	bool nested;
	atomic_int child_ran;
	atomic_int bad; /* something a worker saw that a check must reject */
};

static vow_outcome child_fn(void *ctx)
{
	struct task *t = ctx;

	atomic_fetch_add(&t->child_ran, 1);
	return vow_return(vow_int(100));
}

static vow_outcome task_fn(void *ctx)
{
	struct task *t = ctx;
	vow_promise *child;
	vow_value v;
	int rc;

	atomic_fetch_add(&t->ran, 1);
	if (!t->nested)
		return vow_return(vow_int((int64_t)t->index * t->index));
	/* Spawn from a worker (its own deque), then a helping wait. */
	child = vow_spawn(g_pool, child_fn, t);
	if (child == NULL) {
		if (vow_last_error() != VOW_ENOMEM)
			atomic_store(&t->bad, 1);
		return vow_throw(vow_error(VOW_ENOMEM, "spawn failed"));
	}
	/* ENOMEM: the wait record could not be made; nothing attached - retry. */
	while ((rc = vow_promise_wait(child, -1)) == VOW_ENOMEM)
		;
	if (rc != 0 || vow_promise_state(child) != VOW_FULFILLED)
		atomic_store(&t->bad, 2);
	v = vow_promise_result(child);
	vow_promise_release(child);
	return vow_return(vow_int(v.as.i + (int64_t)t->index * t->index - 100));
}

static vow_outcome add_ten(void *ctx, vow_value v)
{
	struct fault_ctx *c = ctx;

	c->ran++; /* checked on the main thread, after the join */
	if (c->dtor != 0 || v.kind != VOW_INT)
		c->tag = -1;
	return vow_return(vow_int(v.as.i + 10));
}

static atomic_int g_rejection_events;

static void on_rejection(void *ud, vow_rejection_event ev, vow_promise *p, vow_value reason)
{
	(void)ud;
	(void)ev;
	(void)p;
	(void)reason;
	atomic_fetch_add(&g_rejection_events, 1);
}

/* Wait for p; ENOMEM only in a faulted run, and then once: retry. */
static void wait_settled(vow_promise *p)
{
	int rc;

	while ((rc = vow_promise_wait(p, -1)) == VOW_ENOMEM)
		assert_true(fault_happened());
	assert_int_equal(rc, 0);
	assert_int_not_equal(vow_promise_state(p), VOW_PENDING);
}

/* Fulfilled with want, or rejected with the OOM error. */
static void check_int(vow_promise *p, int64_t want)
{
	vow_value v = vow_promise_result(p);

	if (vow_promise_state(p) == VOW_REJECTED && vow_error_code(v) == VOW_ENOMEM) {
		assert_true(fault_happened());
		return;
	}
	assert_int_equal(vow_promise_state(p), VOW_FULFILLED);
	assert_int_equal(v.kind, VOW_INT);
	assert_int_equal(v.as.i, want);
}

static void scenario_pool(void *arg)
{
	struct task tasks[NTASK];
	struct fault_ctx c[NCTX];
	bool used[NCTX] = { false };
	vow_promise *sp[NTASK] = { NULL }, *th[NTASK] = { NULL }, *all = NULL;
	vow_value items[NTASK];
	size_t n = 0;
	vow_executor *ex;

	(void)arg;
	memset(c, 0, sizeof c);
	atomic_store(&g_rejection_events, 0);
	for (int i = 0; i < NTASK; i++) {
		tasks[i].index = i;
		tasks[i].nested = i == NTASK - 1;
		atomic_init(&tasks[i].ran, 0);
		atomic_init(&tasks[i].child_ran, 0);
		atomic_init(&tasks[i].bad, 0);
	}
	g_pool = vow_pool_new(&(vow_pool_options){ .threads = 2 });
	fault_check_null(g_pool);
	if (g_pool == NULL)
		return;
	ex = vow_pool_executor(g_pool);
	assert_int_equal(vow_executor_set_rejection_policy(ex, VOW_REJECTIONS_CALLBACK,
							   on_rejection, NULL), 0);

	for (int i = 0; i < NTASK; i++) {
		sp[i] = vow_spawn(g_pool, task_fn, &tasks[i]);
		fault_check_null(sp[i]);
		if (sp[i] == NULL)
			continue;
		used[i] = true;
		th[i] = vow_promise_then(sp[i], add_ten, NULL, &c[i], fault_ctx_dtor);
		fault_check_null(th[i]);
		items[n++] = vow_value_promise(vow_promise_dup(sp[i]));
	}
	/* Fan-in over the pool: inputs settle on the workers, maybe at once. */
	all = vow_promise_all(ex, items, n);
	fault_check_null(all);
	for (size_t i = 0; i < n; i++)
		vow_value_drop(items[i]);

	for (int i = 0; i < NTASK; i++) {
		if (sp[i] != NULL)
			wait_settled(sp[i]);
		if (th[i] != NULL)
			wait_settled(th[i]);
	}
	if (all != NULL)
		wait_settled(all);

	for (int i = 0; i < NTASK; i++) {
		if (sp[i] != NULL)
			check_int(sp[i], (int64_t)i * i);
		if (th[i] != NULL)
			check_int(th[i], (int64_t)i * i + 10);
	}
	if (all != NULL && !fault_is_oom_rejection(all)) {
		vow_value v = vow_promise_result(all);

		assert_int_equal(vow_promise_state(all), VOW_FULFILLED);
		assert_int_equal(vow_array_len(v), n);
	}
	if (!fault__armed) {
		assert_non_null(all);
		assert_int_equal(vow_promise_state(all), VOW_FULFILLED);
		for (int i = 0; i < NTASK; i++)
			assert_int_equal(vow_array_get(vow_promise_result(all), (size_t)i).as.i,
					 (int64_t)i * i);
	}
	for (int i = 0; i < NTASK; i++) {
		vow_promise_release(sp[i]);
		vow_promise_release(th[i]);
	}
	vow_promise_release(all);
	vow_pool_free(g_pool); /* DRAIN: every job ran; joins the workers */
	g_pool = NULL;

	for (int i = 0; i < NTASK; i++) {
		/* A task runs exactly once if vow_spawn succeeded, else never. */
		assert_int_equal(atomic_load(&tasks[i].ran), sp[i] != NULL ? 1 : 0);
		assert_int_equal(atomic_load(&tasks[i].bad), 0);
		assert_true(atomic_load(&tasks[i].child_ran) <= 1);
		assert_true(c[i].ran <= 1);
		assert_int_not_equal(c[i].tag, -1);
	}
	fault_ctx_check_all(c, NCTX, used);
	if (!fault__armed)
		assert_int_equal(atomic_load(&g_rejection_events), 0);
}

static void test_fault_pool(void **state)
{
	(void)state;
	/* Several sweeps: each meets other interleavings of the workers. */
	for (int round = 0; round < 4; round++)
		fault_sweep("pool: spawn, then, all, wait", scenario_pool, NULL, false);
}

/* ---- vow_spawn_map ---------------------------------------------------------- */

/* 100 items on 2 workers: a grain of 2, so about 63 split jobs. */
enum { MAP_N = 100 };

struct map_run {
	bool adopt; /* every 10th item returns a promise (made in the item) */
	atomic_int runs[MAP_N];
	atomic_int out_of_range;
};

static vow_outcome map_item(void *ctx, size_t i)
{
	struct map_run *r = ctx;
	vow_promise *p;

	if (i >= MAP_N) {
		atomic_fetch_add(&r->out_of_range, 1);
		return vow_return(vow_undefined());
	}
	atomic_fetch_add(&r->runs[i], 1);
	if (r->adopt && i % 10 == 0) {
		p = vow_promise_resolve(vow_pool_executor(g_pool), vow_int((int64_t)i * i));
		if (p == NULL)
			return vow_throw(vow__oom_error());
		return vow_return(vow_value_promise(p));
	}
	return vow_return(vow_int((int64_t)i * i));
}

/*
 * NULL + ENOMEM, or every item runs once and the result is the exact
 * array.  With adoptions, an allocation an item's adoption needs may fail
 * as well: that rejects the result with the out-of-memory error, as a
 * spawned promise's failed adoption rejects all().
 */
static void scenario_map(void *arg)
{
	struct map_run *r = arg;
	vow_promise *p;

	for (int i = 0; i < MAP_N; i++)
		atomic_store(&r->runs[i], 0);
	atomic_store(&r->out_of_range, 0);
	g_pool = vow_pool_new(&(vow_pool_options){ .threads = 2 });
	fault_check_null(g_pool);
	if (g_pool == NULL)
		return;
	p = vow_spawn_map(g_pool, MAP_N, map_item, r);
	fault_check_null(p);
	if (p != NULL) {
		wait_settled(p);
		if (r->adopt && fault_is_oom_rejection(p)) {
			assert_true(fault_happened());
		} else {
			vow_value v = vow_promise_result(p);

			assert_int_equal(vow_promise_state(p), VOW_FULFILLED);
			assert_int_equal(vow_array_len(v), MAP_N);
			for (int i = 0; i < MAP_N; i++) {
				assert_int_equal(vow_array_get(v, (size_t)i).kind, VOW_INT);
				assert_int_equal(vow_array_get(v, (size_t)i).as.i, (int64_t)i * i);
			}
		}
		vow_promise_release(p);
	}
	vow_pool_free(g_pool); /* DRAIN: items left running after a rejection finish */
	g_pool = NULL;
	assert_int_equal(atomic_load(&r->out_of_range), 0);
	for (int i = 0; i < MAP_N; i++)
		assert_int_equal(atomic_load(&r->runs[i]), p != NULL ? 1 : 0);
}

static void test_fault_map(void **state)
{
	static struct map_run plain = { .adopt = false }, adopt = { .adopt = true };

	(void)state;
	for (int round = 0; round < 2; round++) {
		fault_sweep("pool: spawn_map", scenario_map, &plain, false);
		fault_sweep("pool: spawn_map, adoptions", scenario_map, &adopt, false);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fault_pool),
		cmocka_unit_test(test_fault_map),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
