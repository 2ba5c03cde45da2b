/* inbox.c - cross-thread submission and wake-up (see inbox.h). */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "inbox.h"

int vow__inbox_init(struct vow__inbox *in)
{
	vow__job_queue_init(&in->queue);
	vow__job_batch_init(&in->batch);
	in->batch_ready = false;
	atomic_init(&in->wake_pending, 0);
	in->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	return in->efd < 0 ? VOW_ENOMEM : 0;
}

void vow__inbox_fini(struct vow__inbox *in)
{
	assert(vow__job_batch_empty_owner(&in->batch));
	vow__job_queue_fini(&in->queue);
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
	vow__job_queue_push_any(&in->queue, job);
	if (wake)
		vow__inbox_wake_any(in);
}

bool vow__inbox_take_owner(struct vow__inbox *in)
{
	/*
	 * A racy look, as any take is: a push that has not exchanged the
	 * tail yet waits for the next take either way.
	 */
	if (!vow__job_queue_empty_any(&in->queue))
		in->batch_ready = vow__job_queue_take_all_owner(&in->queue, &in->batch);
	return in->batch_ready;
}

vow_job *vow__inbox_next_owner(struct vow__inbox *in)
{
	vow_job *job;

	if (!in->batch_ready)
		return NULL;
	job = vow__job_batch_next_owner(&in->batch);
	if (job == NULL)
		in->batch_ready = false;
	return job;
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
	return !vow__job_queue_empty_any(&in->queue);
}

bool vow__inbox_batch_empty_owner(struct vow__inbox *in)
{
	return !in->batch_ready || vow__job_batch_empty_owner(&in->batch);
}

void vow__inbox_drain_owner(struct vow__inbox *in)
{
	uint64_t count;

	/* Drain the counter; EAGAIN (already drained) is fine. */
	(void)!read(in->efd, &count, sizeof count);
}
