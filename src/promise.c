/*
 * promise.c - the promise object: references and retirement, the state
 * word (see the table in promise_impl.h), attaching reactions, settling and
 * dispatching.
 */
#include <string.h>

#include "debug_yield.h"
#include "ownership.h"
#include "promise_impl.h"

vow_promise *vow__promise_alloc(vow_executor *ex)
{
	return vow__promise_alloc_block(ex, sizeof(vow_promise));
}

/* Where the extra memory starts: the promise's size, 8-aligned. */
#define EXTRA_OFFSET ((sizeof(vow_promise) + 7) & ~(size_t)7)

vow_promise *vow__promise_alloc_extra(vow_executor *ex, size_t extra_size, void **extra)
{
	vow_promise *p = vow__promise_alloc_block(ex, EXTRA_OFFSET + extra_size);

	*extra = p == NULL ? NULL : (char *)p + EXTRA_OFFSET;
	return p;
}

vow_promise *vow__promise_of_extra(void *extra)
{
	return (vow_promise *)((char *)extra - EXTRA_OFFSET);
}

void *vow__promise_extra(vow_promise *p)
{
	return (char *)p + EXTRA_OFFSET;
}

/* What a task keeps in its pending promise's result. */
struct task_call {
	vow_thunk_fn fn;
	void *ctx;
};

_Static_assert(sizeof(struct task_call) <= sizeof(vow_value), "a task's call fits in a result");

vow_promise *vow__promise_alloc_task(vow_executor *ex, vow_thunk_fn fn, void *ctx,
				     vow_job **job)
{
	void *extra;
	vow_promise *p = vow__promise_alloc_extra(ex, sizeof **job, &extra);
	struct task_call call = { fn, ctx };

	if (p == NULL)
		return NULL;
	memcpy(&p->result, &call, sizeof call);
	*job = extra;
	return p;
}

vow_thunk_fn vow__promise_take_task(vow_promise *p, void **ctx)
{
	struct task_call call;

	memcpy(&call, &p->result, sizeof call);
	p->result = vow_undefined();
	*ctx = call.ctx;
	return call.fn;
}

void vow__promise_set_refs_unpublished(vow_promise *p, uint32_t refs)
{
	/* Relaxed: whatever publishes p (a CAS, a queue) publishes this too. */
	assert(vow_load(&p->refs, RELAXED) == 1);
	vow_store(&p->refs, refs, RELAXED);
}

vow_promise *vow_promise_dup(vow_promise *p)
{
	vow__own_promise_use(p, __func__);
	if (p != NULL) {
		/* Relaxed: the caller's own reference keeps p alive. */
		vow_fetch_add(&p->refs, 1, RELAXED);
	}
	return p;
}

/* ---- retirement (promise_impl.h, RETIREMENT) --------------------------- */

/*
 * The promises this thread is retiring, linked through result.as.promise.
 * initial-exec: see small_cache.h.
 */
static _Thread_local struct {
	vow_promise *head;
	bool active;
} retiring __attribute__((tls_model("initial-exec")));

/* The second half: nothing of p is read through another promise any more. */
static void promise_free(vow_promise *p)
{
	/* Relaxed: the acq_rel decrement that brought refs to 0 synchronised. */
	uintptr_t w = vow_load(&p->state, RELAXED);
	vow_executor *ex = p->ex;

	if (!word_settled(w)) {
		/* Discarding may release promises: they join the list. */
		for (vow_job *j = word_list(w); j != NULL;) {
			vow_job *next = j->next;

			struct reaction *r = (struct reaction *)j;

			vow__reaction_ops_of(r)->free_pending(r);
			j = next;
		}
	}
	/* Relaxed: the last release (acq_rel) ordered every earlier write. */
	if (!vow__own_promise_free(p)) /* assertion builds: poison, quarantine */
		vow__free_small(p, vow_load(&p->block, RELAXED) & PROMISE_BLOCK_SIZE);
	vow__executor_unref(ex);
}

/*
 * Retirement that may release other promises or report: anything but a
 * settled promise with an immediate result and nothing to report.  Out of
 * line, so that the common case (vow_promise_release) keeps nothing across
 * a call.
 */
static __attribute__((noinline)) void promise_retire(vow_promise *p, uintptr_t w)
{
	bool outer = !retiring.active;

	if (word_tag(w) == TAG_REJECTED && !(w & WORD_HANDLED) &&
	    p->ex->ops->rejection_tracking == VOW_TRACK_AT_DESTROY)
		vow_executor_report_rejection(p->ex, VOW_UNHANDLED_REJECTION, p);
	retiring.active = true;
	/* Dropping the result may release promises: they join the list. */
	vow__value_drop(p->result);
	p->result.as.promise = retiring.head;
	retiring.head = p;
	if (!outer)
		return;
	while ((p = retiring.head) != NULL) {
		retiring.head = p->result.as.promise;
		promise_free(p);
	}
	retiring.active = false;
}

void vow_promise_release(vow_promise *p)
{
	uint32_t old;
	uintptr_t w;

	if (p == NULL)
		return;
	/*
	 * acq_rel: release publishes this holder's writes; on the last
	 * reference the acquire half pairs with every earlier release so the
	 * retiring thread sees the final state and result.
	 */
	old = vow_fetch_sub(&p->refs, 1, ACQ_REL);
	vow__own_promise_released(p, old);
	if (old != 1)
		return;
	/* Relaxed: the acq_rel decrement above synchronised with every holder. */
	w = vow_load(&p->state, RELAXED);
	if (word_settled(w) && p->result.kind < VOW_STRING && !VOW_OWNERSHIP &&
	    (word_tag(w) == TAG_FULFILLED || (w & WORD_HANDLED))) {
		/* Nothing to drop, discard or report: only the block goes. */
		vow_executor *ex = p->ex;

		vow__free_small(p, vow_load(&p->block, RELAXED) & PROMISE_BLOCK_SIZE);
		vow__executor_unref(ex);
		return;
	}
	promise_retire(p, w);
}

/* ---- introspection ------------------------------------------------------- */

vow_state vow_promise_state(const vow_promise *p)
{
	vow__own_promise_use(p, __func__);
	/* Acquire pairs with the settling CAS in vow__promise_settle. */
	uintptr_t w = p == NULL ? 0 : vow_load(&((vow_promise *)p)->state, ACQUIRE);

	switch (word_tag(w)) {
	case TAG_FULFILLED:
		return VOW_FULFILLED;
	case TAG_REJECTED:
		return VOW_REJECTED;
	default:
		return VOW_PENDING;
	}
}

vow_value vow_promise_result(const vow_promise *p)
{
	vow__own_promise_use(p, __func__);
	/* vow_promise_state's acquire makes result readable once settled. */
	return vow_promise_state(p) == VOW_PENDING ? vow_undefined() : p->result;
}

vow_executor *vow_promise_executor(const vow_promise *p)
{
	return p == NULL ? NULL : p->ex;
}

bool vow_promise_is_handled(const vow_promise *p)
{
	/* Relaxed: a snapshot; the bit is only ever set. */
	return p != NULL && (vow_load(&((vow_promise *)p)->state, RELAXED) & WORD_HANDLED);
}

/* ---- reaction nodes ------------------------------------------------------- */

void vow__reaction_init(struct reaction *r, const struct vow__reaction_ops *ops,
			vow_executor *ex, vow_promise *derived, vow_handler_fn on_fulfilled,
			vow_handler_fn on_rejected, void *ctx, vow_dtor_fn ctx_dtor)
{
	r->job.next = NULL;
	r->job.ops = &ops->job;
	r->ex = ex;
	r->derived = derived;
	r->on_fulfilled = on_fulfilled;
	r->on_rejected = on_rejected;
	r->ctx = ctx;
	r->ctx_dtor = ctx_dtor;
}

struct reaction *vow__reaction_new(const struct vow__reaction_ops *ops, vow_executor *ex,
				   vow_promise *derived, vow_handler_fn on_fulfilled,
				   vow_handler_fn on_rejected, void *ctx, vow_dtor_fn ctx_dtor)
{
	struct reaction *r = vow__malloc_small(sizeof *r);

	if (r == NULL) {
		if (ctx_dtor != NULL)
			ctx_dtor(ctx);
		return vow__fail(VOW_ENOMEM);
	}
	vow__reaction_init(r, ops, ex, derived, on_fulfilled, on_rejected, ctx, ctx_dtor);
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

void vow__reaction_free_dispatched(struct reaction *r)
{
	vow__value_drop(r->arg);
	vow__reaction_free_pending(r);
}

/* ---- claim, settle, attach, dispatch ------------------------------------- */

bool vow__promise_claim(vow_promise *p)
{
	uintptr_t w = vow_load(&p->state, RELAXED);

	/*
	 * Relaxed: claiming only elects the settler; the result it writes is
	 * published by the release CAS in vow__promise_settle.
	 */
	while (word_tag(w) == TAG_PENDING) {
		vow__debug_yield();
		if (vow_cas_weak(&p->state, &w, w | TAG_LOCKED, RELAXED, RELAXED))
			return true;
	}
	return false;
}

/* The identity and thrower a missing handler stands for (then's defaults). */
static vow_outcome pass_value(void *ctx, vow_value v)
{
	(void)ctx;
	return vow_return(vow__value_dup(v));
}

static vow_outcome pass_reason(void *ctx, vow_value reason)
{
	(void)ctx;
	return vow_throw(vow__value_dup(reason));
}

/*
 * How deep runs of internal reactions may nest on one thread's stack (see
 * dispatch): an adoption that settles a promise whose internal reaction
 * settles another, and so on.  Deeper ones are posted as jobs.
 */
_Thread_local unsigned vow__inline_depth __attribute__((tls_model("initial-exec")));

/* Turn r into a job for p's outcome (tag) and post it (see struct reaction). */
static void dispatch(vow_promise *p, struct reaction *r, unsigned tag)
{
	const struct vow__reaction_ops *ops = vow__reaction_ops_of(r);
	vow_executor *ex;
	vow_handler_fn fn;

	if (ops->dispatch != NULL) {
		ops->dispatch(p, &r->job, tag);
		return;
	}
	ex = r->ex;
	fn = tag == TAG_FULFILLED ? r->on_fulfilled : r->on_rejected;
	if (fn == NULL && r->derived != NULL)
		fn = tag == TAG_FULFILLED ? pass_value : pass_reason;
	r->fn = fn;
	r->arg = vow__value_dup(p->result);
	if (ex == NULL) {
		/* A notification: runs here, always (struct reaction). */
		r->job.ops->run(&r->job);
		return;
	}
	/*
	 * An internal reaction (no derived promise: an input of a combinator,
	 * an adoption) runs vow's own short code, never a user's handler.  On
	 * an unordered executor its job would only add a trip through a
	 * queue, so it runs here, on the settling thread.
	 */
	if (r->derived == NULL && ex->ops->unordered && vow__inline_enter()) {
		r->job.ops->run(&r->job);
		vow__inline_leave();
		return;
	}
	vow__executor_post(ex, &r->job);
}

/* Dispatch a list of reactions, newest first, in registration order. */
static __attribute__((noinline)) void dispatch_list(vow_promise *p, vow_job *j, unsigned tag)
{
	vow_job *list = NULL;

	/* The list is newest first: reverse it into registration order. */
	while (j != NULL) {
		vow_job *next = j->next;
		j->next = list;
		list = j;
		j = next;
	}
	while (list != NULL) {
		vow_job *next = list->next;
		dispatch(p, (struct reaction *)list, tag);
		list = next;
	}
}

/* A rejection nothing handles yet: tell the tracker, then dispatch as usual. */
static __attribute__((noinline)) void settle_unhandled(vow_promise *p, vow_job *list)
{
	vow__executor_track(p->ex, p, VOW_TRACK_REJECT);
	dispatch_list(p, list, TAG_REJECTED);
}

void vow__promise_settle(vow_promise *p, vow_state st, vow_value v)
{
	unsigned tag = st == VOW_FULFILLED ? TAG_FULFILLED : TAG_REJECTED;
	uintptr_t w;
	vow_job *list;

	p->result = v;
	vow__debug_yield();
	/*
	 * Release publishes result to readers that load the word with acquire;
	 * acquire pairs with the release CAS of each attach, so the nodes taken
	 * here are fully written.  Retries only when an attach pushed a node.
	 */
	w = vow_load(&p->state, RELAXED);
	while (!vow_cas_weak(&p->state, &w, tag | (w & WORD_HANDLED), ACQ_REL, RELAXED))
		;
	assert(word_tag(w) == TAG_LOCKED);
	list = word_list(w);
	/* The common cases are tail calls, with nothing kept across a call. */
	if (tag == TAG_REJECTED && !(w & WORD_HANDLED)) {
		settle_unhandled(p, list);
		return;
	}
	if (list == NULL)
		return;
	if (list->next == NULL) {
		dispatch(p, (struct reaction *)list, tag);
		return;
	}
	dispatch_list(p, list, tag);
}

/* Settled w: set HANDLED once, telling the tracker if rejected; returns the word. */
static uintptr_t mark_handled(vow_promise *p, uintptr_t w)
{
	while (!(w & WORD_HANDLED)) {
		/* Relaxed: publishes nothing; the result was acquired with w. */
		if (vow_cas_weak(&p->state, &w, w | WORD_HANDLED, RELAXED, RELAXED)) {
			if (word_tag(w) == TAG_REJECTED)
				vow__executor_track(p->ex, p, VOW_TRACK_HANDLE);
			break;
		}
	}
	return w;
}

void vow__promise_mark_handled(vow_promise *p)
{
	/* Acquire: pairs with the settling CAS (the caller saw p settled). */
	uintptr_t w = vow_load(&p->state, ACQUIRE);

	assert(word_settled(w));
	(void)mark_handled(p, w);
}

/*
 * attach to a settled promise (w): only HANDLED can still change, and only
 * this once.  Out of line, so that attaching to a pending promise keeps
 * nothing across a call.
 */
static __attribute__((noinline)) void attach_settled(vow_promise *p, struct reaction *r,
						     uintptr_t w, uintptr_t handled)
{
	if (handled)
		w = mark_handled(p, w);
	dispatch(p, r, word_tag(w));
}

/* handled: WORD_HANDLED to set [[PromiseIsHandled]] as then() does, or 0. */
static inline void attach(vow_promise *p, struct reaction *r, uintptr_t handled)
{
	/* Acquire pairs with the settling CAS: a settled tag means result is readable. */
	uintptr_t w = vow_load(&p->state, ACQUIRE);

	while (!word_settled(w)) {
		r->job.next = word_list(w);
		vow__debug_yield();
		/* Release publishes *r to the settler's acquire CAS. */
		if (vow_cas_weak(&p->state, &w, (uintptr_t)r | (w & WORD_LOW_MASK) | handled,
				 RELEASE, ACQUIRE))
			return;
	}
	attach_settled(p, r, w, handled);
}

void vow__promise_attach(vow_promise *p, struct reaction *r)
{
	attach(p, r, WORD_HANDLED);
}

void vow__promise_attach_quiet(vow_promise *p, struct reaction *r)
{
	attach(p, r, 0);
}

void vow__promise_attach_node(vow_promise *p, vow_job *node)
{
	/* Only node->next and node->ops are touched before ops->dispatch takes it. */
	attach(p, (struct reaction *)(void *)node, WORD_HANDLED);
}
