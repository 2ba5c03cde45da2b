/*
 * promise_impl.h - the promise object and its reactions (core-internal).
 *
 * The core's files, bottom up (each calls only the ones above it):
 *   promise.c     the object, references and retirement, the state word
 *                 (claim, attach, settle, dispatch), reaction nodes
 *   resolve.c     everything that decides a settlement: resolve, reject,
 *                 a handler's outcome, adoption of promises and thenables,
 *                 the reaction job (NewPromiseReactionJob), resolvers and
 *                 the constructors
 *   reaction.c    then / catch / then_on, internal subscriptions
 *   finally.c, fan_in.c, combinators.c, wait.c   built on the above
 */
#ifndef VOW_PROMISE_IMPL_H
#define VOW_PROMISE_IMPL_H

#include "core.h"
#include "executor_impl.h"
#include "ownership.h"

/*
 * THE STATE WORD.  One atomic uintptr_t per promise.  Reactions are at least
 * 8-byte aligned, so the low three bits are free: two hold the tag, one the
 * spec's [[PromiseIsHandled]], and the rest is the head of the reaction list
 * (a LIFO stack, newest first; settle reverses it).
 *
 *   value                 meaning                      who moves it out, and how
 *   --------------------  ---------------------------  --------------------------------
 *   list | PENDING | h    not resolved; list may grow  attach: CAS to node|PENDING|HANDLED
 *                                                      claim:  CAS to list|LOCKED|h (one winner)
 *   list | LOCKED | h     resolved (claimed) but not   attach: CAS to node|LOCKED|HANDLED
 *                         settled: the claimer will    settle: CAS to FULFILLED|h or
 *                         settle it, maybe after        REJECTED|h, taking the list
 *                         adopting a thenable
 *   FULFILLED | h         settled; result is valid     attach: CAS to FULFILLED|HANDLED once
 *   REJECTED | h          settled; result is valid     attach: CAS to REJECTED|HANDLED once
 *
 * (h: the HANDLED bit as it was; it is set by the first attach and never
 * cleared.)  Losers: a claim that finds LOCKED/FULFILLED/REJECTED fails
 * (the resolve function was already used: VOW_EALREADY).  An attach that
 * finds a settled word dispatches its reaction at once instead of pushing
 * it; the one attach that sets HANDLED on a rejected promise reports it to
 * the tracker.  Only the claimer settles; its CAS loop retries only when a
 * concurrent attach pushed a node.
 *
 * Publication: the claimer writes result, then settles with a release CAS;
 * every reader of result first loads the word with acquire and sees a
 * settled tag (pairs with that CAS).  Attach pushes with a release CAS so
 * that the settler's acquire sees each node's fields (the claim CAS is a
 * relaxed RMW and so stays in the release sequence of those pushes).
 *
 * Fast path: vow_promise_state() is one acquire load.
 *
 * Which operations may run at the same time on one promise (any threads):
 *
 *                claim   attach   settle   read result   release
 *   claim        yes*    yes      -        yes           yes
 *   attach       yes     yes      yes      yes           yes
 *   settle       -       yes      no**     yes           yes
 *
 *   *  one wins, the others see VOW_EALREADY.
 *   ** only the one claimer settles, once.
 *   "read result" is valid only after a settled tag was seen (acquire).
 *   release: while the caller still holds the reference it drops.
 *
 * RETIREMENT.  When the last reference goes, the promise is retired on the
 * releasing thread: reported if it was rejected and never handled (on an
 * executor that tracks at destruction), its result dropped, its pending
 * reactions discarded, its executor reference dropped, its block freed.
 * Discarding a reaction releases the promise it would have settled, which
 * may retire in turn, and so on down a chain of any length: so retirement
 * never recurses.  A thread retiring promises keeps a list of the ones
 * whose last reference went meanwhile (linked through their result, which
 * is dropped first) and finishes them one after another, on a constant
 * amount of stack whatever the shape of the chain.  A settled promise with
 * an immediate result and nothing to report releases nothing else: its
 * block goes at once, without the list (vow_promise_release).
 */
enum {
	TAG_PENDING = 0,
	TAG_LOCKED = 1,
	TAG_FULFILLED = 2,
	TAG_REJECTED = 3,
	TAG_MASK = 3,
	WORD_HANDLED = 4,  /* [[PromiseIsHandled]] */
	WORD_LOW_MASK = 7, /* everything that is not the list pointer */
};

static inline unsigned word_tag(uintptr_t w) { return (unsigned)(w & TAG_MASK); }
static inline bool word_settled(uintptr_t w) { return word_tag(w) >= TAG_FULFILLED; }
static inline vow_job *word_list(uintptr_t w) { return (vow_job *)(w & ~(uintptr_t)WORD_LOW_MASK); }

/*
 * 40 bytes.  refs sits at offset 16 on purpose: free() in glibc writes its
 * list links over the first 16 bytes of a small block, so keeping refs past
 * them lets assertion builds see the poison a freed promise leaves there and
 * catch a second release (until the memory is reused: ownership.h delays
 * that; ASan catches all).
 */
struct vow_promise {
	vow_executor *ex;         /* where reactions run; fixed at creation; a reference */
	_Atomic uintptr_t state;
	_Atomic uint32_t refs;
	_Atomic uint32_t block;   /* bytes of the block it heads | PROMISE_HAS_PROGRESS */
	vow_value result;         /* written once by the claimer, before settling */
};

/*
 * block: the size is written once, at creation; PROMISE_HAS_PROGRESS is set
 * (relaxed RMW) when the first progress listener comes (progress.c).
 */
enum { PROMISE_HAS_PROGRESS = 1u << 31, PROMISE_BLOCK_SIZE = PROMISE_HAS_PROGRESS - 1 };

/*
 * A reaction: one handler pair attached to one promise.  While the promise
 * is unsettled it sits in the state word's list (linked by job.next), with
 * its handler pair and the executor to run on; job.ops is already what the
 * job will run once dispatched (the list never runs its nodes, it only
 * frees them: struct vow__reaction_ops).  When the promise settles it is
 * dispatched: the handler that applies replaces the pair's executor slot,
 * the settled value (a new reference) replaces the pair, and it is posted
 * as a job.  Carrying the value, not the promise, costs no reference count
 * for immediates and lets the settled promise go as soon as its holders do.
 *
 * ex == NULL makes a notification (vow_promise_on_settle, a waiter): it
 * runs at dispatch on the settling thread, never as a job.
 *
 * Every reaction keeps its own executor alive: through derived (then_on),
 * or through the object its ctx holds (an adoption's target, a fan-in's
 * result), never through the promise it is attached to.
 */
struct reaction {
	vow_job job;
	union {
		vow_executor *ex;           /* pending: where the job will run */
		vow_handler_fn fn;          /* dispatched: what it runs (NULL: nothing) */
	};
	vow_promise *derived;               /* NULL for internal reactions */
	union {
		struct {
			vow_handler_fn on_fulfilled; /* pending */
			vow_handler_fn on_rejected;
		};
		vow_value arg;              /* dispatched: the value or reason (owned) */
	};
	void *ctx;
	vow_dtor_fn ctx_dtor;
};

/*
 * then() makes a promise and the reaction that settles it together, and the
 * reaction holds a reference to that promise until it is freed, so both
 * live in one block: the promise's memory outlives the reaction's use of it.
 */
struct derived_block {
	struct vow_promise promise;
	struct reaction reaction;
};

/* True once p is settled; acquire pairs with the settling CAS. */
static inline bool vow__promise_settled(vow_promise *p)
{
	return word_settled(vow_load(&p->state, ACQUIRE));
}

/* ---- promise.c ------------------------------------------------------------ */
/* Make p, the head of a new block of size bytes, a pending promise on ex. */
static inline vow_promise *vow__promise_born(vow_promise *p, vow_executor *ex, size_t size)
{
	p->ex = ex;
	atomic_init(&p->state, (uintptr_t)TAG_PENDING);
	atomic_init(&p->refs, 1);
	atomic_init(&p->block, (uint32_t)size);
	p->result = vow_undefined();
	vow__own_promise_born(p);
	vow__executor_ref(ex);
	return p;
}

/*
 * vow__promise_alloc_block - a pending promise heading a block of size
 * bytes (at most 128), for a job or reaction that lives in its promise's
 * memory and holds a reference to it (struct derived_block, spawn.c).
 * Inline: promises are made at high rates.
 */
static inline vow_promise *vow__promise_alloc_block(vow_executor *ex, size_t size)
{
	vow_promise *p = vow__malloc_small(size);

	return p == NULL ? vow__fail(VOW_ENOMEM) : vow__promise_born(p, ex, size);
}

bool vow__promise_claim(vow_promise *p);
void vow__promise_settle(vow_promise *p, vow_state st, vow_value v);
void vow__promise_attach(vow_promise *p, struct reaction *r);
/* The same without marking p handled (a listener that is not a handler). */
void vow__promise_attach_quiet(vow_promise *p, struct reaction *r);
/* Attach a node whose ops (struct vow__reaction_ops) set dispatch; marks p handled. */
void vow__promise_attach_node(vow_promise *p, vow_job *node);
/*
 * vow__promise_mark_handled - p is settled: set [[PromiseIsHandled]] as an
 * attach would (telling the tracker if p is rejected), without a reaction.
 */
void vow__promise_mark_handled(vow_promise *p);

/*
 * What a reaction does, in every state: the job it becomes once dispatched
 * (run or discard), and what happens to it if its promise is destroyed
 * while it waits in the list (free_pending: the promise can never settle).
 * A reaction's job.ops points at the job member of its vow__reaction_ops,
 * so the list finds free_pending from there.  The handler reactions of
 * then() and the internal subscriptions use vow__reaction_ops; an await
 * (async.c) brings its own, because its memory is its fiber's.
 *
 * A node that is not a struct reaction - the fan-in's 16-byte elements on
 * an unordered executor (fan_in.c) - sets dispatch: the settle hands it
 * the promise and its tag instead of turning it into a job, and only job
 * (its first member) is read through the list.
 */
struct vow__reaction_ops {
	vow_job_ops job;
	void (*free_pending)(struct reaction *r);
	void (*dispatch)(vow_promise *p, vow_job *node, unsigned tag); /* NULL: a reaction */
};

static inline const struct vow__reaction_ops *vow__reaction_ops_of(const struct reaction *r)
{
	return (const struct vow__reaction_ops *)(const void *)r->job.ops;
}

/*
 * Internal reactions run on the settling thread (on an unordered executor)
 * nested at most this deep; vow__inline_enter says whether one more may
 * run here (then the caller runs it and calls vow__inline_leave), or must
 * go to a job.
 */
enum { VOW__INLINE_DEPTH_MAX = 32 };
extern _Thread_local unsigned vow__inline_depth __attribute__((tls_model("initial-exec")));

static inline bool vow__inline_enter(void)
{
	if (vow__inline_depth >= VOW__INLINE_DEPTH_MAX)
		return false;
	vow__inline_depth++;
	return true;
}

static inline void vow__inline_leave(void)
{
	vow__inline_depth--;
}

/*
 * Reaction nodes.  vow__reaction_new returns NULL on ENOMEM after running
 * ctx_dtor.
 */
void vow__reaction_init(struct reaction *r, const struct vow__reaction_ops *ops,
			vow_executor *ex, vow_promise *derived, vow_handler_fn on_fulfilled,
			vow_handler_fn on_rejected, void *ctx, vow_dtor_fn ctx_dtor);
struct reaction *vow__reaction_new(const struct vow__reaction_ops *ops, vow_executor *ex,
				   vow_promise *derived, vow_handler_fn on_fulfilled,
				   vow_handler_fn on_rejected, void *ctx, vow_dtor_fn ctx_dtor);
/* Free a reaction that was never dispatched (its ctx_dtor runs). */
void vow__reaction_free_pending(struct reaction *r);
/* Free a dispatched reaction (its value, then as above). */
void vow__reaction_free_dispatched(struct reaction *r);

/* ---- resolve.c -------------------------------------------------------------- */
/* NewPromiseReactionJob: run the handler, settle the derived promise. */
extern const struct vow__reaction_ops vow__reaction_ops;
/* Resolve p, already claimed by the caller, with v (moved). */
void vow__promise_resolve_claimed(vow_promise *p, vow_value v);

#endif /* VOW_PROMISE_IMPL_H */
