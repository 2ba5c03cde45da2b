/*
 * spawn.c - vow_spawn: Promise.try on the pool.  The task is one job that
 * runs fn and settles the promise with its outcome.  The job lives in its
 * promise's block and holds a reference to it, so one allocation serves
 * both and the job's memory goes with the promise.
 */
#include "pool_impl.h"

struct spawn_job {
	vow_job job;
	vow_thunk_fn fn;
	void *ctx;
};

static void spawn_run(vow_job *job)
{
	struct spawn_job *s = (struct spawn_job *)job;
	vow_promise *p = vow__promise_of_extra(s);

	vow__promise_settle_outcome(p, s->fn(s->ctx));
	vow_promise_release(p); /* the job's reference: may free the block */
}

static void spawn_discard(vow_job *job)
{
	/* The promise stays pending (vow/pool.h, VOW_POOL_CANCEL). */
	vow_promise_release(vow__promise_of_extra(job));
}

static const vow_job_ops spawn_ops = {
	.run = spawn_run,
	.discard = spawn_discard,
	.kind = VOW_JOB_MICROTASK,
};

bool vow__pool_spawn_job_settles(const vow_job *job, const vow_promise *p)
{
	return job->ops == &spawn_ops && vow__promise_of_extra((void *)job) == p;
}

vow_promise *vow_spawn(vow_pool *pool, vow_thunk_fn fn, void *ctx)
{
	struct spawn_job *s;
	vow_promise *p;

	if (pool == NULL || fn == NULL)
		return vow__fail(VOW_EINVAL);
	p = vow__promise_alloc_extra(pool->ex, sizeof *s, (void **)&s);
	if (p == NULL)
		return NULL;
	s->job.next = NULL;
	s->job.ops = &spawn_ops;
	s->fn = fn;
	s->ctx = ctx;
	vow__promise_set_refs_unpublished(p, 2); /* the caller's and the job's */
	/* post publishes the job and everything the caller wrote before. */
	vow_executor_post(pool->ex, &s->job);
	return p;
}
