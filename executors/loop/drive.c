/*
 * drive.c - the calls that run the loop: vow_loop_run (turns until idle),
 * vow_loop_run_once (one turn), vow_loop_run_until (turns until a promise
 * settles) and vow_loop_stop.  Each begins with a checkpoint - the
 * caller's code since the last run was a macrotask - and then takes turns
 * (turn.c), which remember where the iteration stands.
 */
#include "loop_impl.h"

/* The checks every driving call makes; the caller runs the checkpoint. */
static int drive_enter(vow_loop *loop)
{
	if (loop == NULL)
		return VOW_EINVAL;
	if (!vow__loop_is_owner_any(loop))
		return VOW_ETHREAD;
	if (loop->running)
		return VOW_EBUSY;
	loop->running = true;
	loop->stop = false;
	return 0;
}

static int drive_leave(vow_loop *loop, int rc)
{
	/* A batch of ready fds does not outlive the call (io.h, BATCHES). */
	vow__io_drop_owner(&loop->io);
	loop->stop = false;
	loop->running = false;
	return rc;
}

int vow_loop_run(vow_loop *loop)
{
	int rc = drive_enter(loop);

	if (rc != 0)
		return rc;
	vow__loop_checkpoint_owner(loop);
	while (!loop->stop && vow__loop_turn_owner(loop, true) == VOW_LOOP_RAN)
		;
	return drive_leave(loop, loop->stop ? VOW_LOOP_STOPPED : 0);
}

int vow_loop_run_once(vow_loop *loop, bool block)
{
	int rc = drive_enter(loop);

	if (rc != 0)
		return rc;
	vow__loop_checkpoint_owner(loop);
	return drive_leave(loop, vow__loop_turn_owner(loop, block));
}

void vow_loop_stop(vow_loop *loop)
{
	if (loop == NULL) {
		vow__set_last_error(VOW_EINVAL);
		return;
	}
	if (!vow__loop_is_owner_any(loop)) {
		vow__set_last_error(VOW_ETHREAD);
		return;
	}
	if (loop->running)
		loop->stop = true;
}

/* ---- run_until ---------------------------------------------------------- */

/* The limit of a run_until: a weak timer whose job lives on its stack. */
struct limit {
	vow_job job; /* first member */
	bool passed;
};

static void limit_run(vow_job *job)
{
	((struct limit *)job)->passed = true;
}

static void limit_discard(vow_job *job)
{
	(void)job; /* on run_until's stack: nothing to free */
}

static const vow_job_ops limit_ops = {
	.run = limit_run,
	.discard = limit_discard,
	.kind = VOW_JOB_TASK,
};

/*
 * The reaction run_until attaches: its job, posted to the loop when p
 * settles, does nothing but end a turn - and, if another thread settled p,
 * wake the loop (loop.c, CROSS-THREAD JOBS).
 */
static vow_outcome settled_ignore(void *ctx, vow_value v)
{
	(void)ctx;
	(void)v;
	return vow_return(vow_undefined());
}

/* Turns until p settles, the limit passes, a stop, or idleness. */
static int turns_until(vow_loop *loop, vow_promise *p, const struct limit *limit)
{
	for (;;) {
		if (vow_promise_state(p) != VOW_PENDING)
			return 0;
		if (limit->passed)
			return VOW_ETIMEDOUT;
		if (loop->stop)
			return VOW_LOOP_STOPPED;
		if (vow__loop_turn_owner(loop, true) == 0)
			return VOW_EABANDONED;
	}
}

/*
 * Attach what a wait for p needs (pending p): the limit timer and the
 * reaction.  0 or VOW_ENOMEM (nothing attached).
 */
static int until_attach(vow_loop *loop, vow_promise *p, int64_t timeout_ms,
			struct limit *limit, uint64_t *limit_id)
{
	*limit_id = 0;
	if (timeout_ms > 0) {
		*limit_id = vow__loop_timer_start_owner(loop, (uint64_t)timeout_ms, &limit->job, true);
		if (*limit_id == 0)
			return VOW_ENOMEM;
	}
	if (vow__promise_subscribe(p, loop->ex, settled_ignore, settled_ignore, NULL, NULL) != 0) {
		if (*limit_id != 0)
			(void)vow__loop_timer_cancel_owner(loop, *limit_id);
		return VOW_ENOMEM;
	}
	return 0;
}

/*
 * The wait is attached before the opening checkpoint, as JavaScript's
 * `await p` attaches its reaction at once: a rejection of p in the
 * caller's own code is then handled, never reported.
 */
int vow_loop_run_until(vow_loop *loop, vow_promise *p, int64_t timeout_ms)
{
	struct limit limit = {.job = {.next = NULL, .ops = &limit_ops}, .passed = false};
	uint64_t limit_id = 0;
	bool foreign;
	int rc;

	if (p == NULL)
		return VOW_EINVAL;
	rc = drive_enter(loop);
	if (rc != 0)
		return rc;
	if (vow_promise_state(p) != VOW_PENDING) {
		/* A zero wait marks p handled, as a wait that saw it settled does. */
		(void)vow_promise_wait(p, 0);
		vow__loop_checkpoint_owner(loop);
		return drive_leave(loop, 0);
	}
	if (timeout_ms == 0) {
		/* Just look: nothing attached. */
		vow__loop_checkpoint_owner(loop);
		rc = vow_promise_state(p) != VOW_PENDING ? vow_promise_wait(p, 0) : VOW_ETIMEDOUT;
		return drive_leave(loop, rc);
	}
	rc = until_attach(loop, p, timeout_ms, &limit, &limit_id);
	if (rc != 0)
		return drive_leave(loop, rc);
	vow__loop_checkpoint_owner(loop);
	/* Another executor settles p: keep the loop from going idle meanwhile. */
	foreign = vow_promise_executor(p) != loop->ex;
	if (foreign)
		vow_loop_ref(loop);
	rc = turns_until(loop, p, &limit);
	if (foreign)
		vow_loop_unref(loop);
	if (limit_id != 0 && !limit.passed)
		(void)vow__loop_timer_cancel_owner(loop, limit_id);
	return drive_leave(loop, rc);
}
