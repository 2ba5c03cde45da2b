/*
 * test_loop_timers.c - setTimeout/setInterval/clear on the loop: deadline
 * order, FIFO among equal deadlines, 0 == 1 ms, clear, intervals, the
 * virtual clock.  Expected traces were produced by running the equivalent
 * JavaScript on Node 20 (quoted above each test).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include <cmocka.h>
#include <vow/vow.h>

#include "loop_test_trace.h"

static void trace_task_at(void *ctx)
{
	trace_add("%s@%llu", (const char *)ctx, (unsigned long long)vow_loop_now(L));
}

/* setTimeout(A,30); setTimeout(B,10); setTimeout(C,20)  ->  B,C,A */
static void test_deadline_order(void **state)
{
	(void)state;
	assert_int_not_equal(vow_loop_set_timeout(L, trace_task_at, "A", NULL, 30), 0);
	assert_int_not_equal(vow_loop_set_timeout(L, trace_task_at, "B", NULL, 10), 0);
	assert_int_not_equal(vow_loop_set_timeout(L, trace_task_at, "C", NULL, 20), 0);
	assert_int_equal(vow_loop_run(L), 0);
	assert_string_equal(trace_buf, "B@10,C@20,A@30");
	assert_int_equal(vow_loop_now(L), 30);
}

/*
 * Node 20:
 *   setTimeout(()=>{out.push('a1'); Promise.resolve().then(()=>out.push('m1'))},1);
 *   setTimeout(()=>{out.push('b0'); queueMicrotask(()=>out.push('m2'))},0);
 *   setTimeout(()=>out.push('c1'),1);
 * prints a1,m1,b0,m2,c1: 0 is 1 ms, equal deadlines are FIFO, and each
 * timer's microtasks run before the next timer.
 */
static void a1_task(void *ctx)
{
	(void)ctx;
	trace_add("a1");
	assert_int_equal(vow_loop_queue_microtask(L, trace_task, "m1", NULL), 0);
}

static void b0_task(void *ctx)
{
	(void)ctx;
	trace_add("b0");
	assert_int_equal(vow_loop_queue_microtask(L, trace_task, "m2", NULL), 0);
}

static void test_zero_is_one_and_fifo(void **state)
{
	(void)state;
	assert_int_not_equal(vow_loop_set_timeout(L, a1_task, NULL, NULL, 1), 0);
	assert_int_not_equal(vow_loop_set_timeout(L, b0_task, NULL, NULL, 0), 0);
	assert_int_not_equal(vow_loop_set_timeout(L, trace_task, "c1", NULL, 1), 0);
	assert_int_equal(vow_loop_run(L), 0);
	assert_string_equal(trace_buf, "a1,m1,b0,m2,c1");
}

static vow_timer_id clear_target;

static void clearing_task(void *ctx)
{
	trace_add("%s", (const char *)ctx);
	assert_int_equal(vow_loop_clear_timer(L, clear_target), 0);
	assert_int_equal(vow_loop_clear_timer(L, clear_target), VOW_ENOTFOUND);
}

static void test_clear(void **state)
{
	vow_timer_id a, b, c;

	(void)state;
	a = vow_loop_set_timeout(L, trace_task, "A", NULL, 10);
	b = vow_loop_set_timeout(L, trace_task, "B", NULL, 10);
	c = vow_loop_set_timeout(L, trace_task, "C", NULL, 10);
	assert_true(a != 0 && b != 0 && c != 0 && a != b && b != c && a != c);
	assert_int_equal(vow_loop_clear_timer(L, b), 0);
	assert_int_equal(vow_loop_clear_timer(L, b), VOW_ENOTFOUND);
	assert_int_equal(vow_loop_clear_timer(L, 0), VOW_ENOTFOUND);
	assert_int_equal(vow_loop_clear_timer(L, 424242), VOW_ENOTFOUND);
	assert_int_equal(vow_loop_clear_timer(NULL, a), VOW_EINVAL);
	/* A timer cleared by an earlier timer's callback never fires. */
	assert_int_not_equal(vow_loop_set_timeout(L, clearing_task, "D", NULL, 20), 0);
	clear_target = vow_loop_set_timeout(L, trace_task, "E", NULL, 20);
	assert_int_equal(vow_loop_run(L), 0);
	assert_string_equal(trace_buf, "A,C,D");
	/* Fired timers are no longer active. */
	assert_int_equal(vow_loop_clear_timer(L, a), VOW_ENOTFOUND);
	assert_int_equal(vow_loop_clear_timer(L, c), VOW_ENOTFOUND);
}

/*
 * Node 20 (typical run; the real clock may jitter, the virtual clock not):
 *   const iv=setInterval(()=>{ n++; out.push('I'+n);
 *       queueMicrotask(()=>out.push('mI'+n)); if(n===3) clearInterval(iv); },10);
 *   setTimeout(()=>out.push('T20'),20);
 *   setTimeout(()=>out.push('T30'),30);
 *   setTimeout(()=>{ out.push('T0'); setTimeout(()=>out.push('T0-inner'),0);
 *       queueMicrotask(()=>out.push('mT0'));},0);
 *   queueMicrotask(()=>{out.push('m0'); queueMicrotask(()=>out.push('m0-nested'));});
 *   Promise.resolve().then(()=>out.push('p0'));
 * prints m0,p0,m0-nested,T0,mT0,T0-inner,I1,mI1,T20,I2,mI2,T30,I3,mI3
 * (a re-armed interval goes after a timeout already set for the same time).
 */
static vow_timer_id interval_id;
static int interval_n;
static const char *const mI[] = { "mI1", "mI2", "mI3" };

static void interval_task(void *ctx)
{
	(void)ctx;
	interval_n++;
	trace_add("I%d@%llu", interval_n, (unsigned long long)vow_loop_now(L));
	assert_int_equal(vow_loop_queue_microtask(L, trace_task, (void *)mI[interval_n - 1], NULL), 0);
	if (interval_n == 3)
		assert_int_equal(vow_loop_clear_timer(L, interval_id), 0);
}

static void t0_task(void *ctx)
{
	(void)ctx;
	trace_add("T0");
	assert_int_not_equal(vow_loop_set_timeout(L, trace_task, "T0-inner", NULL, 0), 0);
	assert_int_equal(vow_loop_queue_microtask(L, trace_task, "mT0", NULL), 0);
}

static void m0_task(void *ctx)
{
	(void)ctx;
	trace_add("m0");
	assert_int_equal(vow_loop_queue_microtask(L, trace_task, "m0-nested", NULL), 0);
}

static void test_interval_cleared_from_callback(void **state)
{
	(void)state;
	interval_n = 0;
	interval_id = vow_loop_set_interval(L, interval_task, NULL, NULL, 10);
	assert_int_not_equal(interval_id, 0);
	assert_int_not_equal(vow_loop_set_timeout(L, trace_task, "T20", NULL, 20), 0);
	assert_int_not_equal(vow_loop_set_timeout(L, trace_task, "T30", NULL, 30), 0);
	assert_int_not_equal(vow_loop_set_timeout(L, t0_task, NULL, NULL, 0), 0);
	assert_int_equal(vow_loop_queue_microtask(L, m0_task, NULL, NULL), 0);
	assert_int_equal(vow_loop_queue_microtask(L, trace_task, "p0", NULL), 0);
	assert_int_equal(vow_loop_run(L), 0);
	assert_string_equal(trace_buf, "m0,p0,m0-nested,T0,mT0,T0-inner,I1@10,mI1,T20,"
				       "I2@20,mI2,T30,I3@30,mI3");
	assert_int_equal(interval_n, 3);
	assert_int_equal(vow_loop_clear_timer(L, interval_id), VOW_ENOTFOUND);
	assert_int_equal(vow_loop_now(L), 30);
}

/* An interval cleared from outside (by another timer) stops too. */
static void test_interval_cleared_by_other_timer(void **state)
{
	vow_timer_id iv;

	(void)state;
	iv = vow_loop_set_interval(L, trace_task_at, "I", NULL, 3);
	assert_int_not_equal(iv, 0);
	clear_target = iv;
	assert_int_not_equal(vow_loop_set_timeout(L, clearing_task, "X", NULL, 10), 0);
	assert_int_equal(vow_loop_run(L), 0);
	assert_string_equal(trace_buf, "I@3,I@6,I@9,X");
}

static double wall_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A 10-minute timer returns at once on the virtual clock. */
static void test_virtual_ten_minutes(void **state)
{
	double t0 = wall_seconds();

	(void)state;
	assert_int_not_equal(vow_loop_set_timeout(L, trace_task_at, "ten", NULL, 600000), 0);
	assert_int_equal(vow_loop_run(L), 0);
	assert_string_equal(trace_buf, "ten@600000");
	assert_int_equal(vow_loop_now(L), 600000);
	assert_true(wall_seconds() - t0 < 1.0);
}

/* Timers set in a callback count from the firing time (virtual: its deadline). */
static void nest_task(void *ctx)
{
	(void)ctx;
	trace_add("outer@%llu", (unsigned long long)vow_loop_now(L));
	assert_int_not_equal(vow_loop_set_timeout(L, trace_task_at, "inner", NULL, 5), 0);
}

static void test_nested_timer_relative_to_fire_time(void **state)
{
	(void)state;
	assert_int_not_equal(vow_loop_set_timeout(L, nest_task, NULL, NULL, 10), 0);
	assert_int_not_equal(vow_loop_set_timeout(L, trace_task_at, "other", NULL, 14), 0);
	assert_int_not_equal(vow_loop_set_timeout(L, trace_task_at, "same", NULL, 15), 0);
	assert_int_equal(vow_loop_run(L), 0);
	/* "same" (set first) and "inner" share deadline 15: FIFO. */
	assert_string_equal(trace_buf, "outer@10,other@14,same@15,inner@15");
}

/* The real clock waits for real. */
static void test_real_clock_waits(void **state)
{
	double t0 = wall_seconds();

	(void)state;
	assert_int_not_equal(vow_loop_set_timeout(L, trace_task, "late", NULL, 30), 0);
	assert_int_not_equal(vow_loop_set_timeout(L, trace_task, "early", NULL, 10), 0);
	assert_int_equal(vow_loop_run(L), 0);
	assert_string_equal(trace_buf, "early,late");
	assert_true(wall_seconds() - t0 >= 0.029);
	assert_true(vow_loop_now(L) >= 30);
}

/*
 * Many timers: deterministic pseudo-random delays, a third of them cleared;
 * the survivors must fire sorted by (deadline, set order).  Exercises heap
 * and index growth and deletion.
 */
#define MANY 3000
static int fired[MANY];
static int nfired;
static uint64_t delay_of[MANY];

static void many_task(void *ctx)
{
	fired[nfired++] = (int)(intptr_t)ctx;
}

static void test_many_timers(void **state)
{
	vow_timer_id ids[MANY];
	uint32_t x = 12345;
	int expect = 0;

	(void)state;
	nfired = 0;
	for (int i = 0; i < MANY; i++) {
		x = x * 1103515245u + 12345u;
		delay_of[i] = 1 + (x >> 16) % 200;
		ids[i] = vow_loop_set_timeout(L, many_task, (void *)(intptr_t)i, NULL, delay_of[i]);
		assert_int_not_equal(ids[i], 0);
	}
	for (int i = 0; i < MANY; i += 3)
		assert_int_equal(vow_loop_clear_timer(L, ids[i]), 0);
	assert_int_equal(vow_loop_run(L), 0);
	assert_int_equal(nfired, MANY - (MANY + 2) / 3);
	/* Expected order: by delay, then by index. */
	for (uint64_t d = 1; d <= 200; d++)
		for (int i = 0; i < MANY; i++)
			if (i % 3 != 0 && delay_of[i] == d)
				assert_int_equal(fired[expect++], i);
	assert_int_equal(expect, nfired);
}

/* Argument errors and re-entrancy. */
static void reenter_task(void *ctx)
{
	(void)ctx;
	assert_int_equal(vow_loop_run(L), VOW_EBUSY);
	trace_add("reenter");
}

static void test_errors(void **state)
{
	(void)state;
	assert_null(vow_loop_new(0x80));
	assert_int_equal(vow_last_error(), VOW_EINVAL);
	assert_int_equal(vow_loop_set_timeout(NULL, trace_task, "x", NULL, 1), 0);
	assert_int_equal(vow_last_error(), VOW_EINVAL);
	assert_int_equal(vow_loop_set_interval(L, NULL, NULL, NULL, 1), 0);
	assert_int_equal(vow_last_error(), VOW_EINVAL);
	assert_int_equal(vow_loop_run(NULL), VOW_EINVAL);
	assert_int_equal(vow_loop_queue_microtask(L, NULL, NULL, NULL), VOW_EINVAL);
	assert_int_equal(vow_loop_post(NULL, trace_task, "x", NULL), VOW_EINVAL);
	assert_null(vow_loop_executor(NULL));
	assert_non_null(vow_loop_executor(L));
	/* An idle loop returns at once; it can be run again later. */
	assert_int_equal(vow_loop_run(L), 0);
	assert_int_not_equal(vow_loop_set_timeout(L, reenter_task, NULL, NULL, 1), 0);
	assert_int_equal(vow_loop_run(L), 0);
	assert_string_equal(trace_buf, "reenter");
	vow_loop_free(NULL); /* no-op */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_deadline_order, loop_setup_virtual, loop_teardown),
		cmocka_unit_test_setup_teardown(test_zero_is_one_and_fifo, loop_setup_virtual, loop_teardown),
		cmocka_unit_test_setup_teardown(test_zero_is_one_and_fifo, loop_setup_real, loop_teardown),
		cmocka_unit_test_setup_teardown(test_clear, loop_setup_virtual, loop_teardown),
		cmocka_unit_test_setup_teardown(test_interval_cleared_from_callback, loop_setup_virtual, loop_teardown),
		cmocka_unit_test_setup_teardown(test_interval_cleared_by_other_timer, loop_setup_virtual, loop_teardown),
		cmocka_unit_test_setup_teardown(test_virtual_ten_minutes, loop_setup_virtual, loop_teardown),
		cmocka_unit_test_setup_teardown(test_nested_timer_relative_to_fire_time, loop_setup_virtual, loop_teardown),
		cmocka_unit_test_setup_teardown(test_real_clock_waits, loop_setup_real, loop_teardown),
		cmocka_unit_test_setup_teardown(test_many_timers, loop_setup_virtual, loop_teardown),
		cmocka_unit_test_setup_teardown(test_errors, loop_setup_virtual, loop_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
