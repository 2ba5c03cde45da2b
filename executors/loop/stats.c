/*
 * stats.c - vow_loop_stats_read.  The counters are plain fields that the
 * owner increments as it runs (turn.c, checkpoint.c): nothing on the
 * microtask path but an add.  So only the owner may read them, and only
 * it can add its own uncounted promise references (executor_impl.h,
 * REFERENCES) to the executor's shared count.
 */
#include "loop_impl.h"

int vow_loop_stats_read(const vow_loop *loop, vow_loop_stats *out)
{
	if (loop == NULL || out == NULL)
		return VOW_EINVAL;
	if (!vow__loop_is_owner_any(loop))
		return VOW_ETHREAD;
	out->macrotasks_run = loop->macrotasks_run;
	out->microtasks_run = loop->microtasks_run;
	out->timers_fired = loop->timers_fired;
	out->promises_alive = (uint64_t)vow__executor_promises_alive(loop->ex);
	return 0;
}
