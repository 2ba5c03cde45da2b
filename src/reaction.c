/*
 * reaction.c - then / catch / finally and the reaction job
 * (NewPromiseReactionJob).
 */
#include "promise_impl.h"

static void reaction_init(struct reaction *r, vow_executor *ex, vow_promise *derived,
			  vow_handler_fn on_fulfilled, vow_handler_fn on_rejected,
			  void *ctx, vow_dtor_fn ctx_dtor)
{
	r->job.next = NULL;
	r->job.ops = &vow__reaction_pending_ops;
	r->ex = ex;
	r->derived = derived;
	r->on_fulfilled = on_fulfilled;
	r->on_rejected = on_rejected;
	r->ctx = ctx;
	r->ctx_dtor = ctx_dtor;
}

struct reaction *vow__reaction_new(vow_executor *ex, vow_promise *derived,
				   vow_handler_fn on_fulfilled, vow_handler_fn on_rejected,
				   void *ctx, vow_dtor_fn ctx_dtor)
{
	struct reaction *r = vow__malloc_small(sizeof *r);

	if (r == NULL) {
		if (ctx_dtor != NULL)
			ctx_dtor(ctx);
		return vow__fail(VOW_ENOMEM);
	}
	reaction_init(r, ex, derived, on_fulfilled, on_rejected, ctx, ctx_dtor);
	return r;
}

/* True if r lives in its derived promise's block (struct derived_block). */
static bool reaction_is_embedded(const struct reaction *r)
{
	return r->derived != NULL && r == &((struct derived_block *)r->derived)->reaction;
}

void vow__reaction_free_pending(struct reaction *r)
{
	vow_promise *derived = r->derived;

	if (r->ctx_dtor != NULL)
		r->ctx_dtor(r->ctx);
	if (!reaction_is_embedded(r))
		vow__free_small(r, sizeof *r);
	/* Last: an embedded reaction's memory goes with this reference. */
	vow_promise_release(derived);
}

static void reaction_free_dispatched(struct reaction *r)
{
	vow__value_drop(r->arg);
	vow__reaction_free_pending(r);
}

void vow__promise_settle_outcome(vow_promise *p, vow_outcome o)
{
	switch (o.kind) {
	case VOW_OUTCOME_RETURN:
		vow__promise_resolve(p, o.value);
		break;
	case VOW_OUTCOME_THROW:
		vow__promise_reject(p, o.value);
		break;
	default:
		/* The value of an invalid outcome is not trusted, so not released. */
		vow__promise_reject(p, vow__bad_outcome_error("handler", o.kind));
		break;
	}
}

/* NewPromiseReactionJob: a missing handler was replaced at dispatch. */
static void reaction_run(vow_job *job)
{
	struct reaction *r = (struct reaction *)job;

	if (r->fn != NULL) {
		vow_outcome o = r->fn(r->ctx, r->arg);

		if (r->derived != NULL)
			vow__promise_settle_outcome(r->derived, o);
		else if (o.kind == VOW_OUTCOME_RETURN || o.kind == VOW_OUTCOME_THROW)
			vow__value_drop(o.value);
	}
	reaction_free_dispatched(r);
}

static void reaction_discard(vow_job *job)
{
	reaction_free_dispatched((struct reaction *)job);
}

const vow_job_ops vow__reaction_job_ops = {
	.run = reaction_run,
	.discard = reaction_discard,
};

/* A reaction in a promise's list is never run, only discarded with it. */
static void reaction_pending_run(vow_job *job)
{
	(void)job;
	assert(!"a pending reaction was run as a job");
}

static void reaction_pending_discard(vow_job *job)
{
	vow__reaction_free_pending((struct reaction *)job);
}

const vow_job_ops vow__reaction_pending_ops = {
	.run = reaction_pending_run,
	.discard = reaction_pending_discard,
};

int vow__promise_subscribe(vow_promise *p, vow_executor *ex, vow_handler_fn on_fulfilled,
			   vow_handler_fn on_rejected, void *ctx, vow_dtor_fn ctx_dtor)
{
	struct reaction *r = vow__reaction_new(ex, NULL, on_fulfilled, on_rejected, ctx, ctx_dtor);

	if (r == NULL)
		return VOW_ENOMEM;
	vow__promise_attach(p, r);
	return 0;
}

vow_promise *vow_promise_then_on(vow_promise *p, vow_executor *ex,
				 vow_handler_fn on_fulfilled, vow_handler_fn on_rejected,
				 void *ctx, vow_dtor_fn ctx_dtor)
{
	struct derived_block *b;

	if (p == NULL || ex == NULL) {
		if (ctx_dtor != NULL)
			ctx_dtor(ctx);
		return vow__fail(VOW_EINVAL);
	}
	b = (struct derived_block *)vow__promise_alloc_block(ex, sizeof *b);
	if (b == NULL) {
		if (ctx_dtor != NULL)
			ctx_dtor(ctx);
		return NULL;
	}
	/* The reaction holds one reference to derived; the caller gets another. */
	vow__promise_set_refs_unpublished(&b->promise, 2);
	reaction_init(&b->reaction, ex, &b->promise, on_fulfilled, on_rejected, ctx, ctx_dtor);
	vow__promise_attach(p, &b->reaction);
	return &b->promise;
}

vow_promise *vow_promise_then(vow_promise *p, vow_handler_fn on_fulfilled,
			      vow_handler_fn on_rejected, void *ctx, vow_dtor_fn ctx_dtor)
{
	return vow_promise_then_on(p, p == NULL ? NULL : p->ex, on_fulfilled, on_rejected,
				   ctx, ctx_dtor);
}

vow_promise *vow_promise_catch(vow_promise *p, vow_handler_fn on_rejected, void *ctx,
			       vow_dtor_fn ctx_dtor)
{
	return vow_promise_then(p, NULL, on_rejected, ctx, ctx_dtor);
}
