/*
 * run.c - vow_loop_run: one iteration is
 *
 *   1. timers: every timer due at the iteration's "now", earliest first,
 *      FIFO among equal deadlines; each is a macrotask + checkpoint;
 *   2. inbox: every job posted from any thread before this phase began, in
 *      posting order; each is a macrotask step + checkpoint (a posted task
 *      runs; a core job posted from another thread is appended to the
 *      microtask FIFO and drained by the checkpoint; a tracker call is
 *      applied, and the checkpoint emits its event);
 *   3. idle check / sleep: return when there is no timer, no posted job and
 *      the ref count is zero (the microtask FIFO is always empty here).
 *      Otherwise: real clock: poll the inbox's eventfd until the next
 *      deadline (or forever with no timer); virtual clock: with a timer,
 *      jump the clock to its deadline without sleeping (also while a ref is
 *      held: virtual time does not wait for other threads); with only a
 *      ref, block on the eventfd.
 *
 * Before the first iteration a checkpoint runs: the code before
 * vow_loop_run() was the first macrotask.
 */
#include "loop_impl.h"

static void run_inbox_batch(vow_loop *loop)
{
	vow_job *job;

	if (!vow__inbox_take_owner(&loop->inbox))
		return;
	while ((job = vow__inbox_next_owner(&loop->inbox)) != NULL) {
		if (job->ops == &vow__macrotask_ops || job->ops == &vow__track_job_ops)
			job->ops->run(job); /* frees the job */
		else
			/* A core job posted from another thread (loop.c). */
			vow__loop_push_microtask_owner(loop, job);
		vow__loop_checkpoint_owner(loop);
	}
}

/* Sleep until there may be work.  Returns false when the loop is idle. */
static bool wait_for_work(vow_loop *loop)
{
	struct vow__timer *next;
	long refs;
	int timeout;

	assert(loop->micro_head == NULL);
	vow__inbox_arm_owner(&loop->inbox);
	/*
	 * Acquire: pairs with the release decrement in vow_loop_unref().  The
	 * count is read BEFORE the queue is checked: a thread posts, then
	 * unrefs; if we see its unref we also see its posts below.  (Checking
	 * the queue first could miss posts made just before a final unref.)
	 * If we see the count still held, that unref will wake us: it comes
	 * after arm_owner, so its wake writes the eventfd (inbox.h).
	 */
	refs = vow_load(&loop->refs, ACQUIRE);
	if (vow__inbox_pending_owner(&loop->inbox))
		return true;
	next = vow__timers_peek(&loop->timers);
	if (next == NULL && refs <= 0)
		return false;
	if (vow__clock_is_virtual(&loop->clock)) {
		if (next != NULL) {
			vow__clock_advance(&loop->clock, next->deadline);
			return true;
		}
		vow__inbox_wait_owner(&loop->inbox, -1);
		return true;
	}
	timeout = next != NULL ? vow__clock_timeout_until(&loop->clock, next->deadline) : -1;
	if (timeout != 0)
		vow__inbox_wait_owner(&loop->inbox, timeout);
	return true;
}

int vow_loop_run(vow_loop *loop)
{
	if (loop == NULL)
		return VOW_EINVAL;
	if (!vow__loop_is_owner_any(loop))
		return VOW_ETHREAD;
	if (loop->running)
		return VOW_EBUSY;
	loop->running = true;
	vow__loop_checkpoint_owner(loop);
	do {
		vow__loop_fire_timers_owner(loop, vow__clock_now_any(&loop->clock));
		run_inbox_batch(loop);
	} while (wait_for_work(loop));
	loop->running = false;
	return 0;
}
