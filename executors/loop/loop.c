/*
 * loop.c - the loop object: creation and destruction, the executor ops
 * (post, track), and the entry points that only queue work
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

	/* ENOMEM leaves p untracked; see loop_track_any(). */
	(void)vow__rejections_track(&t->loop->rejections, t->p, t->op);
	vow_promise_release(t->p);
	vow__free(t);
}

static void track_job_discard(vow_job *job)
{
	struct track_job *t = (struct track_job *)job;

	vow_promise_release(t->p);
	vow__free(t);
}

const vow_job_ops vow__track_job_ops = { .run = track_job_run, .discard = track_job_discard };

/* ---- the executor ops ----------------------------------------------------- */

static void loop_post_any(vow_executor *ex, vow_job *job)
{
	vow_loop *loop = vow__loop_from_executor(ex);

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
static void loop_track_any(vow_executor *ex, vow_promise *p, vow_rejection_op op)
{
	vow_loop *loop = vow__loop_from_executor(ex);
	struct track_job *t;

	if (vow__loop_is_owner_any(loop)) {
		if (!loop->closing)
			(void)vow__rejections_track(&loop->rejections, p, op);
		return;
	}
	t = vow__malloc(sizeof *t);
	if (t == NULL)
		return;
	t->job.next = NULL;
	t->job.ops = &vow__track_job_ops;
	t->loop = loop;
	t->p = vow_promise_dup(p);
	t->op = op;
	vow__inbox_push_any(&loop->inbox, &t->job, true);
}

static const vow_executor_ops loop_ops = {
	.name = "loop",
	.post = loop_post_any,
	.track = loop_track_any,
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
	if (vow__inbox_init(&loop->inbox) != 0) {
		vow__free(loop);
		return vow__fail(VOW_ENOMEM);
	}
	vow_executor_init(&loop->base, &loop_ops);
	loop->owner = pthread_self();
	loop->flags = flags;
	loop->micro_head = loop->micro_tail = NULL;
	vow__timers_init(&loop->timers);
	vow__rejections_init(&loop->rejections);
	vow__clock_init(&loop->clock, (flags & VOW_LOOP_VIRTUAL_CLOCK) != 0);
	atomic_init(&loop->refs, 0);
	return loop;
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
	do {
		/* Discards may release objects whose destructors post more. */
		vow__loop_discard_microtasks_owner(loop);
		more = discard_inbox(loop);
	} while (more || loop->micro_head != NULL);
	vow__timers_fini(&loop->timers);
	vow__rejections_fini(&loop->rejections);
	vow__inbox_fini(&loop->inbox);
	vow__free(loop);
}

vow_executor *vow_loop_executor(vow_loop *loop)
{
	return loop != NULL ? &loop->base : NULL;
}

uint64_t vow_loop_now(const vow_loop *loop)
{
	return loop != NULL ? vow__clock_now_any(&loop->clock) : 0;
}

/* ---- queueing ------------------------------------------------------------------ */

int vow_loop_queue_microtask(vow_loop *loop, vow_task_fn fn, void *ctx)
{
	vow_job *job;

	if (loop == NULL || fn == NULL)
		return VOW_EINVAL;
	if (!vow__loop_is_owner_any(loop))
		return VOW_ETHREAD;
	job = vow__task_new_any(&vow__microtask_ops, fn, ctx);
	if (job == NULL)
		return VOW_ENOMEM;
	vow__loop_push_microtask_owner(loop, job);
	return 0;
}

int vow_loop_post(vow_loop *loop, vow_task_fn fn, void *ctx)
{
	vow_job *job;

	if (loop == NULL || fn == NULL)
		return VOW_EINVAL;
	job = vow__task_new_any(&vow__macrotask_ops, fn, ctx);
	if (job == NULL)
		return VOW_ENOMEM;
	/* The owner is awake (it is us) and checks the inbox before sleeping. */
	vow__inbox_push_any(&loop->inbox, job, !vow__loop_is_owner_any(loop));
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
