/*
 * loop.c - the loop object: creation and destruction, the executor ops
 * (post, track, wake), and the entry points that only queue work
 * (queueMicrotask, post, ref/unref).  Running is in run.c.
 *
 * CROSS-THREAD JOBS.  The promise core posts a job on the thread that
 * settled the promise.  On the owner thread the job goes straight onto the
 * microtask FIFO.  From any other thread it cannot touch the FIFO, so it
 * goes through the inbox and is delivered as its own macrotask step: when
 * the loop reaches it in the inbox phase it appends the job to the
 * microtask FIFO and runs a checkpoint (run.c).  Tracker calls from other
 * threads travel the same way, so a reject and its reactions keep their
 * order.
 *
 * LIFETIME.  The owner enters the loop's executor in vow_loop_new (its
 * promise references are counted without atomics) and leaves it in
 * vow_loop_free, which then closes the executor (vow/executor.h): posts
 * from other threads already under way finish first, later ones are
 * discarded by the core, so nothing touches the loop's memory once it is
 * freed.  The handle itself lives on with the loop's promises.
 */
#include "loop_impl.h"

/* ---- tracker calls from other threads -------------------------------- */

struct track_job {
	vow_job job;        /* first member */
	vow_loop *loop;
	vow_promise *p;     /* a reference */
	vow_rejection_op op;
};

static void track_job_run(vow_job *job)
{
	struct track_job *t = (struct track_job *)job;

	/* ENOMEM leaves p untracked; see loop_track(). */
	(void)vow__rejections_track(&t->loop->rejections, t->p, t->op);
	vow_promise_release(t->p);
	vow__free_small(t, sizeof *t);
}

static void track_job_discard(vow_job *job)
{
	struct track_job *t = (struct track_job *)job;

	vow_promise_release(t->p);
	vow__free_small(t, sizeof *t);
}

const vow_job_ops vow__track_job_ops = {
	.run = track_job_run,
	.discard = track_job_discard,
	.kind = VOW_JOB_TASK,
};

/* ---- the executor ops ----------------------------------------------------- */

static void loop_post(void *impl, vow_job *job)
{
	vow_loop *loop = impl;

	if (!vow__loop_is_owner_any(loop)) {
		/* See CROSS-THREAD JOBS above. */
		vow__inbox_push_any(&loop->inbox, job, true);
		return;
	}
	if (loop->closing) {
		/* Posted by a destructor while vow_loop_free discards: never runs. */
		job->ops->discard(job);
		return;
	}
	vow__loop_push_microtask_owner(loop, job);
}

/*
 * Tracking must not fail, but it needs memory (a record, or from another
 * thread a track job).  Under ENOMEM the promise goes untracked: no
 * unhandledRejection event will be emitted for it.
 */
static void loop_track(void *impl, vow_promise *p, vow_rejection_op op)
{
	vow_loop *loop = impl;
	struct track_job *t;

	if (vow__loop_is_owner_any(loop)) {
		if (!loop->closing)
			(void)vow__rejections_track(&loop->rejections, p, op);
		return;
	}
	t = vow__malloc_small(sizeof *t);
	if (t == NULL)
		return;
	t->job.next = NULL;
	t->job.ops = &vow__track_job_ops;
	t->loop = loop;
	t->p = vow_promise_dup(p);
	t->op = op;
	vow__inbox_push_any(&loop->inbox, &t->job, true);
}

static void loop_wake(void *impl)
{
	vow_loop *loop = impl;

	/* The owner is awake (it is us) and polls before it sleeps. */
	if (!vow__loop_is_owner_any(loop))
		vow__inbox_wake_any(&loop->inbox);
}

static uint64_t loop_timer_start(void *impl, uint64_t ms, vow_job *job, unsigned flags)
{
	return vow__loop_timer_start_owner(impl, ms, job, (flags & VOW_TIMER_WEAK) != 0);
}

static bool loop_timer_cancel(void *impl, uint64_t id)
{
	return vow__loop_timer_cancel_owner(impl, id);
}

static bool loop_runs_next(void *impl)
{
	return vow__loop_runs_next_owner(impl);
}

static const vow_executor_ops loop_ops = {
	.name = "loop",
	.post = loop_post,
	.rejection_tracking = VOW_TRACK_BY_EXECUTOR,
	.track = loop_track,
	.unordered = false,
	/*
	 * The owner blocks: a wait for the loop's own work times out.  Running
	 * the loop there could nest macrotasks inside the one that waits;
	 * vow_loop_run_until is the call that runs it, from outside.
	 */
	.wait = NULL,
	.wake = loop_wake,
	.timer_start = loop_timer_start,
	.timer_cancel = loop_timer_cancel,
	.runs_next = loop_runs_next,
};

/* ---- lifetime ---------------------------------------------------------------- */

vow_loop *vow_loop_new(unsigned flags)
{
	vow_loop *loop;

	if (flags & ~(unsigned)VOW_LOOP_VIRTUAL_CLOCK)
		return vow__fail(VOW_EINVAL);
	loop = vow__calloc(1, sizeof *loop);
	if (loop == NULL)
		return vow__fail(VOW_ENOMEM);
	if (vow__inbox_init(&loop->inbox) != 0)
		goto fail_inbox;
	if (vow__io_init(&loop->io, loop->inbox.efd) != 0)
		goto fail_io;
	loop->ex = vow_executor_new(&loop_ops, loop);
	if (loop->ex == NULL)
		goto fail_ex;
	loop->owner = pthread_self();
	loop->flags = flags;
	loop->micro_head = loop->micro_tail = NULL;
	vow__timers_init(&loop->timers);
	vow__rejections_init(&loop->rejections);
	vow__clock_init(&loop->clock, (flags & VOW_LOOP_VIRTUAL_CLOCK) != 0);
	loop->phase = VOW__PHASE_START;
	loop->polled = VOW_POLL_IDLE;
	loop->timer_fd = -1;
	atomic_init(&loop->refs, 0);
	(void)vow_executor_enter(loop->ex); /* cannot fail: ex is new */
	return loop;
fail_ex:
	vow__io_fini(&loop->io);
fail_io:
	vow__inbox_fini(&loop->inbox);
fail_inbox:
	vow__free(loop);
	return vow__fail(VOW_ENOMEM);
}

/* Discard everything queued on the inbox; true if there was anything. */
static bool discard_inbox(vow_loop *loop)
{
	vow_job *job;
	bool any = false;

	if (!vow__inbox_take_owner(&loop->inbox))
		return false;
	while ((job = vow__inbox_next_owner(&loop->inbox)) != NULL) {
		job->ops->discard(job);
		any = true;
	}
	return any;
}

void vow_loop_free(vow_loop *loop)
{
	bool more;

	if (loop == NULL)
		return;
	/* Contract violations: leak rather than corrupt in release builds. */
	assert(vow__loop_is_owner_any(loop) && !loop->running);
	if (!vow__loop_is_owner_any(loop) || loop->running)
		return;
	loop->closing = true;
	vow__loop_backend_fini_owner(loop);
	vow_executor_leave(loop->ex);
	/* No post reaches loop_post after this (see LIFETIME above). */
	vow_executor_close(loop->ex);
	do {
		/* Discards may release objects whose destructors queue more. */
		vow__loop_discard_microtasks_owner(loop);
		more = discard_inbox(loop);
	} while (more || loop->micro_head != NULL);
	vow__loop_drop_timers_owner(loop);
	vow__io_fini(&loop->io);
	vow__rejections_fini(&loop->rejections);
	/* Timer and watch destructors may have queued more. */
	vow__loop_discard_microtasks_owner(loop);
	(void)discard_inbox(loop);
	vow__inbox_fini(&loop->inbox);
	vow_executor_release(loop->ex);
	vow__free(loop);
}

vow_executor *vow_loop_executor(vow_loop *loop)
{
	if (loop == NULL)
		return vow__fail(VOW_EINVAL);
	return loop->ex;
}

uint64_t vow_loop_now(const vow_loop *loop)
{
	if (loop == NULL) {
		vow__set_last_error(VOW_EINVAL);
		return 0;
	}
	return vow__clock_now_any(&loop->clock);
}

/* ---- queueing ------------------------------------------------------------------ */

int vow_loop_queue_microtask(vow_loop *loop, vow_task_fn fn, void *ctx, vow_dtor_fn ctx_dtor)
{
	vow_job *job;
	int err = 0;

	if (loop == NULL || fn == NULL)
		err = VOW_EINVAL;
	else if (!vow__loop_is_owner_any(loop))
		err = VOW_ETHREAD;
	if (err != 0) {
		if (ctx_dtor != NULL)
			ctx_dtor(ctx);
		return err;
	}
	job = vow__task_new_any(VOW_JOB_MICROTASK, fn, ctx, ctx_dtor);
	if (job == NULL)
		return VOW_ENOMEM;
	vow__loop_push_microtask_owner(loop, job);
	return 0;
}

int vow_loop_post(vow_loop *loop, vow_task_fn fn, void *ctx, vow_dtor_fn ctx_dtor)
{
	vow_job *job;

	if (loop == NULL || fn == NULL) {
		if (ctx_dtor != NULL)
			ctx_dtor(ctx);
		return VOW_EINVAL;
	}
	job = vow__task_new_any(VOW_JOB_TASK, fn, ctx, ctx_dtor);
	if (job == NULL)
		return VOW_ENOMEM;
	if (vow__loop_is_owner_any(loop)) {
		/* The owner is awake (it is us) and checks the inbox before sleeping. */
		if (loop->closing)
			job->ops->discard(job);
		else
			vow__inbox_push_any(&loop->inbox, job, false);
		return 0;
	}
	/* Another thread: the loop may be closing (the executor's gate decides). */
	vow_executor_post(loop->ex, job);
	return 0;
}

void vow_loop_ref(vow_loop *loop)
{
	if (loop == NULL)
		return;
	/*
	 * Relaxed: a ref publishes nothing.  A ref racing with the loop's idle
	 * decision may or may not keep it running (vow/loop.h); take it before
	 * starting the work it stands for.
	 */
	(void)vow_fetch_add(&loop->refs, 1, RELAXED);
}

void vow_loop_unref(vow_loop *loop)
{
	if (loop == NULL)
		return;
	/*
	 * Release: orders the caller's earlier writes before the count drop;
	 * pairs with the acquire load in run.c's idle check (which also
	 * follows the acquire exchange of the wake-up protocol).
	 */
	(void)vow_fetch_sub(&loop->refs, 1, RELEASE);
	if (!vow__loop_is_owner_any(loop))
		vow__inbox_wake_any(&loop->inbox);
}
