/*
 * resolve.c - everything that decides how a promise settles: resolving
 * functions (CreateResolvingFunctions), a handler's outcome and the
 * reaction job that produces it (NewPromiseReactionJob), adoption of
 * promises and thenables (NewPromiseResolveThenableJob), and the
 * constructors built on them.
 *
 * A vow_resolver * is one of two things, told apart by its low bit:
 *   - bit clear: the promise itself.  These are the promise's own resolve
 *     functions; "already resolved" is the LOCKED tag of its state word.
 *   - bit set: a struct thenable_resolver, the fresh pair a foreign
 *     thenable's then() receives, with its own already-resolved flag.
 */
#include "objects.h"
#include "ownership.h"
#include "promise_impl.h"

struct thenable_resolver {
	_Atomic uint32_t refs;
	_Atomic uint32_t used;   /* the pair's [[AlreadyResolved]] */
	vow_promise *target;     /* claimed: only this pair may still settle it */
};

#define RESOLVER_PAIR_BIT ((uintptr_t)1)

static bool is_pair(const vow_resolver *r)
{
	return ((uintptr_t)r & RESOLVER_PAIR_BIT) != 0;
}

static struct thenable_resolver *as_pair(vow_resolver *r)
{
	return (struct thenable_resolver *)((uintptr_t)r & ~RESOLVER_PAIR_BIT);
}

/* ---- outcomes and the reaction job --------------------------------------- */

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
		VOW__OWN_LEND(loan, r->arg);
		vow_outcome o = r->fn(r->ctx, r->arg);

		vow__own_handler_returned(loan, r->fn, r->arg, o);
		if (r->derived != NULL)
			vow__promise_settle_outcome(r->derived, o);
		else if (o.kind == VOW_OUTCOME_RETURN || o.kind == VOW_OUTCOME_THROW)
			vow__value_drop(o.value);
	}
	vow__reaction_free_dispatched(r);
}

static void reaction_discard(vow_job *job)
{
	vow__reaction_free_dispatched((struct reaction *)job);
}

const struct vow__reaction_ops vow__reaction_ops = {
	.job = {
		.run = reaction_run,
		.discard = reaction_discard,
		.kind = VOW_JOB_MICROTASK,
	},
	.free_pending = vow__reaction_free_pending,
};

/* ---- adoption jobs ------------------------------------------------------ */

/* Settle the locked-in target from the adopted promise's outcome. */
static vow_outcome adopt_fulfilled(void *ctx, vow_value value)
{
	vow__promise_settle(ctx, VOW_FULFILLED, vow__value_dup(value));
	return vow_return(vow_undefined());
}

static vow_outcome adopt_rejected(void *ctx, vow_value reason)
{
	vow__promise_settle(ctx, VOW_REJECTED, vow__value_dup(reason));
	return vow_return(vow_undefined());
}

static void release_target(void *ctx)
{
	vow_promise_release(ctx);
}

/*
 * NewPromiseResolveThenableJob for a vow promise: the job calls
 * thenable.then(resolve, reject), which here means attaching a reaction that
 * settles the target.  The same allocation serves as the job and then as the
 * reaction; while it is a job, its value slot holds the promise being
 * adopted, and the handler pair is set when it becomes a reaction.
 */
static void adopt_job_run(vow_job *job)
{
	struct reaction *r = (struct reaction *)job;
	vow_promise *thenable = r->arg.as.promise;

	r->on_fulfilled = adopt_fulfilled;
	r->on_rejected = adopt_rejected;
	r->job.ops = &vow__reaction_ops.job;
	vow__promise_attach(thenable, r);
	vow_promise_release(thenable);
}

static void adopt_job_discard(vow_job *job)
{
	struct reaction *r = (struct reaction *)job;

	vow__value_drop(r->arg);
	vow__reaction_free_pending(r);
}

static const vow_job_ops adopt_job_ops = {
	.run = adopt_job_run,
	.discard = adopt_job_discard,
	.kind = VOW_JOB_MICROTASK,
};

/* NewPromiseResolveThenableJob for a foreign thenable. */
struct thenable_job {
	vow_job job;
	vow_promise *target;
	vow_value thenable;
};

static int pair_settle(struct thenable_resolver *pair, bool reject, vow_value v);

static void thenable_job_run(vow_job *job)
{
	struct thenable_job *tj = (struct thenable_job *)job;
	struct thenable_obj *t = (struct thenable_obj *)tj->thenable.as.obj;
	struct thenable_resolver *pair = vow__malloc(sizeof *pair);
	vow_outcome o;

	if (pair == NULL) {
		vow__promise_settle(tj->target, VOW_REJECTED, vow__oom_error());
		goto out;
	}
	atomic_init(&pair->refs, 1);
	atomic_init(&pair->used, 0);
	pair->target = vow_promise_dup(tj->target);
	o = t->ops->then(t->self, (vow_resolver *)((uintptr_t)pair | RESOLVER_PAIR_BIT));
	switch (o.kind) {
	case VOW_OUTCOME_THROW:
		/* Ignored if then() already called resolve or reject (A+ 2.3.3.3.4). */
		pair_settle(pair, true, o.value);
		break;
	case VOW_OUTCOME_RETURN:
		vow__value_drop(o.value);
		break;
	default:
		pair_settle(pair, true, vow__bad_outcome_error("then()", o.kind));
		break;
	}
	vow_resolver_release((vow_resolver *)((uintptr_t)pair | RESOLVER_PAIR_BIT));
out:
	vow_promise_release(tj->target);
	vow__value_drop(tj->thenable);
	vow__free(tj);
}

static void thenable_job_discard(vow_job *job)
{
	struct thenable_job *tj = (struct thenable_job *)job;

	vow_promise_release(tj->target);
	vow__value_drop(tj->thenable);
	vow__free(tj);
}

static const vow_job_ops thenable_job_ops = {
	.run = thenable_job_run,
	.discard = thenable_job_discard,
	.kind = VOW_JOB_MICROTASK,
};

/*
 * Adoption on an unordered executor: the job of NewPromiseResolveThenableJob
 * would only delay the attach by a turn of an order nobody can observe, and
 * the internal reaction would run on the settling thread anyway (dispatch),
 * so the target adopts at once through a node in the adopted
 * promise's reaction list (struct vow__reaction_ops, dispatch), not a
 * reaction.  If the settle may not nest one level deeper here, the node
 * becomes a job that reads the adopted promise's outcome when it runs.
 * A job in the target's block that settles it (vow_spawn's) lends its own
 * memory and reference as the node (vow__promise_settle_outcome_job).
 */
struct adopt_node {
	vow_job job;
	vow_promise *target;      /* a reference */
	vow_promise *adopted;     /* once deferred: a reference to the settled one */
};

/* Settle the target t from q's outcome (q settled; its result was acquired). */
static void adopt_settle(vow_promise *t, vow_promise *q, unsigned tag)
{
	vow__promise_settle(t, tag == TAG_FULFILLED ? VOW_FULFILLED : VOW_REJECTED,
			    vow__value_dup(q->result));
}

static void adopt_node_free(struct adopt_node *n)
{
	vow_promise *target = n->target;

	vow__free_small(n, sizeof *n);
	vow_promise_release(target);
}

static void adopt_node_settle(struct adopt_node *n, vow_promise *q, unsigned tag)
{
	adopt_settle(n->target, q, tag);
	adopt_node_free(n);
}

static void adopt_deferred_run(vow_job *job)
{
	struct adopt_node *n = (struct adopt_node *)job;
	vow_promise *q = n->adopted;

	/* Acquire: pairs with q's settling CAS (it settled before n was posted). */
	adopt_node_settle(n, q, word_tag(vow_load(&q->state, ACQUIRE)));
	vow_promise_release(q);
}

static void adopt_deferred_discard(vow_job *job)
{
	struct adopt_node *n = (struct adopt_node *)job;

	/* The executor closed: the target stays pending, as for a discarded reaction. */
	vow_promise_release(n->adopted);
	adopt_node_free(n);
}

static const vow_job_ops adopt_deferred_ops = {
	.run = adopt_deferred_run,
	.discard = adopt_deferred_discard,
	.kind = VOW_JOB_MICROTASK,
};

static void adopt_node_dispatch(vow_promise *q, vow_job *node, unsigned tag)
{
	struct adopt_node *n = (struct adopt_node *)node;

	if (vow__inline_enter()) {
		adopt_node_settle(n, q, tag);
		vow__inline_leave();
		return;
	}
	n->adopted = vow_promise_dup(q);
	n->job.next = NULL;
	n->job.ops = &adopt_deferred_ops;
	vow__executor_post(n->target->ex, &n->job);
}

/* The adopted promise was destroyed pending: the target never settles. */
static void adopt_node_free_pending(struct reaction *r)
{
	adopt_node_free((struct adopt_node *)(void *)r);
}

static void adopt_node_never_runs(vow_job *job)
{
	(void)job;
	assert(!"an adoption node is only posted once deferred");
}

static const struct vow__reaction_ops adopt_node_ops = {
	.job = { .run = adopt_node_never_runs, .discard = adopt_node_never_runs,
		 .kind = VOW_JOB_MICROTASK },
	.free_pending = adopt_node_free_pending,
	.dispatch = adopt_node_dispatch,
};

/*
 * The same node made of a job in its target's block
 * (vow__promise_settle_outcome_job): a bare vow_job, which finds its target
 * by its address and holds the job's reference to it.  Deferred, it keeps
 * the adopted promise in the target's result, which nothing reads until
 * the target settles (as a value, so that a target retired unsettled
 * drops it).
 */
static vow_promise *block_node_target(vow_job *node)
{
	return vow__promise_of_extra(node);
}

static void block_node_settle(vow_job *node, vow_promise *q, unsigned tag)
{
	vow_promise *t = block_node_target(node);

	adopt_settle(t, q, tag);
	vow_promise_release(t); /* the job's reference: may free the block, node and all */
}

static vow_promise *block_node_take_adopted(vow_promise *t)
{
	vow_promise *q = t->result.as.promise;

	t->result = vow_undefined();
	return q;
}

static void block_deferred_run(vow_job *job)
{
	vow_promise *q = block_node_take_adopted(block_node_target(job));

	/* Acquire: pairs with q's settling CAS (it settled before the node was posted). */
	block_node_settle(job, q, word_tag(vow_load(&q->state, ACQUIRE)));
	vow_promise_release(q);
}

static void block_deferred_discard(vow_job *job)
{
	vow_promise *t = block_node_target(job);

	/* The executor closed: the target stays pending, as for a discarded reaction. */
	vow_promise_release(block_node_take_adopted(t));
	vow_promise_release(t);
}

static const vow_job_ops block_deferred_ops = {
	.run = block_deferred_run,
	.discard = block_deferred_discard,
	.kind = VOW_JOB_MICROTASK,
};

static void block_node_dispatch(vow_promise *q, vow_job *node, unsigned tag)
{
	vow_promise *t;

	if (vow__inline_enter()) {
		block_node_settle(node, q, tag);
		vow__inline_leave();
		return;
	}
	t = block_node_target(node);
	t->result = vow_value_promise(vow_promise_dup(q));
	node->next = NULL;
	node->ops = &block_deferred_ops;
	vow__executor_post(t->ex, node);
}

static void block_node_free_pending(struct reaction *r)
{
	vow_promise_release(block_node_target(&r->job));
}

static const struct vow__reaction_ops block_node_ops = {
	.job = { .run = adopt_node_never_runs, .discard = adopt_node_never_runs,
		 .kind = VOW_JOB_MICROTASK },
	.free_pending = block_node_free_pending,
	.dispatch = block_node_dispatch,
};

/*
 * Queue the job that makes p (claimed) adopt thenable; v is moved.  On an
 * unordered executor a vow promise is adopted at once (struct adopt_node).
 */
static void schedule_adoption(vow_promise *p, vow_value v)
{
	vow_job *job;

	if (v.kind == VOW_PROMISE && p->ex->ops->unordered) {
		struct adopt_node *n = vow__malloc_small(sizeof *n);

		if (n == NULL) {
			vow__value_drop(v);
			vow__promise_settle(p, VOW_REJECTED, vow__oom_error());
			return;
		}
		n->job.ops = &adopt_node_ops.job;
		n->target = vow_promise_dup(p); /* and so its executor */
		vow__promise_attach_node(v.as.promise, &n->job);
		vow_promise_release(v.as.promise);
		return;
	}
	if (v.kind == VOW_PROMISE) {
		/* The reaction's ctx holds the target, and so its executor. */
		struct reaction *r = vow__reaction_new(&vow__reaction_ops, p->ex, NULL,
						       adopt_fulfilled, adopt_rejected,
						       vow_promise_dup(p), release_target);
		if (r == NULL) {
			vow__value_drop(v);
			vow__promise_settle(p, VOW_REJECTED, vow__oom_error());
			return;
		}
		r->job.ops = &adopt_job_ops;
		r->arg = v; /* the reference moves into the job */
		job = &r->job;
	} else {
		struct thenable_job *tj = vow__malloc(sizeof *tj);

		if (tj == NULL) {
			vow__value_drop(v);
			vow__promise_settle(p, VOW_REJECTED, vow__oom_error());
			return;
		}
		tj->job.next = NULL;
		tj->job.ops = &thenable_job_ops;
		tj->target = vow_promise_dup(p);
		tj->thenable = v;
		job = &tj->job;
	}
	vow__executor_post(p->ex, job);
}

bool vow__promise_settle_outcome_job(vow_promise *p, vow_outcome o, vow_job *job)
{
	vow_promise *q = o.value.as.promise;

	assert((void *)job == vow__promise_extra(p));
	if (o.kind != VOW_OUTCOME_RETURN || o.value.kind != VOW_PROMISE || q == NULL || q == p ||
	    !p->ex->ops->unordered) {
		vow__promise_settle_outcome(p, o);
		return false;
	}
	if (!vow__promise_claim(p)) {
		vow__value_drop(o.value);
		return false;
	}
	/* As schedule_adoption, in the job's memory, with the job's reference. */
	job->ops = &block_node_ops.job;
	vow__promise_attach_node(q, job);
	vow_promise_release(q);
	return true;
}

void vow__promise_resolve_claimed(vow_promise *p, vow_value v)
{
	if (v.kind == VOW_PROMISE && v.as.promise == NULL) {
		/* docs/bad-input.md: a promise value that holds NULL. */
		vow__promise_settle(p, VOW_REJECTED, vow__null_promise_error());
	} else if (v.kind == VOW_PROMISE && v.as.promise == p) {
		vow__value_drop(v);
		vow__promise_settle(p, VOW_REJECTED,
				    vow__type_error_code(VOW_ESELF,
							 "Chaining cycle detected for promise #<Promise>"));
	} else if (vow_is_thenable(v)) {
		schedule_adoption(p, v);
	} else {
		vow__promise_settle(p, VOW_FULFILLED, v);
	}
}

int vow__promise_resolve(vow_promise *p, vow_value v)
{
	if (!vow__promise_claim(p)) {
		vow__value_drop(v);
		return VOW_EALREADY;
	}
	vow__promise_resolve_claimed(p, v);
	return 0;
}

int vow__promise_reject(vow_promise *p, vow_value reason)
{
	if (!vow__promise_claim(p)) {
		vow__value_drop(reason);
		return VOW_EALREADY;
	}
	vow__promise_settle(p, VOW_REJECTED, reason);
	return 0;
}

/* ---- resolvers ------------------------------------------------------------ */

static int pair_settle(struct thenable_resolver *pair, bool reject, vow_value v)
{
	uint32_t expected = 0;

	/* Relaxed: only elects the caller; the target's settle publishes. */
	if (!vow_cas(&pair->used, &expected, 1, RELAXED, RELAXED)) {
		vow__value_drop(v);
		return VOW_EALREADY;
	}
	if (reject)
		vow__promise_settle(pair->target, VOW_REJECTED, v);
	else
		vow__promise_resolve_claimed(pair->target, v);
	return 0;
}

int vow_resolver_resolve(vow_resolver *r, vow_value v)
{
	if (r == NULL) {
		vow__value_drop(v);
		return VOW_EINVAL;
	}
	if (is_pair(r))
		return pair_settle(as_pair(r), false, v);
	return vow__promise_resolve((vow_promise *)r, v);
}

int vow_resolver_reject(vow_resolver *r, vow_value reason)
{
	if (r == NULL) {
		vow__value_drop(reason);
		return VOW_EINVAL;
	}
	if (is_pair(r))
		return pair_settle(as_pair(r), true, reason);
	return vow__promise_reject((vow_promise *)r, reason);
}

vow_promise *vow_resolver_promise(vow_resolver *r)
{
	if (r == NULL)
		return NULL;
	return is_pair(r) ? as_pair(r)->target : (vow_promise *)r;
}

bool vow__resolver_used(vow_resolver *r)
{
	/*
	 * Acquire: pairs with the claim; a snapshot either way (the caller
	 * races the resolver's other holders by design).
	 */
	if (is_pair(r))
		return vow_load(&as_pair(r)->used, ACQUIRE) != 0;
	return word_tag(vow_load(&((vow_promise *)r)->state, ACQUIRE)) != TAG_PENDING;
}

vow_resolver *vow_resolver_dup(vow_resolver *r)
{
	if (r == NULL)
		return NULL;
	if (is_pair(r))
		vow_fetch_add(&as_pair(r)->refs, 1, RELAXED); /* caller holds one */
	else
		vow_promise_dup((vow_promise *)r);
	return r;
}

void vow_resolver_release(vow_resolver *r)
{
	struct thenable_resolver *pair;

	if (r == NULL)
		return;
	if (!is_pair(r)) {
		vow_promise_release((vow_promise *)r);
		return;
	}
	pair = as_pair(r);
	/* acq_rel: as vow_promise_release (last dropper sees all uses). */
	if (vow_fetch_sub(&pair->refs, 1, ACQ_REL) != 1)
		return;
	/*
	 * A thenable that dropped its resolver unused leaves the target locked
	 * and pending forever, as in JavaScript.
	 */
	vow_promise_release(pair->target);
	vow__free(pair);
}

/* ---- constructors ---------------------------------------------------------- */

vow_promise *vow_promise_new(vow_executor *ex, vow_executor_fn fn, void *ctx)
{
	vow_promise *p;
	vow_outcome o;

	if (ex == NULL || fn == NULL)
		return vow__fail(VOW_EINVAL);
	p = vow__promise_alloc(ex);
	if (p == NULL)
		return NULL;
	o = fn(ctx, (vow_resolver *)p);
	switch (o.kind) {
	case VOW_OUTCOME_RETURN:
		vow__value_drop(o.value);
		break;
	case VOW_OUTCOME_THROW:
		vow__promise_reject(p, o.value); /* ignored if fn resolved p */
		break;
	default:
		vow__promise_reject(p, vow__bad_outcome_error("executor", o.kind));
		break;
	}
	return p;
}

vow_promise *vow_promise_with_resolvers(vow_executor *ex, vow_resolver **resolver)
{
	vow_promise *p;

	if (resolver != NULL)
		*resolver = NULL;
	if (ex == NULL || resolver == NULL)
		return vow__fail(VOW_EINVAL);
	p = vow__promise_alloc(ex);
	if (p == NULL)
		return NULL;
	vow__promise_set_refs_unpublished(p, 2); /* the promise's and the resolver's */
	*resolver = (vow_resolver *)p;
	return p;
}

vow_promise *vow_promise_resolve(vow_executor *ex, vow_value v)
{
	vow_promise *p;

	if (ex == NULL) {
		vow__value_drop(v);
		return vow__fail(VOW_EINVAL);
	}
	if (v.kind == VOW_PROMISE)
		return v.as.promise != NULL ? v.as.promise : vow__fail(VOW_EINVAL);
	p = vow__promise_alloc_block(ex, sizeof *p);
	if (p == NULL) {
		vow__value_drop(v);
		return NULL;
	}
	if (vow_is_thenable(v)) {
		vow__promise_resolve(p, v);
		return p;
	}
	/*
	 * No other thread can see p yet and nothing is attached: it is born
	 * fulfilled, without the claim and settle CASes.  Whatever hands p to
	 * another thread publishes these stores.
	 */
	p->result = v;
	vow_store(&p->state, (uintptr_t)TAG_FULFILLED, RELAXED);
	return p;
}

vow_promise *vow_promise_reject(vow_executor *ex, vow_value reason)
{
	vow_promise *p;

	if (ex == NULL) {
		vow__value_drop(reason);
		return vow__fail(VOW_EINVAL);
	}
	p = vow__promise_alloc(ex);
	if (p == NULL) {
		vow__value_drop(reason);
		return NULL;
	}
	vow__promise_reject(p, reason);
	return p;
}

vow_promise *vow_promise_try(vow_executor *ex, vow_thunk_fn fn, void *ctx)
{
	vow_promise *p;

	if (ex == NULL || fn == NULL)
		return vow__fail(VOW_EINVAL);
	p = vow__promise_alloc(ex);
	if (p == NULL)
		return NULL;
	vow__promise_settle_outcome(p, fn(ctx));
	return p;
}
