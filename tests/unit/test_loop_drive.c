/*
 * test_loop_drive.c - driving the loop from outside: one turn at a time
 * (vow_loop_run_once, blocking and not), until a promise settles
 * (vow_loop_run_until), stopped from inside (vow_loop_stop), embedded in
 * another poller (vow_loop_backend_fd / _timeout), and its counters
 * (vow_loop_stats_read).  Every count, trace and virtual time is exact;
 * the real-clock tests only wait for an fd to become readable, with a
 * bound that fails the test rather than a timing assertion.
 */
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <vow/vow.h>

#include "loop_test_trace.h"

/* Generous bound for "the fd becomes readable": only a hang fails it. */
enum { READABLE_WITHIN_MS = 10000 };

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) != 0)
		;
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
	L = vow_loop_new(VOW_LOOP_VIRTUAL_CLOCK); /* for loop_teardown */
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

/* ---- run_until ---------------------------------------------------------------- */

static vow_promise *delay(uint64_t ms)
{
	vow_promise *p = vow_delay(vow_loop_executor(L), ms, NULL);

	assert_non_null(p);
	return p;
}

static void test_until_settled(void **state)
{
	vow_promise *p = delay(100);

	(void)state;
	timeout("x", 200);
	assert_int_equal(vow_loop_run_until(L, p, -1), 0);
	assert_int_equal(vow_promise_state(p), VOW_FULFILLED);
	assert_int_equal(vow_loop_now(L), 100);
	assert_string_equal(trace_buf, ""); /* the later timer stays queued */
	assert_int_equal(vow_loop_run(L), 0);
	assert_string_equal(trace_buf, "x@200");
	vow_promise_release(p);
}

/* The limit is a timer: one set before it for the same time runs first. */
static void test_until_timed_out(void **state)
{
	vow_promise *p = delay(100);

	(void)state;
	assert_int_equal(vow_loop_run_until(L, p, 50), VOW_ETIMEDOUT);
	assert_int_equal(vow_loop_now(L), 50);
	assert_int_equal(vow_promise_state(p), VOW_PENDING);
	assert_int_equal(vow_loop_run_until(L, p, 50), 0);
	assert_int_equal(vow_loop_now(L), 100);
	assert_int_equal(vow_promise_state(p), VOW_FULFILLED);
	/* Neither limit is left behind: the loop is idle. */
	assert_int_equal(vow_loop_run_once(L, false), 0);
	vow_promise_release(p);
}

static vow_outcome pass(void *ctx, vow_value v)
{
	(void)ctx;
	return vow_return(vow_value_dup(v));
}

static void test_until_abandoned(void **state)
{
	vow_resolver *r;
	vow_promise *p = vow_promise_with_resolvers(vow_loop_executor(L), &r), *q;

	(void)state;
	timeout("x", 10);
	assert_int_equal(vow_loop_run_until(L, p, 1000), VOW_EABANDONED);
	assert_string_equal(trace_buf, "x@10");
	assert_int_equal(vow_loop_now(L), 10); /* the weak limit kept nothing waiting */
	assert_int_equal(vow_promise_state(p), VOW_PENDING);
	assert_int_equal(vow_resolver_resolve(r, vow_int(3)), 0);
	assert_int_equal(vow_loop_run_until(L, p, 0), 0);
	/* Pending until the opening checkpoint: a zero limit sees it settle. */
	q = vow_promise_then(p, pass, NULL, NULL, NULL);
	assert_int_equal(vow_loop_run_until(L, q, 0), 0);
	assert_int_equal(vow_promise_result(q).as.i, 3);
	vow_resolver_release(r);
	vow_promise_release(p);
	vow_promise_release(q);
}

static int unhandled_events;

static void count_events(void *ud, vow_rejection_event ev, vow_promise *p, vow_value reason)
{
	(void)ud;
	(void)ev;
	(void)p;
	(void)reason;
	unhandled_events++;
}

static void reject_later(void *ctx)
{
	assert_int_equal(vow_resolver_reject(ctx, vow_error(5, "late")), 0);
}

/* Waiting handles p, as an await attaches at once. */
static void test_until_handles_rejection(void **state)
{
	vow_executor *ex = vow_loop_executor(L);
	vow_resolver *r;
	vow_promise *now, *later;

	(void)state;
	unhandled_events = 0;
	assert_int_equal(vow_executor_set_rejection_policy(ex, VOW_REJECTIONS_CALLBACK,
							   count_events, NULL), 0);
	now = vow_promise_reject(ex, vow_error(4, "now"));
	assert_int_equal(vow_loop_run_until(L, now, -1), 0);
	assert_int_equal(vow_promise_state(now), VOW_REJECTED);
	later = vow_promise_with_resolvers(ex, &r);
	assert_int_not_equal(vow_loop_set_timeout(L, reject_later, r, NULL, 10), 0);
	assert_int_equal(vow_loop_run_until(L, later, -1), 0);
	assert_int_equal(vow_error_code(vow_promise_result(later)), 5);
	assert_int_equal(vow_loop_run(L), 0);
	assert_int_equal(unhandled_events, 0);
	vow_resolver_release(r);
	vow_promise_release(now);
	vow_promise_release(later);
}

struct settler {
	vow_resolver *r;
	vow_loop *loop;
};

static void *settle_later(void *arg)
{
	struct settler *s = arg;

	sleep_ms(20); /* let the loop go to sleep first */
	assert_int_equal(vow_resolver_resolve(s->r, vow_int(7)), 0);
	vow_loop_unref(s->loop);
	return NULL;
}

/* Another thread settles p: its job wakes the sleeping loop. */
static void test_until_settled_by_thread(void **state)
{
	struct settler s = {.loop = L};
	vow_promise *p = vow_promise_with_resolvers(vow_loop_executor(L), &s.r);
	pthread_t th;

	(void)state;
	vow_loop_ref(L); /* a promise of the loop that another thread settles */
	assert_int_equal(pthread_create(&th, NULL, settle_later, &s), 0);
	assert_int_equal(vow_loop_run_until(L, p, -1), 0);
	assert_int_equal(vow_promise_result(p).as.i, 7);
	assert_int_equal(pthread_join(th, NULL), 0);
	vow_resolver_release(s.r);
	vow_promise_release(p);
}

static vow_outcome slow_answer(void *ctx)
{
	(void)ctx;
	sleep_ms(20);
	return vow_return(vow_int(42));
}

/* A promise of another executor keeps the loop from going idle. */
static void test_until_pool_promise(void **state)
{
	vow_pool *pool = vow_pool_new(NULL);
	vow_promise *p;

	(void)state;
	assert_non_null(pool);
	p = vow_spawn(pool, slow_answer, NULL);
	assert_non_null(p);
	assert_int_equal(vow_loop_run_until(L, p, -1), 0);
	assert_int_equal(vow_promise_result(p).as.i, 42);
	/* The loop's keep-alive went with the call. */
	assert_int_equal(vow_loop_run(L), 0);
	vow_promise_release(p);
	vow_pool_free(pool);
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

static void test_stop_run_until_and_once(void **state)
{
	vow_promise *p = delay(100);

	(void)state;
	assert_int_not_equal(vow_loop_set_timeout(L, stop_task, "a", NULL, 10), 0);
	assert_int_equal(vow_loop_run_until(L, p, -1), VOW_LOOP_STOPPED);
	assert_int_equal(vow_loop_now(L), 10);
	assert_int_equal(vow_loop_run_until(L, p, -1), 0);
	assert_int_equal(vow_loop_now(L), 100);
	/* A stop inside a turn leaves nothing behind for the next run. */
	assert_int_not_equal(vow_loop_set_timeout(L, stop_task, "b", NULL, 10), 0);
	timeout("c", 20);
	assert_int_equal(vow_loop_run_once(L, true), VOW_LOOP_RAN);
	assert_int_equal(vow_loop_run(L), 0);
	assert_string_equal(trace_buf, "a@10,b@110,c@120");
	vow_promise_release(p);
}

/* ---- the backend fd ------------------------------------------------------------- */

static bool readable(int fd, int timeout_ms)
{
	struct pollfd pfd = {.fd = fd, .events = POLLIN};
	int n = poll(&pfd, 1, timeout_ms);

	assert_true(n >= 0);
	return n == 1 && (pfd.revents & POLLIN);
}

static void *post_once(void *arg)
{
	(void)arg;
	sleep_ms(20); /* usually after the poll below began */
	assert_int_equal(vow_loop_post(L, trace_task, "posted", NULL), 0);
	return NULL;
}

static void test_backend_fd_post(void **state)
{
	int fd = vow_loop_backend_fd(L);
	pthread_t th;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(vow_loop_backend_fd(L), fd); /* the same fd every time */
	assert_int_equal(vow_loop_backend_timeout(L), -1);
	assert_false(readable(fd, 0));
	assert_int_equal(pthread_create(&th, NULL, post_once, NULL), 0);
	assert_true(readable(fd, READABLE_WITHIN_MS));
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_int_equal(vow_loop_backend_timeout(L), 0); /* the post waits */
	assert_int_equal(vow_loop_run_once(L, false), VOW_LOOP_RAN);
	assert_string_equal(trace_buf, "posted");
	assert_int_equal(vow_loop_run_once(L, false), 0);
	/* Nothing left: the fd is quiet again once the timeout was read. */
	assert_int_equal(vow_loop_backend_timeout(L), -1);
	assert_false(readable(fd, 0));
}

static void test_backend_fd_timer(void **state)
{
	int fd = vow_loop_backend_fd(L);
	int64_t t;

	(void)state;
	assert_true(fd >= 0);
	timeout("t", 20);
	t = vow_loop_backend_timeout(L);
	assert_true(t >= 0 && t <= 20);
	assert_true(readable(fd, READABLE_WITHIN_MS));
	assert_int_equal(vow_loop_backend_timeout(L), 0); /* due */
	assert_int_equal(vow_loop_run_once(L, false), VOW_LOOP_RAN);
	assert_int_equal(strncmp(trace_buf, "t@", 2), 0);
	assert_int_equal(vow_loop_backend_timeout(L), -1);
	assert_false(readable(fd, 0)); /* the timerfd was disarmed */
}

/* Owner work shows in the timeout, not on the fd. */
static void test_backend_timeout_owner_work(void **state)
{
	int fd = vow_loop_backend_fd(L);

	(void)state;
	queue("m");
	assert_int_equal(vow_loop_backend_timeout(L), 0);
	assert_int_equal(vow_loop_run_once(L, false), 0); /* the checkpoint only */
	assert_string_equal(trace_buf, "m");
	post("p");
	assert_int_equal(vow_loop_backend_timeout(L), 0);
	assert_false(readable(fd, 0));
	assert_int_equal(vow_loop_run_once(L, false), VOW_LOOP_RAN);
	assert_int_equal(vow_loop_backend_timeout(L), -1);
}

/* On the virtual clock a timer means "run now" unless the loop is idle. */
static void test_backend_timeout_virtual(void **state)
{
	vow_abort_signal *s;

	(void)state;
	assert_true(vow_loop_backend_fd(L) >= 0);
	timeout("t", 1000);
	assert_int_equal(vow_loop_backend_timeout(L), 0);
	assert_int_equal(vow_loop_run_once(L, false), VOW_LOOP_RAN);
	assert_string_equal(trace_buf, "t@1000");
	/* AbortSignal.timeout's timer is weak: alone it leaves the loop idle. */
	s = vow_abort_signal_timeout(vow_loop_executor(L), 10);
	assert_non_null(s);
	assert_int_equal(vow_loop_backend_timeout(L), -1);
	assert_int_equal(vow_loop_run_once(L, false), 0);
	assert_int_equal(vow_loop_now(L), 1000);
	vow_abort_signal_release(s);
}

enum { POSTERS = 2, POSTS = 500 };

static int ran_posts;

static void count_post(void *ctx)
{
	(void)ctx;
	ran_posts++;
}

static void *poster(void *arg)
{
	(void)arg;
	for (int i = 0; i < POSTS; i++) {
		assert_int_equal(vow_loop_post(L, count_post, NULL, NULL), 0);
		if (i % 50 == 0)
			sleep_ms(1); /* let the host go to sleep now and then */
	}
	return NULL;
}

/*
 * The embedding pattern against posts from other threads: the host sleeps
 * in poll() with the backend timeout and never misses a post.
 */
static void test_backend_fd_many_posts(void **state)
{
	int fd = vow_loop_backend_fd(L);
	pthread_t th[POSTERS];

	(void)state;
	ran_posts = 0;
	for (int i = 0; i < POSTERS; i++)
		assert_int_equal(pthread_create(&th[i], NULL, poster, NULL), 0);
	for (;;) {
		int64_t t;

		while (vow_loop_run_once(L, false) == VOW_LOOP_RAN)
			;
		if (ran_posts == POSTERS * POSTS)
			break;
		t = vow_loop_backend_timeout(L);
		if (t < 0)
			assert_true(readable(fd, READABLE_WITHIN_MS));
		else
			(void)readable(fd, (int)t);
	}
	for (int i = 0; i < POSTERS; i++)
		assert_int_equal(pthread_join(th[i], NULL), 0);
	assert_int_equal(vow_loop_run_once(L, false), 0);
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
		cmocka_unit_test_setup_teardown(test_turns_blocking, loop_setup_virtual, loop_teardown),
		cmocka_unit_test_setup_teardown(test_turns_nonblocking_real, loop_setup_real, loop_teardown),
		cmocka_unit_test_setup_teardown(test_turns_nonblocking_virtual, loop_setup_virtual, loop_teardown),
		cmocka_unit_test_setup_teardown(test_turns_match_run, loop_setup_virtual, loop_teardown),
		cmocka_unit_test_setup_teardown(test_fds_one_per_turn, loop_setup_real, loop_teardown),
		cmocka_unit_test_setup_teardown(test_stop_in_fd_batch, loop_setup_real, loop_teardown),
		cmocka_unit_test_setup_teardown(test_until_settled, loop_setup_virtual, loop_teardown),
		cmocka_unit_test_setup_teardown(test_until_timed_out, loop_setup_virtual, loop_teardown),
		cmocka_unit_test_setup_teardown(test_until_abandoned, loop_setup_virtual, loop_teardown),
		cmocka_unit_test_setup_teardown(test_until_handles_rejection, loop_setup_virtual, loop_teardown),
		cmocka_unit_test_setup_teardown(test_until_settled_by_thread, loop_setup_real, loop_teardown),
		cmocka_unit_test_setup_teardown(test_until_pool_promise, loop_setup_real, loop_teardown),
		cmocka_unit_test_setup_teardown(test_stop_from_timer, loop_setup_virtual, loop_teardown),
		cmocka_unit_test_setup_teardown(test_stop_from_microtask, loop_setup_virtual, loop_teardown),
		cmocka_unit_test_setup_teardown(test_stop_from_posted_task, loop_setup_virtual, loop_teardown),
		cmocka_unit_test_setup_teardown(test_stop_before_first_macrotask, loop_setup_virtual, loop_teardown),
		cmocka_unit_test_setup_teardown(test_stop_run_until_and_once, loop_setup_virtual, loop_teardown),
		cmocka_unit_test_setup_teardown(test_backend_fd_post, loop_setup_real, loop_teardown),
		cmocka_unit_test_setup_teardown(test_backend_fd_timer, loop_setup_real, loop_teardown),
		cmocka_unit_test_setup_teardown(test_backend_timeout_owner_work, loop_setup_real, loop_teardown),
		cmocka_unit_test_setup_teardown(test_backend_timeout_virtual, loop_setup_virtual, loop_teardown),
		cmocka_unit_test_setup_teardown(test_backend_fd_many_posts, loop_setup_real, loop_teardown),
		cmocka_unit_test_setup_teardown(test_stats_exact, loop_setup_virtual, loop_teardown),
		cmocka_unit_test_setup_teardown(test_stats_promises_alive, loop_setup_virtual, loop_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
