/*
 * park.c - idle workers sleep on one ck_ec32 eventcount (futex based, see
 * src/futex_ec.h) and are woken without lost wake-ups.
 *
 * STATE: sleepers counts workers between "armed" and "awake again" (idle
 * ones and ones sleeping inside vow_promise_wait); idle counts the idle
 * ones; searching counts workers stealing (at most search_limit).
 *
 * THE PROTOCOL (Dekker style, the two seq_cst fences pair):
 *
 *   notifier (post)                   parker
 *   ---------------                   ------
 *   make job visible                  snap = ck_ec32_value(ec)   (acquire)
 *   fence seq_cst            <---->   sleepers += 1; fence seq_cst
 *   if sleepers == 0: done            if a job is visible and nobody is
 *   if searching > 0: done              searching: do not sleep
 *   ck_ec32_inc(ec)                   ck_ec32_wait(ec, snap)
 *
 * In the fences' total order either the notifier's comes first, and then
 * the parker's re-check sees the job, or the parker's comes first, and
 * then the notifier sees sleepers > 0.  Either the parker does not sleep or
 * the increment happens after its snapshot, which ck_ec32_wait notices.
 *
 * "searching > 0: done" is safe because a searcher that stops without a
 * job decrements searching, fences, and then parks through the same
 * re-check; the last one out therefore either sees the job or the notifier
 * saw searching == 0 (the argument of tokio's idle protocol).  A parker that
 * sees a job while others search goes to sleep anyway: they will find it,
 * and this keeps non-searching workers from spinning.
 *
 * Spinning is bounded: at most search_limit (half the workers) search at
 * once; everyone else sleeps in the kernel, so an idle pool uses no CPU.
 * ck_ec wakes every sleeper on an increment; woken workers beyond the
 * search limit go back to sleep.
 */
#include "debug_yield.h"
#include "futex_ec.h"
#include "pool_impl.h"

void vow__pool_wake_all_any(struct vow_pool *pool)
{
	/* ck_ec32_inc: store fence then atomic add; pairs with the snapshot. */
	ck_ec32_inc(&pool->ec, &vow__ec_mode_mp);
}

void vow__pool_notify_any(struct vow_pool *pool)
{
	/* seq_cst: pairs with the fence in park() (see THE PROTOCOL). */
	vow_fence_sc(&pool->dekker);
	/* Relaxed: ordered by the fence above. */
	if (vow_load(&pool->sleepers, RELAXED) == 0)
		return;
	if (vow_load(&pool->searching, RELAXED) != 0)
		return;
	vow__pool_wake_all_any(pool);
}

bool vow__pool_has_work_any(struct vow_pool *pool)
{
	if (!vow__job_queue_empty_any(&pool->inject) || !vow__job_queue_empty_any(&pool->urgent))
		return true;
	for (unsigned i = 0; i < pool->n; i++) {
		if (vow__deque_nonempty_any(&pool->workers[i].deque))
			return true;
	}
	return false;
}

/*
 * DRAIN is complete when every worker is idle (so none runs a job, and none
 * can post), no wait is suspended, no timer is pending and no job is
 * queued.  The three reads are not one atomic
 * snapshot, so they are bracketed by reads of unparks, which a worker
 * increments (seq_cst) whenever it leaves an idle park, before it can take
 * a job: if it did not change, all n workers stayed idle throughout, the
 * queues could not change in between, and the emptiness seen is real.
 * (Threads outside the pool may not post once shutdown has begun.)
 */
static bool drain_complete(struct vow_pool *pool)
{
	uint64_t before = vow_load(&pool->unparks, SEQ_CST);

	if (vow_load(&pool->idle, SEQ_CST) != pool->n)
		return false;
	/* Suspended waits and pending timers are work to come. */
	if (vow__pool_waits_pending_any(pool) || vow__pool_timers_pending_any(pool))
		return false;
	if (vow__pool_has_work_any(pool))
		return false;
	return vow_load(&pool->unparks, SEQ_CST) == before;
}

static void park(struct worker *w, bool idle, bool (*ready)(void *), void *arg,
		 const struct timespec *deadline)
{
	struct vow_pool *pool = w->pool;
	/* ck_ec32_value: load + acquire fence; must precede every check below. */
	uint32_t snap = ck_ec32_value(&pool->ec);

	/* seq_cst RMWs + fence: pairs with the fence in vow__pool_notify_any. */
	vow_fetch_add(&pool->sleepers, 1, SEQ_CST);
	if (idle)
		vow_fetch_add(&pool->idle, 1, SEQ_CST);
	vow_fence_sc(&pool->dekker);
	vow__debug_yield();

	/* Relaxed loads below: all ordered after the fence. */
	if (vow_load(&pool->stop, RELAXED) != POOL_RUNNING)
		goto out;
	if (ready != NULL && ready(arg))
		goto out;
	if (idle && vow_load(&pool->draining, RELAXED) && drain_complete(pool)) {
		/*
		 * Seq_cst store: read by every parker after its fence and by
		 * the worker loop, which then exits.
		 */
		vow_store(&pool->stop, POOL_STOP, SEQ_CST);
		vow__pool_wake_all_any(pool);
		goto out;
	}
	if (vow_load(&pool->searching, RELAXED) == 0 && vow__pool_has_work_any(pool))
		goto out;
	vow__deque_reclaim_owner(&w->deque); /* free retired buffers before sleeping */
	vow__pool_count_owner(&w->parks);
	(void)ck_ec32_wait(&pool->ec, &vow__ec_mode_mp, snap, deadline);
out:
	if (idle) {
		/*
		 * seq_cst, unparks before idle: see drain_complete().  Both
		 * happen before this worker can take a job.
		 */
		vow_fetch_add(&pool->unparks, 1, SEQ_CST);
		vow_fetch_sub(&pool->idle, 1, SEQ_CST);
	}
	/* Relaxed: a stale count only costs a notifier one spurious wake-up. */
	vow_fetch_sub(&pool->sleepers, 1, RELAXED);
}

void vow__pool_park_idle_owner(struct worker *w, const struct timespec *deadline)
{
	park(w, true, NULL, NULL, deadline);
}

void vow__pool_park_wait_owner(struct worker *w, bool (*ready)(void *), void *arg,
			       const struct timespec *deadline)
{
	park(w, false, ready, arg, deadline);
}
