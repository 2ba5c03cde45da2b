/*
 * test_loop_drive.c - driving the loop from outside: one turn at a time
 * (vow_loop_run_once, blocking and not), stopped from inside
 * (vow_loop_stop), and its counters (vow_loop_stats_read).  Every count,
 * trace and virtual time is exact.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

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

static int setup_real(void **state)
{
	(void)state;
	trace_reset();
	L = vow_loop_new(0);
	return L == NULL ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	vow_loop_free(L);
	L = NULL;
	return 0;
}

static void trace_at(void *ctx)
{
	trace_add("%s@%llu", (const char *)ctx, (unsigned long long)vow_loop_now(L));
}

static void queue(const char *label)
{
	assert_int_equal(vow_loop_queue_microtask(L, trace_task, (void *)label, NULL), 0);
}

static void post(const char *label)
{
	assert_int_equal(vow_loop_post(L, trace_task, (void *)label, NULL), 0);
}

static vow_timer_id timeout(const char *label, uint64_t ms)
{
	vow_timer_id id = vow_loop_set_timeout(L, trace_at, (void *)label, NULL, ms);

	assert_int_not_equal(id, 0);
	return id;
}

/* ---- run_once ------------------------------------------------------------- */

static void timer_queues_a1(void *ctx)
{
	trace_at(ctx);
	queue("a1");
}

/* One macrotask per turn, its microtasks with it; then idle. */
static void test_turns_blocking(void **state)
{
	(void)state;
	queue("m0");
	assert_int_not_equal(vow_loop_set_timeout(L, timer_queues_a1, "A", NULL, 10), 0);
	timeout("B", 10);
	timeout("C", 20);
	/* The opening checkpoint, then the first timer and its checkpoint. */
	assert_int_equal(vow_loop_run_once(L, true), VOW_LOOP_RAN);
	assert_string_equal(trace_buf, "m0,A@10,a1");
	assert_int_equal(vow_loop_run_once(L, true), VOW_LOOP_RAN);
	assert_string_equal(trace_buf, "m0,A@10,a1,B@10");
	/* Blocking: virtual time jumps to the next timer. */
	assert_int_equal(vow_loop_run_once(L, true), VOW_LOOP_RAN);
	assert_string_equal(trace_buf, "m0,A@10,a1,B@10,C@20");
	assert_int_equal(vow_loop_run_once(L, true), 0);
	assert_int_equal(vow_loop_run_once(L, false), 0);
	assert_string_equal(trace_buf, "m0,A@10,a1,B@10,C@20");
	assert_int_equal(vow_loop_now(L), 20);
}

/* Without block: a timer far away is waited for by nobody. */
static void test_turns_nonblocking_real(void **state)
{
	vow_timer_id far;

	(void)state;
	far = timeout("far", 600000);
	assert_int_equal(vow_loop_run_once(L, false), VOW_LOOP_WAITING);
	assert_int_equal(vow_loop_run_once(L, false), VOW_LOOP_WAITING);
	post("p");
	assert_int_equal(vow_loop_run_once(L, false), VOW_LOOP_RAN);
	assert_string_equal(trace_buf, "p");
	assert_int_equal(vow_loop_run_once(L, false), VOW_LOOP_WAITING);
	assert_int_equal(vow_loop_clear_timer(L, far), 0);
	assert_int_equal(vow_loop_run_once(L, false), 0);
	assert_string_equal(trace_buf, "p");
}

/*
 * Without block on the virtual clock: time jumps only when nothing else
 * can run, and the timer it jumped to runs in the same turn.
 */
static void test_turns_nonblocking_virtual(void **state)
{
	(void)state;
	timeout("T", 50);
	post("p");
	assert_int_equal(vow_loop_run_once(L, false), VOW_LOOP_RAN);
	assert_string_equal(trace_buf, "p");
	assert_int_equal(vow_loop_now(L), 0);
	assert_int_equal(vow_loop_run_once(L, false), VOW_LOOP_RAN);
	assert_string_equal(trace_buf, "p,T@50");
	assert_int_equal(vow_loop_run_once(L, false), 0);
}

/* ---- turns run what vow_loop_run runs, in its order ------------------------ */

static vow_timer_id interval_id;
static int interval_runs;

static void p1_task(void *ctx)
{
	trace_task(ctx);
	post("p3");
	queue("p1m");
	timeout("t2", 0);
}

static void t1_task(void *ctx)
{
	trace_at(ctx);
	post("p4");
}

static void interval_task(void *ctx)
{
	trace_at(ctx);
	if (++interval_runs == 3)
		assert_int_equal(vow_loop_clear_timer(L, interval_id), 0);
}

static vow_outcome trace_handler(void *ctx, vow_value v)
{
	trace_add("%s:%lld", (const char *)ctx, (long long)v.as.i);
	return vow_return(vow_int(v.as.i + 1));
}

/* A program with every kind of macrotask the loop runs on its own. */
static void program(void)
{
	vow_promise *p = vow_promise_resolve(vow_loop_executor(L), vow_int(1));
	vow_promise *q = vow_promise_then(p, trace_handler, NULL, "h1", NULL);
	vow_promise *r = vow_promise_then(q, trace_handler, NULL, "h2", NULL);

	interval_runs = 0;
	assert_int_equal(vow_loop_post(L, p1_task, "p1", NULL), 0);
	post("p2");
	assert_int_not_equal(vow_loop_set_timeout(L, t1_task, "t1", NULL, 0), 0);
	interval_id = vow_loop_set_interval(L, interval_task, "i", NULL, 1);
	assert_int_not_equal(interval_id, 0);
	queue("m0");
	vow_promise_release(p);
	vow_promise_release(q);
	vow_promise_release(r);
}

/*
 * The checkpoint before the first macrotask runs h1, m0, h2.  The first
 * iteration runs at virtual time 0, before any timer is due: the inbox
 * (p1, whose microtask runs with it, then p2); p3, posted meanwhile, has
 * the next iteration.  Time then jumps to 1: the timers due there in the
 * order they were set (t2 was set by p1, after t1 and i), then p4; i runs
 * twice more as time jumps to 2 and 3.
 */
static const char program_trace[] =
	"h1:1,m0,h2:2,p1,p1m,p2,p3,t1@1,i@1,t2@1,p4,i@2,i@3";

static void test_turns_match_run(void **state)
{
	vow_loop_stats st;
	uint64_t turns;

	(void)state;
	program();
	assert_int_equal(vow_loop_run(L), 0);
	assert_string_equal(trace_buf, program_trace);
	assert_int_equal(vow_loop_stats_read(L, &st), 0);
	assert_int_equal(st.macrotasks_run, 9);
	vow_loop_free(L);

	for (int block = 0; block <= 1; block++) {
		trace_reset();
		L = vow_loop_new(VOW_LOOP_VIRTUAL_CLOCK);
		assert_non_null(L);
		program();
		turns = 0;
		while (vow_loop_run_once(L, block) == VOW_LOOP_RAN)
			turns++;
		assert_string_equal(trace_buf, program_trace);
		assert_int_equal(turns, 9);
		assert_int_equal(vow_loop_stats_read(L, &st), 0);
		assert_int_equal(st.macrotasks_run, 9);
		vow_loop_free(L);
	}
	L = vow_loop_new(VOW_LOOP_VIRTUAL_CLOCK); /* for teardown */
}

/* ---- ready fds: one callback per turn --------------------------------------- */

struct pipe_end {
	int fds[2];
	const char *name;
	vow_fd_watch *w;
};

static void read_and_unwatch(void *ctx, int fd, unsigned events)
{
	struct pipe_end *pe = ctx;
	char c;

	assert_true(events & VOW_FD_READABLE);
	assert_int_equal(read(fd, &c, 1), 1);
	trace_add("%s", pe->name);
	assert_int_equal(vow_loop_unwatch_fd(pe->w), 0);
	if (c == 's')
		vow_loop_stop(L);
}

static void pipe_ready(struct pipe_end *pe, const char *name, char byte)
{
	pe->name = name;
	assert_int_equal(pipe(pe->fds), 0);
	assert_int_equal(write(pe->fds[1], &byte, 1), 1);
	pe->w = vow_loop_watch_fd(L, pe->fds[0], VOW_FD_READABLE, read_and_unwatch, pe, NULL);
	assert_non_null(pe->w);
}

static void pipe_close(struct pipe_end *pe)
{
	close(pe->fds[0]);
	close(pe->fds[1]);
}

static void test_fds_one_per_turn(void **state)
{
	struct pipe_end a, b;

	(void)state;
	pipe_ready(&a, "a", 'x');
	pipe_ready(&b, "b", 'x');
	assert_int_equal(vow_loop_run_once(L, false), VOW_LOOP_RAN);
	assert_int_equal(strlen(trace_buf), 1); /* one callback: epoll picks which */
	assert_int_equal(vow_loop_run_once(L, false), VOW_LOOP_RAN);
	assert_int_equal(strlen(trace_buf), 3);
	assert_int_equal(vow_loop_run_once(L, false), 0);
	pipe_close(&a);
	pipe_close(&b);
}

/* A stop in the first callback of a batch: the other fd waits for the next run. */
static void test_stop_in_fd_batch(void **state)
{
	struct pipe_end a, b;

	(void)state;
	pipe_ready(&a, "a", 's');
	pipe_ready(&b, "b", 's');
	assert_int_equal(vow_loop_run(L), VOW_LOOP_STOPPED);
	assert_int_equal(strlen(trace_buf), 1);
	assert_int_equal(vow_loop_run(L), VOW_LOOP_STOPPED); /* the other one stops it too */
	assert_int_equal(strlen(trace_buf), 3);
	assert_int_equal(vow_loop_run(L), 0);
	pipe_close(&a);
	pipe_close(&b);
}

/* ---- stop ------------------------------------------------------------------------ */

static void stop_task(void *ctx)
{
	trace_at(ctx);
	vow_loop_stop(L);
}

static void test_stop_from_timer(void **state)
{
	(void)state;
	assert_int_not_equal(vow_loop_set_timeout(L, stop_task, "a", NULL, 10), 0);
	timeout("b", 20);
	assert_int_equal(vow_loop_run(L), VOW_LOOP_STOPPED);
	assert_string_equal(trace_buf, "a@10");
	assert_int_equal(vow_loop_run(L), 0);
	assert_string_equal(trace_buf, "a@10,b@20");
}

static void stop_micro(void *ctx)
{
	trace_task(ctx);
	vow_loop_stop(L);
}

static void queue_stopper(void *ctx)
{
	trace_at(ctx);
	assert_int_equal(vow_loop_queue_microtask(L, stop_micro, "m1", NULL), 0);
	queue("m2");
}

/* The macrotask's checkpoint finishes first: m2 still runs. */
static void test_stop_from_microtask(void **state)
{
	(void)state;
	assert_int_not_equal(vow_loop_set_timeout(L, queue_stopper, "a", NULL, 10), 0);
	timeout("b", 20);
	assert_int_equal(vow_loop_run(L), VOW_LOOP_STOPPED);
	assert_string_equal(trace_buf, "a@10,m1,m2");
	assert_int_equal(vow_loop_run(L), 0);
	assert_string_equal(trace_buf, "a@10,m1,m2,b@20");
}

/* The rest of the posted batch waits for the next run. */
static void test_stop_from_posted_task(void **state)
{
	(void)state;
	assert_int_equal(vow_loop_post(L, stop_micro, "p1", NULL), 0);
	post("p2");
	assert_int_equal(vow_loop_run(L), VOW_LOOP_STOPPED);
	assert_string_equal(trace_buf, "p1");
	assert_int_equal(vow_loop_run(L), 0);
	assert_string_equal(trace_buf, "p1,p2");
}

/* From the opening checkpoint: no macrotask runs. */
static void test_stop_before_first_macrotask(void **state)
{
	(void)state;
	assert_int_equal(vow_loop_queue_microtask(L, stop_micro, "m", NULL), 0);
	timeout("a", 10);
	assert_int_equal(vow_loop_run(L), VOW_LOOP_STOPPED);
	assert_string_equal(trace_buf, "m");
	assert_int_equal(vow_loop_run(L), 0);
	assert_string_equal(trace_buf, "m,a@10");
}

/* A stop inside a turn leaves nothing behind for the next run. */
static void test_stop_in_turn(void **state)
{
	(void)state;
	assert_int_not_equal(vow_loop_set_timeout(L, stop_task, "a", NULL, 10), 0);
	timeout("b", 20);
	assert_int_equal(vow_loop_run_once(L, true), VOW_LOOP_RAN);
	assert_int_equal(vow_loop_run(L), 0);
	assert_string_equal(trace_buf, "a@10,b@20");
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

static vow_outcome pass(void *ctx, vow_value v)
{
	(void)ctx;
	return vow_return(vow_value_dup(v));
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
		cmocka_unit_test_setup_teardown(test_turns_blocking, setup_virtual, teardown),
		cmocka_unit_test_setup_teardown(test_turns_nonblocking_real, setup_real, teardown),
		cmocka_unit_test_setup_teardown(test_turns_nonblocking_virtual, setup_virtual, teardown),
		cmocka_unit_test_setup_teardown(test_turns_match_run, setup_virtual, teardown),
		cmocka_unit_test_setup_teardown(test_fds_one_per_turn, setup_real, teardown),
		cmocka_unit_test_setup_teardown(test_stop_in_fd_batch, setup_real, teardown),
		cmocka_unit_test_setup_teardown(test_stop_from_timer, setup_virtual, teardown),
		cmocka_unit_test_setup_teardown(test_stop_from_microtask, setup_virtual, teardown),
		cmocka_unit_test_setup_teardown(test_stop_from_posted_task, setup_virtual, teardown),
		cmocka_unit_test_setup_teardown(test_stop_before_first_macrotask, setup_virtual, teardown),
		cmocka_unit_test_setup_teardown(test_stop_in_turn, setup_virtual, teardown),
		cmocka_unit_test_setup_teardown(test_stats_exact, setup_virtual, teardown),
		cmocka_unit_test_setup_teardown(test_stats_promises_alive, setup_virtual, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
