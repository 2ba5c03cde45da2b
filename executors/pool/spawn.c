/*
 * spawn.c - vow_spawn: Promise.try on the pool.  The task is one job that
 * runs fn and settles the promise with its outcome.
 */
#include "pool_impl.h"
#include "small_cache.h"

struct spawn_job {
	vow_job job;
	vow_promise *p;     /* one reference, held by the job */
	vow_thunk_fn fn;
	void *ctx;
};

static void spawn_run(vow_job *job)
{
	struct spawn_job *s = (struct spawn_job *)job;

	vow__promise_settle_outcome(s->p, s->fn(s->ctx));
	vow_promise_release(s->p);
	vow__free_small(s, sizeof *s);
}

static void spawn_discard(vow_job *job)
{
	struct spawn_job *s = (struct spawn_job *)job;

	/* The promise stays pending (vow/pool.h, VOW_POOL_CANCEL). */
	vow_promise_release(s->p);
	vow__free_small(s, sizeof *s);
}

static const vow_job_ops spawn_ops = {
	.run = spawn_run,
	.discard = spawn_discard,
};

vow_promise *vow_spawn(vow_pool *pool, vow_thunk_fn fn, void *ctx)
{
	struct spawn_job *s;
	vow_promise *p;

	if (pool == NULL || fn == NULL)
		return vow__fail(VOW_EINVAL);
	p = vow__promise_alloc(&pool->ex);
	if (p == NULL)
		return NULL;
	s = vow__malloc_small(sizeof *s);
	if (s == NULL) {
		vow_promise_release(p);
		return vow__fail(VOW_ENOMEM);
	}
	s->job.next = NULL;
	s->job.ops = &spawn_ops;
	s->p = vow_promise_dup(p);
	s->fn = fn;
	s->ctx = ctx;
	/* post publishes *s and everything the caller wrote before. */
	pool->ex.ops->post(&pool->ex, &s->job);
	return p;
}
