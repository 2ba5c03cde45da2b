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
 *   3. poll sources (vow/executor.h): each active one once, then a
 *      checkpoint;
 *   4. I/O and sleep: return when there is no timer (but weak ones), no
 *      posted job, no watched fd, no active poll source and the ref count
 *      is zero (the
 *      microtask FIFO is always empty here).  Otherwise wait in epoll for
 *      the inbox or a watched fd - until the next timer on the real clock;
 *      without sleeping on the virtual clock when a timer is set (time then
 *      jumps to its deadline, also while a ref is held: virtual time does
 *      not wait for other threads); with an active poll source, for the
 *      poll back-off at most - and run the callbacks of ready fds, each a
 *      macrotask + checkpoint.
 *
 * Before the first iteration a checkpoint runs: the code before
 * vow_loop_run() was the first macrotask.
 */
#include "loop_impl.h"

/* The sleep between polls of a source that stays active (vow/loop.h). */
enum { POLL_BACKOFF_MIN_US = 16, POLL_BACKOFF_MAX_US = 1000 };

static void run_inbox_batch(vow_loop *loop)
{
	vow_job *job;

	if (!vow__inbox_take_owner(&loop->inbox))
		return;
	while ((job = vow__inbox_next_owner(&loop->inbox)) != NULL) {
		if (job->ops->kind == VOW_JOB_TASK)
			job->ops->run(job); /* frees the job */
		else
			/* A core job posted from another thread (loop.c). */
			vow__loop_push_microtask_owner(loop, job);
		vow__loop_checkpoint_owner(loop);
		loop->macrotasks_run++;
	}
}

/* Poll the sources once and set the back-off for the next sleep. */
static vow_poll_status poll_sources(vow_loop *loop)
{
	uint64_t microtasks = loop->microtasks_run;
	vow_poll_status st = vow_executor_poll(loop->ex);

	/* A source may settle promises whatever it answers (its last request). */
	vow__loop_checkpoint_owner(loop);
	/* A macrotask if a source completed something or settled a promise. */
	if (st == VOW_POLL_PROGRESS || loop->microtasks_run != microtasks)
		loop->macrotasks_run++;
	if (st == VOW_POLL_PROGRESS) {
		loop->poll_backoff_us = 0;
	} else if (st == VOW_POLL_PENDING) {
		loop->poll_backoff_us = loop->poll_backoff_us == 0 ? POLL_BACKOFF_MIN_US
				       : loop->poll_backoff_us >= POLL_BACKOFF_MAX_US / 2
					       ? POLL_BACKOFF_MAX_US
					       : loop->poll_backoff_us * 2;
	} else {
		loop->poll_backoff_us = 0;
	}
	return st;
}

/*
 * Wait for work (and run ready fds' callbacks).  Returns false when the
 * loop is idle.
 */
static bool wait_for_work(vow_loop *loop, vow_poll_status polled)
{
	bool polling = polled != VOW_POLL_IDLE;
	struct vow__timer *next;
	int64_t timeout_ns = -1;
	long refs;

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
	/* Weak timers (VOW_TIMER_WEAK) do not keep the loop running. */
	if (loop->strong_timers == 0 && refs <= 0 && loop->io.count == 0 && !polling)
		return false;
	if (polling)
		timeout_ns = (int64_t)loop->poll_backoff_us * 1000;
	if (next != NULL) {
		int64_t until;

		if (vow__clock_is_virtual(&loop->clock)) {
			/*
			 * Look at fds without sleeping; then, unless something
			 * happened, time jumps (a source that is only pending
			 * does not hold virtual time back).
			 */
			if (!vow__io_wait_owner(loop, 0) && polled != VOW_POLL_PROGRESS)
				vow__clock_advance(&loop->clock, next->deadline);
			return true;
		}
		until = (int64_t)vow__clock_timeout_until(&loop->clock, next->deadline) * 1000000;
		if (timeout_ns < 0 || until < timeout_ns)
			timeout_ns = until;
	}
	(void)vow__io_wait_owner(loop, timeout_ns);
	return true;
}

int vow_loop_run(vow_loop *loop)
{
	vow_poll_status polled;

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
		polled = poll_sources(loop);
	} while (wait_for_work(loop, polled));
	loop->running = false;
	return 0;
}
