/*
 * spawn.c - vow_spawn: Promise.try on the pool.  The task is one job that
 * runs fn and settles the promise with its outcome.  The job lives in its
 * promise's block and holds a reference to it, so one allocation serves
 * both and the job's memory goes with the promise; fn and ctx wait in the
 * pending promise's result (vow__promise_alloc_task), so the job is a bare
 * vow_job and the block 56 bytes.  A task that returns a promise hands both
 * on to the adoption: its memory becomes the adoption's node (resolve.c),
 * which keeps the job's reference.
 *
 * vow_spawn_signal adds an abort listener (vow/abort.h).  The job and the
 * listener race on state (QUEUED -> RUNNING by the job, QUEUED -> ABORTED
 * by the listener; one CAS, acq_rel): an abort that wins rejects the
 * promise at once and the job, when it comes, does not run fn; a job that
 * wins runs fn and its outcome settles the promise whatever the signal does
 * later.  Either way the job removes the listener before it lets go of the
 * promise (the removal waits for a listener that is running), so the
 * listener's context - the promise, without a reference of its own - is
 * alive whenever the listener runs.  The job holds a reference to the
 * signal until then: the caller only lends it, and the listener's memory
 * is the signal's.
 */
#include "pool_impl.h"

static void spawn_run(vow_job *job)
{
	vow_promise *p = vow__promise_of_extra(job);
	void *ctx;
	vow_thunk_fn fn = vow__promise_take_task(p, &ctx);

	/* A task that returns a promise: the adoption takes the job's memory and reference. */
	if (!vow__promise_settle_outcome_job(p, fn(ctx), job))
		vow_promise_release(p); /* the job's reference: may free the block */
}

static void spawn_discard(vow_job *job)
{
	vow_promise *p = vow__promise_of_extra(job);
	void *ctx;

	/* The promise stays pending (vow/pool.h, VOW_POOL_CANCEL). */
	(void)vow__promise_take_task(p, &ctx);
	vow_promise_release(p);
}

static const vow_job_ops spawn_ops = {
	.run = spawn_run,
	.discard = spawn_discard,
	.kind = VOW_JOB_MICROTASK,
};

/* ---- with a signal --------------------------------------------------------------- */

enum { SPAWN_QUEUED = 0, SPAWN_RUNNING = 1, SPAWN_ABORTED = 2 };

struct spawn_signal_job {
	vow_job job;
	vow_thunk_fn fn;
	void *ctx;
	vow_abort_signal *signal;     /* a reference, until the listener is removed */
	vow_abort_listener *listener;
	_Atomic uint32_t state;
};

static void spawn_signal_aborted(void *ctx, vow_value reason)
{
	vow_promise *p = ctx;
	struct spawn_signal_job *s = vow__promise_extra(p);
	uint32_t queued = SPAWN_QUEUED;

	if (vow_cas(&s->state, &queued, SPAWN_ABORTED, ACQ_REL, RELAXED))
		vow__promise_reject(p, vow_value_dup(reason));
}

static void spawn_signal_done(struct spawn_signal_job *s, vow_promise *p)
{
	(void)vow_abort_listener_remove(s->listener);
	vow_abort_signal_release(s->signal);
	vow_promise_release(p); /* the job's reference: may free the block */
}

static void spawn_signal_run(vow_job *job)
{
	struct spawn_signal_job *s = (struct spawn_signal_job *)job;
	vow_promise *p = vow__promise_of_extra(s);
	uint32_t queued = SPAWN_QUEUED;

	if (vow_cas(&s->state, &queued, SPAWN_RUNNING, ACQ_REL, ACQUIRE))
		vow__promise_settle_outcome(p, s->fn(s->ctx));
	spawn_signal_done(s, p);
}

static void spawn_signal_discard(vow_job *job)
{
	struct spawn_signal_job *s = (struct spawn_signal_job *)job;

	/* The promise stays pending unless the signal rejected it (CANCEL). */
	spawn_signal_done(s, vow__promise_of_extra(s));
}

static const vow_job_ops spawn_signal_ops = {
	.run = spawn_signal_run,
	.discard = spawn_signal_discard,
	.kind = VOW_JOB_MICROTASK,
};

vow_promise *vow_spawn_signal(vow_pool *pool, vow_thunk_fn fn, void *ctx,
			      vow_abort_signal *signal)
{
	struct spawn_signal_job *s;
	vow_promise *p;

	if (signal == NULL)
		return vow_spawn(pool, fn, ctx);
	if (pool == NULL || fn == NULL)
		return vow__fail(VOW_EINVAL);
	p = vow__promise_alloc_extra(pool->ex, sizeof *s, (void **)&s);
	if (p == NULL)
		return NULL;
	if (vow_abort_signal_aborted(signal)) {
		/* Never runs: rejected at once, as an abort before it started. */
		vow__promise_reject(p, vow_value_dup(vow_abort_signal_reason(signal)));
		return p;
	}
	s->job.next = NULL;
	s->job.ops = &spawn_signal_ops;
	s->fn = fn;
	s->ctx = ctx;
	atomic_init(&s->state, SPAWN_QUEUED);
	vow__promise_set_refs_unpublished(p, 2); /* the caller's and the job's */
	s->signal = vow_abort_signal_dup(signal);
	s->listener = vow_abort_signal_add_listener(signal, spawn_signal_aborted, p, NULL);
	if (s->listener == NULL) {
		int err = vow_last_error();

		vow_promise_release(p); /* the job's: there is no job */
		vow_abort_signal_release(s->signal);
		if (err != VOW_EALREADY) {
			vow_promise_release(p);
			return vow__fail(VOW_ENOMEM);
		}
		vow__promise_reject(p, vow_value_dup(vow_abort_signal_reason(signal)));
		return p;
	}
	vow_executor_post(pool->ex, &s->job);
	return p;
}

bool vow__pool_spawn_job_settles(const vow_job *job, const vow_promise *p)
{
	return job->ops == &spawn_ops && vow__promise_of_extra((void *)job) == p;
}

vow_promise *vow_spawn(vow_pool *pool, vow_thunk_fn fn, void *ctx)
{
	vow_job *job;
	vow_promise *p;

	if (pool == NULL || fn == NULL)
		return vow__fail(VOW_EINVAL);
	p = vow__promise_alloc_task(pool->ex, fn, ctx, &job);
	if (p == NULL)
		return NULL;
	job->next = NULL;
	job->ops = &spawn_ops;
	vow__promise_set_refs_unpublished(p, 2); /* the caller's and the job's */
	/* post publishes the job and everything the caller wrote before. */
	vow_executor_post(pool->ex, job);
	return p;
}
