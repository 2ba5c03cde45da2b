/* inbox.c - cross-thread submission and wake-up (see inbox.h). */
#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "atomics.h"
#include "core.h"
#include "inbox.h"
#include "tsan_hb.h"

/* The job's next pointer doubles as the queue node (inbox.h, NODES). */
_Static_assert(offsetof(vow_job, next) == 0 &&
		       sizeof(((vow_job *)0)->next) == sizeof(struct cds_wfcq_node),
	       "vow_job must begin with a node-compatible next pointer");

static struct cds_wfcq_node *job_node(vow_job *job)
{
	/*
	 * The node is only ever touched inside liburcu's out-of-line functions
	 * (we call the library, not the _LGPL_SOURCE inlines), so no code
	 * here reads the same word through both types.
	 */
	return (struct cds_wfcq_node *)(void *)job;
}

int vow__inbox_init(struct vow__inbox *in)
{
	__cds_wfcq_init(&in->head, &in->tail);
	__cds_wfcq_init(&in->batch_head, &in->batch_tail);
	atomic_init(&in->wake_pending, 0);
	in->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	return in->efd < 0 ? VOW_ENOMEM : 0;
}

void vow__inbox_fini(struct vow__inbox *in)
{
	assert(cds_wfcq_empty(&in->head, &in->tail));
	assert(cds_wfcq_empty(&in->batch_head, &in->batch_tail));
	if (in->efd >= 0)
		close(in->efd);
	in->efd = -1;
}

void vow__inbox_wake_any(struct vow__inbox *in)
{
	uint64_t one = 1;

	/*
	 * Release: publishes the caller's enqueue (or ref decrement); pairs
	 * with the acquire exchange in vow__inbox_arm_owner().
	 */
	if (vow_exchange(&in->wake_pending, 1, RELEASE) != 0)
		return; /* a wake-up is already owed; the owner will re-check */
	/*
	 * Cannot fail in a way that loses the wake-up: EAGAIN means the
	 * counter is saturated, i.e. already readable.
	 */
	while (write(in->efd, &one, sizeof one) < 0 && errno == EINTR)
		;
}

void vow__inbox_push_any(struct vow__inbox *in, vow_job *job, bool wake)
{
	struct cds_wfcq_node *node = job_node(job);

	cds_wfcq_node_init(node);
	vow_hb_release(job); /* pairs with vow_hb_acquire in vow__inbox_next_owner */
	/* urcu: full barrier before the enqueue (uatomic_xchg on the tail). */
	(void)cds_wfcq_enqueue(&in->head, &in->tail, node);
	if (wake)
		vow__inbox_wake_any(in);
}

bool vow__inbox_take_owner(struct vow__inbox *in)
{
	/* Single consumer (the owner), so the lock-free "__" splice is safe. */
	(void)__cds_wfcq_splice_blocking(&in->batch_head, &in->batch_tail,
					 &in->head, &in->tail);
	/*
	 * Acquire fence: the job contents we read next were written before the
	 * pusher's enqueue; pairs with the full barrier urcu issues before
	 * publishing the node in cds_wfcq_enqueue() (urcu itself only
	 * guarantees the node's own contents).
	 */
	vow_fence_acquire_foreign();
	return !cds_wfcq_empty(&in->batch_head, &in->batch_tail);
}

vow_job *vow__inbox_next_owner(struct vow__inbox *in)
{
	struct cds_wfcq_node *node;

	node = __cds_wfcq_dequeue_blocking(&in->batch_head, &in->batch_tail);
	if (node != NULL)
		vow_hb_acquire(node); /* pairs with vow_hb_release in vow__inbox_push_any */
	return (vow_job *)(void *)node; /* NULL when the batch is empty */
}

void vow__inbox_arm_owner(struct vow__inbox *in)
{
	/*
	 * Acquire: pairs with the release exchange in vow__inbox_wake_any();
	 * see NO LOST WAKE-UP in inbox.h for why this comes before the checks.
	 */
	(void)vow_exchange(&in->wake_pending, 0, ACQUIRE);
}

bool vow__inbox_pending_owner(struct vow__inbox *in)
{
	return !cds_wfcq_empty(&in->head, &in->tail);
}

void vow__inbox_wait_owner(struct vow__inbox *in, int timeout_ms)
{
	struct pollfd pfd = { .fd = in->efd, .events = POLLIN };
	uint64_t count;

	if (poll(&pfd, 1, timeout_ms) <= 0)
		return; /* timeout or EINTR: the caller re-checks */
	/* Drain the counter; EAGAIN (already drained) is fine. */
	(void)!read(in->efd, &count, sizeof count);
}
