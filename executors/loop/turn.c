/*
 * turn.c - the loop's iteration, one macrotask per turn.  One iteration is
 *
 *   1. timers: every timer due at the iteration's "now", earliest first,
 *      FIFO among equal deadlines; each is a macrotask + checkpoint;
 *   2. inbox: every job posted from any thread before this phase began, in
 *      posting order; each is a macrotask step + checkpoint (a posted task
 *      runs; a core job posted from another thread is appended to the
 *      microtask FIFO and drained by the checkpoint; a tracker call is
 *      applied, and the checkpoint emits its event);
 *   3. poll sources (vow/executor.h): each active one once, then a
 *      checkpoint (a macrotask if one made progress or the checkpoint ran
 *      a job);
 *   4. wait: idle when there is no timer (but weak ones), no posted job, no
 *      watched fd, no active poll source and the ref count is zero (the
 *      microtask FIFO is always empty here).  Otherwise wait in epoll for
 *      the inbox or a watched fd - until the next timer on the real clock;
 *      without sleeping on the virtual clock when a timer is set (time then
 *      jumps to its deadline, also while a ref is held: virtual time does
 *      not wait for other threads); with an active poll source, for the
 *      poll back-off at most;
 *   5. I/O: the callback of each fd the wait found ready, each a
 *      macrotask + checkpoint.
 *
 * A TURN runs the next macrotask of the iteration and returns.  The phase
 * stays in the loop between turns, so turns taken by vow_loop_run,
 * vow_loop_run_once and vow_loop_run_until, in any mix, run the same
 * macrotasks in the same order; the callers (drive.c) run the checkpoint
 * that precedes the first turn (the caller's code was a macrotask).
 */
#include "loop_impl.h"

/* The sleep between polls of a source that stays active (vow/loop.h). */
enum { POLL_BACKOFF_MIN_US = 16, POLL_BACKOFF_MAX_US = 1000 };

/* How the wait phase may wait. */
enum wait_mode {
	WAIT_SLEEP, /* until there may be work (a blocking turn) */
	WAIT_LOOK,  /* the same, without sleeping */
	WAIT_CHECK, /* the idle check alone: no epoll, no jump of virtual time */
};

/* What the wait phase found. */
enum wait_result {
	WAIT_IDLE, /* the loop is idle */
	WAIT_WORK, /* go on with the next phase: there may be work */
	WAIT_NONE, /* WAIT_CHECK: not idle, but nothing to run now */
};

/* A macrotask ran: count it. */
static int ran(vow_loop *loop)
{
	loop->macrotasks_run++;
	return VOW_LOOP_RAN;
}

/* The next job of the inbox batch, as a macrotask step; false if none. */
static bool run_inbox_job(vow_loop *loop)
{
	vow_job *job = vow__inbox_next_owner(&loop->inbox);

	if (job == NULL)
		return false;
	if (job->ops->kind == VOW_JOB_TASK)
		job->ops->run(job); /* frees the job */
	else
		/* A core job posted from another thread (loop.c). */
		vow__loop_push_microtask_owner(loop, job);
	vow__loop_checkpoint_owner(loop);
	return true;
}

/* Poll the sources once and set the back-off for the next sleep. */
static vow_poll_status poll_sources(vow_loop *loop)
{
	vow_poll_status st = vow_executor_poll(loop->ex);

	/* A source may settle promises whatever it answers (its last request). */
	vow__loop_checkpoint_owner(loop);
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

/* The idle check, then (unless WAIT_CHECK) the wait: see 4. above. */
static enum wait_result wait_for_work(vow_loop *loop, enum wait_mode mode)
{
	bool polling = loop->polled != VOW_POLL_IDLE;
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
		return WAIT_WORK;
	/* Weak timers (VOW_TIMER_WEAK) do not keep the loop running. */
	if (vow__loop_idle_owner(loop, refs))
		return WAIT_IDLE;
	if (mode == WAIT_CHECK)
		return WAIT_NONE;
	if (polling)
		timeout_ns = (int64_t)loop->poll_backoff_us * 1000;
	next = vow__timers_peek(&loop->timers);
	if (next != NULL) {
		int64_t until;

		if (vow__clock_is_virtual(&loop->clock)) {
			/*
			 * Look at fds without sleeping; then, unless something
			 * happened, time jumps (a source that is only pending
			 * does not hold virtual time back).
			 */
			if (!vow__io_wait_owner(loop, 0) && loop->polled != VOW_POLL_PROGRESS)
				vow__clock_advance(&loop->clock, next->deadline);
			return WAIT_WORK;
		}
		until = (int64_t)vow__clock_timeout_until(&loop->clock, next->deadline) * 1000000;
		if (timeout_ns < 0 || until < timeout_ns)
			timeout_ns = until;
	}
	if (mode == WAIT_LOOK)
		timeout_ns = 0;
	/*
	 * Not sleeping and no fd watched: epoll could only report the inbox's
	 * eventfd, whose queue was just found empty (a later push is taken by
	 * the next inbox phase, and its write drained by the next wait that
	 * sleeps), or the timerfd, which the timer phase does not need.  The
	 * system call would cost each iteration after a poll that made
	 * progress 0.6 us (bench/mpi_bench.c, loopiter).
	 */
	if (timeout_ns == 0 && loop->io.count == 0)
		return WAIT_WORK;
	(void)vow__io_wait_owner(loop, timeout_ns);
	return WAIT_WORK;
}

/*
 * Without block, the first wait of the turn only looks; if a second one is
 * reached, nothing could run: it checks for idleness and the turn ends,
 * leaving the phase at the wait, so the next turn looks again first (and
 * a jump of virtual time is always followed by the timer it jumped to).
 */
int vow__loop_turn_owner(vow_loop *loop, bool block)
{
	bool looked = false;

	assert(vow__loop_is_owner_any(loop) && loop->micro_head == NULL);
	for (;;) {
		switch (loop->phase) {
		case VOW__PHASE_START:
			/*
			 * Only the timer phase reads it, and no code runs before
			 * that phase to set a timer: with none set, no clock read
			 * (32 ns here, as much as a third of an iteration that
			 * polls a source; bench/mpi_bench.c, loopiter).
			 */
			loop->iteration_now = vow__timers_peek(&loop->timers) != NULL
						      ? vow__clock_now_any(&loop->clock)
						      : 0;
			loop->phase = VOW__PHASE_TIMERS;
			break;
		case VOW__PHASE_TIMERS:
			if (vow__loop_fire_timer_owner(loop, loop->iteration_now)) {
				loop->timers_fired++;
				return ran(loop);
			}
			(void)vow__inbox_take_owner(&loop->inbox);
			loop->phase = VOW__PHASE_INBOX;
			break;
		case VOW__PHASE_INBOX:
			if (run_inbox_job(loop))
				return ran(loop);
			loop->phase = VOW__PHASE_POLL;
			break;
		case VOW__PHASE_POLL: {
			uint64_t microtasks = loop->microtasks_run;

			loop->phase = VOW__PHASE_WAIT;
			loop->polled = poll_sources(loop);
			/* A macrotask if a source completed something or settled a promise. */
			if (loop->polled == VOW_POLL_PROGRESS || loop->microtasks_run != microtasks)
				return ran(loop);
			break;
		}
		case VOW__PHASE_WAIT:
			switch (wait_for_work(loop, block ? WAIT_SLEEP : looked ? WAIT_CHECK : WAIT_LOOK)) {
			case WAIT_IDLE:
				loop->phase = VOW__PHASE_START;
				return 0;
			case WAIT_NONE:
				return VOW_LOOP_WAITING;
			case WAIT_WORK:
				break;
			}
			looked = true;
			loop->phase = VOW__PHASE_IO;
			break;
		case VOW__PHASE_IO:
			if (vow__io_dispatch_owner(loop))
				return ran(loop);
			loop->phase = VOW__PHASE_START;
			break;
		}
	}
}
