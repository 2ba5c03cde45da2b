/*
 * pool.c - the pool executor: creation, post (the executor interface),
 * shutdown, counters.  See vow/pool.h for the contract, pool_impl.h for
 * the files and naming tiers.
 */
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "debug_yield.h"
#include "pool_impl.h"

/* ---- the executor ops ---------------------------------------------------- */

static void pool_post(void *impl, vow_job *job)
{
	struct vow_pool *pool = impl;
	struct worker *w = vow__pool_current_worker();

	/*
	 * A worker of this pool pushes onto its own deque (the push's release
	 * store publishes the job).  Anyone else, or a worker whose deque
	 * cannot grow, goes through the injection queue: post must not fail.
	 */
	if (job->ops->kind == VOW_JOB_TASK) {
		/* The pool's own tasks (a wait's resumption, a timer): urgent. */
		vow__job_queue_push_any(&pool->urgent, job);
	} else if (w == NULL || w->pool != pool || !vow__deque_push_owner(&w->deque, job)) {
		/* Relaxed: a counter, read after the work is observed. */
		vow_fetch_add(&pool->injected, 1, RELAXED);
		vow__job_queue_push_any(&pool->inject, job);
	}
	vow__debug_yield();
	vow__pool_notify_any(pool);
}

static void pool_wake(void *impl)
{
	vow__pool_wake_all_any(impl);
}

static uint64_t pool_timer_start(void *impl, uint64_t ms, vow_job *job, unsigned flags)
{
	return vow__pool_timer_start_any(impl, ms > UINT64_MAX / 1000000 ? UINT64_MAX : ms * 1000000,
					 job, (flags & VOW_TIMER_WEAK) != 0);
}

static bool pool_timer_cancel(void *impl, uint64_t id)
{
	return vow__pool_timer_cancel_any(impl, id);
}

static const vow_executor_ops pool_ops = {
	.name = "pool",
	.post = pool_post,
	/*
	 * The core reports a rejected promise destroyed unhandled: there is
	 * no checkpoint at which "unhandled so far" means anything across
	 * workers.
	 */
	.rejection_tracking = VOW_TRACK_AT_DESTROY,
	.track = NULL,
	/* Workers run jobs in no order: adoption need not wait for a job. */
	.unordered = true,
	.wait = vow__pool_wait_worker,
	.wake = pool_wake,
	.timer_start = pool_timer_start,
	.timer_cancel = pool_timer_cancel,
};

vow_executor *vow_pool_executor(vow_pool *pool)
{
	if (pool == NULL)
		return vow__fail(VOW_EINVAL);
	return pool->ex;
}

unsigned vow_pool_threads(const vow_pool *pool)
{
	if (pool == NULL) {
		vow__set_last_error(VOW_EINVAL);
		return 0;
	}
	return pool->n;
}

/* ---- lifetime ------------------------------------------------------------ */

static unsigned online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		return 1;
	return n > (long)POOL_MAX_THREADS ? POOL_MAX_THREADS : (unsigned)n;
}

/*
 * Close the executor: every worker has left it (joined), so from here on
 * posts from other threads are discarded by the core, and the ones under
 * way have finished (vow/executor.h, LIFETIMES).
 */
static void pool_close(struct vow_pool *pool)
{
	vow_executor_close(pool->ex);
}

/*
 * Free what vow_pool_new set up for workers [0, n_init) (no thread runs,
 * the executor is closed).  The handle lives on with the pool's promises.
 */
static void pool_destroy(struct vow_pool *pool, unsigned n_init)
{
	for (unsigned i = 0; i < n_init; i++) {
		/* Nobody reads any more: run every deferred free now. */
		ck_epoch_reclaim(&pool->workers[i].epoch_rec);
		vow__deque_fini(&pool->workers[i].deque);
		vow__fiber_free(pool->workers[i].first); /* a worker that never started */
	}
	vow__job_queue_fini(&pool->inject);
	vow__job_queue_fini(&pool->urgent);
	pthread_mutex_destroy(&pool->waits_lock);
	vow__free(pool->workers_mem);
	vow_executor_release(pool->ex);
	vow__free(pool);
}

/* Discard every queued job; loops because a discard may post (ctx_dtor). */
static void discard_all(struct vow_pool *pool)
{
	bool any;

	do {
		vow_job *job;

		any = false;
		for (unsigned i = 0; i < pool->n; i++) {
			/* Every worker has been joined: we act as each deque's owner. */
			while ((job = vow__deque_take_owner(&pool->workers[i].deque)) != NULL) {
				job->ops->discard(job);
				any = true;
			}
		}
		while ((job = vow__job_queue_pop_any(&pool->inject)) != NULL ||
		       (job = vow__job_queue_pop_any(&pool->urgent)) != NULL) {
			job->ops->discard(job);
			any = true;
		}
	} while (any);
}

/* Stop the first `started` workers and join them. */
static void stop_and_join(struct vow_pool *pool, unsigned started, uint32_t how)
{
	/* seq_cst: read by the worker loop and by parkers after their fence. */
	vow_store(&pool->stop, how, SEQ_CST);
	vow__pool_wake_all_any(pool);
	for (unsigned i = 0; i < started; i++)
		pthread_join(pool->workers[i].thread, NULL);
}

vow_pool *vow_pool_new(const vow_pool_options *opts)
{
	vow_pool_options o = opts != NULL ? *opts : (vow_pool_options){ 0, 0 };
	struct vow_pool *pool;
	unsigned n, i;

	if (o.threads > POOL_MAX_THREADS)
		return vow__fail(VOW_EINVAL);
	n = o.threads != 0 ? o.threads : online_cpus();
	pool = vow__calloc(1, sizeof *pool);
	if (pool == NULL)
		return vow__fail(VOW_ENOMEM);
	pool->ex = vow_executor_new(&pool_ops, pool);
	if (pool->ex == NULL) {
		vow__free(pool);
		return vow__fail(VOW_ENOMEM);
	}
	pool->n = n;
	pool->fairness = o.fairness_interval != 0 ? o.fairness_interval : POOL_DEFAULT_FAIRNESS;
	pool->search_limit = n / 2 != 0 ? n / 2 : 1;
	/* ck_epoch records want 64-byte alignment: align by hand. */
	pool->workers_mem = vow__malloc(n * sizeof(struct worker) + 63);
	if (pool->workers_mem == NULL) {
		vow_executor_close(pool->ex);
		vow_executor_release(pool->ex);
		vow__free(pool);
		return vow__fail(VOW_ENOMEM);
	}
	pool->workers = (struct worker *)(((uintptr_t)pool->workers_mem + 63) & ~(uintptr_t)63);
	vow__job_queue_init(&pool->inject);
	vow__job_queue_init(&pool->urgent);
	vow__pool_timers_init(&pool->timers);
	pthread_mutex_init(&pool->waits_lock, NULL);
	pool->waits = NULL;
	atomic_init(&pool->nwaits, 0);
	ck_epoch_init(&pool->epoch);
	ck_ec32_init(&pool->ec, 0);
	atomic_init(&pool->sleepers, 0);
	atomic_init(&pool->idle, 0);
	atomic_init(&pool->searching, 0);
	atomic_init(&pool->dekker, 0);
	atomic_init(&pool->unparks, 0);
	atomic_init(&pool->draining, 0);
	atomic_init(&pool->stop, POOL_RUNNING);
	atomic_init(&pool->injected, 0);
	atomic_init(&pool->poller, 0);

	for (i = 0; i < n; i++) {
		struct worker *w = &pool->workers[i];

		memset(w, 0, sizeof *w);
		w->pool = pool;
		w->index = i;
		w->rng = 0x9e3779b97f4a7c15ull * (i + 1) | 1;
		atomic_init(&w->tasks_run, 0);
		atomic_init(&w->steals, 0);
		atomic_init(&w->parks, 0);
		ck_epoch_register(&pool->epoch, &w->epoch_rec, NULL);
		w->first = vow__pool_loop_fiber_new(pool);
		if (w->first == NULL ||
		    vow__deque_init(&w->deque, POOL_DEQUE_LOG2_CAP, &w->epoch_rec) != 0) {
			vow__fiber_free(w->first);
			pool_close(pool);
			vow__pool_timers_fini(pool);
			pool_destroy(pool, i);
			return vow__fail(VOW_ENOMEM);
		}
	}
	/* pthread_create orders everything above before each worker starts. */
	for (i = 0; i < n; i++) {
		if (pthread_create(&pool->workers[i].thread, NULL, vow__pool_worker_main,
				   &pool->workers[i]) != 0) {
			stop_and_join(pool, i, POOL_CANCEL);
			pool_close(pool);
			vow__pool_timers_fini(pool);
			pool_destroy(pool, n);
			return vow__fail(VOW_ENOMEM);
		}
	}
	return pool;
}

int vow_pool_shutdown(vow_pool *pool, vow_pool_mode mode)
{
	struct worker *w = vow__pool_current_worker();

	if (pool == NULL)
		return VOW_EINVAL;
	if (mode != VOW_POOL_DRAIN && mode != VOW_POOL_CANCEL)
		return VOW_EINVAL;
	if (w != NULL && w->pool == pool)
		return VOW_ETHREAD;
	if (mode == VOW_POOL_DRAIN) {
		/*
		 * seq_cst: read by parkers after their fence; the last worker
		 * to go idle with nothing queued sets stop (park.c).
		 */
		vow_store(&pool->draining, 1, SEQ_CST);
		vow__pool_wake_all_any(pool);
		for (unsigned i = 0; i < pool->n; i++)
			pthread_join(pool->workers[i].thread, NULL);
	} else {
		stop_and_join(pool, pool->n, POOL_CANCEL);
	}
	pool_close(pool);
	/* CANCEL: the waits still suspended end with VOW_ESHUTDOWN (wait.c). */
	vow__pool_waits_cancel(pool);
	/* Timers that did not fire (CANCEL; DRAIN waited for them) are discarded. */
	vow__pool_timers_fini(pool);
	/*
	 * DRAIN leaves nothing queued but what other threads posted after the
	 * workers stopped and before the close.
	 */
	discard_all(pool);
	vow__pool_waits_gone(pool);
	pool_destroy(pool, pool->n);
	return 0;
}

void vow_pool_free(vow_pool *pool)
{
	int rc;

	if (pool == NULL)
		return;
	rc = vow_pool_shutdown(pool, VOW_POOL_DRAIN);
	if (rc != 0)
		vow__set_last_error(rc); /* VOW_ETHREAD: nothing was done */
}

/* ---- counters ---------------------------------------------------------- */

int vow_pool_stats_read(const vow_pool *pool, vow_pool_stats *out)
{
	vow_pool_stats s = { 0, 0, 0, 0 };

	if (pool == NULL || out == NULL)
		return VOW_EINVAL;
	for (unsigned i = 0; i < pool->n; i++) {
		struct worker *w = &pool->workers[i];

		/* Relaxed: counters; exactness comes from observing the work. */
		s.tasks_run += vow_load(&w->tasks_run, RELAXED);
		s.steals += vow_load(&w->steals, RELAXED);
		s.parks += vow_load(&w->parks, RELAXED);
	}
	s.injected = vow_load(&((struct vow_pool *)pool)->injected, RELAXED);
	*out = s;
	return 0;
}
