/*
 * fan_in.c - the one fan-in of the library (core.h, "fan-in"): all,
 * allSettled and any (combinators.c) and vow_spawn_map (the pool) count
 * down into an array of slots here.
 *
 * THE COUNTS.
 *
 *   remaining  inputs not finished, plus one for the builder (the spec's
 *              remainingElementsCount, which starts at 1 and gains one per
 *              input); whoever brings it to 0 settles the result with the
 *              slots.  An input finishes by filling its slot (all's values,
 *              allSettled's records, any's reasons) or, for all and
 *              vow_spawn_map, also by failing.
 *   refs       holders of the record: the builder, each input's adoption
 *              reaction (its context), each job of vow_spawn_map.  It is
 *              not remaining because a reaction discarded unrun (its
 *              promise was destroyed pending, its executor closed) lets go
 *              without finishing its input: the result then stays pending.
 *
 * Every slot is written by exactly one input, before that input's count
 * down; count downs are acq_rel RMWs on remaining, one release sequence,
 * so the one that reaches 0 sees every slot.  The result is settled at
 * most once in effect: a failure and the last count down may race, and
 * the first claim wins (vow__promise_resolve / _reject); the loser's value
 * is dropped.
 *
 * ADOPTION.  On an ordered executor (the loop) each input is
 * C.resolve(item).then(...) to the letter: a struct reaction whose job
 * runs in JavaScript's order.  An unordered one (the pool) promises no
 * order, and internal reactions run where their promise settles anyway
 * (promise.c, dispatch), so there an input costs less: a promise input
 * gets a 32-byte ELEMENT NODE, kept in the record, that sits in the
 * promise's reaction list itself and is handed the outcome at the settle
 * (no reaction, no job); a plain value fills its slot at once, without a
 * promise around it.  An element node that would nest too deep on the
 * settling thread goes to a job (struct deferred).
 */
#include "promise_impl.h"

/* An input's adoption context: a reaction's ctx (ordered executors). */
struct element {
	struct vow__fan_in *f;
	size_t index;
};

/* An input's node in its promise's reaction list (unordered executors). */
struct element_node {
	vow_job job;              /* ops: element_node_ops */
	struct element e;
};

struct vow__fan_in {
	_Atomic size_t refs;
	_Atomic size_t remaining;
	enum vow__fan_in_kind kind;
	bool contexts;            /* elements[] holds one context per input */
	bool nodes;               /* unordered executor: element nodes, not reactions */
	size_t n;                 /* inputs */
	size_t size;              /* bytes allocated (small blocks are cached) */
	vow_promise *result;
	vow_value slots;          /* values, records or reasons, in input order */
	/* contexts: n struct element, or n struct element_node when nodes */
	_Alignas(struct element_node) unsigned char elements[];
};

static size_t element_size(bool nodes)
{
	return nodes ? sizeof(struct element_node) : sizeof(struct element);
}

struct vow__fan_in *vow__fan_in_new(vow_executor *ex, size_t n, enum vow__fan_in_kind kind,
				    size_t refs, bool contexts, vow_promise **result)
{
	size_t count = contexts ? n : 0;
	bool nodes = ex->ops->unordered;
	size_t size;
	struct vow__fan_in *f;

	*result = NULL;
	if (count > (SIZE_MAX - sizeof *f) / element_size(nodes))
		return vow__fail(VOW_ENOMEM);
	size = sizeof *f + count * element_size(nodes);
	f = size <= SMALL_MAX ? vow__malloc_small(size) : vow__malloc(size);
	if (f == NULL)
		return vow__fail(VOW_ENOMEM);
	f->size = size;
	f->slots = vow_array(n);
	if (f->slots.kind != VOW_ARRAY)
		goto oom;
	f->result = vow__promise_alloc(ex);
	if (f->result == NULL) {
		vow_value_drop(f->slots);
		goto oom;
	}
	/*
	 * Set before any input can see f (the attach's release CAS, or the
	 * post of a job, publishes it): plain stores instead of RMWs.
	 */
	atomic_init(&f->refs, refs);
	atomic_init(&f->remaining, n + 1);
	f->kind = kind;
	f->contexts = contexts;
	f->nodes = nodes;
	f->n = n;
	/* The record's reference and the caller's. */
	vow__promise_set_refs_unpublished(f->result, 2);
	*result = f->result;
	return f;
oom:
	if (size <= SMALL_MAX)
		vow__free_small(f, size);
	else
		vow__free(f);
	return vow__fail(VOW_ENOMEM);
}

void vow__fan_in_ref(struct vow__fan_in *f, size_t k)
{
	/* Relaxed: the caller holds a reference; what hands this one on publishes it. */
	vow_fetch_add(&f->refs, k, RELAXED);
}

void vow__fan_in_release(struct vow__fan_in *f)
{
	/* acq_rel: the last holder sees every holder's writes before freeing. */
	if (vow_fetch_sub(&f->refs, 1, ACQ_REL) != 1)
		return;
	vow__value_drop(f->slots);
	vow_promise_release(f->result);
	if (f->size <= SMALL_MAX)
		vow__free_small(f, f->size);
	else
		vow__free(f);
}

vow_value *vow__fan_in_slots(struct vow__fan_in *f)
{
	return vow__array_items(f->slots);
}

/* The count down that reached 0: settle the result with the slots. */
static __attribute__((noinline)) void finish(struct vow__fan_in *f)
{
	vow_value slots = f->slots;

	f->slots = vow_undefined();
	if (f->kind == VOW__FAN_ANY)
		vow__promise_reject(f->result,
				    vow_aggregate_error(slots, "All promises were rejected"));
	else
		vow__promise_resolve(f->result, slots);
}

/* vow__fan_in_count_down, inline for this file's hot paths. */
static inline void count_down(struct vow__fan_in *f, size_t k)
{
	/*
	 * acq_rel: each count down's release publishes the slots its caller
	 * wrote; the acquire of the one that reaches 0 pairs with all of them
	 * (one release sequence on remaining).
	 */
	size_t left = vow_fetch_sub(&f->remaining, k, ACQ_REL) - k;

	if (left == 0) {
		finish(f);
		return;
	}
	/*
	 * Progress, [finished, n], for all and allSettled.  Listeners come
	 * after the builder's count down, so left counts inputs only; a
	 * report that races that (left = n) is 0 of n and is not made.
	 * Relaxed, as in vow__progress_count (which tests the bit again):
	 * without a listener yet, it is not called at all.
	 */
	if (f->kind != VOW__FAN_ANY && left < f->n &&
	    (vow_load(&f->result->block, RELAXED) & PROMISE_HAS_PROGRESS))
		vow__progress_count(f->result, f->n - left, f->n);
}

void vow__fan_in_count_down(struct vow__fan_in *f, size_t k)
{
	count_down(f, k);
}

void vow__fan_in_fail(struct vow__fan_in *f, vow_value reason)
{
	vow__promise_reject(f->result, reason);
}

/* Fill slot i with v (moved) and count it down. */
static void store(struct vow__fan_in *f, size_t i, vow_value v)
{
	vow__array_items(f->slots)[i] = v;
	count_down(f, 1);
}

/* allSettled: a record in slot i; without memory for it the result rejects. */
static void store_record(struct vow__fan_in *f, size_t i, vow_state st, vow_value v)
{
	vow_value rec = vow_settled(st, v);

	if (rec.kind == VOW_SETTLED)
		vow__array_items(f->slots)[i] = rec;
	else
		vow__promise_reject(f->result, rec);
	count_down(f, 1);
}

/* vow__fan_in_fulfil and _reject, inline for this file's hot paths. */
static inline void fulfil(struct vow__fan_in *f, size_t i, vow_value v)
{
	switch (f->kind) {
	case VOW__FAN_ALL:
		store(f, i, v);
		break;
	case VOW__FAN_ALL_SETTLED:
		store_record(f, i, VOW_FULFILLED, v);
		break;
	case VOW__FAN_ANY:
		vow__promise_resolve(f->result, v);
		break;
	}
}

static inline void reject(struct vow__fan_in *f, size_t i, vow_value v)
{
	switch (f->kind) {
	case VOW__FAN_ALL:
		vow__promise_reject(f->result, v);
		break;
	case VOW__FAN_ALL_SETTLED:
		store_record(f, i, VOW_REJECTED, v);
		break;
	case VOW__FAN_ANY:
		store(f, i, v);
		break;
	}
}

void vow__fan_in_fulfil(struct vow__fan_in *f, size_t i, vow_value v)
{
	fulfil(f, i, v);
}

void vow__fan_in_reject(struct vow__fan_in *f, size_t i, vow_value v)
{
	reject(f, i, v);
}

/* ---- adoption: reactions (ordered executors) ----------------------------------- */

static vow_outcome element_fulfilled(void *ctx, vow_value v)
{
	struct element *e = ctx;

	fulfil(e->f, e->index, vow__value_dup(v));
	return vow_return(vow_undefined());
}

static vow_outcome element_rejected(void *ctx, vow_value v)
{
	struct element *e = ctx;

	reject(e->f, e->index, vow__value_dup(v));
	return vow_return(vow_undefined());
}

static void embedded_element_release(void *ctx)
{
	vow__fan_in_release(((struct element *)ctx)->f);
}

static void own_element_release(void *ctx)
{
	struct element *e = ctx;
	struct vow__fan_in *f = e->f;

	vow__free_small(e, sizeof *e);
	vow__fan_in_release(f);
}

/* Subscribe e to p; if that fails (release(e) has run), reject the result. */
static bool subscribe_element(struct vow__fan_in *f, vow_promise *p, struct element *e,
			      vow_dtor_fn release)
{
	if (vow__promise_subscribe(p, f->result->ex, element_fulfilled, element_rejected, e,
				   release) == 0)
		return true;
	vow__promise_reject(f->result, vow__oom_error());
	return false;
}

/* adopt_with_reaction for any item, and with or without contexts in the record. */
static __attribute__((noinline)) bool adopt_any_with_reaction(struct vow__fan_in *f, size_t i,
							       vow_value item)
{
	/* A promise is its own C.resolve(item), borrowed here from the caller. */
	bool borrowed = item.kind == VOW_PROMISE;
	struct element *e;
	vow_dtor_fn release;
	vow_promise *p;
	bool ok;

	if (f->contexts) {
		e = (struct element *)(void *)f->elements + i;
		release = embedded_element_release;
	} else {
		e = vow__malloc_small(sizeof *e);
		release = own_element_release;
		if (e == NULL) {
			vow__fan_in_release(f);
			vow__promise_reject(f->result, vow__oom_error());
			return false;
		}
	}
	e->f = f;
	e->index = i;
	if (borrowed && item.as.promise == NULL) {
		release(e);
		vow__promise_reject(f->result, vow__null_promise_error());
		return false;
	}
	p = borrowed ? item.as.promise : vow_promise_resolve(f->result->ex, vow__value_dup(item));
	if (p == NULL) {
		release(e);
		vow__promise_reject(f->result, vow__oom_error());
		return false;
	}
	ok = subscribe_element(f, p, e, release);
	if (!borrowed)
		vow_promise_release(p);
	return ok;
}

/*
 * C.resolve(item).then(fulfilled, rejected), to the letter.  The combinators'
 * common case (a promise, its context in the record) keeps nothing but f
 * across a call; everything else takes the general path.
 */
static __attribute__((noinline)) bool adopt_with_reaction(struct vow__fan_in *f, size_t i,
							   vow_value item)
{
	struct element *e;

	if (item.kind != VOW_PROMISE || item.as.promise == NULL || !f->contexts)
		return adopt_any_with_reaction(f, i, item);
	e = (struct element *)(void *)f->elements + i;
	e->f = f;
	e->index = i;
	return subscribe_element(f, item.as.promise, e, embedded_element_release);
}

/* ---- adoption: element nodes (unordered executors) ------------------------------ */

static void node_release(struct element_node *n)
{
	struct vow__fan_in *f = n->e.f;

	if (!f->contexts)
		vow__free_small(n, sizeof *n);
	vow__fan_in_release(f); /* last: an embedded node goes with the record */
}

static void node_settled(struct element_node *n, unsigned tag, vow_value v)
{
	if (tag == TAG_FULFILLED)
		fulfil(n->e.f, n->e.index, v);
	else
		reject(n->e.f, n->e.index, v);
	node_release(n);
}

/* An element node's outcome, when it may not run on the settling thread. */
struct deferred {
	vow_job job;
	struct element_node *n;
	vow_value v;              /* owned */
	unsigned tag;
};

static void deferred_run(vow_job *job)
{
	struct deferred d = *(struct deferred *)job;

	vow__free_small(job, sizeof d);
	node_settled(d.n, d.tag, d.v);
}

static void deferred_discard(vow_job *job)
{
	struct deferred d = *(struct deferred *)job;

	/* The executor closed: the result stays pending, as for a discarded reaction. */
	vow__free_small(job, sizeof d);
	vow__value_drop(d.v);
	node_release(d.n);
}

static const vow_job_ops deferred_ops = {
	.run = deferred_run,
	.discard = deferred_discard,
	.kind = VOW_JOB_MICROTASK,
};

/* node_dispatch, too deep to run here: post the outcome as a job. */
static __attribute__((noinline)) void node_defer(struct element_node *n, unsigned tag,
						 vow_value v)
{
	struct deferred *d = vow__malloc_small(sizeof *d);

	if (d == NULL) {
		vow__value_drop(v);
		vow__promise_reject(n->e.f->result, vow__oom_error());
		node_release(n);
		return;
	}
	d->job.next = NULL;
	d->job.ops = &deferred_ops;
	d->n = n;
	d->v = v;
	d->tag = tag;
	vow__executor_post(n->e.f->result->ex, &d->job);
}

/* The settle of the input's promise p (struct vow__reaction_ops, dispatch). */
static void node_dispatch(vow_promise *p, vow_job *node, unsigned tag)
{
	struct element_node *n = (struct element_node *)node;
	vow_value v = vow__value_dup(p->result);

	if (!vow__inline_enter()) {
		node_defer(n, tag, v);
		return;
	}
	node_settled(n, tag, v);
	vow__inline_leave();
}

/* The input's promise was destroyed pending: the input never finishes. */
static void node_free_pending(struct reaction *r)
{
	node_release((struct element_node *)(void *)r);
}

static void node_never_runs(vow_job *job)
{
	(void)job;
	assert(!"an element node is never posted as a job");
}

static const struct vow__reaction_ops element_node_ops = {
	.job = { .run = node_never_runs, .discard = node_never_runs, .kind = VOW_JOB_MICROTASK },
	.free_pending = node_free_pending,
	.dispatch = node_dispatch,
};

static __attribute__((noinline)) bool adopt_with_node(struct vow__fan_in *f, size_t i,
						       vow_value item)
{
	struct element_node *n;

	if (item.kind != VOW_PROMISE) {
		/* No order to keep: a plain value fills its slot now. */
		fulfil(f, i, vow__value_dup(item));
		vow__fan_in_release(f);
		return true;
	}
	if (item.as.promise == NULL) {
		vow__fan_in_release(f);
		vow__promise_reject(f->result, vow__null_promise_error());
		return false;
	}
	n = f->contexts ? (struct element_node *)(void *)f->elements + i
			: vow__malloc_small(sizeof *n);
	if (n == NULL) {
		vow__fan_in_release(f);
		vow__promise_reject(f->result, vow__oom_error());
		return false;
	}
	n->job.ops = &element_node_ops.job;
	n->e.f = f;
	n->e.index = i;
	vow__promise_attach_node(item.as.promise, &n->job);
	return true;
}

/* Two paths out of line, so that each keeps only what it needs across its calls. */
bool vow__fan_in_adopt(struct vow__fan_in *f, size_t i, vow_value item)
{
	/* A thenable's then() is a job of its own either way: C.resolve it. */
	if (f->nodes && item.kind != VOW_THENABLE)
		return adopt_with_node(f, i, item);
	return adopt_with_reaction(f, i, item);
}
