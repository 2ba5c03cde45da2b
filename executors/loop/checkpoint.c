/*
 * checkpoint.c - the microtask FIFO and the microtask checkpoint.
 *
 * The checkpoint is Node 20's processTicksAndRejections() (there is no
 * nextTick queue in vow):
 *
 *     do {
 *         run microtasks until the FIFO is empty   // runMicrotasks()
 *     } while (processPromiseRejections());
 *
 * so a job queued while draining runs in the same drain, and work queued by
 * an unhandledRejection/rejectionHandled callback runs before the next
 * macrotask.
 */
#include "loop_impl.h"

void vow__loop_push_microtask_owner(vow_loop *loop, vow_job *job)
{
	assert(vow__loop_is_owner_any(loop));
	job->next = NULL;
	if (loop->micro_tail != NULL)
		loop->micro_tail->next = job;
	else
		loop->micro_head = job;
	loop->micro_tail = job;
}

static vow_job *pop_microtask(vow_loop *loop)
{
	vow_job *job = loop->micro_head;

	if (job != NULL) {
		loop->micro_head = job->next;
		if (loop->micro_head == NULL)
			loop->micro_tail = NULL;
		job->next = NULL;
	}
	return job;
}

void vow__loop_checkpoint_owner(vow_loop *loop)
{
	vow_job *job;

	assert(vow__loop_is_owner_any(loop));
	do {
		bool outer = loop->draining;

		loop->draining = true; /* vow_executor_ops.runs_next */
		while ((job = pop_microtask(loop)) != NULL) {
			loop->microtasks_run++;
			job->ops->run(job); /* frees the job */
		}
		loop->draining = outer;
	} while (vow__rejections_process(&loop->rejections, loop->ex));
}

bool vow__loop_runs_next_owner(vow_loop *loop)
{
	return loop->draining && loop->micro_head == NULL;
}

void vow__loop_discard_microtasks_owner(vow_loop *loop)
{
	vow_job *job;

	assert(vow__loop_is_owner_any(loop));
	/* A discard may release objects whose destructors queue more. */
	while ((job = pop_microtask(loop)) != NULL)
		job->ops->discard(job);
}
