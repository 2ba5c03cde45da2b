/* task.c - a vow_job that calls fn(ctx) once, then its ctx_dtor, and frees itself. */
#include "loop_impl.h"

struct task {
	vow_job job; /* first member: the job is the task */
	vow_task_fn fn;
	void *ctx;
	vow_dtor_fn ctx_dtor;
};

static void task_run(vow_job *job)
{
	struct task t = *(struct task *)job;

	/* Freed first: fn may free the loop's other state, never this. */
	vow__free_small(job, sizeof t);
	t.fn(t.ctx);
	if (t.ctx_dtor != NULL)
		t.ctx_dtor(t.ctx);
}

static void task_discard(vow_job *job)
{
	struct task t = *(struct task *)job;

	vow__free_small(job, sizeof t);
	if (t.ctx_dtor != NULL)
		t.ctx_dtor(t.ctx);
}

static const vow_job_ops task_ops[] = {
	[VOW_JOB_MICROTASK] = { .run = task_run, .discard = task_discard, .kind = VOW_JOB_MICROTASK },
	[VOW_JOB_TASK] = { .run = task_run, .discard = task_discard, .kind = VOW_JOB_TASK },
};

vow_job *vow__task_new_any(vow_job_kind kind, vow_task_fn fn, void *ctx, vow_dtor_fn ctx_dtor)
{
	struct task *t = vow__malloc_small(sizeof *t);

	if (t == NULL) {
		if (ctx_dtor != NULL)
			ctx_dtor(ctx);
		return NULL;
	}
	t->job.next = NULL;
	t->job.ops = &task_ops[kind];
	t->fn = fn;
	t->ctx = ctx;
	t->ctx_dtor = ctx_dtor;
	return &t->job;
}
