/*
 * reaction.c - then / catch / then_on, and the internal subscriptions the
 * rest of vow attaches (combinator inputs, waits).
 */
#include "ownership.h"
#include "promise_impl.h"

/* Out of line, so that the cached path keeps nothing across a call. */
static __attribute__((noinline)) int subscribe_uncached(vow_promise *p, vow_executor *ex,
							vow_handler_fn on_fulfilled,
							vow_handler_fn on_rejected, void *ctx,
							vow_dtor_fn ctx_dtor)
{
	struct reaction *r = vow__reaction_new(&vow__reaction_ops, ex, NULL, on_fulfilled,
					       on_rejected, ctx, ctx_dtor);

	if (r == NULL)
		return VOW_ENOMEM;
	vow__promise_attach(p, r);
	return 0;
}

int vow__promise_subscribe(vow_promise *p, vow_executor *ex, vow_handler_fn on_fulfilled,
			   vow_handler_fn on_rejected, void *ctx, vow_dtor_fn ctx_dtor)
{
	struct reaction *r = vow__small_cache_take(sizeof *r);

	if (r == NULL)
		return subscribe_uncached(p, ex, on_fulfilled, on_rejected, ctx, ctx_dtor);
	vow__reaction_init(r, &vow__reaction_ops, ex, NULL, on_fulfilled, on_rejected, ctx,
			   ctx_dtor);
	vow__promise_attach(p, r);
	return 0;
}

/* vow_promise_on_settle: a notification (struct reaction, ex == NULL). */
struct notification {
	void (*fn)(void *ctx);
	void *ctx;
	vow_dtor_fn ctx_dtor;
};

static vow_outcome notify(void *arg, vow_value ignored)
{
	struct notification *n = arg;

	(void)ignored;
	n->fn(n->ctx);
	return vow_return(vow_undefined());
}

static void notification_free(void *arg)
{
	struct notification *n = arg;

	if (n->ctx_dtor != NULL)
		n->ctx_dtor(n->ctx);
	vow__free_small(n, sizeof *n);
}

static int notify_on_settle(vow_promise *p, void (*fn)(void *ctx), void *ctx,
			    vow_dtor_fn ctx_dtor, bool quiet)
{
	struct notification *n;
	struct reaction *r;

	if (p == NULL || fn == NULL) {
		if (ctx_dtor != NULL)
			ctx_dtor(ctx);
		return VOW_EINVAL;
	}
	n = vow__malloc_small(sizeof *n);
	if (n == NULL) {
		if (ctx_dtor != NULL)
			ctx_dtor(ctx);
		return VOW_ENOMEM;
	}
	n->fn = fn;
	n->ctx = ctx;
	n->ctx_dtor = ctx_dtor;
	r = vow__reaction_new(&vow__reaction_ops, NULL, NULL, notify, notify, n,
			      notification_free);
	if (r == NULL)
		return VOW_ENOMEM; /* notification_free has run */
	if (quiet)
		vow__promise_attach_quiet(p, r);
	else
		vow__promise_attach(p, r);
	return 0;
}

int vow_promise_on_settle(vow_promise *p, void (*fn)(void *ctx), void *ctx,
			  vow_dtor_fn ctx_dtor)
{
	return notify_on_settle(p, fn, ctx, ctx_dtor, false);
}

int vow__promise_notify_quiet(vow_promise *p, void (*fn)(void *ctx), void *ctx,
			      vow_dtor_fn ctx_dtor)
{
	return notify_on_settle(p, fn, ctx, ctx_dtor, true);
}

vow_promise *vow_promise_then_on(vow_promise *p, vow_executor *ex,
				 vow_handler_fn on_fulfilled, vow_handler_fn on_rejected,
				 void *ctx, vow_dtor_fn ctx_dtor)
{
	struct derived_block *b;

	vow__own_promise_use(p, __func__);
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
	vow__reaction_init(&b->reaction, &vow__reaction_ops, ex, &b->promise, on_fulfilled,
			   on_rejected, ctx, ctx_dtor);
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
