/*
 * test_loop_threads.c - the loop and other threads: vow_loop_post wakes a
 * loop held alive by vow_loop_ref, tasks run on the owner in posting order,
 * core jobs posted from another thread become microtasks on the owner, and
 * owner-only calls fail with VOW_ETHREAD elsewhere.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <cmocka.h>
#include <vow/vow.h>

#include "loop_test_trace.h"

static pthread_t owner;

static int setup_real(void **state)
{
	owner = pthread_self();
	return loop_setup_real(state);
}

static int setup_virtual(void **state)
{
	owner = pthread_self();
	return loop_setup_virtual(state);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0)
		;
}

/* ---- post wakes a loop held alive by a ref ----------------------------- */

static int payload; /* written by the poster before posting, plain int */

static void unref_task(void *ctx)
{
	assert_true(pthread_equal(pthread_self(), owner));
	/* Happens-before: the poster's plain write is visible here. */
	assert_int_equal(payload, 42);
	trace_add("%s", (const char *)ctx);
	vow_loop_unref(L);
}

static void *late_poster(void *arg)
{
	(void)arg;
	sleep_ms(50); /* let the loop go to sleep first */
	payload = 42;
	assert_int_equal(vow_loop_post(L, unref_task, "posted", NULL), 0);
	return NULL;
}

static void test_post_wakes_ref_held_loop(void **state)
{
	pthread_t th;

	(void)state;
	payload = 0;
	vow_loop_ref(L);
	assert_int_equal(pthread_create(&th, NULL, late_poster, NULL), 0);
	assert_int_equal(vow_loop_run(L), 0); /* sleeps until the post */
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_string_equal(trace_buf, "posted");
}

/* The same with timers pending: the post is run between them. */
static void test_post_while_timer_pending(void **state)
{
	pthread_t th;

	(void)state;
	payload = 0;
	vow_loop_ref(L);
	assert_int_not_equal(vow_loop_set_timeout(L, trace_task, "t5", NULL, 5), 0);
	assert_int_not_equal(vow_loop_set_timeout(L, trace_task, "t300", NULL, 300), 0);
	assert_int_equal(pthread_create(&th, NULL, late_poster, NULL), 0);
	assert_int_equal(vow_loop_run(L), 0);
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_string_equal(trace_buf, "t5,posted,t300");
}

/* ---- unref from another thread wakes the loop so that it returns ------ */

static void *late_unref(void *arg)
{
	(void)arg;
	sleep_ms(30);
	vow_loop_unref(L);
	return NULL;
}

static void test_unref_wakes_and_returns(void **state)
{
	pthread_t th;

	(void)state;
	vow_loop_ref(L);
	assert_int_equal(pthread_create(&th, NULL, late_unref, NULL), 0);
	assert_int_equal(vow_loop_run(L), 0);
	assert_int_equal(pthread_join(th, NULL), 0);
}

/* ---- many posters: exact counts, per-thread FIFO, all on the owner ---- */

#define POSTERS 4
#define POSTS 2000

static int last_seen[POSTERS];
static int ran;

struct post_ctx {
	int thread;
	int seq;
};

static struct post_ctx ctxs[POSTERS][POSTS];

static void counted_task(void *arg)
{
	struct post_ctx *c = arg;

	assert_true(pthread_equal(pthread_self(), owner));
	assert_int_equal(c->seq, last_seen[c->thread] + 1); /* FIFO per poster */
	last_seen[c->thread] = c->seq;
	ran++;
}

static void *poster(void *arg)
{
	int t = (int)(intptr_t)arg;

	for (int i = 0; i < POSTS; i++) {
		ctxs[t][i].thread = t;
		ctxs[t][i].seq = i;
		assert_int_equal(vow_loop_post(L, counted_task, &ctxs[t][i], NULL), 0);
	}
	vow_loop_unref(L);
	return NULL;
}

static void test_many_posters(void **state)
{
	pthread_t th[POSTERS];

	(void)state;
	ran = 0;
	for (int t = 0; t < POSTERS; t++) {
		last_seen[t] = -1;
		vow_loop_ref(L);
	}
	for (int t = 0; t < POSTERS; t++)
		assert_int_equal(pthread_create(&th[t], NULL, poster, (void *)(intptr_t)t), 0);
	assert_int_equal(vow_loop_run(L), 0);
	for (int t = 0; t < POSTERS; t++)
		assert_int_equal(pthread_join(th[t], NULL), 0);
	/*
	 * Every post happened before its thread's unref, and the loop returns
	 * only after the last unref; so every task has run.
	 */
	assert_int_equal(ran, POSTERS * POSTS);
	for (int t = 0; t < POSTERS; t++)
		assert_int_equal(last_seen[t], POSTS - 1);
}

/* ---- a core job posted from another thread is a microtask step -------- */

struct test_job {
	vow_job job;
	const char *name;
};

static void test_job_run(vow_job *job)
{
	assert_true(pthread_equal(pthread_self(), owner));
	trace_add("%s", ((struct test_job *)job)->name);
	/* A job's microtasks run in the same checkpoint, before the next task. */
	assert_int_equal(vow_loop_queue_microtask(L, trace_task, "job-micro", NULL), 0);
}

static void test_job_discard(vow_job *job)
{
	(void)job;
	fail_msg("must not be discarded");
}

static const vow_job_ops test_job_ops = { .run = test_job_run, .discard = test_job_discard };
static struct test_job remote_job = { { NULL, &test_job_ops }, "job" };

static void *job_poster(void *arg)
{
	vow_executor *ex = vow_loop_executor(L);

	(void)arg;
	sleep_ms(20);
	vow_executor_post(ex, &remote_job.job);
	assert_int_equal(vow_loop_post(L, unref_task, "task-after-job", NULL), 0);
	return NULL;
}

static void test_remote_job_runs_as_microtask_step(void **state)
{
	pthread_t th;

	(void)state;
	payload = 42;
	vow_loop_ref(L);
	assert_int_equal(pthread_create(&th, NULL, job_poster, NULL), 0);
	assert_int_equal(vow_loop_run(L), 0);
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_string_equal(trace_buf, "job,job-micro,task-after-job");
}

/* ---- ETHREAD from a non-owner thread ----------------------------------- */

static void *intruder(void *arg)
{
	(void)arg;
	assert_int_equal(vow_loop_run(L), VOW_ETHREAD);
	assert_int_equal(vow_loop_set_timeout(L, trace_task, "x", NULL, 1), 0);
	assert_int_equal(vow_last_error(), VOW_ETHREAD);
	assert_int_equal(vow_loop_set_interval(L, trace_task, "x", NULL, 1), 0);
	assert_int_equal(vow_last_error(), VOW_ETHREAD);
	assert_int_equal(vow_loop_clear_timer(L, 1), VOW_ETHREAD);
	assert_int_equal(vow_loop_queue_microtask(L, trace_task, "x", NULL), VOW_ETHREAD);
	(void)vow_loop_now(L); /* any thread */
	/* Posting is allowed from any thread. */
	assert_int_equal(vow_loop_post(L, trace_task, "from-intruder", NULL), 0);
	return NULL;
}

static void test_ethread(void **state)
{
	pthread_t th;

	(void)state;
	assert_int_not_equal(vow_loop_set_timeout(L, trace_task, "own", NULL, 1), 0);
	assert_int_equal(pthread_create(&th, NULL, intruder, NULL), 0);
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_int_equal(vow_loop_run(L), 0);
	/* Posted before run: P runs at time 0; the 1 ms timer after. */
	assert_string_equal(trace_buf, "from-intruder,own");
	assert_int_equal(vow_loop_clear_timer(L, 1), VOW_ENOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_post_wakes_ref_held_loop, setup_real, loop_teardown),
		cmocka_unit_test_setup_teardown(test_post_wakes_ref_held_loop, setup_virtual, loop_teardown),
		cmocka_unit_test_setup_teardown(test_post_while_timer_pending, setup_real, loop_teardown),
		cmocka_unit_test_setup_teardown(test_unref_wakes_and_returns, setup_real, loop_teardown),
		cmocka_unit_test_setup_teardown(test_unref_wakes_and_returns, setup_virtual, loop_teardown),
		cmocka_unit_test_setup_teardown(test_many_posters, setup_real, loop_teardown),
		cmocka_unit_test_setup_teardown(test_many_posters, setup_virtual, loop_teardown),
		cmocka_unit_test_setup_teardown(test_remote_job_runs_as_microtask_step, setup_real, loop_teardown),
		cmocka_unit_test_setup_teardown(test_ethread, setup_virtual, loop_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
