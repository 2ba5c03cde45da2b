/*
 * test_loop_free.c - vow_loop_free with work still pending: every queued job
 * is discarded exactly once (never run), timers, intervals and posted tasks
 * are dropped, and nothing leaks (run under valgrind or ASan: the build's
 * address-sanitizer configuration checks leaks at exit).
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <vow/vow.h>

#include "loop_test_trace.h"

static int discarded;

struct test_job {
	vow_job job;
	const char *name;
};

static void test_job_run(vow_job *job)
{
	(void)job;
	fail_msg("a job of a freed loop must not run");
}

static void test_job_discard(vow_job *job)
{
	(void)job;
	discarded++;
}

static const vow_job_ops test_job_ops = { .run = test_job_run, .discard = test_job_discard };

static void must_not_run(void *ctx)
{
	(void)ctx;
	fail_msg("a task of a freed loop must not run");
}

static struct test_job remote_jobs[3] = {
	{ { NULL, &test_job_ops }, "r0" },
	{ { NULL, &test_job_ops }, "r1" },
	{ { NULL, &test_job_ops }, "r2" },
};

static void *remote_poster(void *arg)
{
	vow_executor *ex = vow_loop_executor(L);

	(void)arg;
	for (int i = 0; i < 3; i++)
		vow_executor_post(ex, &remote_jobs[i].job);
	for (int i = 0; i < 10; i++)
		assert_int_equal(vow_loop_post(L, must_not_run, NULL, NULL), 0);
	return NULL;
}

static void test_free_with_pending_work(void **state)
{
	struct test_job local[2] = {
		{ { NULL, &test_job_ops }, "l0" },
		{ { NULL, &test_job_ops }, "l1" },
	};
	vow_executor *ex;
	pthread_t th;

	(void)state;
	discarded = 0;
	L = vow_loop_new(0);
	assert_non_null(L);
	ex = vow_loop_executor(L);
	for (int i = 0; i < 50; i++) {
		assert_int_not_equal(vow_loop_set_timeout(L, must_not_run, NULL, NULL, 1000 + (uint64_t)i), 0);
		assert_int_not_equal(vow_loop_set_interval(L, must_not_run, NULL, NULL, 10), 0);
	}
	for (int i = 0; i < 20; i++)
		assert_int_equal(vow_loop_queue_microtask(L, must_not_run, NULL, NULL), 0);
	vow_executor_post(ex, &local[0].job);
	vow_executor_post(ex, &local[1].job);
	for (int i = 0; i < 10; i++)
		assert_int_equal(vow_loop_post(L, must_not_run, NULL, NULL), 0);
	assert_int_equal(pthread_create(&th, NULL, remote_poster, NULL), 0);
	assert_int_equal(pthread_join(th, NULL), 0);
	vow_loop_ref(L); /* a ref does not stop free */
	vow_loop_free(L);
	assert_int_equal(discarded, 5);
}

/* Free after a run that left cleared and fired timers behind. */
static void test_free_after_run(void **state)
{
	vow_timer_id keep;

	(void)state;
	trace_reset();
	L = vow_loop_new(VOW_LOOP_VIRTUAL_CLOCK);
	assert_non_null(L);
	assert_int_not_equal(vow_loop_set_timeout(L, trace_task, "a", NULL, 5), 0);
	keep = vow_loop_set_timeout(L, must_not_run, NULL, NULL, 7);
	assert_int_equal(vow_loop_clear_timer(L, keep), 0);
	assert_int_equal(vow_loop_run(L), 0);
	assert_string_equal(trace_buf, "a");
	assert_int_not_equal(vow_loop_set_timeout(L, must_not_run, NULL, NULL, 7), 0);
	vow_loop_free(L);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_free_with_pending_work),
		cmocka_unit_test(test_free_after_run),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
