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
 * runs in JavaScript's order.  The combinators' reactions live in the
 * record (ELEMENT REACTIONS).  An unordered one (the pool) promises no
 * order, and internal reactions run where their promise settles anyway
 * (promise.c, dispatch), so there an input costs less: a promise input
 * gets an ELEMENT NODE that sits in the promise's reaction list itself and
 * is handed the outcome at the settle (no reaction, no job); a plain value
 * fills its slot at once, without a promise around it.  An element node
 * that would nest too deep on the settling thread goes to a job (struct
 * deferred).
 *
 * ELEMENT NODES LIVE IN THEIR SLOTS.  A node is a bare vow_job (16 bytes)
 * written over its input's slot, which nobody reads until that input
 * finishes: its next is the reaction list's link, and its ops points at
 * the record's own node_ops, so the node finds its record by that pointer
 * and its index by its place in the slots.  Whoever takes the node out of
 * the list (dispatch, or free_pending when the promise is destroyed
 * pending) overwrites the slot - with the input's value on all's fast
 * path, with undefined otherwise - before it counts down or lets go of the
 * record, so the slots hold values again before the record can drop them.
 *
 * ELEMENT REACTIONS.  On an ordered executor a combinator's record keeps
 * one struct reaction per input (elements[]), attached to the input in
 * place of a reaction of its own block: the same reaction and the same
 * job, in the same order, without an allocation per input.  Its ctx is
 * the record and its index is its place in elements[]; its ops
 * (element_reaction_ops) fill the slot with the dispatched value, moved,
 * and let go of the record.  Which way the input went is the handler
 * dispatch chose: element_fulfilled or element_rejected, compared, never
 * called.
 */
#include "promise_impl.h"

/* An input's adoption context when the record keeps none: a reaction's ctx. */
struct element {
	struct vow__fan_in *f;
	size_t index;
};

_Static_assert(sizeof(vow_job) <= sizeof(vow_value) && _Alignof(vow_job) <= _Alignof(vow_value),
	       "an element node fits in its slot");

struct vow__fan_in {
	_Atomic size_t refs;
	_Atomic size_t remaining;
	enum vow__fan_in_kind kind;
	bool contexts;            /* elements[] holds one reaction per input */
	bool nodes;               /* unordered executor: element nodes, not reactions */
	size_t n;                 /* inputs */
	size_t size;              /* bytes allocated (small blocks are cached) */
	vow_promise *result;
	vow_value slots;          /* values, records or reasons, in input order */
	vow_value *items;         /* slots' items */
	struct vow__reaction_ops node_ops; /* nodes: what every element node's ops points at */
	/* contexts on an ordered executor: n struct reaction (ELEMENT REACTIONS) */
	_Alignas(struct reaction) unsigned char elements[];
};

static const struct vow__reaction_ops element_node_ops;

struct vow__fan_in *vow__fan_in_new(vow_executor *ex, size_t n, enum vow__fan_in_kind kind,
				    size_t refs, bool contexts, vow_promise **result)
{
	bool nodes = ex->ops->unordered;
	size_t count = contexts && !nodes ? n : 0;
	size_t size;
	struct vow__fan_in *f;

	*result = NULL;
	if (count > (SIZE_MAX - sizeof *f) / sizeof(struct reaction))
		return vow__fail(VOW_ENOMEM);
	size = sizeof *f + count * sizeof(struct reaction);
	f = vow__malloc_sized(size);
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
	f->contexts = count != 0;
	f->nodes = nodes;
	f->n = n;
	f->items = vow__array_items(f->slots);
	if (nodes)
		f->node_ops = element_node_ops;
	/* The record's reference and the caller's. */
	vow__promise_set_refs_unpublished(f->result, 2);
	*result = f->result;
	return f;
oom:
	vow__free_sized(f, size);
	return vow__fail(VOW_ENOMEM);
}

void vow__fan_in_ref(struct vow__fan_in *f, size_t k)
{
	/* Relaxed: the caller holds a reference; what hands this one on publishes it. */
	vow_fetch_add(&f->refs, k, RELAXED);
}

static __attribute__((noinline)) void fan_in_free(struct vow__fan_in *f)
{
	vow__value_drop(f->slots);
	vow_promise_release(f->result);
	vow__free_sized(f, f->size);
}

/* vow__fan_in_release, inline for this file's hot paths. */
static inline void record_release(struct vow__fan_in *f)
{
	/* acq_rel: the last holder sees every holder's writes before freeing. */
	if (vow_fetch_sub(&f->refs, 1, ACQ_REL) == 1)
		fan_in_free(f);
}

void vow__fan_in_release(struct vow__fan_in *f)
{
	record_release(f);
}

vow_value *vow__fan_in_slots(struct vow__fan_in *f)
{
	return f->items;
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

/*
 * Progress, [finished, n], for all and allSettled, after a count down
 * that left left.  Listeners come after the builder's count down, so left
 * counts inputs only; a report that races that (left = n) is 0 of n and is
 * not made.  Relaxed, as in vow__progress_count (which tests the bit
 * again): without a listener yet, it is not called at all.
 */
static inline bool progress_wanted(struct vow__fan_in *f, size_t left)
{
	return f->kind != VOW__FAN_ANY && left < f->n &&
	       (vow_load(&f->result->block, RELAXED) & PROMISE_HAS_PROGRESS);
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

	if (left == 0)
		finish(f);
	else if (progress_wanted(f, left))
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
	f->items[i] = v;
	count_down(f, 1);
}

/* allSettled: a record in slot i; without memory for it the result rejects. */
static void store_record(struct vow__fan_in *f, size_t i, vow_state st, vow_value v)
{
	vow_value rec = vow_settled(st, v);

	if (rec.kind == VOW_SETTLED)
		f->items[i] = rec;
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

/* The handlers of a struct element (a record without contexts). */
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

static void own_element_release(void *ctx)
{
	struct element *e = ctx;
	struct vow__fan_in *f = e->f;

	vow__free_small(e, sizeof *e);
	vow__fan_in_release(f);
}

static struct reaction *element_reactions(struct vow__fan_in *f)
{
	return (struct reaction *)(void *)f->elements;
}

/* The job of an element reaction (ELEMENT REACTIONS): dispatch set fn and arg. */
static void element_reaction_run(vow_job *job)
{
	struct reaction *r = (struct reaction *)job;
	struct vow__fan_in *f = r->ctx;
	size_t i = (size_t)(r - element_reactions(f));

	if (r->fn == element_fulfilled)
		fulfil(f, i, r->arg);
	else
		reject(f, i, r->arg);
	record_release(f);
}

static void element_reaction_discard(vow_job *job)
{
	struct reaction *r = (struct reaction *)job;
	struct vow__fan_in *f = r->ctx;

	vow__value_drop(r->arg);
	record_release(f);
}

/* Its input was destroyed pending: that input never finishes. */
static void element_reaction_free_pending(struct reaction *r)
{
	record_release(r->ctx);
}

static const struct vow__reaction_ops element_reaction_ops = {
	.job = {
		.run = element_reaction_run,
		.discard = element_reaction_discard,
		.kind = VOW_JOB_MICROTASK,
	},
	.free_pending = element_reaction_free_pending,
};

/* p.then(...) for input i, with the reaction in the record: cannot fail. */
static void attach_element_reaction(struct vow__fan_in *f, size_t i, vow_promise *p)
{
	struct reaction *r = element_reactions(f) + i;

	vow__reaction_init(r, &element_reaction_ops, f->result->ex, NULL, element_fulfilled,
			   element_rejected, f, NULL);
	vow__promise_attach(p, r);
}

/* p.then(...) for input i, with a context and a reaction of their own. */
static bool subscribe_own_element(struct vow__fan_in *f, size_t i, vow_promise *p)
{
	struct element *e = vow__malloc_small(sizeof *e);

	if (e == NULL) {
		vow__fan_in_release(f);
		vow__promise_reject(f->result, vow__oom_error());
		return false;
	}
	e->f = f;
	e->index = i;
	if (vow__promise_subscribe(p, f->result->ex, element_fulfilled, element_rejected, e,
				   own_element_release) == 0)
		return true;
	/* own_element_release has run. */
	vow__promise_reject(f->result, vow__oom_error());
	return false;
}

/*
 * adopt_with_reaction for any item: C.resolve(item).then(...), to the
 * letter, with or without contexts in the record.
 */
static __attribute__((noinline)) bool adopt_any_with_reaction(struct vow__fan_in *f, size_t i,
							       vow_value item)
{
	/* A promise is its own C.resolve(item), borrowed here from the caller. */
	bool borrowed = item.kind == VOW_PROMISE;
	vow_promise *p;
	bool ok = true;

	if (borrowed && item.as.promise == NULL) {
		vow__fan_in_release(f);
		vow__promise_reject(f->result, vow__null_promise_error());
		return false;
	}
	p = borrowed ? item.as.promise : vow_promise_resolve(f->result->ex, vow__value_dup(item));
	if (p == NULL) {
		vow__fan_in_release(f);
		vow__promise_reject(f->result, vow__oom_error());
		return false;
	}
	if (f->contexts)
		attach_element_reaction(f, i, p);
	else
		ok = subscribe_own_element(f, i, p);
	if (!borrowed)
		vow_promise_release(p);
	return ok;
}

/*
 * The combinators' common case on an ordered executor (a promise, its
 * reaction in the record) keeps nothing but f across a call; everything
 * else takes the general path.
 */
static __attribute__((noinline)) bool adopt_with_reaction(struct vow__fan_in *f, size_t i,
							   vow_value item)
{
	if (item.kind != VOW_PROMISE || item.as.promise == NULL || !f->contexts)
		return adopt_any_with_reaction(f, i, item);
	attach_element_reaction(f, i, item.as.promise);
	return true;
}

/* ---- adoption: element nodes (unordered executors) ------------------------------ */

static struct vow__fan_in *node_record(vow_job *node)
{
	return (struct vow__fan_in *)(void *)((char *)node->ops -
					     offsetof(struct vow__fan_in, node_ops));
}

/* The index of the input whose slot holds node. */
static size_t node_index(struct vow__fan_in *f, vow_job *node)
{
	return (size_t)((vow_value *)(void *)node - f->items);
}

/* Take the node out of its slot (see ELEMENT NODES): the slot is undefined again. */
static size_t node_take(struct vow__fan_in *f, vow_job *node)
{
	size_t i = node_index(f, node);

	f->items[i] = vow_undefined();
	return i;
}

static void node_settled(struct vow__fan_in *f, size_t i, unsigned tag, vow_value v)
{
	if (tag == TAG_FULFILLED)
		fulfil(f, i, v);
	else
		reject(f, i, v);
	record_release(f);
}

/*
 * An element node's outcome, when it may not run on the settling thread;
 * or, with tag DEFER_FINISH, the finish of a count down already made.
 */
enum { DEFER_FINISH = TAG_PENDING };

struct deferred {
	vow_job job;
	struct vow__fan_in *f;    /* the node's reference */
	size_t index;
	vow_value v;              /* owned */
	unsigned tag;
};

static void deferred_run(vow_job *job)
{
	struct deferred d = *(struct deferred *)job;

	vow__free_small(job, sizeof d);
	if (d.tag != DEFER_FINISH) {
		node_settled(d.f, d.index, d.tag, d.v);
		return;
	}
	finish(d.f);
	record_release(d.f);
}

static void deferred_discard(vow_job *job)
{
	struct deferred d = *(struct deferred *)job;

	/* The executor closed: the result stays pending, as for a discarded reaction. */
	vow__free_small(job, sizeof d);
	vow__value_drop(d.v);
	record_release(d.f);
}

static const vow_job_ops deferred_ops = {
	.run = deferred_run,
	.discard = deferred_discard,
	.kind = VOW_JOB_MICROTASK,
};

/* Post what a node may not do this deep as a job; false without memory for it. */
static bool node_defer(struct vow__fan_in *f, size_t i, unsigned tag, vow_value v)
{
	struct deferred *d = vow__malloc_small(sizeof *d);

	if (d == NULL)
		return false;
	d->job.next = NULL;
	d->job.ops = &deferred_ops;
	d->f = f;
	d->index = i;
	d->v = v;
	d->tag = tag;
	vow__executor_post(f->result->ex, &d->job);
	return true;
}

/* node_dispatch for anything but its fast path; v is borrowed. */
static __attribute__((noinline)) void node_dispatch_slow(struct vow__fan_in *f, vow_job *node,
							 unsigned tag, vow_value v)
{
	size_t i = node_take(f, node);

	v = vow__value_dup(v);
	if (vow__inline_enter()) {
		node_settled(f, i, tag, v);
		vow__inline_leave();
	} else if (!node_defer(f, i, tag, v)) {
		vow__value_drop(v);
		vow__promise_reject(f->result, vow__oom_error());
		record_release(f);
	}
}

/* The fast path's count down left left: finish, or report progress; then let go. */
static __attribute__((noinline)) void node_counted(struct vow__fan_in *f, size_t left)
{
	if (left != 0) {
		vow__progress_count(f->result, f->n - left, f->n);
	} else if (vow__inline_enter()) {
		finish(f);
		vow__inline_leave();
	} else if (node_defer(f, 0, DEFER_FINISH, vow_undefined())) {
		return; /* the job lets go */
	} else {
		/* Without memory for the job, one level deeper than the bound. */
		finish(f);
	}
	record_release(f);
}

/*
 * The settle of the input's promise p (struct vow__reaction_ops, dispatch).
 * The fast path, a leaf: an input of all fulfilled with an immediate
 * (nothing to copy), that is not the last and has no progress listener,
 * settles nothing and so cannot nest; it fills its slot, over the node,
 * and counts down here.  Everything else takes the depth check
 * (vow__inline_enter).
 */
static void node_dispatch(vow_promise *p, vow_job *node, unsigned tag)
{
	struct vow__fan_in *f = node_record(node);
	vow_value v = p->result;
	size_t left;

	if (f->kind != VOW__FAN_ALL || tag != TAG_FULFILLED || v.kind >= VOW_STRING) {
		node_dispatch_slow(f, node, tag, v);
		return;
	}
	f->items[node_index(f, node)] = v;
	/* acq_rel, as in count_down. */
	left = vow_fetch_sub(&f->remaining, 1, ACQ_REL) - 1;
	if (left == 0 || progress_wanted(f, left)) {
		node_counted(f, left);
		return;
	}
	record_release(f);
}

/* The input's promise was destroyed pending: the input never finishes. */
static void node_free_pending(struct reaction *r)
{
	struct vow__fan_in *f = node_record(&r->job);

	(void)node_take(f, &r->job);
	record_release(f);
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
	vow_job *node;

	if (item.kind != VOW_PROMISE) {
		/* No order to keep: a plain value fills its slot now. */
		fulfil(f, i, vow__value_dup(item));
		record_release(f);
		return true;
	}
	if (item.as.promise == NULL) {
		record_release(f);
		vow__promise_reject(f->result, vow__null_promise_error());
		return false;
	}
	node = (vow_job *)(void *)&f->items[i];
	node->ops = &f->node_ops.job;
	vow__promise_attach_node(item.as.promise, node);
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
