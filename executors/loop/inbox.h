/*
 * inbox.h - cross-thread submission to a loop: the core's job queue
 * (job_queue.h, urcu's wfcqueue) plus an eventfd that wakes a sleeping
 * owner.
 *
 * Which operations may run concurrently (X = may overlap):
 *
 *                        push_any  take/next  arm/pending  drain
 *   vow__inbox_push_any     X          X           X          X
 *   vow__inbox_take_owner   X          -           -          -
 *   vow__inbox_arm_owner    X          -           -          -
 *   vow__inbox_drain_owner  X          -           -          -
 *
 * Everything except push is called by the owner only, so the dequeue side
 * is the queue's single consumer (take_all_owner into the owner's batch).
 * Pushing never allocates and cannot fail (job_queue.h, NODES).
 *
 * NO LOST WAKE-UP.  wake_pending is 1 while an eventfd write is owed or
 * unconsumed.  A pusher enqueues, THEN exchanges wake_pending to 1 (release)
 * and writes the eventfd only if it saw 0.  The owner, before deciding to
 * sleep, exchanges wake_pending to 0 (acquire, arm_owner), THEN checks the
 * queue (pending_owner), and sleeps only if it is empty.  The two exchanges
 * are RMWs on one variable, so they are totally ordered:
 *   - pusher's exchange first: the owner's acquire exchange reads it (or a
 *     later RMW in its release sequence), so the enqueue happens-before the
 *     owner's emptiness check, which sees the job and does not sleep;
 *   - owner's exchange first: the pusher reads 0 and writes the eventfd, or
 *     reads 1 stored after the owner's exchange by another pusher that read
 *     0 and writes it; either way an eventfd write follows the owner's
 *     check and its poll() returns.
 * vow_loop_unref is a pusher without a job: decrement (release), then wake;
 * the owner arms, then reads the count (acquire), then checks the queue,
 * so a final unref is seen together with every post made before it.
 * The owner sleeps in epoll with the eventfd in its set (io.c) and drains
 * it when epoll reports it readable; a stale count only causes one
 * spurious wake-up.  An embedding event loop sleeps on the epoll set
 * instead (backend.c), after vow_loop_backend_timeout drained the eventfd,
 * then armed, then checked: a write it drained belongs to a push whose
 * exchange precedes the arm, so the check sees that job.
 *
 * Tested: tests/unit/test_loop_threads.c (4 posters x 2000 posts, exact
 * counts, per-poster FIFO, under TSan: the queue's happens-before edge is
 * annotated for TSan in job_queue.c, since liburcu is not instrumented).
 */
#ifndef VOW_LOOP_INBOX_H
#define VOW_LOOP_INBOX_H

#include <stdbool.h>

#include "core.h"

struct vow__inbox {
	struct vow__job_queue queue;   /* any thread enqueues */
	struct vow__job_batch batch;   /* owner's current batch */
	/*
	 * Owner's: the batch may hold jobs.  A loop turn takes and asks for
	 * the next job every iteration; with the inbox idle, this flag and
	 * a look at the queue stand in for urcu's splice and dequeue calls
	 * (70 instructions of a 490-instruction iteration, callgrind).
	 */
	bool batch_ready;
	_Atomic int wake_pending;      /* see NO LOST WAKE-UP above */
	int efd;                       /* eventfd, EFD_NONBLOCK | EFD_CLOEXEC */
};

/* Returns 0 or VOW_ENOMEM (eventfd failed: out of fds/memory). */
int vow__inbox_init(struct vow__inbox *in);
/* Owner, no pusher left.  Closes the eventfd; jobs must be taken first. */
void vow__inbox_fini(struct vow__inbox *in);

/*
 * Any thread: append job; if wake, also wake a sleeping owner (the owner
 * itself passes wake=false: it is not asleep and checks before sleeping).
 * Issues a full barrier before the enqueue (urcu), so what the caller wrote
 * before is visible to whoever takes the job.  Cannot fail.
 */
void vow__inbox_push_any(struct vow__inbox *in, vow_job *job, bool wake);

/*
 * Owner: move every job pushed so far into the batch (in push order).
 * Jobs pushed afterwards wait for the next call.  Returns true if the
 * batch is non-empty.
 */
bool vow__inbox_take_owner(struct vow__inbox *in);
/* Owner: the next job of the batch, or NULL. */
vow_job *vow__inbox_next_owner(struct vow__inbox *in);

/*
 * Owner: the first half of "check, then sleep": clear wake_pending.  Any
 * push or wake that happened before is then visible (acquire); any later
 * one writes the eventfd.  Follow with the caller's own checks (ref count,
 * then vow__inbox_pending_owner) and only then sleep on the eventfd.
 */
void vow__inbox_arm_owner(struct vow__inbox *in);
/* Owner: true if jobs wait in the shared queue (not yet taken). */
bool vow__inbox_pending_owner(struct vow__inbox *in);
/* Owner: true if the batch taken last has no job left. */
bool vow__inbox_batch_empty_owner(struct vow__inbox *in);
/* Owner: consume the eventfd's count after it was reported readable. */
void vow__inbox_drain_owner(struct vow__inbox *in);
/* Any thread: wake the owner without pushing (vow_loop_unref). */
void vow__inbox_wake_any(struct vow__inbox *in);

#endif /* VOW_LOOP_INBOX_H */
