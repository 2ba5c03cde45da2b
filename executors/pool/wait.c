/*
 * wait.c - vow_promise_wait on a pool worker (the executor's wait op): the
 * waiting task is set aside with the loop fiber it runs on, and the worker
 * goes on with another loop fiber (worker.c, FIBERS).  So a wait never
 * runs other work on top of the waiting task's frames: no deadlock without
 * a real cycle, no stack that grows with unrelated work, and a deadline
 * kept within a job's length (the resumption goes to the urgent queue).
 *
 * A WAIT RECORD (struct vow__pool_wait) lives from the wait's start until
 * the last of its holders lets go:
 *
 *   holder                  takes its reference      drops it
 *   the waiting task        at the start             when its wait returns
 *   the notification        when armed               after p settled, or p is gone
 *   the timer's job         when armed (timed)       after it ran or was discarded
 *
 * Three things may end a wait: p settles (the notification), the deadline
 * passes (the timer's job), the pool is cancelled (vow__pool_waits_cancel).
 * They race on state (WAITING -> WOKEN, one CAS, acq_rel); the winner
 * writes result and posts the hand-off job, whose run continues the
 * waiting fiber on the worker that runs it.  The loser does nothing.  The
 * resumed task cancels the timer if it did not fire.
 *
 * ARMING.  The waiting fiber must have suspended before anything can
 * resume it, so the task only records its wait and suspends; the worker's
 * trampoline, back on its own stack, arms the timer and then attaches the
 * notification (vow__pool_wait_arm_owner).  Once the timer is set the wait
 * may end and the task drop p and its reference, so the arming holds its
 * own references to p and to the record until it is done.
 *
 * SHUTDOWN.  The pool keeps its suspended waits in a list (waits_lock, a
 * leaf).  VOW_POOL_DRAIN finishes only once none is left (a wait for a
 * promise nobody settles keeps it running, as before fibers).
 * VOW_POOL_CANCEL ends each with VOW_ESHUTDOWN after the workers are gone:
 * the hand-off reaches a closed executor and is discarded, and its discard
 * continues the fiber on the discarding thread, where its loop finds no
 * worker and returns.  The shutdown then waits until every wait has left
 * the list, since the resumed tasks still touch the pool on their way out.
 */
#include <sched.h>
#include <time.h>

#include "futex_ec.h"
#include "pool_impl.h"

enum { WAIT_WAITING = 0, WAIT_WOKEN = 1 };

struct vow__pool_wait {
	_Atomic uint32_t refs;
	_Atomic uint32_t state;        /* WAIT_WAITING -> WAIT_WOKEN, once */
	int result;                    /* the winner's, read after the resumption */
	struct vow__fiber *fiber;      /* the suspended loop fiber */
	struct vow_pool *pool;
	vow_promise *p;                /* borrowed: the waiting task holds it */
	bool timed;
	struct timespec deadline;
	uint64_t timer_id;
	vow_job handoff;               /* posted by the winner */
	vow_job timer_job;
	struct vow__pool_wait *next, **prev_next; /* pool->waits, under waits_lock */
};

#define WAIT_OF(job, member) \
	((struct vow__pool_wait *)((char *)(job) - offsetof(struct vow__pool_wait, member)))

static void wait_release(struct vow__pool_wait *pw)
{
	/* acq_rel: the last holder sees every other holder's writes. */
	if (vow_fetch_sub(&pw->refs, 1, ACQ_REL) == 1)
		vow__free(pw);
}

/* End the wait with result, if nothing ended it first. */
static void wait_end(struct vow__pool_wait *pw, int result)
{
	uint32_t waiting = WAIT_WAITING;

	/* acq_rel: one winner; the resumed task acquires result through the hand-off. */
	if (!vow_cas(&pw->state, &waiting, WAIT_WOKEN, ACQ_REL, RELAXED))
		return;
	pw->result = result;
	/* A task job: the pool queues it urgent (pool.c); closed: discarded. */
	vow_executor_post(pw->pool->ex, &pw->handoff);
}

/* ---- the jobs and the notification ---------------------------------------------- */

static void handoff_run(vow_job *job)
{
	vow__pool_handoff_worker(WAIT_OF(job, handoff)->fiber);
}

static void handoff_discard(vow_job *job)
{
	/* The pool is closed: nobody else will run the task (see SHUTDOWN). */
	struct vow__fiber *f = WAIT_OF(job, handoff)->fiber;

	if (vow__fiber_resume(f))
		vow__fiber_free(f);
}

static const vow_job_ops handoff_ops = {
	.run = handoff_run,
	.discard = handoff_discard,
	.kind = VOW_JOB_TASK,
};

static void timer_run(vow_job *job)
{
	struct vow__pool_wait *pw = WAIT_OF(job, timer_job);

	wait_end(pw, VOW_ETIMEDOUT);
	wait_release(pw);
}

static void timer_discard(vow_job *job)
{
	wait_release(WAIT_OF(job, timer_job));
}

static const vow_job_ops timer_ops = {
	.run = timer_run,
	.discard = timer_discard,
	.kind = VOW_JOB_TASK,
};

static void settled_fired(void *ctx)
{
	wait_end(ctx, 0);
}

static void settled_released(void *ctx)
{
	wait_release(ctx);
}

/* ---- the wait -------------------------------------------------------------------- */

static uint64_t ns_until(const struct timespec *deadline)
{
	struct timespec now;
	int64_t ns;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ns = (int64_t)(deadline->tv_sec - now.tv_sec) * 1000000000 +
	     (deadline->tv_nsec - now.tv_nsec);
	return ns > 0 ? (uint64_t)ns : 0;
}

/*
 * THE CHILD FIRST.  The promise a task waits for is most often a child it
 * spawned that no other worker has taken yet (spawn, then wait: fork-join):
 * its job is then the newest on this worker's deque.  Running that job
 * here, on top of the waiting task, is running the very work waited for,
 * never unrelated work, and costs no suspension; if it waits in turn, it
 * sets the whole fiber aside, the waiting task included, which is what
 * both are waiting for anyway.  Only without a deadline (with one, the
 * child's length would decide when the wait returns), and only while the
 * loop fiber has CHILD_STACK_RESERVE bytes of stack left: deeper than that
 * the wait suspends, so a long chain of waiting tasks never overflows it.
 */
enum { CHILD_STACK_RESERVE = 24 * 1024 };

static bool run_child_here(struct worker *w, vow_promise *p)
{
	vow_job *job;

	/* Nesting is bounded by the loop fiber's stack, not by the work. */
	if (vow__fiber_stack_left() < CHILD_STACK_RESERVE)
		return false;
	job = vow__deque_take_owner(&w->deque);
	if (job == NULL)
		return false;
	if (!vow__pool_spawn_job_settles(job, p)) {
		/* Not the child: put it back where it was (newest). */
		if (!vow__deque_push_owner(&w->deque, job))
			vow__job_queue_push_any(&w->pool->inject, job);
		return false;
	}
	vow__pool_run_job_owner(w, job);
	return true;
}

int vow__pool_wait_worker(void *impl, vow_promise *p, const struct timespec *deadline)
{
	struct vow_pool *pool = impl;
	struct vow__fiber *f = vow__fiber_current();
	struct worker *w = vow__pool_current_worker();
	struct vow__pool_wait *pw;
	struct worker *w_now;
	bool last;
	int rc;

	/* Only a task on a loop fiber can be set aside (not one inside a generator). */
	if (f == NULL || *(enum vow__fiber_role *)vow__fiber_extra(f) != VOW__FIBER_WORKER)
		return VOW_ENOTSUP;
	if (w == NULL || w->pool != pool)
		return VOW_ESHUTDOWN; /* continued off the pool by its shutdown */
	if (deadline == NULL && run_child_here(w, p)) {
		if (vow_promise_state(p) != VOW_PENDING)
			return 0;
		/* It adopted something still pending; the child may have moved us. */
		w = vow__pool_current_worker();
		if (w == NULL || w->pool != pool)
			return VOW_ESHUTDOWN;
	}
	pw = vow__malloc(sizeof *pw);
	if (pw == NULL)
		return VOW_ENOMEM;
	atomic_init(&pw->refs, 1);
	atomic_init(&pw->state, WAIT_WAITING);
	pw->result = 0;
	pw->fiber = f;
	pw->pool = pool;
	pw->p = p;
	pw->timed = deadline != NULL;
	if (pw->timed)
		pw->deadline = *deadline;
	pw->timer_id = 0;
	pw->handoff.next = NULL;
	pw->handoff.ops = &handoff_ops;
	pw->timer_job.next = NULL;
	pw->timer_job.ops = &timer_ops;
	pthread_mutex_lock(&pool->waits_lock);
	pw->next = pool->waits;
	pw->prev_next = &pool->waits;
	if (pw->next != NULL)
		pw->next->prev_next = &pw->next;
	pool->waits = pw;
	/* seq_cst: read by the DRAIN check after its fence (park.c). */
	vow_fetch_add(&pool->nwaits, 1, SEQ_CST);
	pthread_mutex_unlock(&pool->waits_lock);

	w->exit = WORKER_EXIT_WAIT;
	w->exit_wait = pw;
	vow__fiber_suspend(); /* the trampoline arms the wait */
	/* Continued by the hand-off: any worker, or the shutdown's thread. */
	w_now = vow__pool_current_worker();

	if (pw->timed && pw->result != VOW_ETIMEDOUT && pw->timer_id != 0)
		(void)vow__pool_timer_cancel_any(pool, pw->timer_id);
	rc = pw->result;
	if (rc == VOW_ETIMEDOUT && vow_promise_state(p) != VOW_PENDING)
		rc = 0; /* it settled meanwhile: the caller may read it */
	pthread_mutex_lock(&pool->waits_lock);
	*pw->prev_next = pw->next;
	if (pw->next != NULL)
		pw->next->prev_next = pw->prev_next;
	last = vow_fetch_sub(&pool->nwaits, 1, SEQ_CST) == 1;
	pthread_mutex_unlock(&pool->waits_lock);
	wait_release(pw);
	/* As for the last timer (timer.c): a DRAIN may be waiting for this. */
	if (last && w_now != NULL)
		vow__pool_notify_any(pool);
	return rc;
}

void vow__pool_wait_arm_owner(struct vow__pool_wait *pw)
{
	/*
	 * Once the timer is set it may fire and the task continue (and drop
	 * p) while the notification is still being attached: hold p.
	 */
	vow_promise *p = vow_promise_dup(pw->p);

	/* Ours for the arming and the notification's, taken before anything fires. */
	vow_fetch_add(&pw->refs, 2, RELAXED);
	if (pw->timed) {
		vow_fetch_add(&pw->refs, 1, RELAXED); /* the timer job's */
		pw->timer_id = vow__pool_timer_start_any(pw->pool, ns_until(&pw->deadline),
							 &pw->timer_job, false);
		if (pw->timer_id == 0) {
			wait_release(pw); /* the timer job's */
			wait_release(pw); /* the notification's */
			wait_end(pw, VOW_ENOMEM);
			goto out;
		}
	}
	if (vow_promise_on_settle(p, settled_fired, pw, settled_released) != 0)
		wait_end(pw, VOW_ENOMEM); /* the notification's reference went with it */
out:
	wait_release(pw);
	vow_promise_release(p);
}

struct vow__fiber *vow__pool_wait_fail_owner(struct vow__pool_wait *pw, int result)
{
	/* Not armed: nobody else can end it; the trampoline continues it now. */
	vow_store(&pw->state, WAIT_WOKEN, RELAXED);
	pw->result = result;
	return pw->fiber;
}

void vow__pool_waits_cancel(struct vow_pool *pool)
{
	for (;;) {
		struct vow__pool_wait *pw;

		pthread_mutex_lock(&pool->waits_lock);
		for (pw = pool->waits; pw != NULL; pw = pw->next) {
			/* Relaxed: the CAS in wait_end decides; this only skips ended ones. */
			if (vow_load(&pw->state, RELAXED) == WAIT_WAITING) {
				vow_fetch_add(&pw->refs, 1, RELAXED);
				break;
			}
		}
		pthread_mutex_unlock(&pool->waits_lock);
		if (pw == NULL)
			break;
		wait_end(pw, VOW_ESHUTDOWN); /* closed: continues it here (SHUTDOWN) */
		wait_release(pw);
	}
}

void vow__pool_waits_gone(struct vow_pool *pool)
{
	/* Tasks continued on other threads still leave through the list. */
	while (vow_load(&pool->nwaits, SEQ_CST) != 0)
		sched_yield();
}
