/*
 * promise_impl.h - the promise object and its reactions (core-internal).
 */
#ifndef VOW_PROMISE_IMPL_H
#define VOW_PROMISE_IMPL_H

#include "core.h"

/*
 * THE STATE WORD.  One atomic uintptr_t per promise.  Reactions are at least
 * 4-byte aligned, so the low two bits are a tag and the rest is the head of
 * the reaction list (a LIFO stack, newest first; settle reverses it).
 *
 *   value             meaning                      who moves it out, and how
 *   ----------------  ---------------------------  --------------------------------
 *   list | PENDING    not resolved; list may grow  attach: CAS to node|PENDING
 *                                                  claim:  CAS to list|LOCKED (one winner)
 *   list | LOCKED     resolved (claimed) but not   attach: CAS to node|LOCKED
 *                     settled: the claimer will    settle: exchange to FULFILLED or
 *                     settle it, maybe after        REJECTED, taking the list
 *                     adopting a thenable
 *   FULFILLED         settled; result is valid     nobody: final
 *   REJECTED          settled; result is valid     nobody: final
 *
 * Losers: a claim that finds LOCKED/FULFILLED/REJECTED fails (the resolve
 * function was already used: VOW_EALREADY).  An attach that finds a settled
 * word dispatches its reaction at once instead of pushing it.  Only the
 * claimer ever settles, so settling is a plain exchange, never a CAS loop.
 *
 * Publication: the claimer writes result, then exchanges with release; every
 * reader of result first loads the word with acquire and sees a settled tag
 * (pairs with that exchange).  Attach pushes with a release CAS so that the
 * settler's acquire exchange sees each node's fields (the claim CAS is a
 * relaxed RMW and so stays in the release sequence of those pushes).
 *
 * Fast path: vow_promise_state() is one acquire load.
 */
enum {
	TAG_PENDING = 0,
	TAG_LOCKED = 1,
	TAG_FULFILLED = 2,
	TAG_REJECTED = 3,
	TAG_MASK = 3,
};

static inline unsigned word_tag(uintptr_t w) { return (unsigned)(w & TAG_MASK); }
static inline bool word_settled(uintptr_t w) { return word_tag(w) >= TAG_FULFILLED; }

enum promise_flags {
	PROMISE_HANDLED = 1u << 0, /* [[PromiseIsHandled]] */
};

/*
 * 40 bytes.  refs sits at offset 16 on purpose: free() in glibc writes its
 * list links over the first 16 bytes of a small block, so keeping refs past
 * them lets assertion builds see the poison a freed promise leaves there and
 * catch a second release (until the memory is reused; ASan catches all).
 */
struct vow_promise {
	vow_executor *ex;         /* where reactions run; fixed at creation */
	_Atomic uintptr_t state;
	_Atomic uint32_t refs;
	_Atomic uint32_t flags;   /* promise_flags */
	vow_value result;         /* written once by the claimer, before settling */
};

/*
 * A reaction: one handler pair attached to one promise.  While the promise
 * is unsettled it sits in the state word's list (linked by job.next); once
 * the promise settles it becomes a job on ex.  source is set (with a
 * reference) when it is dispatched.
 */
struct reaction {
	vow_job job;
	vow_executor *ex;
	vow_promise *source;
	vow_promise *derived;     /* NULL for internal reactions */
	vow_handler_fn on_fulfilled;
	vow_handler_fn on_rejected;
	void *ctx;
	vow_dtor_fn ctx_dtor;
};

extern const vow_job_ops vow__reaction_job_ops;

/* promise.c */
bool vow__promise_claim(vow_promise *p);
void vow__promise_settle(vow_promise *p, vow_state st, vow_value v);
void vow__promise_attach(vow_promise *p, struct reaction *r);

/* reaction.c */
struct reaction *vow__reaction_new(vow_executor *ex, vow_promise *derived,
				   vow_handler_fn on_fulfilled, vow_handler_fn on_rejected,
				   void *ctx, vow_dtor_fn ctx_dtor);
void vow__reaction_free(struct reaction *r);

/* resolve.c: resolve p, already claimed by the caller, with v (moved). */
void vow__promise_resolve_claimed(vow_promise *p, vow_value v);

#endif /* VOW_PROMISE_IMPL_H */
