/* task.c - a vow_job that calls fn(ctx) once and frees itself. */
#include "loop_impl.h"

struct task {
	vow_job job; /* first member: the job is the task */
	vow_task_fn fn;
	void *ctx;
};

static void task_run(vow_job *job)
{
	struct task *t = (struct task *)job;
	vow_task_fn fn = t->fn;
	void *ctx = t->ctx;

	/* Freed first: fn may free the loop's other state, never this. */
	vow__free(t);
	fn(ctx);
}

static void task_discard(vow_job *job)
{
	/* ctx belongs to the caller (vow/loop.h): nothing else to release. */
	vow__free(job);
}

const vow_job_ops vow__macrotask_ops = { .run = task_run, .discard = task_discard };
const vow_job_ops vow__microtask_ops = { .run = task_run, .discard = task_discard };

vow_job *vow__task_new_any(const vow_job_ops *ops, vow_task_fn fn, void *ctx)
{
	struct task *t = vow__malloc(sizeof *t);

	if (t == NULL)
		return NULL;
	t->job.next = NULL;
	t->job.ops = ops;
	t->fn = fn;
	t->ctx = ctx;
	return &t->job;
}
