/*
 * drive.c - the calls that run the loop: vow_loop_run (turns until idle),
 * vow_loop_run_once (one turn) and vow_loop_stop.  Each begins with a
 * checkpoint - the caller's code since the last run was a macrotask - and
 * then takes turns (turn.c), which remember where the iteration stands.
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
