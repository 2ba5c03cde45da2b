/*
 * test_completion_sources.c - work that is neither a job nor a timer
 * (vow/executor.h, vow/loop.h): file descriptors the loop waits on, and
 * poll sources on the loop and on the pool.
 */
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <vow/vow.h>

/* ---- fds on the loop -------------------------------------------------------- */

struct pipe_watch {
	int fds[2];
	vow_resolver *r;
	vow_fd_watch *w;
	int calls;
	unsigned events;
};

static void on_readable(void *ctx, int fd, unsigned events)
{
	struct pipe_watch *pw = ctx;
	char buf[16];
	ssize_t n = read(fd, buf, sizeof buf);

	pw->calls++;
	pw->events = events;
	assert_true(n > 0);
	vow_resolver_resolve(pw->r, vow_strn(buf, (size_t)n));
	assert_int_equal(vow_loop_unwatch_fd(pw->w), 0); /* from inside its callback */
}

static int dtor_runs;

static void count_dtor(void *ctx)
{
	(void)ctx;
	dtor_runs++;
}

static void *write_later(void *arg)
{
	int fd = *(int *)arg;

	usleep(20000);
	assert_int_equal(write(fd, "ping", 4), 4);
	return NULL;
}

static char seen[16];

static vow_outcome remember(void *ctx, vow_value v)
{
	(void)ctx;
	snprintf(seen, sizeof seen, "%s", vow_str_cstr(v));
	return vow_return(vow_undefined());
}

/* A pipe written by another thread wakes the sleeping loop; the watch
 * keeps the loop running until it is cleared. */
static void loop_watches_a_pipe(void **state)
{
	vow_loop *loop = vow_loop_new(0);
	struct pipe_watch pw = { .calls = 0 };
	vow_promise *p, *q;
	pthread_t th;

	(void)state;
	dtor_runs = 0;
	seen[0] = '\0';
	assert_int_equal(pipe2(pw.fds, O_CLOEXEC), 0);
	p = vow_promise_with_resolvers(vow_loop_executor(loop), &pw.r);
	q = vow_promise_then(p, remember, NULL, NULL, NULL);
	pw.w = vow_loop_watch_fd(loop, pw.fds[0], VOW_FD_READABLE, on_readable, &pw, count_dtor);
	assert_non_null(pw.w);
	assert_int_equal(pthread_create(&th, NULL, write_later, &pw.fds[1]), 0);
	assert_int_equal(vow_loop_run(loop), 0); /* returns once the watch is cleared */
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_int_equal(pw.calls, 1);
	assert_int_equal(pw.events, VOW_FD_READABLE);
	assert_int_equal(dtor_runs, 1);
	assert_string_equal(seen, "ping"); /* the checkpoint after the callback ran the handler */
	vow_resolver_release(pw.r);
	vow_promise_release(p);
	vow_promise_release(q);
	vow_loop_free(loop);
	close(pw.fds[0]);
	close(pw.fds[1]);
}

static void on_hangup(void *ctx, int fd, unsigned events)
{
	struct pipe_watch *pw = ctx;

	(void)fd;
	pw->calls++;
	pw->events = events;
	assert_int_equal(vow_loop_unwatch_fd(pw->w), 0);
}

/* The other end closed: the callback sees VOW_FD_ERROR. */
static void loop_reports_hangup(void **state)
{
	vow_loop *loop = vow_loop_new(0);
	struct pipe_watch pw = { .calls = 0 };

	(void)state;
	assert_int_equal(pipe2(pw.fds, O_CLOEXEC), 0);
	close(pw.fds[1]);
	pw.w = vow_loop_watch_fd(loop, pw.fds[0], VOW_FD_READABLE, on_hangup, &pw, NULL);
	assert_non_null(pw.w);
	assert_int_equal(vow_loop_run(loop), 0);
	assert_int_equal(pw.calls, 1);
	assert_true(pw.events & VOW_FD_ERROR);
	vow_loop_free(loop);
	close(pw.fds[0]);
}

static void never_called(void *ctx, int fd, unsigned events)
{
	(void)ctx;
	(void)fd;
	(void)events;
	fail_msg("this watch must not fire");
}

static void *watch_from_other_thread(void *arg)
{
	vow_fd_watch *w = vow_loop_watch_fd(arg, 0, VOW_FD_READABLE, never_called, NULL, count_dtor);

	return (void *)(intptr_t)(w == NULL ? vow_last_error() : 0);
}

static void watch_bad_input(void **state)
{
	vow_loop *loop = vow_loop_new(0);
	char path[] = "/tmp/vow-watch-XXXXXX";
	int file = mkstemp(path);
	int fds[2];
	vow_fd_watch *w;
	pthread_t th;
	void *rc;

	(void)state;
	dtor_runs = 0;
	assert_true(file >= 0);
	unlink(path);
	assert_int_equal(pipe2(fds, O_CLOEXEC), 0);
	/* Each failure runs ctx_dtor once and records the code. */
	assert_null(vow_loop_watch_fd(NULL, fds[0], VOW_FD_READABLE, never_called, NULL, count_dtor));
	assert_int_equal(vow_last_error(), VOW_EINVAL);
	assert_null(vow_loop_watch_fd(loop, -1, VOW_FD_READABLE, never_called, NULL, count_dtor));
	assert_int_equal(vow_last_error(), VOW_EINVAL);
	assert_null(vow_loop_watch_fd(loop, fds[0], 0, never_called, NULL, count_dtor));
	assert_int_equal(vow_last_error(), VOW_EINVAL);
	assert_null(vow_loop_watch_fd(loop, fds[0], VOW_FD_ERROR, never_called, NULL, count_dtor));
	assert_int_equal(vow_last_error(), VOW_EINVAL);
	assert_null(vow_loop_watch_fd(loop, fds[0], VOW_FD_READABLE, NULL, NULL, count_dtor));
	assert_int_equal(vow_last_error(), VOW_EINVAL);
	/* A regular file cannot be watched (epoll refuses it). */
	assert_null(vow_loop_watch_fd(loop, file, VOW_FD_READABLE, never_called, NULL, count_dtor));
	assert_int_equal(vow_last_error(), VOW_EINVAL);
	assert_int_equal(pthread_create(&th, NULL, watch_from_other_thread, loop), 0);
	assert_int_equal(pthread_join(th, &rc), 0);
	assert_int_equal((intptr_t)rc, VOW_ETHREAD);
	assert_int_equal(dtor_runs, 7);
	/* Twice the same fd. */
	w = vow_loop_watch_fd(loop, fds[0], VOW_FD_READABLE, never_called, NULL, count_dtor);
	assert_non_null(w);
	assert_null(vow_loop_watch_fd(loop, fds[0], VOW_FD_READABLE, never_called, NULL, count_dtor));
	assert_int_equal(vow_last_error(), VOW_EINVAL);
	assert_int_equal(dtor_runs, 8);
	assert_int_equal(vow_loop_unwatch_fd(NULL), VOW_EINVAL);
	/* Freed with the loop: its ctx_dtor runs. */
	vow_loop_free(loop);
	assert_int_equal(dtor_runs, 9);
	close(file);
	close(fds[0]);
	close(fds[1]);
}

/* ---- poll sources --------------------------------------------------------------- */

/*
 * A fake completion queue: it completes its one request on the n-th poll
 * (resolving a promise) and has nothing outstanding afterwards.
 */
struct fake_queue {
	atomic_int polls;
	int complete_at;
	vow_resolver *r;
	atomic_int dtors;
	vow_poll_source *src;
	bool remove_inside;
};

static vow_poll_status fake_poll(void *ctx)
{
	struct fake_queue *q = ctx;
	int n = atomic_fetch_add(&q->polls, 1) + 1;

	if (q->r == NULL)
		return VOW_POLL_IDLE; /* nothing outstanding */
	if (n < q->complete_at)
		return VOW_POLL_PENDING;
	vow_resolver_resolve(q->r, vow_int(n));
	vow_resolver_release(q->r);
	q->r = NULL;
	if (q->remove_inside)
		vow_poll_source_remove(q->src);
	return VOW_POLL_IDLE;
}

static void fake_dtor(void *ctx)
{
	struct fake_queue *q = ctx;

	atomic_fetch_add(&q->dtors, 1);
}

static vow_outcome plus_one(void *ctx, vow_value v)
{
	(void)ctx;
	return vow_return(vow_int(v.as.i + 1));
}

static void loop_poll_source(void **state)
{
	vow_loop *loop = vow_loop_new(0);
	vow_executor *ex = vow_loop_executor(loop);
	struct fake_queue q = { .complete_at = 5 };
	vow_promise *p = vow_promise_with_resolvers(ex, &q.r);
	vow_promise *t = vow_promise_then(p, plus_one, NULL, NULL, NULL);

	(void)state;
	q.src = vow_poll_source_add(ex, fake_poll, &q, fake_dtor);
	assert_non_null(q.src);
	/* The active source keeps the loop running until it completes. */
	assert_int_equal(vow_loop_run(loop), 0);
	assert_int_equal(atomic_load(&q.polls), 5); /* idle afterwards: no more polls */
	assert_int_equal(vow_promise_result(t).as.i, 6);
	/* Woken again: polled again (once: it reports idle at once). */
	vow_poll_source_wake(q.src);
	assert_int_equal(vow_loop_run(loop), 0);
	assert_int_equal(atomic_load(&q.polls), 6);
	vow_poll_source_remove(q.src);
	assert_int_equal(atomic_load(&q.dtors), 1);
	vow_promise_release(p);
	vow_promise_release(t);
	vow_loop_free(loop);
}

/* A source removed from inside its own fn; one left when the loop is freed. */
static void loop_poll_source_lifetimes(void **state)
{
	vow_loop *loop = vow_loop_new(VOW_LOOP_VIRTUAL_CLOCK);
	vow_executor *ex = vow_loop_executor(loop);
	struct fake_queue a = { .complete_at = 3, .remove_inside = true };
	struct fake_queue b = { .complete_at = 1000000 };
	vow_promise *pa = vow_promise_with_resolvers(ex, &a.r);
	vow_promise *pb = vow_promise_with_resolvers(ex, &b.r);

	(void)state;
	a.src = vow_poll_source_add(ex, fake_poll, &a, fake_dtor);
	assert_non_null(a.src);
	assert_int_equal(vow_loop_run(loop), 0);
	assert_int_equal(atomic_load(&a.polls), 3);
	assert_int_equal(atomic_load(&a.dtors), 1);
	b.src = vow_poll_source_add(ex, fake_poll, &b, fake_dtor);
	assert_non_null(b.src);
	vow_loop_free(loop); /* removes b: its ctx_dtor runs */
	assert_int_equal(atomic_load(&b.dtors), 1);
	assert_int_equal(atomic_load(&b.polls), 0);
	/* Adding to a closed executor fails, and the destructor runs. */
	assert_null(vow_poll_source_add(ex, fake_poll, &b, fake_dtor));
	assert_int_equal(vow_last_error(), VOW_ESHUTDOWN);
	assert_int_equal(atomic_load(&b.dtors), 2);
	vow_resolver_release(b.r);
	vow_promise_release(pa);
	vow_promise_release(pb);
}

static void pool_poll_source(void **state)
{
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 2 });
	vow_executor *ex = vow_pool_executor(pool);
	struct fake_queue q = { .complete_at = 50 };
	vow_promise *p = vow_promise_with_resolvers(ex, &q.r);
	vow_promise *t = vow_promise_then(p, plus_one, NULL, NULL, NULL);

	(void)state;
	q.src = vow_poll_source_add(ex, fake_poll, &q, fake_dtor);
	assert_non_null(q.src);
	/* An idle pool polls an active source (with back-off) until it completes. */
	assert_int_equal(vow_promise_wait(t, 10000), 0);
	assert_int_equal(vow_promise_result(t).as.i, 51);
	usleep(20000);
	assert_int_equal(atomic_load(&q.polls), 50); /* idle: not polled again */
	vow_poll_source_wake(q.src);
	for (int i = 0; i < 1000 && atomic_load(&q.polls) == 50; i++)
		usleep(1000);
	assert_int_equal(atomic_load(&q.polls), 51);
	vow_poll_source_remove(q.src);
	assert_int_equal(atomic_load(&q.dtors), 1);
	vow_promise_release(p);
	vow_promise_release(t);
	vow_pool_free(pool);
}

static double cpu_seconds(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/*
 * An idle pool whose only source is idle sleeps: no polling, no spinning.
 * (A correctness check, not a benchmark: spinning would burn the whole
 * interval on two workers, 600 ms of CPU; sleeping burns next to none.)
 */
static void idle_pool_with_idle_source_sleeps(void **state)
{
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 2 });
	struct fake_queue q = { .complete_at = 1 };
	double before;
	int polls;

	(void)state;
	q.src = vow_poll_source_add(vow_pool_executor(pool), fake_poll, &q, fake_dtor);
	assert_non_null(q.src);
	for (int i = 0; i < 1000 && atomic_load(&q.polls) == 0; i++)
		usleep(1000);
	usleep(10000);
	polls = atomic_load(&q.polls);
	before = cpu_seconds();
	usleep(300000);
	assert_true(cpu_seconds() - before < 0.1);
	assert_int_equal(atomic_load(&q.polls), polls);
	vow_pool_free(pool); /* closes the executor: the source's ctx_dtor runs */
	assert_int_equal(atomic_load(&q.dtors), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(loop_watches_a_pipe),
		cmocka_unit_test(loop_reports_hangup),
		cmocka_unit_test(watch_bad_input),
		cmocka_unit_test(loop_poll_source),
		cmocka_unit_test(loop_poll_source_lifetimes),
		cmocka_unit_test(pool_poll_source),
		cmocka_unit_test(idle_pool_with_idle_source_sleeps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
