/*
 * test_executor_lifetime.c - objects outlive their executor (vow/executor.h,
 * LIFETIMES): promises in every state, with reactions still attached, with
 * a thenable job in flight, combinator results, timers; released after
 * their loop is freed, and after their pool is freed with DRAIN and with
 * CANCEL, in several orders.  Every handler context's destructor runs
 * exactly once and the live block count returns to its baseline (the leak
 * check that works without valgrind; ASan and valgrind runs check the
 * memory accesses).  Also: chains of 10^6 links released while pending
 * (then, finally, adoption) on both executors, on the default stack; and a
 * spawned task's returned promise, adopted through the task's own memory,
 * settled or abandoned after its pool is gone, in both release orders, and
 * a chain of them deeper than the inline bound, with its pool and past it.
 */
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>
#include <valgrind/valgrind.h>
#include <vow/vow.h>

#include "core.h" /* vow__alloc_track / vow__alloc_live */
#include "tsan_hb.h" /* VOW_TSAN */

enum kind { LOOP, LOOP_UNRUN, POOL_DRAIN, POOL_CANCEL };

struct exec {
	enum kind kind;
	vow_loop *loop;
	vow_pool *pool;
	vow_executor *ex;
};

static struct exec exec_new(enum kind kind)
{
	struct exec e = { .kind = kind };

	if (kind == LOOP || kind == LOOP_UNRUN) {
		e.loop = vow_loop_new(VOW_LOOP_VIRTUAL_CLOCK);
		assert_non_null(e.loop);
		e.ex = vow_loop_executor(e.loop);
	} else {
		e.pool = vow_pool_new(&(vow_pool_options){ .threads = 2 });
		assert_non_null(e.pool);
		e.ex = vow_pool_executor(e.pool);
	}
	return e;
}

/* Free the executor: run the loop first (LOOP) or not (LOOP_UNRUN). */
static void exec_free(struct exec *e)
{
	switch (e->kind) {
	case LOOP:
		assert_int_equal(vow_loop_run(e->loop), 0);
		/* fall through */
	case LOOP_UNRUN:
		vow_loop_free(e->loop);
		break;
	case POOL_DRAIN:
		assert_int_equal(vow_pool_shutdown(e->pool, VOW_POOL_DRAIN), 0);
		break;
	case POOL_CANCEL:
		assert_int_equal(vow_pool_shutdown(e->pool, VOW_POOL_CANCEL), 0);
		break;
	}
	e->loop = NULL;
	e->pool = NULL;
}

/* ---- counted contexts -------------------------------------------------------- */

static atomic_int dtors, handlers;

static void count_dtor(void *ctx)
{
	(void)ctx;
	atomic_fetch_add(&dtors, 1);
}

static vow_outcome count_handler(void *ctx, vow_value v)
{
	(void)ctx;
	atomic_fetch_add(&handlers, 1);
	return vow_return(vow__value_dup(v));
}

static vow_outcome count_finally(void *ctx)
{
	(void)ctx;
	atomic_fetch_add(&handlers, 1);
	return vow_return(vow_undefined());
}

/* ---- a thenable that keeps its resolver and settles it later ------------------ */

static vow_resolver *kept_resolver;

static vow_outcome keep_then(void *self, vow_resolver *r)
{
	(void)self;
	kept_resolver = vow_resolver_dup(r);
	return vow_return(vow_undefined());
}

static void thenable_release(void *self)
{
	(void)self;
	atomic_fetch_add(&dtors, 1);
}

static const vow_thenable_ops keep_ops = { keep_then, thenable_release };

/* ---- the scenario ------------------------------------------------------------ */

static atomic_int reports;

static void on_rejection(void *ud, vow_rejection_event ev, vow_promise *p, vow_value r)
{
	(void)ud;
	(void)ev;
	(void)p;
	(void)r;
	atomic_fetch_add(&reports, 1);
}

struct objects {
	vow_promise *pending, *fulfilled, *handled, *unhandled;
	vow_resolver *r_pending, *r_late;
	vow_promise *late;                 /* settled after the executor is gone */
	vow_promise *then_pending, *finally_pending, *catch_handled;
	vow_promise *all_pending, *race_pending, *adopting;
	vow_promise *thenable_target;      /* resolved with a foreign thenable */
};

static void make_objects(struct exec *e, struct objects *o)
{
	vow_value items[3];

	o->pending = vow_promise_with_resolvers(e->ex, &o->r_pending);
	o->late = vow_promise_with_resolvers(e->ex, &o->r_late);
	o->fulfilled = vow_promise_resolve(e->ex, vow_str("ok"));
	o->handled = vow_promise_reject(e->ex, vow_int(1));
	o->catch_handled = vow_promise_catch(o->handled, count_handler, NULL, count_dtor);
	o->unhandled = vow_promise_reject(e->ex, vow_str("nobody listens"));
	o->then_pending = vow_promise_then(o->pending, count_handler, count_handler, NULL,
					   count_dtor);
	o->finally_pending = vow_promise_finally(o->late, count_finally, NULL, count_dtor);
	items[0] = vow_value_promise(o->pending);
	items[1] = vow_value_promise(o->late);
	items[2] = vow_int(3);
	o->all_pending = vow_promise_all(e->ex, items, 3);
	o->race_pending = vow_promise_race(e->ex, items, 2);
	o->adopting = vow_promise_resolve(e->ex, vow_int(0));
	vow_promise_release(o->adopting);
	{
		vow_resolver *r;

		o->adopting = vow_promise_with_resolvers(e->ex, &r);
		vow_resolver_resolve(r, vow_value_promise(vow_promise_dup(o->late)));
		vow_resolver_release(r);
	}
	{
		vow_resolver *r;

		o->thenable_target = vow_promise_with_resolvers(e->ex, &r);
		vow_resolver_resolve(r, vow_thenable(&keep_ops, NULL));
		vow_resolver_release(r);
	}
	assert_non_null(o->pending);
	assert_non_null(o->late);
	assert_non_null(o->then_pending);
	assert_non_null(o->finally_pending);
	assert_non_null(o->all_pending);
	assert_non_null(o->race_pending);
}

static void release_objects(struct objects *o, bool reverse)
{
	vow_promise *all[] = {
		o->pending, o->fulfilled, o->handled, o->unhandled, o->late,
		o->then_pending, o->finally_pending, o->catch_handled, o->all_pending,
		o->race_pending, o->adopting, o->thenable_target,
	};
	size_t n = sizeof all / sizeof all[0];

	for (size_t i = 0; i < n; i++)
		vow_promise_release(all[reverse ? n - 1 - i : i]);
}

/*
 * Make everything, free the executor, then (after) settle what is still
 * pending, attach new reactions, and release in the given order.
 */
static void outlive(enum kind kind, bool reverse)
{
	struct exec e;
	struct objects o = { 0 };
	int64_t base;
	vow_promise *after;

	vow__alloc_track(true);
	base = vow__alloc_live();
	atomic_store(&dtors, 0);
	atomic_store(&handlers, 0);
	atomic_store(&reports, 0);
	kept_resolver = NULL;

	e = exec_new(kind);
	assert_int_equal(vow_executor_set_rejection_policy(e.ex, VOW_REJECTIONS_CALLBACK,
							   on_rejection, NULL), 0);
	make_objects(&e, &o);
	exec_free(&e);

	/* The executor is gone; its promises work as documented. */
	assert_int_equal(vow_promise_state(o.fulfilled), VOW_FULFILLED);
	assert_string_equal(vow_str_cstr(vow_promise_result(o.fulfilled)), "ok");
	assert_int_equal(vow_promise_state(o.handled), VOW_REJECTED);
	assert_string_equal(vow_executor_name(vow_promise_executor(o.pending)),
			    kind == LOOP || kind == LOOP_UNRUN ? "loop" : "pool");
	assert_true(vow_executor_is_closed(vow_promise_executor(o.pending)));
	/* Settling now: the reactions' jobs are discarded, their contexts freed. */
	assert_int_equal(vow_resolver_resolve(o.r_pending, vow_int(5)), 0);
	assert_int_equal(vow_resolver_reject(o.r_late, vow_int(6)), 0);
	assert_int_equal(vow_promise_state(o.pending), VOW_FULFILLED);
	assert_int_equal(vow_promise_state(o.then_pending), VOW_PENDING);
	if (kept_resolver != NULL) /* the thenable's then() ran before the close */
		assert_int_equal(vow_resolver_resolve(kept_resolver, vow_int(7)), 0);
	vow_resolver_release(kept_resolver);
	vow_resolver_release(o.r_pending);
	vow_resolver_release(o.r_late);
	/* A new reaction on a closed executor: its job is discarded. */
	after = vow_promise_then(o.fulfilled, count_handler, NULL, NULL, count_dtor);
	assert_non_null(after);
	assert_int_equal(vow_promise_state(after), VOW_PENDING);
	vow_promise_release(after);

	release_objects(&o, reverse);
	/*
	 * Contexts: then_pending's, finally_pending's, catch_handled's, the
	 * late then's, and the thenable's release: each exactly once.
	 */
	assert_int_equal(atomic_load(&dtors), 5);
	/* Handlers ran only while the executor lived (catch on the loop/pool). */
	assert_true(atomic_load(&handlers) <= 1);
	if (kind == LOOP)
		assert_int_equal(atomic_load(&handlers), 1);
	/* The callback is never called after close (vow/executor.h). */
	if (kind != LOOP)
		assert_int_equal(atomic_load(&reports), 0);
	assert_int_equal(vow__alloc_live(), base);
	vow__alloc_track(false);
}

static void loop_forward(void **s) { (void)s; outlive(LOOP, false); }
static void loop_reverse(void **s) { (void)s; outlive(LOOP, true); }
static void loop_unrun(void **s) { (void)s; outlive(LOOP_UNRUN, false); }
static void drain_forward(void **s) { (void)s; outlive(POOL_DRAIN, false); }
static void drain_reverse(void **s) { (void)s; outlive(POOL_DRAIN, true); }
static void cancel_forward(void **s) { (void)s; outlive(POOL_CANCEL, false); }
static void cancel_reverse(void **s) { (void)s; outlive(POOL_CANCEL, true); }

/* The two reported programs, as they were written. */
static void reported_loop(void **state)
{
	vow_loop *loop = vow_loop_new(VOW_LOOP_VIRTUAL_CLOCK);
	vow_executor *ex = vow_loop_executor(loop);
	vow_resolver *r;

	(void)state;
	vow_executor_set_rejection_policy(ex, VOW_REJECTIONS_IGNORE, NULL, NULL);
	vow_promise *rej = vow_promise_reject(ex, vow_str("x"));
	vow_promise *ful = vow_promise_resolve(ex, vow_int(1));
	vow_promise *pend = vow_promise_with_resolvers(ex, &r);
	vow_promise *derived = vow_promise_then(pend, NULL, NULL, NULL, NULL);
	vow_loop_run(loop);
	vow_loop_free(loop);
	vow_promise_release(rej);
	vow_promise_release(ful);
	vow_promise_release(derived);
	vow_promise_release(pend);
	vow_resolver_release(r);
}

static vow_outcome boom(void *ctx)
{
	(void)ctx;
	return vow_throw(vow_int(7));
}

static void reported_pool(void **state)
{
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 2 });

	(void)state;
	vow_executor_set_rejection_policy(vow_pool_executor(pool), VOW_REJECTIONS_IGNORE, NULL,
					  NULL);
	vow_promise *p = vow_spawn(pool, boom, NULL);
	vow_pool_free(pool);
	assert_int_equal(vow_promise_state(p), VOW_REJECTED);
	vow_promise_release(p);
}

/* ---- chains of a million links released while pending -------------------------- */

/*
 * A million links: as a recursion that would be ~100 MiB of stack.  Under
 * valgrind and TSan, whose every step is slow, 10^5 (still ~10 MiB,
 * beyond the default 8 MiB stack).
 */
static int chain_links(void)
{
#ifdef VOW_TSAN
	return 100000;
#else
	return RUNNING_ON_VALGRIND ? 100000 : 1000000;
#endif
}
enum chain_kind { CHAIN_THEN, CHAIN_FINALLY, CHAIN_ADOPT };

static void chain_release(enum kind kind, enum chain_kind ck)
{
	struct exec e = exec_new(kind);
	vow_resolver *head_r;
	vow_promise *head = vow_promise_with_resolvers(e.ex, &head_r);
	vow_promise *cur = vow_promise_dup(head);
	int links = chain_links();

	atomic_store(&dtors, 0);
	for (int i = 0; i < links; i++) {
		vow_promise *next;

		switch (ck) {
		case CHAIN_THEN:
			next = vow_promise_then(cur, NULL, NULL, NULL, count_dtor);
			break;
		case CHAIN_FINALLY:
			next = vow_promise_finally(cur, count_finally, NULL, count_dtor);
			break;
		default: {
			/* next adopts cur: resolved with it. */
			vow_resolver *r;

			next = vow_promise_with_resolvers(e.ex, &r);
			vow_resolver_resolve(r, vow_value_promise(vow_promise_dup(cur)));
			vow_resolver_release(r);
			break;
		}
		}
		assert_non_null(next);
		vow_promise_release(cur);
		cur = next;
		if (ck == CHAIN_ADOPT && e.loop != NULL && i % 4096 == 0)
			assert_int_equal(vow_loop_run(e.loop), 0); /* the adoption jobs */
	}
	if (e.loop != NULL)
		assert_int_equal(vow_loop_run(e.loop), 0);
	assert_int_equal(vow_promise_state(cur), VOW_PENDING);
	/* Nothing can settle the chain any more once head's resolver goes. */
	vow_resolver_release(head_r);
	vow_promise_release(cur);
	vow_promise_release(head); /* retires the whole chain: no recursion */
	if (ck != CHAIN_ADOPT)
		assert_int_equal(atomic_load(&dtors), links);
	exec_free(&e);
}

static void chain_then_loop(void **s) { (void)s; chain_release(LOOP, CHAIN_THEN); }
static void chain_finally_loop(void **s) { (void)s; chain_release(LOOP, CHAIN_FINALLY); }
static void chain_adopt_loop(void **s) { (void)s; chain_release(LOOP, CHAIN_ADOPT); }
static void chain_then_pool(void **s) { (void)s; chain_release(POOL_DRAIN, CHAIN_THEN); }
static void chain_finally_pool(void **s) { (void)s; chain_release(POOL_DRAIN, CHAIN_FINALLY); }
static void chain_adopt_pool(void **s) { (void)s; chain_release(POOL_DRAIN, CHAIN_ADOPT); }

/* A chain on the pool released from another thread while the pool shuts down. */
static void *release_later(void *arg)
{
	vow_promise_release(arg);
	return NULL;
}

static void chain_released_during_shutdown(void **state)
{
	struct exec e = exec_new(POOL_CANCEL);
	vow_resolver *r;
	vow_promise *head = vow_promise_with_resolvers(e.ex, &r);
	vow_promise *cur = vow_promise_dup(head);
	pthread_t th;

	(void)state;
	for (int i = 0; i < 100000; i++) {
		vow_promise *next = vow_promise_then(cur, count_handler, NULL, NULL, NULL);

		vow_promise_release(cur);
		cur = next;
	}
	vow_promise_release(cur);
	assert_int_equal(pthread_create(&th, NULL, release_later, head), 0);
	vow_resolver_resolve(r, vow_int(1)); /* reactions race the shutdown */
	vow_resolver_release(r);
	exec_free(&e);
	assert_int_equal(pthread_join(th, NULL), 0);
}

/* ---- a spawned task that returns a promise, past its pool ------------------------ */

/*
 * The spawn's promise adopts what its task returns through the job's own
 * memory (vow__promise_settle_outcome_job): that node lives in the spawn's
 * block and holds its reference, whichever of the adopted promise, the
 * spawn's promise and the pool goes first.
 */
static vow_executor *task_ex;
static vow_resolver *task_resolvers[2];

static vow_outcome return_promise(void *ctx)
{
	intptr_t which = (intptr_t)ctx;

	if (which == 0)
		return vow_return(vow_value_promise(vow_promise_resolve(task_ex, vow_int(1))));
	return vow_return(vow_value_promise(
		vow_promise_with_resolvers(task_ex, &task_resolvers[which - 1])));
}

static void spawn_adoption(bool promises_first)
{
	vow_pool *pool;
	vow_promise *p[3];
	int64_t base;

	vow__alloc_track(true);
	base = vow__alloc_live();
	pool = vow_pool_new(&(vow_pool_options){ .threads = 2 });
	assert_non_null(pool);
	task_ex = vow_pool_executor(pool);
	for (intptr_t i = 0; i < 3; i++) {
		p[i] = vow_spawn(pool, return_promise, (void *)i);
		assert_non_null(p[i]);
	}
	assert_int_equal(vow_pool_shutdown(pool, VOW_POOL_DRAIN), 0);

	/* Task 0 returned a settled promise: adopted at once. */
	assert_int_equal(vow_promise_state(p[0]), VOW_FULFILLED);
	assert_int_equal(vow_promise_result(p[0]).as.i, 1);
	/* Tasks 1 and 2 returned pending ones: their nodes wait in those lists. */
	assert_int_equal(vow_promise_state(p[1]), VOW_PENDING);
	assert_int_equal(vow_promise_state(p[2]), VOW_PENDING);
	/* Settled past the pool: the node settles p[1] here, no job needed. */
	assert_int_equal(vow_resolver_resolve(task_resolvers[0], vow_int(7)), 0);
	assert_int_equal(vow_promise_state(p[1]), VOW_FULFILLED);
	assert_int_equal(vow_promise_result(p[1]).as.i, 7);
	vow_resolver_release(task_resolvers[0]);
	if (promises_first) {
		/* p[2]'s block outlives its holder: its node still holds it. */
		for (int i = 0; i < 3; i++)
			vow_promise_release(p[i]);
		vow_resolver_release(task_resolvers[1]); /* node freed pending: the block goes */
	} else {
		vow_resolver_release(task_resolvers[1]); /* node freed pending: p[2] stays */
		assert_int_equal(vow_promise_state(p[2]), VOW_PENDING);
		for (int i = 0; i < 3; i++)
			vow_promise_release(p[i]);
	}
	assert_int_equal(vow__alloc_live(), base);
	vow__alloc_track(false);
}

static void spawn_adoption_promises_first(void **s) { (void)s; spawn_adoption(true); }
static void spawn_adoption_adopted_first(void **s) { (void)s; spawn_adoption(false); }

/*
 * Spawns whose tasks return each the one before, over a promise settled
 * from main: the settle runs down the chain of adoption nodes on main's
 * stack until the inline bound, where the node in the spawn's block posts
 * itself as a job (its adopted promise kept in the spawn's result).  With
 * the pool running the job settles the rest; past the pool (DRAIN) the
 * post is discarded on main and the rest stays pending.
 */
enum { DEEP = 40 };
static atomic_int deep_ran;

static vow_outcome return_ctx_promise(void *ctx)
{
	atomic_fetch_add(&deep_ran, 1);
	return vow_return(vow_value_promise(vow_promise_dup(ctx)));
}

static void spawn_adoption_deep(bool past_pool)
{
	vow_pool *pool;
	vow_resolver *r;
	vow_promise *p[DEEP + 1];
	int64_t base;

	vow__alloc_track(true);
	base = vow__alloc_live();
	pool = vow_pool_new(&(vow_pool_options){ .threads = 1 });
	assert_non_null(pool);
	atomic_store(&deep_ran, 0);
	p[0] = vow_promise_with_resolvers(vow_pool_executor(pool), &r);
	for (int i = 1; i <= DEEP; i++) {
		p[i] = vow_spawn(pool, return_ctx_promise, p[i - 1]);
		assert_non_null(p[i]);
	}
	/* Every task has run and every node waits before the settle. */
	for (int spins = 0; atomic_load(&deep_ran) < DEEP; spins++) {
		assert_true(spins < 10000000);
		sched_yield();
	}
	if (past_pool)
		assert_int_equal(vow_pool_shutdown(pool, VOW_POOL_DRAIN), 0);
	assert_int_equal(vow_resolver_resolve(r, vow_int(9)), 0);
	vow_resolver_release(r);
	if (!past_pool) {
		assert_int_equal(vow_promise_wait(p[DEEP], 10000), 0);
		for (int i = 0; i <= DEEP; i++) {
			assert_int_equal(vow_promise_state(p[i]), VOW_FULFILLED);
			assert_int_equal(vow_promise_result(p[i]).as.i, 9);
		}
		vow_pool_free(pool);
	} else {
		/* Settled on main down to the bound, pending past it. */
		int settled = 0;

		while (settled <= DEEP && vow_promise_state(p[settled]) == VOW_FULFILLED)
			settled++;
		assert_true(settled > 1 && settled < DEEP);
		for (int i = settled; i <= DEEP; i++)
			assert_int_equal(vow_promise_state(p[i]), VOW_PENDING);
	}
	for (int i = 0; i <= DEEP; i++)
		vow_promise_release(p[i]);
	assert_int_equal(vow__alloc_live(), base);
	vow__alloc_track(false);
}

static void spawn_adoption_deep_runs(void **s) { (void)s; spawn_adoption_deep(false); }
static void spawn_adoption_deep_past_pool(void **s) { (void)s; spawn_adoption_deep(true); }

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(loop_forward),
		cmocka_unit_test(loop_reverse),
		cmocka_unit_test(loop_unrun),
		cmocka_unit_test(drain_forward),
		cmocka_unit_test(drain_reverse),
		cmocka_unit_test(cancel_forward),
		cmocka_unit_test(cancel_reverse),
		cmocka_unit_test(reported_loop),
		cmocka_unit_test(reported_pool),
		cmocka_unit_test(chain_then_loop),
		cmocka_unit_test(chain_finally_loop),
		cmocka_unit_test(chain_adopt_loop),
		cmocka_unit_test(chain_then_pool),
		cmocka_unit_test(chain_finally_pool),
		cmocka_unit_test(chain_adopt_pool),
		cmocka_unit_test(chain_released_during_shutdown),
		cmocka_unit_test(spawn_adoption_promises_first),
		cmocka_unit_test(spawn_adoption_adopted_first),
		cmocka_unit_test(spawn_adoption_deep_runs),
		cmocka_unit_test(spawn_adoption_deep_past_pool),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
