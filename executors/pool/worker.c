/*
 * worker.c - the worker loop: find a job, run it, park when there is none;
 * the fibers it runs on, and the hand-off to a waiting task.
 *
 * WHERE A WORKER LOOKS, in order:
 *   0. the urgent queue: waiting tasks to resume, timers that fired;
 *   1. every `fairness` jobs: the global injection queue, and every
 *      SELF_STEAL_STEPS such steps the OLDEST job of its own deque
 *      (stealing from itself), so that neither work from outside nor old
 *      local work starves behind a hot LIFO chain.  Taking the oldest job
 *      starts a new subtree of a fork-join while the current one is
 *      unfinished; every 61 jobs, a recursive async fib(25) on one worker
 *      held 1,940 calls suspended at once (75 MB of fiber stacks at
 *      fib(30)), every 976 jobs 218;
 *   2. its own deque, newest first (LIFO: depth-first, cache-warm);
 *   3. the global injection queue, in batches: up to INJECT_BATCH jobs
 *      under one lock, the first to run, the rest onto its own deque,
 *      where idle workers steal them (one lock per batch, not per job,
 *      so work posted from outside the pool spreads like local work);
 *   4. search: steal from the other workers, starting at a random victim,
 *      two rounds, checking the injection queue after each round.  At most
 *      search_limit workers search at once (park.c).
 *   5. park: with an active poll source, one worker at a time (the
 *      poller) polls it with back-off instead of sleeping without limit.
 *
 * Poll sources are also polled at every fairness step, so that their
 * completions go on while every worker is busy.
 *
 * FIBERS.  A worker thread runs its loop on a fiber (a "loop fiber"), not
 * on its own stack, so that a task that waits (vow_promise_wait, wait.c)
 * can be set aside with the stack it runs on: the loop fiber suspends to
 * the worker's own stack (the trampoline, vow__pool_worker_main), which
 * arms the wait and continues with another loop fiber.  Nothing ever runs
 * on top of a waiting task's frames, so waits cannot deadlock without a
 * real cycle or grow the stack with unrelated work, and a task that never
 * waits pays nothing for it.  When the awaited promise settles, a
 * hand-off job goes to the urgent queue; the worker that runs it parks
 * its own loop fiber (it is at a clean point: between jobs, inside the
 * hand-off) as its spare and continues the waiting fiber, whose loop then
 * goes on there.  A worker keeps one spare and retires any other (resumed
 * with retire set, its loop returns).
 *
 *   the trampoline resumes F:      F returns: the worker stops (F is freed)
 *                                  F suspended with exit WAIT: arm the wait,
 *                                    continue with the spare or a new fiber
 *                                  F suspended with exit HANDOFF: F is clean:
 *                                    keep it as the spare, continue exit_next
 *
 * A loop fiber may move to another thread inside a wait, so its loop reads
 * the worker it runs for afresh (vow__pool_current_worker, not inlined)
 * after every job; nothing that runs after a job uses a worker read
 * before it.  A loop fiber resumed on a thread that is not a worker (the
 * shutdown ending a wait: wait.c) finds no worker and returns.
 */
#include "debug_yield.h"
#include "futex_ec.h"
#include "pool_impl.h"

/* The sleep between polls of a source that stays active (vow/pool.h). */
enum { POLL_BACKOFF_MIN_US = 16, POLL_BACKOFF_MAX_US = 1000 };
enum { INJECT_BATCH = 32, SELF_STEAL_STEPS = 16 };

/* initial-exec: read on every post (see small_cache.h). */
static _Thread_local struct worker *current __attribute__((tls_model("initial-exec")));

/*
 * Never inlined: a loop fiber may continue on another thread after a job,
 * and an inlined thread-local read could reuse the old thread's address
 * (fiber.h, THREAD-LOCALS ACROSS A SUSPEND).
 */
VOW__FIBER_OPAQUE struct worker *vow__pool_current_worker(void)
{
	VOW__FIBER_OPAQUE_BODY();
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

/* Step 3: a batch from the injection queue; returns the job to run now. */
static vow_job *take_injected(struct worker *w)
{
	vow_job *jobs[INJECT_BATCH];
	size_t n = vow__job_queue_pop_many_any(&w->pool->inject, jobs, INJECT_BATCH);

	if (n == 0)
		return NULL;
	/* Newest first off the deque: pushed in reverse, they run in order. */
	for (size_t i = n - 1; i >= 1; i--)
		if (!vow__deque_push_owner(&w->deque, jobs[i]))
			vow__job_queue_push_any(&w->pool->inject, jobs[i]); /* cannot grow */
	if (n > 1)
		vow__pool_notify_any(w->pool); /* work to steal */
	return jobs[0];
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
			job = take_injected(w);
	}
	search_end(pool, job != NULL);
	return job;
}

static vow_job *find_job(struct worker *w)
{
	struct vow_pool *pool = w->pool;
	vow_job *job;

	if (!vow__job_queue_empty_any(&pool->urgent)) {
		job = vow__job_queue_pop_any(&pool->urgent);
		if (job != NULL)
			return job;
	}
	if (++w->tick >= pool->fairness) {
		w->tick = 0;
		(void)vow_executor_poll(pool->ex);
		job = take_injected(w);
		if (job != NULL)
			return job;
		if (++w->fair_steps >= SELF_STEAL_STEPS) {
			w->fair_steps = 0;
			job = steal_from(w, &w->deque);
			if (job != NULL)
				return job;
		}
	}
	job = vow__deque_take_owner(&w->deque);
	if (job != NULL)
		return job;
	job = take_injected(w);
	if (job != NULL)
		return job;
	return search(w);
}

void vow__pool_run_job_owner(struct worker *w, vow_job *job)
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

/* ---- the loop fibers (FIBERS above) ------------------------------------------- */

struct loop_fiber {
	enum vow__fiber_role role; /* first: VOW__FIBER_WORKER */
	struct vow_pool *pool;
	bool retire;               /* the trampoline asks it to return */
};

static void loop_main(void *unused)
{
	struct loop_fiber *lf = vow__fiber_extra(vow__fiber_current());
	struct timespec ts;

	(void)unused;
	for (;;) {
		/* Afresh each time round: the previous job may have moved us. */
		struct worker *w = vow__pool_current_worker();
		const struct timespec *deadline;
		vow_job *job;

		/* Acquire: pairs with the seq_cst store in shutdown / the DRAIN check. */
		if (lf->retire || w == NULL || w->pool != lf->pool ||
		    vow_load(&lf->pool->stop, ACQUIRE) != POOL_RUNNING)
			return;
		job = find_job(w);
		if (job != NULL) {
			poller_release(w);
			vow__pool_run_job_owner(w, job);
		} else if (!poll_idle(w, &ts, &deadline)) {
			vow__pool_park_idle_owner(w, deadline);
		}
	}
}

struct vow__fiber *vow__pool_loop_fiber_new(struct vow_pool *pool)
{
	struct vow__fiber *f = vow__fiber_new(loop_main, NULL, sizeof(struct loop_fiber));
	struct loop_fiber *lf;

	if (f == NULL)
		return NULL;
	lf = vow__fiber_extra(f);
	lf->role = VOW__FIBER_WORKER;
	lf->pool = pool;
	lf->retire = false;
	return f;
}

/* Make a parked loop fiber return, and free it (the trampoline). */
static void loop_fiber_retire(struct vow__fiber *f)
{
	((struct loop_fiber *)vow__fiber_extra(f))->retire = true;
	while (!vow__fiber_resume(f))
		; /* it returns at its loop's next turn */
	vow__fiber_free(f);
}

void vow__pool_handoff_worker(struct vow__fiber *f)
{
	struct worker *w = vow__pool_current_worker();

	w->exit = WORKER_EXIT_HANDOFF;
	w->exit_next = f;
	vow__fiber_suspend();
	/* Parked as a spare and resumed later, maybe elsewhere: read nothing old. */
}

void vow__pool_post_urgent_any(struct vow_pool *pool, vow_job *job)
{
	vow__job_queue_push_any(&pool->urgent, job);
	vow__pool_notify_any(pool);
}

/* ---- the trampoline ----------------------------------------------------------- */

void *vow__pool_worker_main(void *arg)
{
	struct worker *w = arg;
	struct vow_pool *pool = w->pool;
	struct vow__fiber *f = w->first;

	current = w;
	(void)vow_executor_enter(pool->ex); /* open until every worker has joined */
	w->first = NULL;
	while (!vow__fiber_resume(f)) {
		if (w->exit == WORKER_EXIT_HANDOFF) {
			/* f stopped between jobs: keep it for the next wait. */
			if (w->spare != NULL)
				loop_fiber_retire(w->spare);
			w->spare = f;
			f = w->exit_next;
			continue;
		}
		/* WORKER_EXIT_WAIT: f holds a waiting task; go on with another. */
		struct vow__pool_wait *pw = w->exit_wait;

		f = w->spare != NULL ? w->spare : vow__pool_loop_fiber_new(pool);
		w->spare = NULL;
		if (f == NULL) /* no stack to go on with: the wait fails at once */
			f = vow__pool_wait_fail_owner(pw, VOW_ENOMEM);
		else
			vow__pool_wait_arm_owner(pw);
	}
	vow__fiber_free(f); /* its loop returned: the pool stops */
	if (w->spare != NULL)
		loop_fiber_retire(w->spare);
	w->spare = NULL;
	poller_release(w);
	vow_executor_leave(pool->ex);
	current = NULL;
	return NULL;
}
