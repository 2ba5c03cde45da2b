/*
 * test_inline.c - the inline executor (vow/inline.h): a user's own
 * executor written against the public headers alone.  Its ordering is the
 * loop's (the promise suites also run on it: tests/CMakeLists.txt); here
 * are what differs or is its own: running by hand, posting from other
 * threads, rejection tracking at destruction, waits that run the queue,
 * no poll sources, lifetimes.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <vow/vow.h>

static int order[16];
static int norder;

static vow_outcome record(void *ctx, vow_value v)
{
	(void)ctx;
	order[norder++] = (int)v.as.i;
	return vow_return(vow_int(v.as.i + 10));
}

/* Jobs run only when driven, in posting order, one or all at a time. */
static void runs_by_hand(void **state)
{
	vow_inline *ie = vow_inline_new();
	vow_executor *ex = vow_inline_executor(ie);
	vow_promise *a = vow_promise_resolve(ex, vow_int(1));
	vow_promise *b = vow_promise_resolve(ex, vow_int(2));
	vow_promise *ta = vow_promise_then(a, record, NULL, NULL, NULL);
	vow_promise *tb = vow_promise_then(b, record, NULL, NULL, NULL);
	vow_promise *tta = vow_promise_then(ta, record, NULL, NULL, NULL);

	(void)state;
	norder = 0;
	assert_string_equal(vow_executor_name(ex), "inline");
	assert_int_equal(norder, 0);
	assert_int_equal(vow_inline_run_one(ie), 1);
	assert_int_equal(norder, 1);
	assert_int_equal(order[0], 1);
	assert_int_equal(vow_inline_run(ie), 2); /* tb, then tta (queued by ta) */
	assert_int_equal(norder, 3);
	assert_int_equal(order[1], 2);
	assert_int_equal(order[2], 11);
	assert_int_equal(vow_inline_run_one(ie), 0);
	assert_int_equal(vow_promise_result(tta).as.i, 21);
	vow_promise_release(a);
	vow_promise_release(b);
	vow_promise_release(ta);
	vow_promise_release(tb);
	vow_promise_release(tta);
	vow_inline_free(ie);
	assert_int_equal(vow_inline_run(NULL), VOW_EINVAL);
	assert_null(vow_inline_executor(NULL));
	vow_inline_free(NULL);
}

/* ---- posting from other threads ------------------------------------------------ */

enum { POSTERS = 4, PER_POSTER = 500 };

struct poster {
	vow_resolver *r[PER_POSTER];
};

static void *poster_main(void *arg)
{
	struct poster *p = arg;

	for (int i = 0; i < PER_POSTER; i++) {
		vow_resolver_resolve(p->r[i], vow_int(i));
		vow_resolver_release(p->r[i]);
	}
	return NULL;
}

static atomic_int sum;

static vow_outcome add(void *ctx, vow_value v)
{
	(void)ctx;
	atomic_fetch_add(&sum, (int)v.as.i);
	return vow_return(vow_undefined());
}

static void posts_from_threads(void **state)
{
	vow_inline *ie = vow_inline_new();
	vow_executor *ex = vow_inline_executor(ie);
	struct poster posters[POSTERS];
	vow_promise *derived[POSTERS][PER_POSTER];
	pthread_t th[POSTERS];
	long ran = 0;

	(void)state;
	atomic_store(&sum, 0);
	for (int t = 0; t < POSTERS; t++) {
		for (int i = 0; i < PER_POSTER; i++) {
			vow_promise *p = vow_promise_with_resolvers(ex, &posters[t].r[i]);

			derived[t][i] = vow_promise_then(p, add, NULL, NULL, NULL);
			vow_promise_release(p);
		}
	}
	for (int t = 0; t < POSTERS; t++)
		assert_int_equal(pthread_create(&th[t], NULL, poster_main, &posters[t]), 0);
	while (ran < POSTERS * PER_POSTER)
		ran += vow_inline_run(ie);
	for (int t = 0; t < POSTERS; t++)
		assert_int_equal(pthread_join(th[t], NULL), 0);
	assert_int_equal(ran, POSTERS * PER_POSTER);
	assert_int_equal(atomic_load(&sum), POSTERS * (PER_POSTER * (PER_POSTER - 1) / 2));
	for (int t = 0; t < POSTERS; t++)
		for (int i = 0; i < PER_POSTER; i++)
			vow_promise_release(derived[t][i]);
	vow_inline_free(ie);
}

/* One thread at a time runs it. */
static void *run_from_other_thread(void *arg)
{
	return (void *)(intptr_t)vow_inline_run(arg);
}

static vow_inline *busy_ie;

static vow_outcome try_concurrent_run(void *ctx, vow_value v)
{
	pthread_t th;
	void *rc;

	(void)ctx;
	(void)v;
	assert_int_equal(pthread_create(&th, NULL, run_from_other_thread, busy_ie), 0);
	assert_int_equal(pthread_join(th, &rc), 0);
	assert_int_equal((intptr_t)rc, VOW_EBUSY);
	return vow_return(vow_undefined());
}

static void one_runner_at_a_time(void **state)
{
	vow_inline *ie = vow_inline_new();
	vow_promise *p = vow_promise_resolve(vow_inline_executor(ie), vow_int(0));
	vow_promise *q = vow_promise_then(p, try_concurrent_run, NULL, NULL, NULL);

	(void)state;
	busy_ie = ie;
	assert_int_equal(vow_inline_run(ie), 1);
	assert_int_equal(vow_promise_state(q), VOW_FULFILLED);
	vow_promise_release(p);
	vow_promise_release(q);
	vow_inline_free(ie);
}

/* ---- rejection tracking at destruction -------------------------------------------- */

static int unhandled_events;
static vow_value last_reason;

static void on_rejection(void *ud, vow_rejection_event ev, vow_promise *p, vow_value r)
{
	(void)ud;
	(void)p;
	assert_int_equal(ev, VOW_UNHANDLED_REJECTION);
	unhandled_events++;
	last_reason = vow_value_dup(r);
}

static void rejections_reported_at_destroy(void **state)
{
	vow_inline *ie = vow_inline_new();
	vow_executor *ex = vow_inline_executor(ie);
	vow_promise *unhandled, *handled, *caught, *derived;

	(void)state;
	unhandled_events = 0;
	assert_int_equal(vow_executor_set_rejection_policy(ex, VOW_REJECTIONS_CALLBACK,
							   on_rejection, NULL), 0);
	unhandled = vow_promise_reject(ex, vow_str("lost"));
	handled = vow_promise_reject(ex, vow_str("seen"));
	caught = vow_promise_catch(handled, record, NULL, NULL);
	/* then() without a rejection handler passes the reason on: derived is unhandled. */
	derived = vow_promise_then(handled, record, NULL, NULL, NULL);
	assert_int_equal(vow_inline_run(ie), 2);
	assert_int_equal(unhandled_events, 0); /* nothing until destruction */
	vow_promise_release(handled);
	vow_promise_release(caught);
	assert_int_equal(unhandled_events, 0);
	vow_promise_release(unhandled);
	assert_int_equal(unhandled_events, 1);
	assert_string_equal(vow_str_cstr(last_reason), "lost");
	vow_value_drop(last_reason);
	vow_promise_release(derived);
	assert_int_equal(unhandled_events, 2);
	assert_string_equal(vow_str_cstr(last_reason), "seen");
	vow_value_drop(last_reason);
	vow_inline_free(ie);
}

/* ---- waits: the waiting job runs the queue ----------------------------------------- */

struct waiting {
	vow_promise *target;
	int rc;
	int64_t timeout;
};

static vow_outcome wait_in_job(void *ctx, vow_value v)
{
	struct waiting *w = ctx;

	(void)v;
	w->rc = vow_promise_wait(w->target, w->timeout);
	return vow_return(vow_undefined());
}

static vow_outcome settle_target(void *ctx, vow_value v)
{
	(void)v;
	vow_resolver_resolve(ctx, vow_int(42));
	return vow_return(vow_undefined());
}

/* A job waits for a promise that a later job of the same queue settles. */
static void wait_runs_later_jobs(void **state)
{
	vow_inline *ie = vow_inline_new();
	vow_executor *ex = vow_inline_executor(ie);
	vow_resolver *r;
	struct waiting w = { .timeout = -1 };
	vow_promise *go = vow_promise_resolve(ex, vow_undefined());
	vow_promise *a, *b;

	(void)state;
	w.target = vow_promise_with_resolvers(ex, &r);
	a = vow_promise_then(go, wait_in_job, NULL, &w, NULL);
	b = vow_promise_then(go, settle_target, NULL, r, NULL);
	assert_int_equal(vow_inline_run(ie), 1); /* a ran b inside its wait */
	assert_int_equal(w.rc, 0);
	assert_int_equal(vow_promise_result(w.target).as.i, 42);
	assert_int_equal(vow_promise_state(b), VOW_FULFILLED);
	vow_resolver_release(r);
	vow_promise_release(w.target);
	vow_promise_release(go);
	vow_promise_release(a);
	vow_promise_release(b);
	vow_inline_free(ie);
}

static void *settle_later(void *arg)
{
	usleep(20000);
	vow_resolver_resolve(arg, vow_int(7));
	return NULL;
}

/* ... or another thread settles it directly (no job here): the wait wakes. */
static void wait_woken_by_other_thread(void **state)
{
	vow_inline *ie = vow_inline_new();
	vow_executor *ex = vow_inline_executor(ie);
	vow_resolver *r;
	struct waiting w = { .timeout = 5000 };
	vow_promise *go = vow_promise_resolve(ex, vow_undefined());
	vow_promise *a;
	pthread_t th;

	(void)state;
	w.target = vow_promise_with_resolvers(ex, &r);
	a = vow_promise_then(go, wait_in_job, NULL, &w, NULL);
	assert_int_equal(pthread_create(&th, NULL, settle_later, r), 0);
	assert_int_equal(vow_inline_run(ie), 1);
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_int_equal(w.rc, 0);
	assert_int_equal(vow_promise_result(w.target).as.i, 7);
	vow_resolver_release(r);
	vow_promise_release(w.target);
	vow_promise_release(go);
	vow_promise_release(a);
	vow_inline_free(ie);
}

static void wait_times_out(void **state)
{
	vow_inline *ie = vow_inline_new();
	vow_executor *ex = vow_inline_executor(ie);
	vow_resolver *r;
	struct waiting w = { .timeout = 30 };
	vow_promise *go = vow_promise_resolve(ex, vow_undefined());
	vow_promise *a;
	struct timespec t0, t1;
	long ms;

	(void)state;
	w.target = vow_promise_with_resolvers(ex, &r);
	a = vow_promise_then(go, wait_in_job, NULL, &w, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(vow_inline_run(ie), 1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	assert_int_equal(w.rc, VOW_ETIMEDOUT);
	assert_true(ms >= 30);
	/* Settling after the wait gave up (and after free) touches nothing freed. */
	vow_inline_free(ie);
	vow_resolver_resolve(r, vow_int(1));
	vow_resolver_release(r);
	vow_promise_release(w.target);
	vow_promise_release(go);
	vow_promise_release(a);
}

/* ---- the rest of the contract ------------------------------------------------------ */

static vow_poll_status never_polled(void *ctx)
{
	(void)ctx;
	fail_msg("the inline executor takes no poll sources");
	return VOW_POLL_IDLE;
}

static int dtor_runs;

static void count_dtor(void *ctx)
{
	(void)ctx;
	dtor_runs++;
}

static void no_poll_sources(void **state)
{
	vow_inline *ie = vow_inline_new();

	(void)state;
	dtor_runs = 0;
	assert_null(vow_poll_source_add(vow_inline_executor(ie), never_polled, NULL, count_dtor));
	assert_int_equal(vow_last_error(), VOW_ENOTSUP);
	assert_int_equal(dtor_runs, 1);
	vow_inline_free(ie);
}

/* Free discards what is queued; contexts go once; promises outlive it. */
static void free_discards_queue(void **state)
{
	vow_inline *ie = vow_inline_new();
	vow_executor *ex = vow_inline_executor(ie);
	vow_promise *p = vow_promise_resolve(ex, vow_int(1));
	vow_promise *q = vow_promise_then(p, record, NULL, NULL, count_dtor);

	(void)state;
	dtor_runs = 0;
	norder = 0;
	vow_inline_free(ie);
	assert_int_equal(dtor_runs, 1);
	assert_int_equal(norder, 0);
	assert_int_equal(vow_promise_state(q), VOW_PENDING);
	vow_promise_release(p);
	vow_promise_release(q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(runs_by_hand),
		cmocka_unit_test(posts_from_threads),
		cmocka_unit_test(one_runner_at_a_time),
		cmocka_unit_test(rejections_reported_at_destroy),
		cmocka_unit_test(wait_runs_later_jobs),
		cmocka_unit_test(wait_woken_by_other_thread),
		cmocka_unit_test(wait_times_out),
		cmocka_unit_test(no_poll_sources),
		cmocka_unit_test(free_discards_queue),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
