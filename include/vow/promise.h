/*
 * vow/promise.h - promises (ECMA-262 section 27.2, mapped to C).
 *
 * THREADS.  Every function here may be called from any thread unless it says
 * otherwise; a promise may be settled, attached to and released concurrently.
 * Handlers run as jobs on the promise's executor (see vow/executor.h): never
 * synchronously inside then(), and never twice.
 *
 * ORDERING.  Everything a thread wrote before it resolved or rejected a
 * promise happens-before every handler that observes that settlement.  On
 * one executor, handlers of the same promise run in registration order.
 *
 * REFERENCES.  Promises are reference-counted.  Every function that returns
 * a vow_promise * returns a NEW reference the caller must release with
 * vow_promise_release() (or move into a value with vow_value_promise()).
 * Functions that take a vow_promise * argument borrow it.  On failure they
 * return NULL, record the code in vow_last_error(), and leave nothing behind.
 *
 * HANDLER CONTEXTS.  then/catch/finally take (ctx, ctx_dtor).  ctx_dtor (if
 * not NULL) runs exactly once: after the handler has run, or when the
 * reaction is discarded without running (its executor shut down), or at once
 * if the call fails.  So ownership of ctx always passes to vow.
 *
 * OUT OF MEMORY LATER.  Some work a promise needs happens after the call
 * that made it returned: the job that adopts a promise or thenable it was
 * resolved with (and the resolver pair a thenable's then() gets), finally's
 * follow-up promise, a combinator's bookkeeping.  If memory runs out there,
 * the promise concerned is rejected with the shared out-of-memory error
 * (vow_error_code() == VOW_ENOMEM); it is never left resolved but unsettled.
 */
#ifndef VOW_PROMISE_H
#define VOW_PROMISE_H

#include <vow/value.h>

#ifdef __cplusplus
extern "C" {
#endif

#pragma GCC visibility push(default)

/* Where a promise's reactions run (opaque; vow/executor.h). */
typedef struct vow_executor vow_executor;

/*
 * A reaction handler: gets the value or reason, borrowed.  To hand it on
 * (v => v, e => { throw e }), return vow_return(vow_value_dup(arg)) or
 * vow_throw(vow_value_dup(arg)); assertion builds abort when a handler
 * returns or throws arg itself.
 */
typedef vow_outcome (*vow_handler_fn)(void *ctx, vow_value arg);
/* A function of no argument: finally handlers, Promise.try bodies. */
typedef vow_outcome (*vow_thunk_fn)(void *ctx);
/* The executor function handed to the constructor (resolver is borrowed). */
typedef vow_outcome (*vow_executor_fn)(void *ctx, vow_resolver *resolver);
/* A context's destructor (HANDLER CONTEXTS, above). */
typedef void (*vow_dtor_fn)(void *ctx);

/* ---- construction -------------------------------------------------- */

/*
 * vow_promise_new - new Promise(executor).  fn runs synchronously, before
 * this returns, with a resolver for the new promise; returning a throw
 * outcome rejects it (if fn did not resolve it first).  ex is the executor
 * the promise's reactions run on.
 * Errors: VOW_EINVAL (ex or fn NULL), VOW_ENOMEM (fn is not called).
 */
vow_promise *vow_promise_new(vow_executor *ex, vow_executor_fn fn, void *ctx);

/*
 * vow_promise_with_resolvers - Promise.withResolvers().  *resolver receives a
 * new resolver reference (release it with vow_resolver_release).
 * Errors: VOW_EINVAL, VOW_ENOMEM (*resolver is set to NULL).
 */
vow_promise *vow_promise_with_resolvers(vow_executor *ex, vow_resolver **resolver);

/*
 * vow_promise_resolve - Promise.resolve(v).  If v is a promise, returns that
 * same promise (the reference in v is handed back).  Otherwise a new promise
 * resolved with v (a thenable is adopted through a job).  v is moved.
 * Errors: VOW_EINVAL (ex NULL, or v a promise value holding NULL),
 * VOW_ENOMEM.
 */
vow_promise *vow_promise_resolve(vow_executor *ex, vow_value v);

/*
 * vow_promise_reject - Promise.reject(reason): always a new promise, even when
 * reason is a promise.  reason is moved.  Errors: VOW_EINVAL (ex NULL), VOW_ENOMEM.
 */
vow_promise *vow_promise_reject(vow_executor *ex, vow_value reason);

/*
 * vow_promise_try - Promise.try(fn): runs fn now; its outcome resolves or
 * rejects the returned promise.  Errors: VOW_EINVAL, VOW_ENOMEM (fn not run).
 */
vow_promise *vow_promise_try(vow_executor *ex, vow_thunk_fn fn, void *ctx);

/* ---- resolving functions ------------------------------------------- */

/*
 * vow_resolver_resolve / vow_resolver_reject - the resolve and reject
 * functions of CreateResolvingFunctions.  The first call of either wins;
 * later calls return VOW_EALREADY and do nothing (the value is released).
 * Resolving a promise with itself rejects it with a TypeError (VOW_ESELF)
 * and returns 0; so does resolving it with a promise value holding NULL
 * (the TypeError's code is then VOW_EINVAL).  Resolving with a promise or
 * thenable locks the promise in to it (through
 * NewPromiseResolveThenableJob).  The value is always moved.
 * Any thread.  Errors: VOW_EINVAL (r NULL), VOW_EALREADY.
 */
int vow_resolver_resolve(vow_resolver *r, vow_value v);
int vow_resolver_reject(vow_resolver *r, vow_value reason);

/* The promise this resolver settles (borrowed); NULL for NULL. */
vow_promise *vow_resolver_promise(vow_resolver *r);
/* Takes another reference; returns r (NULL for NULL). */
vow_resolver *vow_resolver_dup(vow_resolver *r);

void vow_resolver_release(vow_resolver *r); /* NULL is a no-op */

/* ---- reactions ----------------------------------------------------- */

/*
 * vow_promise_then - p.then(on_fulfilled, on_rejected).  Either handler may
 * be NULL: the value or reason then passes through to the returned promise.
 * The handler's outcome settles the returned promise: a returned value
 * fulfills it, a returned promise or thenable is adopted, a throw rejects,
 * and any other outcome rejects with a TypeError (VOW_EBADOUTCOME).  A
 * returned promise value holding NULL rejects it with a TypeError
 * (VOW_EINVAL).
 * Errors: VOW_EINVAL (p NULL), VOW_ENOMEM.  ctx_dtor runs in every case.
 */
vow_promise *vow_promise_then(vow_promise *p, vow_handler_fn on_fulfilled,
			      vow_handler_fn on_rejected, void *ctx, vow_dtor_fn ctx_dtor);

/*
 * vow_promise_catch - p.catch(on_rejected), that is
 * then(NULL, on_rejected).  Errors: as vow_promise_then.
 */
vow_promise *vow_promise_catch(vow_promise *p, vow_handler_fn on_rejected,
			       void *ctx, vow_dtor_fn ctx_dtor);

/*
 * vow_promise_finally - p.finally(on_finally).  on_finally gets no argument.
 * p's value or reason passes through, unless on_finally throws or returns a
 * promise that rejects (that reason wins).  A returned pending promise is
 * waited for (a returned promise value holding NULL rejects with a
 * TypeError, VOW_EINVAL).  on_finally may be NULL (pure pass-through, as in
 * JS).  Errors: as vow_promise_then.
 */
vow_promise *vow_promise_finally(vow_promise *p, vow_thunk_fn on_finally,
				 void *ctx, vow_dtor_fn ctx_dtor);

/*
 * vow_promise_then_on - then(), but the handlers run on executor ex, and the
 * returned promise belongs to ex (compute on one executor, combine on
 * another).  Errors: as vow_promise_then; VOW_EINVAL if ex is NULL.
 */
vow_promise *vow_promise_then_on(vow_promise *p, vow_executor *ex,
				 vow_handler_fn on_fulfilled, vow_handler_fn on_rejected,
				 void *ctx, vow_dtor_fn ctx_dtor);

/* ---- combinators --------------------------------------------------- */

/*
 * items[0..n) are borrowed: drop the ones you own after the call
 * (assertion builds list what was never released at exit).  Each is a
 * promise, a thenable or a plain value (treated as
 * Promise.resolve(item)).  items may be NULL when n is 0.  An
 * item that is a promise value holding NULL rejects the result with a
 * TypeError (VOW_EINVAL), as an abrupt completion of the spec's loop: the
 * inputs before it stay attached, the ones after it are not looked at.
 *
 * all:         fulfills with an array of the values in input order; the first
 *              rejection rejects it.  all of nothing fulfills at once with [].
 * all_settled: never rejects (except out of memory, below); fulfills with an
 *              array of VOW_SETTLED records in input order.  Of nothing: []
 *              at once.
 * race:        settles like the first input to settle.  Of nothing: pending
 *              forever.
 * any:         fulfills with the first fulfillment; if every input rejects,
 *              rejects with an AggregateError (code VOW_EAGGREGATE) holding
 *              the reasons in input order.  Of nothing: rejects at once.
 * Errors: VOW_EINVAL (ex NULL, or items NULL with n > 0), VOW_ENOMEM (the
 * result itself could not be made; nothing was attached).  Running out of
 * memory after the result exists (on attaching to an input, as an abrupt
 * completion of the spec's loop: later inputs are not looked at; or on
 * making an allSettled record or the AggregateError) rejects the returned
 * promise with the out-of-memory error instead.
 */
vow_promise *vow_promise_all(vow_executor *ex, const vow_value *items, size_t n);
vow_promise *vow_promise_all_settled(vow_executor *ex, const vow_value *items, size_t n);
vow_promise *vow_promise_race(vow_executor *ex, const vow_value *items, size_t n);
vow_promise *vow_promise_any(vow_executor *ex, const vow_value *items, size_t n);

/* ---- introspection and lifetime ------------------------------------ */

/*
 * Current state; a promise locked in to another one is still pending.
 * NULL gives VOW_PENDING.
 */
vow_state vow_promise_state(const vow_promise *p);
/*
 * The value (fulfilled) or reason (rejected), borrowed; undefined while
 * pending.  Valid as long as the caller holds a reference to p.  NULL
 * gives undefined.
 */
vow_value vow_promise_result(const vow_promise *p);
/* The executor p's reactions run on (borrowed); NULL for NULL. */
vow_executor *vow_promise_executor(const vow_promise *p);
/*
 * True once a handler was attached (the spec's [[PromiseIsHandled]]);
 * false for NULL.
 */
bool vow_promise_is_handled(const vow_promise *p);

/* Takes another reference; returns p (NULL for NULL). */
vow_promise *vow_promise_dup(vow_promise *p);
/*
 * vow_promise_release - drop one reference; NULL is a no-op.  Releasing more
 * references than were taken is undefined; assertion builds (no NDEBUG)
 * abort with a message that names the promise, and so does using one
 * after its last reference went (vow_promise_state, _result, _dup, _then).
 * A pending promise whose last reference goes stays alive while a job or a
 * reaction can still settle it.
 */
void vow_promise_release(vow_promise *p);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif /* VOW_PROMISE_H */
