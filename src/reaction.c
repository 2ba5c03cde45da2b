/*
 * reaction.c - then / catch / finally and the reaction job
 * (NewPromiseReactionJob).
 */
#include "promise_impl.h"

struct reaction *vow__reaction_new(vow_executor *ex, vow_promise *derived,
				   vow_handler_fn on_fulfilled, vow_handler_fn on_rejected,
				   void *ctx, vow_dtor_fn ctx_dtor)
{
	struct reaction *r = vow__malloc(sizeof *r);

	if (r == NULL) {
		if (ctx_dtor != NULL)
			ctx_dtor(ctx);
		return vow__fail(VOW_ENOMEM);
	}
	r->job.next = NULL;
	r->job.ops = &vow__reaction_job_ops;
	r->ex = ex;
	r->source = NULL;
	r->derived = derived;
	r->on_fulfilled = on_fulfilled;
	r->on_rejected = on_rejected;
	r->ctx = ctx;
	r->ctx_dtor = ctx_dtor;
	return r;
}

void vow__reaction_free(struct reaction *r)
{
	if (r->ctx_dtor != NULL)
		r->ctx_dtor(r->ctx);
	vow_promise_release(r->source);
	vow_promise_release(r->derived);
	vow__free(r);
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

static void reaction_run(vow_job *job)
{
	struct reaction *r = (struct reaction *)job;
	vow_state st = vow_promise_state(r->source);
	vow_value arg = r->source->result;
	vow_handler_fn fn = st == VOW_FULFILLED ? r->on_fulfilled : r->on_rejected;

	if (fn != NULL) {
		vow_outcome o = fn(r->ctx, arg);

		if (r->derived != NULL)
			vow__promise_settle_outcome(r->derived, o);
		else if (o.kind == VOW_OUTCOME_RETURN || o.kind == VOW_OUTCOME_THROW)
			vow_value_drop(o.value);
	} else if (r->derived != NULL) {
		/* A missing handler passes the value or reason through. */
		if (st == VOW_FULFILLED)
			vow__promise_resolve(r->derived, vow_value_dup(arg));
		else
			vow__promise_reject(r->derived, vow_value_dup(arg));
	}
	vow__reaction_free(r);
}

static void reaction_discard(vow_job *job)
{
	vow__reaction_free((struct reaction *)job);
}

const vow_job_ops vow__reaction_job_ops = {
	.run = reaction_run,
	.discard = reaction_discard,
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
	vow_promise *derived;
	struct reaction *r;

	if (p == NULL || ex == NULL) {
		if (ctx_dtor != NULL)
			ctx_dtor(ctx);
		return vow__fail(VOW_EINVAL);
	}
	derived = vow__promise_alloc(ex);
	if (derived == NULL) {
		if (ctx_dtor != NULL)
			ctx_dtor(ctx);
		return NULL;
	}
	/* The reaction holds one reference to derived; the caller gets another. */
	r = vow__reaction_new(ex, vow_promise_dup(derived), on_fulfilled, on_rejected,
			      ctx, ctx_dtor);
	if (r == NULL) {
		vow_promise_release(derived);
		vow_promise_release(derived);
		return NULL;
	}
	vow__promise_attach(p, r);
	return derived;
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
