/*
 * test_bad_input_loop.c - every public function of loop.h with NULL or
 * invalid arguments, from a thread that does not own the loop, or in the
 * wrong state, as one table (bad_input.h); docs/bad-input.md, section
 * loop.h, lists the same IDs.
 */
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "bad_input.h"

static void count_ran(void *ctx)
{
	((struct fx *)ctx)->ran++;
}

static void never_runs(void *ctx)
{
	(void)ctx;
	fail_msg("a callback of a failed call ran");
}

static void never_sees_fd(void *ctx, int fd, unsigned events)
{
	(void)ctx;
	(void)fd;
	(void)events;
	fail_msg("a callback of a failed watch ran");
}

/*
 * A call made on another thread: what it returned, vow_last_error() there
 * (thread-local), and how often its ctx_dtor ran.
 */
struct other {
	struct fx *f;
	vow_timer_id id;
	vow_fd_watch *w;
	int fd;
	int rc;
	int err;
	int dtor;
};

/* ---- lifetime ---------------------------------------------------------------------- */

BAD(vow_loop_new, unknown_flag)
{
	(void)f;
	EXPECT_NULL_EINVAL(vow_loop_new(1u << 1));
	EXPECT_NULL_EINVAL(vow_loop_new(~0u));
}
BAD(vow_loop_free, null) { (void)f; vow_loop_free(NULL); }
BAD(vow_loop_executor, null)
{
	(void)f;
	bad_input_set_other_error();
	EXPECT_NULL_EINVAL(vow_loop_executor(NULL));
}

/* ---- running ------------------------------------------------------------------------- */

BAD(vow_loop_run, null) { (void)f; assert_int_equal(vow_loop_run(NULL), VOW_EINVAL); }

static void *run_elsewhere(void *arg)
{
	struct other *o = arg;

	o->rc = vow_loop_run(o->f->loop);
	return NULL;
}
BAD(vow_loop_run, other_thread)
{
	struct other o = {.f = f};

	assert_int_equal(vow_loop_queue_microtask(f->loop, count_ran, f, NULL), 0);
	bad_input_on_thread(run_elsewhere, &o);
	assert_int_equal(o.rc, VOW_ETHREAD);
	assert_int_equal(f->ran, 0); /* nothing ran there */
	test_loop_run(f->loop);
	assert_int_equal(f->ran, 1);
}

static void run_inside(void *ctx)
{
	struct other *o = ctx;

	o->rc = vow_loop_run(o->f->loop);
	o->f->ran++;
}
BAD(vow_loop_run, reentered)
{
	struct other o = {.f = f, .rc = 1};

	assert_int_not_equal(vow_loop_set_timeout(f->loop, run_inside, &o, NULL, 5), 0);
	test_loop_run(f->loop); /* the outer run goes on to idle */
	assert_int_equal(o.rc, VOW_EBUSY);
	assert_int_equal(f->ran, 1);
}
BAD(vow_loop_run_once, null)
{
	(void)f;
	assert_int_equal(vow_loop_run_once(NULL, true), VOW_EINVAL);
	assert_int_equal(vow_loop_run_once(NULL, false), VOW_EINVAL);
}

static void *run_once_elsewhere(void *arg)
{
	struct other *o = arg;

	o->rc = vow_loop_run_once(o->f->loop, false);
	return NULL;
}
BAD(vow_loop_run_once, other_thread)
{
	struct other o = {.f = f};

	assert_int_equal(vow_loop_queue_microtask(f->loop, count_ran, f, NULL), 0);
	bad_input_on_thread(run_once_elsewhere, &o);
	assert_int_equal(o.rc, VOW_ETHREAD);
	assert_int_equal(f->ran, 0);
	test_loop_run(f->loop);
	assert_int_equal(f->ran, 1);
}

static void run_once_inside(void *ctx)
{
	struct other *o = ctx;

	o->rc = vow_loop_run_once(o->f->loop, true);
	o->f->ran++;
}
BAD(vow_loop_run_once, reentered)
{
	struct other o = {.f = f, .rc = 1};

	assert_int_not_equal(vow_loop_set_timeout(f->loop, run_once_inside, &o, NULL, 5), 0);
	assert_int_not_equal(vow_loop_set_timeout(f->loop, count_ran, f, NULL, 6), 0);
	/* The outer turn runs the first timer only. */
	assert_int_equal(vow_loop_run_once(f->loop, true), VOW_LOOP_RAN);
	assert_int_equal(o.rc, VOW_EBUSY);
	assert_int_equal(f->ran, 1);
}

/* A promise of the row's loop that nobody settles, and its resolver. */
struct pending {
	vow_promise *p;
	vow_resolver *r;
};

static void pending_new(struct fx *f, struct pending *d)
{
	d->p = test_deferred(f->ex, &d->r);
}

static void pending_free(struct pending *d)
{
	vow_resolver_release(d->r);
	vow_promise_release(d->p);
}

BAD(vow_loop_run_until, loop_null)
{
	struct pending d;

	pending_new(f, &d);
	assert_int_equal(vow_loop_run_until(NULL, d.p, -1), VOW_EINVAL);
	assert_false(vow_promise_is_handled(d.p)); /* nothing attached */
	pending_free(&d);
}
BAD(vow_loop_run_until, p_null)
{
	assert_int_equal(vow_loop_queue_microtask(f->loop, count_ran, f, NULL), 0);
	assert_int_equal(vow_loop_run_until(f->loop, NULL, -1), VOW_EINVAL);
	assert_int_equal(f->ran, 0); /* nothing ran */
}

static void *run_until_elsewhere(void *arg)
{
	struct other *o = arg;
	vow_promise *p = vow_promise_resolve(o->f->ex, vow_int(1));

	o->rc = vow_loop_run_until(o->f->loop, p, -1);
	vow_promise_release(p);
	return NULL;
}
BAD(vow_loop_run_until, other_thread)
{
	struct other o = {.f = f};

	bad_input_on_thread(run_until_elsewhere, &o);
	assert_int_equal(o.rc, VOW_ETHREAD);
}

static void run_until_inside(void *ctx)
{
	struct other *o = ctx;
	vow_promise *p = vow_promise_resolve(o->f->ex, vow_int(1));

	o->rc = vow_loop_run_until(o->f->loop, p, -1);
	vow_promise_release(p);
	o->f->ran++;
}
BAD(vow_loop_run_until, reentered)
{
	struct other o = {.f = f, .rc = 1};

	assert_int_not_equal(vow_loop_set_timeout(f->loop, run_until_inside, &o, NULL, 5), 0);
	test_loop_run(f->loop);
	assert_int_equal(o.rc, VOW_EBUSY);
	assert_int_equal(f->ran, 1);
}
BAD(vow_loop_run_until, zero_timeout)
{
	struct pending d;

	pending_new(f, &d);
	assert_int_equal(vow_loop_queue_microtask(f->loop, count_ran, f, NULL), 0);
	assert_int_equal(vow_loop_run_until(f->loop, d.p, 0), VOW_ETIMEDOUT);
	assert_int_equal(f->ran, 1); /* the checkpoint ran */
	assert_false(vow_promise_is_handled(d.p)); /* nothing attached */
	pending_free(&d);
}
BAD(vow_loop_run_until, negative_timeout)
{
	struct pending d;

	pending_new(f, &d);
	/* No limit, and nothing on the loop can settle it. */
	assert_int_equal(vow_loop_run_until(f->loop, d.p, INT64_MIN), VOW_EABANDONED);
	assert_true(vow_promise_is_handled(d.p));
	assert_int_equal(vow_promise_state(d.p), VOW_PENDING);
	pending_free(&d);
}
BAD(vow_loop_run_until, huge_timeout)
{
	struct pending d;

	pending_new(f, &d);
	/* The limit is weak: it does not keep the idle loop waiting for it. */
	assert_int_equal(vow_loop_run_until(f->loop, d.p, INT64_MAX), VOW_EABANDONED);
	assert_int_equal(vow_loop_now(f->loop), 0);
	pending_free(&d);
}

BAD(vow_loop_stop, null)
{
	(void)f;
	bad_input_set_other_error();
	vow_loop_stop(NULL);
	assert_int_equal(vow_last_error(), VOW_EINVAL);
}

static void *stop_elsewhere(void *arg)
{
	struct other *o = arg;

	vow_loop_stop(o->f->loop);
	o->err = vow_last_error();
	return NULL;
}

static void stop_from_thread(void *ctx)
{
	struct other *o = ctx;

	bad_input_on_thread(stop_elsewhere, o);
	o->f->ran++;
}
BAD(vow_loop_stop, other_thread)
{
	struct other o = {.f = f};

	assert_int_not_equal(vow_loop_set_timeout(f->loop, stop_from_thread, &o, NULL, 5), 0);
	assert_int_not_equal(vow_loop_set_timeout(f->loop, count_ran, f, NULL, 6), 0);
	/* The run is not stopped: it goes on to idle. */
	assert_int_equal(vow_loop_run(f->loop), 0);
	assert_int_equal(o.err, VOW_ETHREAD);
	assert_int_equal(f->ran, 2);
}
BAD(vow_loop_stop, outside_run)
{
	vow_loop_stop(f->loop);
	assert_int_not_equal(vow_loop_set_timeout(f->loop, count_ran, f, NULL, 5), 0);
	assert_int_not_equal(vow_loop_set_timeout(f->loop, count_ran, f, NULL, 6), 0);
	/* Nothing was pending for the run: it goes on to idle. */
	assert_int_equal(vow_loop_run(f->loop), 0);
	assert_int_equal(f->ran, 2);
}
BAD(vow_loop_now, null)
{
	(void)f;
	bad_input_set_other_error();
	assert_int_equal(vow_loop_now(NULL), 0);
	assert_int_equal(vow_last_error(), VOW_EINVAL);
}

/* ---- timers ---------------------------------------------------------------------------- */

typedef vow_timer_id (*set_timer_fn)(vow_loop *, vow_task_fn, void *, vow_dtor_fn, uint64_t);

static void timer_loop_null(struct fx *f, set_timer_fn set)
{
	assert_int_equal(set(NULL, never_runs, &f->dtor, count_dtor, 1), 0);
	assert_int_equal(vow_last_error(), VOW_EINVAL);
	assert_int_equal(f->dtor, 1);
}

static void timer_fn_null(struct fx *f, set_timer_fn set)
{
	assert_int_equal(set(f->loop, NULL, &f->dtor, count_dtor, 1), 0);
	assert_int_equal(vow_last_error(), VOW_EINVAL);
	assert_int_equal(f->dtor, 1);
}

static set_timer_fn other_set;

static void *set_timer_elsewhere(void *arg)
{
	struct other *o = arg;

	o->id = other_set(o->f->loop, never_runs, &o->dtor, count_dtor, 1);
	o->err = vow_last_error();
	return NULL;
}

static void timer_other_thread(struct fx *f, set_timer_fn set)
{
	struct other o = {.f = f, .id = 1};

	other_set = set;
	bad_input_on_thread(set_timer_elsewhere, &o);
	assert_int_equal(o.id, 0);
	assert_int_equal(o.err, VOW_ETHREAD);
	assert_int_equal(o.dtor, 1); /* on that thread, before the call returned */
}

BAD(vow_loop_set_timeout, loop_null) { timer_loop_null(f, vow_loop_set_timeout); }
BAD(vow_loop_set_timeout, fn_null) { timer_fn_null(f, vow_loop_set_timeout); }
BAD(vow_loop_set_timeout, other_thread) { timer_other_thread(f, vow_loop_set_timeout); }

/* A timer callback that records the clock; the third call clears its interval. */
struct at_max {
	struct fx *f;
	vow_timer_id id;
	int calls;
	uint64_t now[3];
};

static void record_now(void *ctx)
{
	struct at_max *a = ctx;

	assert_true(a->calls < 3);
	a->now[a->calls++] = vow_loop_now(a->f->loop);
	if (a->calls == 3)
		assert_int_equal(vow_loop_clear_timer(a->f->loop, a->id), 0);
}

static void at_max_dtor(void *ctx)
{
	((struct at_max *)ctx)->f->dtor++;
}

BAD(vow_loop_set_timeout, huge_ms)
{
	struct at_max a = {.f = f};

	/* The test loop runs on the virtual clock: time jumps to the deadline. */
	a.id = vow_loop_set_timeout(f->loop, record_now, &a, at_max_dtor, UINT64_MAX);
	assert_int_not_equal(a.id, 0);
	test_loop_run(f->loop);
	assert_int_equal(a.calls, 1);
	assert_true(a.now[0] == UINT64_MAX); /* the deadline saturated */
	assert_int_equal(f->dtor, 1);
}
BAD(vow_loop_set_interval, loop_null) { timer_loop_null(f, vow_loop_set_interval); }
BAD(vow_loop_set_interval, fn_null) { timer_fn_null(f, vow_loop_set_interval); }
BAD(vow_loop_set_interval, other_thread) { timer_other_thread(f, vow_loop_set_interval); }
BAD(vow_loop_set_interval, huge_ms)
{
	struct at_max a = {.f = f};

	a.id = vow_loop_set_interval(f->loop, record_now, &a, at_max_dtor, UINT64_MAX);
	assert_int_not_equal(a.id, 0);
	test_loop_run(f->loop);
	/* Every next deadline saturates at the time it fires at: back to back. */
	assert_int_equal(a.calls, 3);
	for (int i = 0; i < 3; i++)
		assert_true(a.now[i] == UINT64_MAX);
	assert_int_equal(f->dtor, 1);
}

/* A timeout that must still fire: the failed clear left it alone. */
static vow_timer_id timer_that_fires(struct fx *f)
{
	vow_timer_id id = vow_loop_set_timeout(f->loop, count_ran, f, NULL, 10);

	assert_int_not_equal(id, 0);
	return id;
}

BAD(vow_loop_clear_timer, loop_null)
{
	vow_timer_id id = timer_that_fires(f);

	assert_int_equal(vow_loop_clear_timer(NULL, id), VOW_EINVAL);
	test_loop_run(f->loop);
	assert_int_equal(f->ran, 1);
}

static void *clear_elsewhere(void *arg)
{
	struct other *o = arg;

	o->rc = vow_loop_clear_timer(o->f->loop, o->id);
	return NULL;
}
BAD(vow_loop_clear_timer, other_thread)
{
	struct other o = {.f = f, .id = timer_that_fires(f)};

	bad_input_on_thread(clear_elsewhere, &o);
	assert_int_equal(o.rc, VOW_ETHREAD);
	test_loop_run(f->loop);
	assert_int_equal(f->ran, 1);
}
BAD(vow_loop_clear_timer, zero) { assert_int_equal(vow_loop_clear_timer(f->loop, 0), VOW_ENOTFOUND); }
BAD(vow_loop_clear_timer, unknown)
{
	(void)timer_that_fires(f);
	assert_int_equal(vow_loop_clear_timer(f->loop, UINT64_MAX), VOW_ENOTFOUND);
	test_loop_run(f->loop);
	assert_int_equal(f->ran, 1);
}
BAD(vow_loop_clear_timer, fired)
{
	vow_timer_id id = timer_that_fires(f);

	test_loop_run(f->loop);
	assert_int_equal(f->ran, 1);
	assert_int_equal(vow_loop_clear_timer(f->loop, id), VOW_ENOTFOUND);
}
BAD(vow_loop_clear_timer, twice)
{
	vow_timer_id id = vow_loop_set_timeout(f->loop, never_runs, &f->dtor, count_dtor, 10);

	assert_int_equal(vow_loop_clear_timer(f->loop, id), 0);
	assert_int_equal(f->dtor, 1);
	assert_int_equal(vow_loop_clear_timer(f->loop, id), VOW_ENOTFOUND);
	assert_int_equal(f->dtor, 1);
}
BAD(vow_loop_clear_timer, other_loop)
{
	/* Both loops are fresh: with ids per loop, both timers would be number 1. */
	vow_loop *other = test_loop_new(); /* this thread now runs other's jobs too */
	struct fx g = {.loop = other};
	vow_timer_id mine = timer_that_fires(f);
	vow_timer_id theirs = timer_that_fires(&g);

	assert_int_not_equal(mine, theirs);
	assert_int_equal(vow_loop_clear_timer(other, mine), VOW_ENOTFOUND);
	test_loop_run(other);
	assert_int_equal(g.ran, 1); /* other's own timer was left alone */
	vow_loop_free(other);
	assert_int_equal(vow_executor_enter(f->ex), 0);
	test_loop_run(f->loop);
	assert_int_equal(f->ran, 1);
}

/* ---- queueing -------------------------------------------------------------------------- */

BAD(vow_loop_queue_microtask, loop_null)
{
	assert_int_equal(vow_loop_queue_microtask(NULL, never_runs, &f->dtor, count_dtor), VOW_EINVAL);
	assert_int_equal(f->dtor, 1);
}
BAD(vow_loop_queue_microtask, fn_null)
{
	assert_int_equal(vow_loop_queue_microtask(f->loop, NULL, &f->dtor, count_dtor), VOW_EINVAL);
	assert_int_equal(f->dtor, 1);
}

static void *queue_elsewhere(void *arg)
{
	struct other *o = arg;

	o->rc = vow_loop_queue_microtask(o->f->loop, never_runs, &o->dtor, count_dtor);
	return NULL;
}
BAD(vow_loop_queue_microtask, other_thread)
{
	struct other o = {.f = f};

	bad_input_on_thread(queue_elsewhere, &o);
	assert_int_equal(o.rc, VOW_ETHREAD);
	assert_int_equal(o.dtor, 1);
}
BAD(vow_loop_post, loop_null)
{
	assert_int_equal(vow_loop_post(NULL, never_runs, &f->dtor, count_dtor), VOW_EINVAL);
	assert_int_equal(f->dtor, 1);
}
BAD(vow_loop_post, fn_null)
{
	assert_int_equal(vow_loop_post(f->loop, NULL, &f->dtor, count_dtor), VOW_EINVAL);
	assert_int_equal(f->dtor, 1);
}
BAD(vow_loop_ref, null) { (void)f; vow_loop_ref(NULL); }
BAD(vow_loop_unref, null) { (void)f; vow_loop_unref(NULL); }

/* ---- embedding ------------------------------------------------------------------------ */

BAD(vow_loop_backend_fd, null) { (void)f; assert_int_equal(vow_loop_backend_fd(NULL), VOW_EINVAL); }

static void *backend_fd_elsewhere(void *arg)
{
	struct other *o = arg;

	o->rc = vow_loop_backend_fd(o->f->loop);
	return NULL;
}
BAD(vow_loop_backend_fd, other_thread)
{
	struct other o = {.f = f};

	bad_input_on_thread(backend_fd_elsewhere, &o);
	assert_int_equal(o.rc, VOW_ETHREAD);
}
BAD(vow_loop_backend_timeout, null)
{
	(void)f;
	bad_input_set_other_error();
	assert_int_equal(vow_loop_backend_timeout(NULL), 0);
	assert_int_equal(vow_last_error(), VOW_EINVAL);
}

static void *backend_timeout_elsewhere(void *arg)
{
	struct other *o = arg;

	bad_input_set_other_error();
	o->rc = (int)vow_loop_backend_timeout(o->f->loop);
	o->err = vow_last_error();
	return NULL;
}
BAD(vow_loop_backend_timeout, other_thread)
{
	struct other o = {.f = f, .rc = 1};

	bad_input_on_thread(backend_timeout_elsewhere, &o);
	assert_int_equal(o.rc, 0);
	assert_int_equal(o.err, VOW_ETHREAD);
}

/* ---- counters ------------------------------------------------------------------------- */

static const vow_loop_stats stats_canary = {1, 2, 3, 4};

BAD(vow_loop_stats_read, loop_null)
{
	vow_loop_stats s = stats_canary;

	(void)f;
	assert_int_equal(vow_loop_stats_read(NULL, &s), VOW_EINVAL);
	assert_memory_equal(&s, &stats_canary, sizeof s); /* untouched */
}
BAD(vow_loop_stats_read, out_null) { assert_int_equal(vow_loop_stats_read(f->loop, NULL), VOW_EINVAL); }

static void *stats_elsewhere(void *arg)
{
	struct other *o = arg;
	vow_loop_stats s = stats_canary;

	o->rc = vow_loop_stats_read(o->f->loop, &s);
	o->err = memcmp(&s, &stats_canary, sizeof s) == 0 ? 0 : 1;
	return NULL;
}
BAD(vow_loop_stats_read, other_thread)
{
	struct other o = {.f = f};

	bad_input_on_thread(stats_elsewhere, &o);
	assert_int_equal(o.rc, VOW_ETHREAD);
	assert_int_equal(o.err, 0); /* untouched */
}

/* ---- file descriptors ----------------------------------------------------------------- */

/* A pipe for the row; closed by the caller. */
static void row_pipe(int fds[2])
{
	assert_int_equal(pipe2(fds, O_CLOEXEC), 0);
}

static void watch_fails(struct fx *f, vow_loop *loop, int fd, unsigned events, vow_fd_fn fn,
			int code)
{
	int before = f->dtor;

	EXPECT_NULL_ERR(vow_loop_watch_fd(loop, fd, events, fn, &f->dtor, count_dtor), code);
	assert_int_equal(f->dtor, before + 1);
}

BAD(vow_loop_watch_fd, loop_null)
{
	int fds[2];

	row_pipe(fds);
	watch_fails(f, NULL, fds[0], VOW_FD_READABLE, never_sees_fd, VOW_EINVAL);
	close(fds[0]);
	close(fds[1]);
}
BAD(vow_loop_watch_fd, fn_null)
{
	int fds[2];

	row_pipe(fds);
	watch_fails(f, f->loop, fds[0], VOW_FD_READABLE, NULL, VOW_EINVAL);
	close(fds[0]);
	close(fds[1]);
}
BAD(vow_loop_watch_fd, fd_negative) { watch_fails(f, f->loop, -1, VOW_FD_READABLE, never_sees_fd, VOW_EINVAL); }
BAD(vow_loop_watch_fd, fd_not_open) { watch_fails(f, f->loop, INT_MAX, VOW_FD_READABLE, never_sees_fd, VOW_EINVAL); }
BAD(vow_loop_watch_fd, no_events)
{
	int fds[2];

	row_pipe(fds);
	watch_fails(f, f->loop, fds[0], 0, never_sees_fd, VOW_EINVAL);
	close(fds[0]);
	close(fds[1]);
}
BAD(vow_loop_watch_fd, unknown_events)
{
	int fds[2];

	row_pipe(fds);
	watch_fails(f, f->loop, fds[0], 1u << 7, never_sees_fd, VOW_EINVAL);
	watch_fails(f, f->loop, fds[0], VOW_FD_READABLE | 1u << 7, never_sees_fd, VOW_EINVAL);
	/* VOW_FD_ERROR is reported, never asked for. */
	watch_fails(f, f->loop, fds[0], VOW_FD_ERROR, never_sees_fd, VOW_EINVAL);
	watch_fails(f, f->loop, fds[0], VOW_FD_READABLE | VOW_FD_ERROR, never_sees_fd, VOW_EINVAL);
	assert_int_equal(f->dtor, 4);
	close(fds[0]);
	close(fds[1]);
}
BAD(vow_loop_watch_fd, regular_file)
{
	FILE *tmp = tmpfile();

	assert_non_null(tmp);
	watch_fails(f, f->loop, fileno(tmp), VOW_FD_READABLE, never_sees_fd, VOW_EINVAL);
	fclose(tmp);
}
BAD(vow_loop_watch_fd, watched_twice)
{
	int fds[2], first = 0;
	vow_fd_watch *w;

	row_pipe(fds);
	w = vow_loop_watch_fd(f->loop, fds[0], VOW_FD_READABLE, never_sees_fd, &first, count_dtor);
	assert_non_null(w);
	watch_fails(f, f->loop, fds[0], VOW_FD_READABLE, never_sees_fd, VOW_EINVAL);
	assert_int_equal(first, 0); /* the first watch is unchanged */
	assert_int_equal(vow_loop_unwatch_fd(w), 0);
	assert_int_equal(first, 1);
	close(fds[0]);
	close(fds[1]);
}

static void *watch_elsewhere(void *arg)
{
	struct other *o = arg;

	o->w = vow_loop_watch_fd(o->f->loop, o->fd, VOW_FD_READABLE, never_sees_fd, &o->dtor,
				 count_dtor);
	o->err = vow_last_error();
	return NULL;
}
BAD(vow_loop_watch_fd, other_thread)
{
	int fds[2];
	struct other o = {.f = f};

	row_pipe(fds);
	o.fd = fds[0];
	o.w = (vow_fd_watch *)&o;
	bad_input_on_thread(watch_elsewhere, &o);
	assert_null(o.w);
	assert_int_equal(o.err, VOW_ETHREAD);
	assert_int_equal(o.dtor, 1);
	close(fds[0]);
	close(fds[1]);
}
BAD(vow_loop_unwatch_fd, null) { (void)f; assert_int_equal(vow_loop_unwatch_fd(NULL), VOW_EINVAL); }

static void *unwatch_elsewhere(void *arg)
{
	struct other *o = arg;

	o->rc = vow_loop_unwatch_fd(o->w);
	return NULL;
}
BAD(vow_loop_unwatch_fd, other_thread)
{
	int fds[2];
	struct other o = {.f = f};

	row_pipe(fds);
	o.w = vow_loop_watch_fd(f->loop, fds[0], VOW_FD_READABLE, never_sees_fd, &f->dtor,
				count_dtor);
	assert_non_null(o.w);
	bad_input_on_thread(unwatch_elsewhere, &o);
	assert_int_equal(o.rc, VOW_ETHREAD);
	assert_int_equal(f->dtor, 0); /* still watched */
	assert_int_equal(vow_loop_unwatch_fd(o.w), 0);
	assert_int_equal(f->dtor, 1);
	close(fds[0]);
	close(fds[1]);
}

static const struct row rows[] = {
	ROW(vow_loop_new, unknown_flag),
	ROW(vow_loop_free, null), PRE(vow_loop_free, other_thread), PRE(vow_loop_free, running),
	ROW(vow_loop_executor, null),
	ROW(vow_loop_run, null), ROW(vow_loop_run, other_thread), ROW(vow_loop_run, reentered),
	ROW(vow_loop_run_once, null), ROW(vow_loop_run_once, other_thread),
	ROW(vow_loop_run_once, reentered),
	ROW(vow_loop_run_until, loop_null), ROW(vow_loop_run_until, p_null),
	ROW(vow_loop_run_until, other_thread), ROW(vow_loop_run_until, reentered),
	ROW(vow_loop_run_until, zero_timeout), ROW(vow_loop_run_until, negative_timeout),
	ROW(vow_loop_run_until, huge_timeout),
	ROW(vow_loop_stop, null), ROW(vow_loop_stop, other_thread), ROW(vow_loop_stop, outside_run),
	ROW(vow_loop_now, null),
	ROW(vow_loop_set_timeout, loop_null), ROW(vow_loop_set_timeout, fn_null),
	ROW(vow_loop_set_timeout, other_thread), ROW(vow_loop_set_timeout, huge_ms),
	ROW(vow_loop_set_interval, loop_null), ROW(vow_loop_set_interval, fn_null),
	ROW(vow_loop_set_interval, other_thread), ROW(vow_loop_set_interval, huge_ms),
	ROW(vow_loop_clear_timer, loop_null), ROW(vow_loop_clear_timer, other_thread),
	ROW(vow_loop_clear_timer, zero), ROW(vow_loop_clear_timer, unknown),
	ROW(vow_loop_clear_timer, fired), ROW(vow_loop_clear_timer, twice),
	ROW(vow_loop_clear_timer, other_loop),
	ROW(vow_loop_queue_microtask, loop_null), ROW(vow_loop_queue_microtask, fn_null),
	ROW(vow_loop_queue_microtask, other_thread),
	ROW(vow_loop_post, loop_null), ROW(vow_loop_post, fn_null), PRE(vow_loop_post, freed_loop),
	ROW(vow_loop_ref, null), ROW(vow_loop_unref, null), PRE(vow_loop_unref, unbalanced),
	ROW(vow_loop_backend_fd, null), ROW(vow_loop_backend_fd, other_thread),
	PRE(vow_loop_backend_fd, closed_by_caller),
	ROW(vow_loop_backend_timeout, null), ROW(vow_loop_backend_timeout, other_thread),
	ROW(vow_loop_stats_read, loop_null), ROW(vow_loop_stats_read, out_null),
	ROW(vow_loop_stats_read, other_thread),
	ROW(vow_loop_watch_fd, loop_null), ROW(vow_loop_watch_fd, fn_null),
	ROW(vow_loop_watch_fd, fd_negative), ROW(vow_loop_watch_fd, fd_not_open),
	ROW(vow_loop_watch_fd, no_events), ROW(vow_loop_watch_fd, unknown_events),
	ROW(vow_loop_watch_fd, regular_file), ROW(vow_loop_watch_fd, watched_twice),
	ROW(vow_loop_watch_fd, other_thread), PRE(vow_loop_watch_fd, fd_closed_while_watched),
	ROW(vow_loop_unwatch_fd, null), ROW(vow_loop_unwatch_fd, other_thread),
	PRE(vow_loop_unwatch_fd, twice),
};

BAD_INPUT_MAIN("bad_input_loop", rows)
