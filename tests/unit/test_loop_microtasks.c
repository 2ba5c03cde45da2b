/*
 * test_loop_microtasks.c - the microtask queue and checkpoints: queueMicrotask
 * relative to timers, draining completely (nested jobs in the same drain),
 * executor post from the owner, and the macrotask order within one loop
 * iteration (due timers, then posted tasks).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <vow/vow.h>

#include "loop_test_trace.h"

/*
 * Node 20:
 *   setTimeout(()=>out.push('t1'),0);
 *   queueMicrotask(()=>{ out.push('m1');
 *       queueMicrotask(()=>{ out.push('m2'); queueMicrotask(()=>out.push('m3')); }); });
 *   out.push('sync');
 * prints sync,m1,m2,m3,t1: the code before the loop is the first macrotask,
 * and a drain runs jobs queued while draining.
 */
static void m2_task(void *ctx)
{
	(void)ctx;
	trace_add("m2");
	assert_int_equal(vow_loop_queue_microtask(L, trace_task, "m3", NULL), 0);
}

static void m1_task(void *ctx)
{
	(void)ctx;
	trace_add("m1");
	assert_int_equal(vow_loop_queue_microtask(L, m2_task, NULL, NULL), 0);
}

static void test_drain_before_first_timer(void **state)
{
	(void)state;
	assert_int_not_equal(vow_loop_set_timeout(L, trace_task, "t1", NULL, 0), 0);
	assert_int_equal(vow_loop_queue_microtask(L, m1_task, NULL, NULL), 0);
	trace_add("sync");
	assert_int_equal(vow_loop_run(L), 0);
	assert_string_equal(trace_buf, "sync,m1,m2,m3,t1");
}

/*
 * Node 20:
 *   setTimeout(()=>{ out.push('A'); queueMicrotask(()=>out.push('mA'));
 *                    setTimeout(()=>out.push('C'),0); },1);
 *   setTimeout(()=>{ out.push('B'); queueMicrotask(()=>out.push('mB')); },1);
 * prints A,mA,B,mB,C
 */
static void a_task(void *ctx)
{
	(void)ctx;
	trace_add("A");
	assert_int_equal(vow_loop_queue_microtask(L, trace_task, "mA", NULL), 0);
	assert_int_not_equal(vow_loop_set_timeout(L, trace_task, "C", NULL, 0), 0);
}

static void b_task(void *ctx)
{
	(void)ctx;
	trace_add("B");
	assert_int_equal(vow_loop_queue_microtask(L, trace_task, "mB", NULL), 0);
}

static void test_microtasks_between_timers(void **state)
{
	(void)state;
	assert_int_not_equal(vow_loop_set_timeout(L, a_task, NULL, NULL, 1), 0);
	assert_int_not_equal(vow_loop_set_timeout(L, b_task, NULL, NULL, 1), 0);
	assert_int_equal(vow_loop_run(L), 0);
	assert_string_equal(trace_buf, "A,mA,B,mB,C");
}

/* A raw vow_job posted through the executor interface on the owner thread. */
struct test_job {
	vow_job job;
	const char *name;
};

static void test_job_run(vow_job *job)
{
	trace_add("%s", ((struct test_job *)job)->name);
}

static void test_job_discard(vow_job *job)
{
	(void)job;
	fail_msg("a job that can run must not be discarded");
}

static const vow_job_ops test_job_ops = { .run = test_job_run, .discard = test_job_discard };

static void test_executor_post_is_a_microtask(void **state)
{
	struct test_job j1 = { { NULL, &test_job_ops }, "job1" };
	struct test_job j2 = { { NULL, &test_job_ops }, "job2" };
	vow_executor *ex = vow_loop_executor(L);

	(void)state;
	assert_string_equal(vow_executor_name(ex), "loop");
	assert_int_not_equal(vow_loop_set_timeout(L, trace_task, "timer", NULL, 0), 0);
	vow_executor_post(ex, &j1.job);
	assert_int_equal(vow_loop_queue_microtask(L, trace_task, "qm", NULL), 0);
	vow_executor_post(ex, &j2.job);
	assert_string_equal(trace_buf, ""); /* never run inline */
	assert_int_equal(vow_loop_run(L), 0);
	assert_string_equal(trace_buf, "job1,qm,job2,timer");
}

/*
 * Macrotask order in one iteration: every due timer (each with its
 * checkpoint), then posted tasks in posting order (each with its
 * checkpoint).  A task posted during the inbox phase waits for the next
 * iteration, after the timers due by then.
 */
static void post_from_timer(void *ctx)
{
	(void)ctx;
	trace_add("T1");
	assert_int_equal(vow_loop_post(L, trace_task, "P1", NULL), 0);
	assert_int_equal(vow_loop_queue_microtask(L, trace_task, "mT1", NULL), 0);
}

static void p0_task(void *ctx)
{
	(void)ctx;
	trace_add("P0");
	assert_int_equal(vow_loop_queue_microtask(L, trace_task, "mP0", NULL), 0);
}

static void test_timers_then_posted_tasks(void **state)
{
	(void)state;
	assert_int_equal(vow_loop_post(L, p0_task, NULL, NULL), 0);
	assert_int_not_equal(vow_loop_set_timeout(L, post_from_timer, NULL, NULL, 5), 0);
	assert_int_not_equal(vow_loop_set_timeout(L, trace_task, "T2", NULL, 5), 0);
	assert_int_equal(vow_loop_run(L), 0);
	/* At time 0 nothing is due: P0 runs; at 5: T1, T2, then P1. */
	assert_string_equal(trace_buf, "P0,mP0,T1,mT1,T2,P1");
}

static void test_queue_microtask_errors(void **state)
{
	(void)state;
	assert_int_equal(vow_loop_queue_microtask(NULL, trace_task, "x", NULL), VOW_EINVAL);
	assert_int_equal(vow_loop_queue_microtask(L, NULL, NULL, NULL), VOW_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_drain_before_first_timer, loop_setup_virtual, loop_teardown),
		cmocka_unit_test_setup_teardown(test_microtasks_between_timers, loop_setup_virtual, loop_teardown),
		cmocka_unit_test_setup_teardown(test_executor_post_is_a_microtask, loop_setup_virtual, loop_teardown),
		cmocka_unit_test_setup_teardown(test_timers_then_posted_tasks, loop_setup_virtual, loop_teardown),
		cmocka_unit_test_setup_teardown(test_queue_microtask_errors, loop_setup_virtual, loop_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
