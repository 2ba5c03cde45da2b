/*
 * finally.c - Promise.prototype.finally, built exactly as the spec builds it
 * (thenFinally / catchFinally, section 27.2.5.3), so that it costs the same
 * number of jobs as in JavaScript.
 */
#include "promise_impl.h"

struct finally_state {
	vow_executor *ex; /* C in the spec: where PromiseResolve creates */
	vow_thunk_fn fn;
	void *ctx;
	vow_dtor_fn ctx_dtor;
};

static void finally_state_free(void *arg)
{
	struct finally_state *s = arg;

	if (s->ctx_dtor != NULL)
		s->ctx_dtor(s->ctx);
	vow__free(s);
}

/* The source's value or reason, kept for () => value / () => { throw reason }. */
struct held_value {
	vow_value v;
};

static void held_value_free(void *ctx)
{
	struct held_value *h = ctx;

	vow__value_drop(h->v);
	vow__free(h);
}

static vow_outcome return_held(void *ctx, vow_value ignored)
{
	(void)ignored;
	return vow_return(vow__value_dup(((struct held_value *)ctx)->v));
}

static vow_outcome throw_held(void *ctx, vow_value ignored)
{
	(void)ignored;
	return vow_throw(vow__value_dup(((struct held_value *)ctx)->v));
}

/*
 * result = onFinally(); p = PromiseResolve(C, result);
 * return p.then(thunk), where thunk passes the source's outcome on.
 */
static vow_outcome run_finally(struct finally_state *s, vow_value outcome, vow_handler_fn thunk)
{
	vow_outcome o = s->fn(s->ctx);
	struct held_value *h;
	vow_promise *p, *q;

	if (o.kind == VOW_OUTCOME_THROW)
		return o;
	if (o.kind != VOW_OUTCOME_RETURN)
		return vow_throw(vow__bad_outcome_error("finally handler", o.kind));
	/* PromiseResolve refuses it (VOW_EINVAL): not an out-of-memory failure. */
	if (o.value.kind == VOW_PROMISE && o.value.as.promise == NULL)
		return vow_throw(vow__null_promise_error());
	p = vow_promise_resolve(s->ex, o.value);
	if (p == NULL)
		return vow_throw(vow__oom_error());
	h = vow__malloc(sizeof *h);
	if (h == NULL) {
		vow_promise_release(p);
		return vow_throw(vow__oom_error());
	}
	h->v = vow__value_dup(outcome);
	q = vow_promise_then(p, thunk, NULL, h, held_value_free);
	vow_promise_release(p);
	if (q == NULL)
		return vow_throw(vow__oom_error());
	return vow_return(vow_value_promise(q));
}

static vow_outcome then_finally(void *ctx, vow_value value)
{
	return run_finally(ctx, value, return_held);
}

static vow_outcome catch_finally(void *ctx, vow_value reason)
{
	return run_finally(ctx, reason, throw_held);
}

vow_promise *vow_promise_finally(vow_promise *p, vow_thunk_fn on_finally, void *ctx,
				 vow_dtor_fn ctx_dtor)
{
	struct finally_state *s;

	if (p == NULL || on_finally == NULL) {
		/* finally(non-callable) is then(non-callable, non-callable). */
		return vow_promise_then(p, NULL, NULL, ctx, ctx_dtor);
	}
	s = vow__malloc(sizeof *s);
	if (s == NULL) {
		if (ctx_dtor != NULL)
			ctx_dtor(ctx);
		return vow__fail(VOW_ENOMEM);
	}
	s->ex = p->ex;
	s->fn = on_finally;
	s->ctx = ctx;
	s->ctx_dtor = ctx_dtor;
	return vow_promise_then(p, then_finally, catch_finally, s, finally_state_free);
}
