/*
 * executor_impl.h - the executor handle (core-internal).  The contract is
 * in vow/executor.h; this is how the core keeps it.
 *
 * REFERENCES.  One count per handle, refs, of the implementation's own
 * reference plus one per promise created on the executor.  Promises are
 * made and freed at high rates on the executor's own threads (a worker
 * spawning, the loop's owner chaining), so those threads do not touch refs:
 * each counts in its thread slot (vow__thread_exec), a plain thread-local
 * integer that may go negative (a worker frees promises another thread
 * made), and adds it to refs in one RMW when it leaves the executor.
 * Every other thread adds and subtracts on refs directly.
 *
 * So refs alone is not the number of references while threads of the
 * executor hold unflushed counts.  The implementation's reference is
 * therefore worth REFS_BIAS (2^62), far above any possible count: refs can
 * reach zero only after vow_executor_release() took the bias away, and by
 * then every thread of the executor has left (the contract), so every
 * count has been flushed and refs is exact.  The decrement that brings it
 * to zero frees the handle.
 *
 *   event                                 refs                thread slot
 *   vow_executor_new                      = BIAS              -
 *   promise made / freed, thread of ex    -                   +1 / -1
 *   promise made / freed, other thread    +1 / -1 (RMW)       -
 *   vow_executor_leave                    + slot (RMW)        = 0, ex = NULL
 *   vow_executor_release                  - BIAS (RMW)        -
 *   an RMW that leaves refs == 0          handle freed
 *
 * THE GATE.  Posts from threads that are not threads of the executor may
 * race with vow_executor_close(), which precedes freeing the
 * implementation.  gate holds CLOSED (bit 0) and twice the number of such
 * posts in progress.  A post adds 2 (acquire) and, if it saw CLOSED, takes
 * them back and discards the job; otherwise it calls the op and subtracts 2
 * (release).  close sets CLOSED with an RMW, then waits until the count is
 * zero (acquire).  The RMWs on gate are totally ordered: a post ordered
 * before close's RMW is waited for, and close's acquire load of its final
 * subtraction makes the post's use of the implementation happen-before
 * the implementation is freed; a post ordered after it sees CLOSED.  Posts
 * from threads of the executor skip the gate: they have left before close
 * begins.  wake() and track() go through the same gate.
 *
 * Which operations may run at the same time on one handle (any threads):
 *
 *                 post (gated)   post (own thread)   close   release   ref/unref
 *   post (gated)      yes             yes             yes*     no        yes
 *   close             yes*            no              -        no        yes
 *   ref/unref         yes             yes             yes      yes**     yes
 *
 *   *  the post either completes before close returns or is discarded.
 *   ** a promise's reference keeps the handle alive past release.
 */
#ifndef VOW_EXECUTOR_IMPL_H
#define VOW_EXECUTOR_IMPL_H

#include <pthread.h>

#include "core.h"

#define EXECUTOR_REFS_BIAS ((int64_t)1 << 62)
#define EXECUTOR_GATE_CLOSED ((uint64_t)1)
#define EXECUTOR_GATE_POST ((uint64_t)2)

struct vow_poll_source;

struct vow_executor {
	const vow_executor_ops *ops;
	void *impl;
	_Atomic int64_t refs;  /* see REFERENCES */
	_Atomic uint64_t gate; /* see THE GATE */
	/*
	 * The policy: written by the owner before rejections can happen
	 * (vow/executor.h), read by reporting threads without ordering.
	 */
	vow_rejection_policy rejection_policy;
	vow_rejection_fn rejection_cb;
	void *rejection_ud;
	/*
	 * Poll sources (poll.c): a list under poll_lock, and the number of
	 * active ones, read without the lock by vow_executor_poll's fast
	 * path (relaxed: a stale zero only delays a poll until the wake-up
	 * that follows every activation).
	 */
	pthread_mutex_t poll_lock;
	pthread_cond_t poll_done;     /* a BUSY source became free (poll.c) */
	struct vow_poll_source *sources;
	_Atomic uint32_t sources_active;
};

/* poll.c: remove every source at close (their destructors run). */
void vow__poll_sources_close(vow_executor *ex);

/*
 * vow__executor_gate_enter / _leave - bracket a use of the implementation
 * by a thread that is not a thread of ex.  enter returns false (and the
 * caller must not touch the implementation) once ex is closed.
 */
bool vow__executor_gate_enter(vow_executor *ex);
void vow__executor_gate_leave(vow_executor *ex);

/*
 * vow__executor_post - vow_executor_post for the core's hot paths: a
 * thread of ex posts without a call through the public function (it
 * leaves before ex closes, so it needs no gate); any other thread takes
 * the gated path.
 */
void vow__executor_post_gated(vow_executor *ex, vow_job *job);

static inline void vow__executor_post(vow_executor *ex, vow_job *job)
{
	if (vow__thread_exec.ex == ex)
		ex->ops->post(ex->impl, job);
	else
		vow__executor_post_gated(ex, job);
}

#endif /* VOW_EXECUTOR_IMPL_H */
