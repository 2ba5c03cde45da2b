/*
 * test_loop_drive.c - the loop seen from outside: its counters
 * (vow_loop_stats_read), exact for known programs.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <vow/vow.h>

#include "loop_test_trace.h"

static vow_loop *L; /* the loop under test, for callbacks */

static int setup_virtual(void **state)
{
	(void)state;
	trace_reset();
	L = vow_loop_new(VOW_LOOP_VIRTUAL_CLOCK);
	return L == NULL ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	vow_loop_free(L);
	L = NULL;
	return 0;
}

static void queue(const char *label)
{
	assert_int_equal(vow_loop_queue_microtask(L, trace_task, (void *)label, NULL), 0);
}

static void post(const char *label)
{
	assert_int_equal(vow_loop_post(L, trace_task, (void *)label, NULL), 0);
}

static vow_outcome pass(void *ctx, vow_value v)
{
	(void)ctx;
	return vow_return(vow_value_dup(v));
}

/* ---- counters -------------------------------------------------------------------- */

static void queue_n(void *ctx)
{
	for (intptr_t i = 0; i < (intptr_t)ctx; i++)
		queue("m");
}

static void test_stats_exact(void **state)
{
	vow_loop_stats st;

	(void)state;
	assert_int_equal(vow_loop_stats_read(L, &st), 0);
	assert_int_equal(st.macrotasks_run, 0);
	assert_int_equal(st.microtasks_run, 0);
	assert_int_equal(st.timers_fired, 0);
	assert_int_equal(st.promises_alive, 0);
	assert_int_not_equal(vow_loop_set_timeout(L, queue_n, (void *)2, NULL, 10), 0);
	assert_int_not_equal(vow_loop_set_timeout(L, queue_n, (void *)3, NULL, 20), 0);
	assert_int_not_equal(vow_loop_set_timeout(L, queue_n, (void *)0, NULL, 30), 0);
	assert_int_equal(vow_loop_run(L), 0);
	assert_int_equal(vow_loop_stats_read(L, &st), 0);
	assert_int_equal(st.macrotasks_run, 3);
	assert_int_equal(st.microtasks_run, 5);
	assert_int_equal(st.timers_fired, 3);
	assert_int_equal(st.promises_alive, 0);
	/* A posted task is a macrotask, not a timer. */
	post("p");
	assert_int_equal(vow_loop_run(L), 0);
	assert_int_equal(vow_loop_stats_read(L, &st), 0);
	assert_int_equal(st.macrotasks_run, 4);
	assert_int_equal(st.timers_fired, 3);
}

static uint64_t alive(void)
{
	vow_loop_stats st;

	assert_int_equal(vow_loop_stats_read(L, &st), 0);
	return st.promises_alive;
}

struct other_thread_promise {
	vow_promise *p;
	vow_resolver *r;
};

static void *make_on_thread(void *arg)
{
	struct other_thread_promise *o = arg;

	o->p = vow_promise_with_resolvers(vow_loop_executor(L), &o->r);
	assert_non_null(o->p);
	return NULL;
}

static void *free_on_thread(void *arg)
{
	struct other_thread_promise *o = arg;

	vow_resolver_release(o->r);
	vow_promise_release(o->p);
	return NULL;
}

static void test_stats_promises_alive(void **state)
{
	struct other_thread_promise o;
	vow_promise *p, *q;
	pthread_t th;
	vow_loop_stats st;

	(void)state;
	p = vow_promise_resolve(vow_loop_executor(L), vow_int(1));
	assert_int_equal(alive(), 1);
	q = vow_promise_then(p, pass, NULL, NULL, NULL);
	assert_int_equal(alive(), 2);
	assert_int_equal(vow_loop_run(L), 0);
	assert_int_equal(vow_loop_stats_read(L, &st), 0);
	assert_int_equal(st.microtasks_run, 1);
	vow_promise_release(p);
	assert_int_equal(alive(), 1);
	vow_promise_release(q);
	assert_int_equal(alive(), 0);
	/* Made and freed by another thread: counted all the same. */
	assert_int_equal(pthread_create(&th, NULL, make_on_thread, &o), 0);
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_int_equal(alive(), 1);
	assert_int_equal(pthread_create(&th, NULL, free_on_thread, &o), 0);
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_int_equal(alive(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_stats_exact, setup_virtual, teardown),
		cmocka_unit_test_setup_teardown(test_stats_promises_alive, setup_virtual, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
