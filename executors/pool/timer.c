/*
 * timer.c - the pool's timers: one thread per pool that sleeps until the
 * earliest deadline and then posts the timer's job to the pool's urgent
 * queue, which workers look at before anything else (worker.c).
 *
 * WHY A THREAD.  Workers sleep in a futex without a deadline when idle; a
 * timer serviced by parked workers' deadlines would make every idle worker
 * wake for every timer, and a busy worker could not fire one at all.  One
 * thread that does nothing else keeps both costs off the workers: it is
 * started with the first timer (a pool that never sets one has no such
 * thread) and sleeps on a condition variable until the earliest deadline or
 * a new earlier one, so a pool with no timers, or with timers far away,
 * uses no CPU.
 *
 * PRECISION.  A job is posted within the condition variable's wake-up
 * latency of its deadline (tens of microseconds here) and then runs as soon
 * as a worker finishes the job it is running: urgent jobs come before the
 * worker's own deque, the injection queue and stealing.  Deadlines are
 * CLOCK_MONOTONIC nanoseconds; the op takes milliseconds.
 *
 * COST.  Starting or cancelling a timer takes the timer lock (a leaf: no
 * other lock is taken while it is held, and no job runs under it) and
 * O(log n) heap work; firing one is a heap pop, a queue push and a wake-up.
 */
#include <errno.h>
#include <time.h>

#include "pool_impl.h"

struct pool_timer {
	struct vow__timer node; /* first */
	vow_job *job;
	bool weak;              /* not counted in pending */
};

static uint64_t monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void vow__pool_timers_init(struct vow__pool_timers *t)
{
	pthread_condattr_t attr;

	pthread_mutex_init(&t->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&t->cond, &attr);
	pthread_condattr_destroy(&attr);
	vow__timers_init(&t->heap);
	t->started = false;
	t->stop = false;
	atomic_init(&t->pending, 0);
}

/*
 * One timer less.  A VOW_POOL_DRAIN completes only once none is pending
 * (park.c), and its last worker may have gone to sleep while one was: the
 * last timer wakes the sleepers to look again (notify: its seq_cst fence
 * pairs with the parkers', as for a posted job).
 */
static void pending_drop(struct vow_pool *pool, const struct pool_timer *tm)
{
	if (tm->weak)
		return;
	/* Release: the job is queued before DRAIN can see the count drop. */
	if (vow_fetch_sub(&pool->timers.pending, 1, RELEASE) == 1)
		vow__pool_notify_any(pool);
}

static void *timer_thread(void *arg)
{
	struct vow_pool *pool = arg;
	struct vow__pool_timers *t = &pool->timers;

	pthread_mutex_lock(&t->lock);
	while (!t->stop) {
		struct vow__timer *next = vow__timers_peek(&t->heap);
		uint64_t now;

		if (next == NULL) {
			pthread_cond_wait(&t->cond, &t->lock);
			continue;
		}
		now = monotonic_ns();
		if (next->deadline > now) {
			struct timespec ts = {
				.tv_sec = (time_t)(next->deadline / 1000000000u),
				.tv_nsec = (long)(next->deadline % 1000000000u),
			};

			(void)pthread_cond_timedwait(&t->cond, &t->lock, &ts);
			continue;
		}
		vow__timers_forget(&t->heap, next);
		pthread_mutex_unlock(&t->lock);
		/* Outside the lock: the post may wake workers. */
		vow__pool_post_urgent_any(pool, ((struct pool_timer *)next)->job);
		pending_drop(pool, (struct pool_timer *)next);
		vow__free(next);
		pthread_mutex_lock(&t->lock);
	}
	pthread_mutex_unlock(&t->lock);
	return NULL;
}

uint64_t vow__pool_timer_start_any(struct vow_pool *pool, uint64_t delay_ns, vow_job *job,
				   bool weak)
{
	struct vow__pool_timers *t = &pool->timers;
	struct pool_timer *tm = vow__malloc(sizeof *tm);
	uint64_t now = monotonic_ns(), id = 0;

	if (tm == NULL)
		return 0;
	tm->job = job;
	tm->weak = weak;
	tm->node.deadline = delay_ns > UINT64_MAX - now ? UINT64_MAX : now + delay_ns;
	pthread_mutex_lock(&t->lock);
	if (!t->started) {
		if (pthread_create(&t->thread, NULL, timer_thread, pool) != 0)
			goto out;
		t->started = true;
	}
	if (vow__timers_reserve(&t->heap) != 0)
		goto out;
	vow__timers_add(&t->heap, &tm->node);
	id = tm->node.id;
	/* Relaxed: DRAIN reads it after the workers' own synchronisation. */
	if (!weak)
		vow_fetch_add(&t->pending, 1, RELAXED);
	/* A new earliest deadline: the thread must sleep less. */
	if (vow__timers_peek(&t->heap) == &tm->node)
		pthread_cond_signal(&t->cond);
	tm = NULL;
out:
	pthread_mutex_unlock(&t->lock);
	vow__free(tm);
	return id;
}

bool vow__pool_timer_cancel_any(struct vow_pool *pool, uint64_t id)
{
	struct vow__pool_timers *t = &pool->timers;
	struct vow__timer *node;

	pthread_mutex_lock(&t->lock);
	node = id == 0 ? NULL : vow__timers_find(&t->heap, id);
	if (node != NULL)
		vow__timers_forget(&t->heap, node);
	pthread_mutex_unlock(&t->lock);
	if (node == NULL)
		return false;
	((struct pool_timer *)node)->job->ops->discard(((struct pool_timer *)node)->job);
	pending_drop(pool, (struct pool_timer *)node);
	vow__free(node);
	return true;
}

bool vow__pool_timers_pending_any(struct vow_pool *pool)
{
	/* Acquire: pairs with the release decrements (the job is queued by then). */
	return vow_load(&pool->timers.pending, ACQUIRE) != 0;
}

static void discard_timer(struct vow__timer *node)
{
	struct pool_timer *tm = (struct pool_timer *)node;

	tm->job->ops->discard(tm->job);
	vow__free(tm);
}

void vow__pool_timers_fini(struct vow_pool *pool)
{
	struct vow__pool_timers *t = &pool->timers;

	pthread_mutex_lock(&t->lock);
	t->stop = true;
	pthread_cond_signal(&t->cond);
	pthread_mutex_unlock(&t->lock);
	if (t->started)
		pthread_join(t->thread, NULL);
	/* Timers that never fired (VOW_POOL_CANCEL): their jobs are discarded. */
	vow__timers_fini(&t->heap, discard_timer);
	vow_store(&t->pending, 0, RELAXED);
	pthread_cond_destroy(&t->cond);
	pthread_mutex_destroy(&t->lock);
}
