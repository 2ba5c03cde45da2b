/*
 * worker.c - the worker loop: find a job, run it, park when there is none;
 * and the hooks that let vow_promise_wait() help on a worker.
 *
 * WHERE A WORKER LOOKS, in order:
 *   1. every `fairness` jobs: the global injection queue, then the OLDEST
 *      job of its own deque (stealing from itself), so that neither work
 *      from outside nor old local work starves behind a hot LIFO chain;
 *   2. its own deque, newest first (LIFO: depth-first, cache-warm);
 *   3. the global injection queue;
 *   4. search: steal from the other workers, starting at a random victim,
 *      two rounds, checking the injection queue after each round.  At most
 *      search_limit workers search at once (park.c).
 *   5. park: with an active poll source, one worker at a time (the
 *      poller) polls it with back-off instead of sleeping without limit.
 *
 * Poll sources are also polled at every fairness step, so that their
 * completions go on while every worker is busy.
 */
#include "debug_yield.h"
#include "futex_ec.h"
#include "pool_impl.h"

/* The sleep between polls of a source that stays active (vow/pool.h). */
enum { POLL_BACKOFF_MIN_US = 16, POLL_BACKOFF_MAX_US = 1000 };

/* initial-exec: read on every post (see small_cache.h). */
static _Thread_local struct worker *current __attribute__((tls_model("initial-exec")));

struct worker *vow__pool_current_worker(void)
{
	return current;
}

static uint64_t next_rand(struct worker *w)
{
	uint64_t x = w->rng; /* xorshift64, never 0 */

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	w->rng = x;
	return x;
}

/* Steal from q inside an epoch section; retries a few lost races. */
static vow_job *steal_from(struct worker *w, struct vow__deque *q)
{
	vow_job *job;
	int tries = 0;

	ck_epoch_begin(&w->epoch_rec, NULL);
	do {
		job = vow__deque_steal_any(q);
	} while (job == VOW__DEQUE_ABORT && ++tries < 4);
	ck_epoch_end(&w->epoch_rec, NULL);
	return job == VOW__DEQUE_ABORT ? NULL : job;
}

/* Become a searcher if fewer than search_limit workers search. */
static bool search_begin(struct vow_pool *pool)
{
	/* Relaxed: the CAS below decides. */
	uint32_t s = vow_load(&pool->searching, RELAXED);

	do {
		if (s >= pool->search_limit)
			return false;
		/* seq_cst: read by notifiers after their fence (park.c). */
	} while (!vow_cas_weak(&pool->searching, &s, s + 1, SEQ_CST, RELAXED));
	return true;
}

static void search_end(struct vow_pool *pool, bool found)
{
	/* seq_cst + fence: pairs with the notifier's fence (park.c). */
	uint32_t old = vow_fetch_sub(&pool->searching, 1, SEQ_CST);

	vow_fence_sc(&pool->dekker);
	/*
	 * The last searcher found work: there may be more, and notifiers
	 * skipped waking anyone while we searched.  Wake a sleeper to search.
	 * (Without work the caller parks, re-checking the queues.)
	 */
	if (found && old == 1)
		vow__pool_notify_any(pool);
}

static vow_job *search(struct worker *w)
{
	struct vow_pool *pool = w->pool;
	vow_job *job = NULL;

	if (!search_begin(pool))
		return NULL;
	for (int round = 0; round < 2 && job == NULL; round++) {
		unsigned start = (unsigned)(next_rand(w) % pool->n);

		for (unsigned i = 0; i < pool->n && job == NULL; i++) {
			unsigned v = (start + i) % pool->n;

			if (v == w->index)
				continue;
			job = steal_from(w, &pool->workers[v].deque);
			if (job != NULL)
				vow__pool_count_owner(&w->steals);
		}
		if (job == NULL)
			job = vow__job_queue_pop_any(&pool->inject);
	}
	search_end(pool, job != NULL);
	return job;
}

static vow_job *find_job(struct worker *w)
{
	struct vow_pool *pool = w->pool;
	vow_job *job;

	if (++w->tick >= pool->fairness) {
		w->tick = 0;
		(void)vow_executor_poll(pool->ex);
		job = vow__job_queue_pop_any(&pool->inject);
		if (job != NULL)
			return job;
		job = steal_from(w, &w->deque);
		if (job != NULL)
			return job;
	}
	job = vow__deque_take_owner(&w->deque);
	if (job != NULL)
		return job;
	job = vow__job_queue_pop_any(&pool->inject);
	if (job != NULL)
		return job;
	return search(w);
}

static void run_job(struct worker *w, vow_job *job)
{
	/*
	 * Counted before running, so that whoever observes the job's effects
	 * (a promise it settled) also sees the count.
	 */
	vow__pool_count_owner(&w->tasks_run);
	job->ops->run(job);
}

/* ---- poll sources ----------------------------------------------------------- */

static void poller_release(struct worker *w)
{
	if (!w->poller)
		return;
	w->poller = false;
	w->poll_backoff_us = 0;
	/* Release: pairs with the acquire CAS of the next poller. */
	vow_store(&w->pool->poller, 0, RELEASE);
	/*
	 * Sources may still be active: another idle worker must take over,
	 * but the idle ones sleep without limit.  Wake them (only while a
	 * source is active, which is when this worker was the poller).
	 */
	vow__pool_wake_all_any(w->pool);
}

/*
 * Nothing to run: poll the sources if no other worker does.  Returns true
 * if one made progress (look for jobs again); otherwise *deadline is the
 * time to sleep until (NULL: no limit).
 */
static bool poll_idle(struct worker *w, struct timespec *ts, const struct timespec **deadline)
{
	struct vow_pool *pool = w->pool;
	uint32_t free_ = 0;
	vow_poll_status st;

	*deadline = NULL;
	/* Acquire: pairs with the release in poller_release. */
	if (!w->poller && !vow_cas(&pool->poller, &free_, 1, ACQUIRE, RELAXED))
		return false;
	w->poller = true;
	st = vow_executor_poll(pool->ex);
	if (st == VOW_POLL_PROGRESS) {
		w->poll_backoff_us = 0;
		return true;
	}
	if (st == VOW_POLL_IDLE) {
		/* Nothing to poll: give the role back; a wake-up starts it again. */
		w->poller = false;
		w->poll_backoff_us = 0;
		vow_store(&pool->poller, 0, RELEASE);
		return false;
	}
	w->poll_backoff_us = w->poll_backoff_us == 0 ? POLL_BACKOFF_MIN_US
			     : w->poll_backoff_us >= POLL_BACKOFF_MAX_US / 2 ? POLL_BACKOFF_MAX_US
									     : w->poll_backoff_us * 2;
	vow__ec_deadline_us(ts, w->poll_backoff_us);
	*deadline = ts;
	return false;
}

/* ---- helping wait (the executor's wait op) ------------------------------ */

/* Run one job if one can be found; VOW_ESHUTDOWN while cancelling. */
static int help(struct worker *w)
{
	vow_job *job;

	/* Relaxed: a hint; a missed stop only delays the answer one round. */
	if (vow_load(&w->pool->stop, RELAXED) == POOL_CANCEL)
		return VOW_ESHUTDOWN;
	job = find_job(w);
	if (job == NULL)
		return 0;
	run_job(w, job);
	return 1;
}

static bool promise_settled(void *arg)
{
	return vow_promise_state(arg) != VOW_PENDING;
}

/*
 * The wake-up of a helping waiter: a notification on the promise that
 * wakes the pool's sleepers.  The waiter may time out and its pool be
 * freed before the promise settles, so the record clears pool under its
 * lock before the waiter leaves, and the notification uses pool only
 * under the same lock.  Lock rank: a leaf (wake_all only bumps a counter).
 */
struct wait_wake {
	_Atomic uint32_t refs;
	pthread_mutex_t lock;
	struct vow_pool *pool; /* NULL once the waiter left */
};

static void wait_wake_release(void *ctx)
{
	struct wait_wake *ww = ctx;

	/* acq_rel: the last holder sees the other's uses before freeing. */
	if (vow_fetch_sub(&ww->refs, 1, ACQ_REL) != 1)
		return;
	pthread_mutex_destroy(&ww->lock);
	vow__free(ww);
}

static void wait_wake_fire(void *ctx)
{
	struct wait_wake *ww = ctx;

	pthread_mutex_lock(&ww->lock);
	if (ww->pool != NULL)
		vow__pool_wake_all_any(ww->pool);
	pthread_mutex_unlock(&ww->lock);
}

/*
 * HELP FIRST.  On a worker the promise waited for is usually the result
 * of a job near the top of the worker's own deque (spawn, then wait), so
 * the wait first runs jobs without attaching anything, and attaches its
 * wake-up only when it finds nothing to run (it may then have to sleep).
 */
int vow__pool_wait_worker(void *impl, vow_promise *p, const struct timespec *deadline)
{
	struct worker *w = vow__pool_current_worker();
	struct wait_wake *ww;
	int rc;

	assert(w != NULL && w->pool == impl);
	(void)impl;
	while (!promise_settled(p)) {
		rc = help(w);
		if (rc == 0)
			break;
		if (rc < 0)
			return promise_settled(p) ? 0 : rc;
	}
	if (promise_settled(p))
		return 0;
	ww = vow__malloc(sizeof *ww);
	if (ww == NULL)
		return VOW_ENOMEM;
	atomic_init(&ww->refs, 2);
	pthread_mutex_init(&ww->lock, NULL);
	ww->pool = w->pool;
	if (vow_promise_on_settle(p, wait_wake_fire, ww, wait_wake_release) != 0) {
		wait_wake_release(ww); /* the notification's reference went already */
		return VOW_ENOMEM;
	}
	rc = 0;
	while (!promise_settled(p)) {
		rc = help(w);
		if (rc > 0) {
			rc = 0;
			continue;
		}
		if (rc < 0) {
			rc = promise_settled(p) ? 0 : rc;
			break;
		}
		if (deadline != NULL && vow__ec_past(deadline)) {
			rc = promise_settled(p) ? 0 : VOW_ETIMEDOUT;
			break;
		}
		vow__pool_park_wait_owner(w, promise_settled, p, deadline);
	}
	pthread_mutex_lock(&ww->lock);
	ww->pool = NULL;
	pthread_mutex_unlock(&ww->lock);
	wait_wake_release(ww);
	return rc;
}

/* ---- the loop ----------------------------------------------------------- */

void *vow__pool_worker_main(void *arg)
{
	struct worker *w = arg;
	struct vow_pool *pool = w->pool;
	struct timespec ts;

	current = w;
	(void)vow_executor_enter(pool->ex); /* open until every worker has joined */
	/* Acquire: pairs with the seq_cst store in shutdown / the DRAIN check. */
	while (vow_load(&pool->stop, ACQUIRE) == POOL_RUNNING) {
		vow_job *job = find_job(w);
		const struct timespec *deadline;

		if (job != NULL) {
			poller_release(w);
			run_job(w, job);
		} else if (!poll_idle(w, &ts, &deadline)) {
			vow__pool_park_idle_owner(w, deadline);
		}
	}
	poller_release(w);
	vow_executor_leave(pool->ex);
	current = NULL;
	return NULL;
}
