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
 *   5. park.
 */
#include "debug_yield.h"
#include "pool_impl.h"

/* initial-exec: read on every post; see current_helper in src/wait.c. */
static _Thread_local struct worker *current __attribute__((tls_model("initial-exec")));

struct worker *pool__current_worker(void)
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
static vow_job *steal_from(struct worker *w, struct deque *q)
{
	vow_job *job;
	int tries = 0;

	ck_epoch_begin(&w->epoch_rec, NULL);
	do {
		job = deque_steal_any(q);
	} while (job == DEQUE_ABORT && ++tries < 4);
	ck_epoch_end(&w->epoch_rec, NULL);
	return job == DEQUE_ABORT ? NULL : job;
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
		pool__notify_any(pool);
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
				pool__count_owner(&w->steals);
		}
		if (job == NULL)
			job = inject_pop_any(&pool->inject);
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
		job = inject_pop_any(&pool->inject);
		if (job != NULL)
			return job;
		job = steal_from(w, &w->deque);
		if (job != NULL)
			return job;
	}
	job = deque_take_owner(&w->deque);
	if (job != NULL)
		return job;
	job = inject_pop_any(&pool->inject);
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
	pool__count_owner(&w->tasks_run);
	job->ops->run(job);
}

/* ---- helping wait (wait_helper.h) ------------------------------------- */

static struct worker *helper_worker(struct vow__wait_helper *h)
{
	return (struct worker *)((char *)h - offsetof(struct worker, helper));
}

static int helper_help(struct vow__wait_helper *h)
{
	struct worker *w = helper_worker(h);
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

static void helper_sleep(struct vow__wait_helper *h, bool (*ready)(void *), void *arg,
			 const struct timespec *deadline)
{
	pool__park_wait_owner(helper_worker(h), ready, arg, deadline);
}

static void helper_wake(struct vow__wait_helper *h)
{
	pool__wake_all_any(helper_worker(h)->pool);
}

void pool__helper_init(struct worker *w)
{
	w->helper.help = helper_help;
	w->helper.sleep = helper_sleep;
	w->helper.wake = helper_wake;
}

/* ---- the loop ----------------------------------------------------------- */

void *pool__worker_main(void *arg)
{
	struct worker *w = arg;
	struct vow_pool *pool = w->pool;

	current = w;
	vow__wait_helper_set_current(&w->helper);
	/* Acquire: pairs with the seq_cst store in shutdown / the DRAIN check. */
	while (vow_load(&pool->stop, ACQUIRE) == POOL_RUNNING) {
		vow_job *job = find_job(w);

		if (job != NULL)
			run_job(w, job);
		else
			pool__park_idle_owner(w);
	}
	vow__wait_helper_set_current(NULL);
	current = NULL;
	return NULL;
}
