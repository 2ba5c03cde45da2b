/*
 * core.h - the promise core's internal interface: what executors and the
 * core's own files may call.  Executors (executors/) include this header
 * and nothing else of src/.
 *
 * NAMES.  vow_x() is public.  vow__x() is internal (every non-static name
 * in the library starts with vow_ or vow__, so static linking never
 * clashes with a user's names).
 *
 * WHO MAY CALL (one convention for the whole library, after Concurrency
 * Kit's names):
 *   - a name ending in _any may be called from any thread at any time;
 *   - a name ending in _owner may only be called by the thread that owns
 *     the object (a loop's owner, a worker for its own deque, a thread for
 *     its thread-local state) and asserts it where it can;
 *   - a name ending in _worker needs a worker thread of the same pool;
 *   - a name with none of these follows its object's rule: promises,
 *     resolvers and values may be used from any thread (vow/promise.h);
 *     the data-structure helpers of one executor (timers.c, deque.c) are
 *     called only under the exclusion their header names.
 */
#ifndef VOW_CORE_H
#define VOW_CORE_H

#include <assert.h>
#include <stdint.h>
#include <vow/vow.h>

#include "atomics.h"
#include "small_cache.h"

/* ---- allocation (every allocation in vow goes through these) ---------- */
/* Any thread.  The allocator is the user's (vow_set_allocator) or libc's. */
void *vow__malloc(size_t size);
void *vow__calloc(size_t n, size_t size);
void vow__free(void *p); /* NULL is a no-op */
/*
 * Small blocks (at most SMALL_MAX bytes) through the calling thread's
 * cache: vow__malloc_small(size) / vow__free_small(p, size), inline, from
 * small_cache.h, and vow__malloc_sized / vow__free_sized for a size that
 * may be small or not.  Free with the size that was allocated; any thread.
 */

/*
 * Fault injection and accounting, for tests (neco's fail_counters).  In
 * every build; while neither is on, an allocation pays one relaxed load.
 * All counts are process-wide, over every thread.
 *
 * vow__alloc_fail_at - n > 0: the n-th vow__malloc/vow__calloc call from
 * now returns NULL (without calling the allocator); only that one, then
 * injection is off again.  0 disarms.  Any thread; the arming thread's own
 * next calls see it at once, other threads' "soon" (relaxed).
 * vow__alloc_fail_pending - true while an armed failure has not happened.
 *
 * vow__alloc_track - turn counting on or off.  Turn it on before vow
 * allocates anything that the live count should cover (a block allocated
 * while off and freed while on makes the count drift below its baseline).
 * vow__alloc_count - vow__malloc/calloc calls while counting (failed ones
 * included).  vow__alloc_live - blocks allocated and not yet freed while
 * counting: a scenario that frees all it made brings it back to where it
 * started (the leak check that needs no valgrind).
 */
void vow__alloc_fail_at(uint64_t n);
bool vow__alloc_fail_pending(void);
void vow__alloc_track(bool on);
uint64_t vow__alloc_count(void);
int64_t vow__alloc_live(void);

/* ---- errors ------------------------------------------------------------- */
/* Records code for vow_last_error() on this thread. */
void vow__set_last_error(int code);
/* Records code and returns NULL: `return vow__fail(VOW_EINVAL);`. */
void *vow__fail(int code);

/* ---- values ------------------------------------------------------------- */
/*
 * vow_value_dup / vow_value_drop for the hot paths: immediates (the common
 * case for a settled value) are decided inline, without the call.
 */
static inline vow_value vow__value_dup(vow_value v)
{
	return v.kind < VOW_STRING ? v : vow_value_dup(v);
}

static inline void vow__value_drop(vow_value v)
{
	if (v.kind >= VOW_STRING)
		vow_value_drop(v);
}

/* The immortal out-of-memory error (never freed; dup/drop are no-ops). */
vow_value vow__oom_error(void);
/* A TypeError carrying one of vow's error codes (VOW_ESELF, VOW_EBADOUTCOME). */
vow_value vow__type_error_code(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The TypeError for a handler outcome whose kind is neither return nor throw. */
vow_value vow__bad_outcome_error(const char *who, int kind);
/* The TypeError for a promise value that holds NULL (VOW_EINVAL). */
vow_value vow__null_promise_error(void);

/*
 * Arrays for the fan-in (fan_in.c): the item slots of an array value, to
 * be written once each, each before the write is published to whoever
 * reads the array.  a must be a VOW_ARRAY value.
 */
vow_value *vow__array_items(vow_value a);

/*
 * vow__warn_rejection - print an unhandled-rejection event to stderr as
 * the WARN policy does (warn.c: the only place the core formats a value).
 */
void vow__warn_rejection(vow_rejection_event ev, vow_value reason);

/* ---- executors (executor_impl.h) ---------------------------------------- */
/*
 * The calling thread's executor (vow_executor_enter) and the references it
 * counts for it without atomics (see REFERENCES in executor_impl.h).
 * initial-exec: one %fs-relative access instead of a __tls_get_addr call
 * per promise.
 */
struct vow__thread_exec {
	vow_executor *ex;
	int64_t refs;
};
extern _Thread_local struct vow__thread_exec vow__thread_exec
	__attribute__((tls_model("initial-exec")));

void vow__executor_ref_slow(vow_executor *ex);
void vow__executor_unref_slow(vow_executor *ex);

/* A promise on ex was made / freed on this thread. */
static inline void vow__executor_ref(vow_executor *ex)
{
	if (vow__thread_exec.ex == ex)
		vow__thread_exec.refs++;
	else
		vow__executor_ref_slow(ex);
}

static inline void vow__executor_unref(vow_executor *ex)
{
	if (vow__thread_exec.ex == ex)
		vow__thread_exec.refs--;
	else
		vow__executor_unref_slow(ex);
}

/*
 * vow__executor_promises_alive - the promises on ex that exist, as the
 * calling thread can count them: the shared count plus its own slot if it
 * is a thread of ex.  Exact when no other thread of ex holds an unflushed
 * slot (a loop: its owner is its only thread); a promise another thread
 * makes or frees meanwhile may or may not be counted.
 */
int64_t vow__executor_promises_alive(vow_executor *ex);

/* HostPromiseRejectionTracker, if ex is the tracker (else nothing). */
void vow__executor_track(vow_executor *ex, vow_promise *p, vow_rejection_op op);

/* ---- promises ----------------------------------------------------------- */
/* A new pending promise on ex with one reference, or NULL (ENOMEM). */
vow_promise *vow__promise_alloc(vow_executor *ex);

/*
 * vow__promise_alloc_extra - vow__promise_alloc, with extra bytes of memory
 * behind the promise in the same block (promise plus extra: at most 128
 * bytes), for an object such as a job that holds a reference to the
 * promise as long as it uses the memory.  *extra receives it (8-aligned);
 * it is freed with the promise.  vow__promise_of_extra maps it back.
 */
vow_promise *vow__promise_alloc_extra(vow_executor *ex, size_t extra_size, void **extra);
vow_promise *vow__promise_of_extra(void *extra);
void *vow__promise_extra(vow_promise *p);

/*
 * A task that waits in its promise's block (vow_spawn's): nothing reads a
 * pending promise's result, so the task keeps what it will call there, and
 * its own memory is a bare vow_job.
 * vow__promise_alloc_task - vow__promise_alloc_extra of a vow_job (*job),
 * with fn and ctx kept in the result.
 * vow__promise_take_task - fn, and ctx in *ctx; p's result is undefined
 * again.  Call it first thing when the job runs or is discarded, before
 * anything may settle or retire p.
 */
vow_promise *vow__promise_alloc_task(vow_executor *ex, vow_thunk_fn fn, void *ctx,
				     vow_job **job);
vow_thunk_fn vow__promise_take_task(vow_promise *p, void **ctx);

/*
 * vow__promise_set_refs_unpublished - give a promise just allocated, that
 * no other thread can see yet, refs references in all: a plain store where
 * vow_promise_dup would be an atomic read-modify-write.
 */
void vow__promise_set_refs_unpublished(vow_promise *p, uint32_t refs);

/*
 * vow__promise_resolve - resolve p with v as its own resolve function would
 * (claim, then fulfill / adopt / self-reject).  VOW_EALREADY if p was
 * already resolved; v is moved in every case.
 */
int vow__promise_resolve(vow_promise *p, vow_value v);
int vow__promise_reject(vow_promise *p, vow_value reason);

/*
 * vow__promise_settle_outcome - settle p (unresolved) from a handler's
 * outcome: return resolves, throw rejects, anything else rejects with a
 * TypeError.  The outcome's value is moved.
 */
void vow__promise_settle_outcome(vow_promise *p, vow_outcome o);

/*
 * vow__promise_settle_outcome_job - vow__promise_settle_outcome for a job
 * that is p's extra memory (vow__promise_alloc_extra, at least a vow_job),
 * holds a reference to p and makes this its last use of its memory.  If
 * the outcome makes p adopt a vow promise on an unordered executor, the
 * job becomes the adoption's node (no allocation, no reference count: it
 * keeps the job's reference) and this returns true; otherwise false, and
 * the caller still holds its reference.
 */
bool vow__promise_settle_outcome_job(vow_promise *p, vow_outcome o, vow_job *job);

/*
 * vow__promise_subscribe - attach an internal reaction (no derived promise):
 * one of on_fulfilled / on_rejected runs as a job on ex (on an unordered
 * executor, on the settling thread), then ctx_dtor.  Marks p handled, like
 * then().  Returns 0 or VOW_ENOMEM (ctx_dtor has run).
 */
int vow__promise_subscribe(vow_promise *p, vow_executor *ex, vow_handler_fn on_fulfilled,
			   vow_handler_fn on_rejected, void *ctx, vow_dtor_fn ctx_dtor);

/*
 * vow__promise_notify_quiet - vow_promise_on_settle without marking p
 * handled: for listeners that are not handlers (progress.c).
 */
int vow__promise_notify_quiet(vow_promise *p, void (*fn)(void *ctx), void *ctx,
			      vow_dtor_fn ctx_dtor);

/* True once r resolved or rejected its promise (resolve.c). */
bool vow__resolver_used(vow_resolver *r);

/* ---- progress (progress.c) --------------------------------------------------- */
/*
 * vow__progress_count - a combinator's report on its result p: count
 * inputs of total finished, as [count, total], if p has a listener (one
 * relaxed load otherwise).  Reports whose count is not above the last one
 * are dropped, so concurrent callers need no order among themselves.
 */
void vow__progress_count(vow_promise *p, size_t count, size_t total);

/* ---- async functions (async.c) --------------------------------------------- */
/*
 * vow__await_wait - vow_promise_wait inside an async function: await p
 * (pending, borrowed) until it settles or timeout_ms of its executor's
 * clock pass (< 0: no limit; virtual milliseconds on a virtual loop).  Returns 0, VOW_ETIMEDOUT, or the code of the error the await
 * ended with (VOW_ESHUTDOWN, VOW_EABANDONED, VOW_ENOMEM).
 */
int vow__await_wait(vow_promise *p, int64_t timeout_ms);

/* ---- abort signals (abort.c) ---------------------------------------------- */
/* A new signal with one reference, not aborted; NULL on ENOMEM. */
vow_abort_signal *vow__abort_signal_new(void);
/*
 * Abort s with reason (moved; undefined: vow_abort_error()) and run its
 * listeners on this thread.  0, or VOW_EALREADY (reason dropped): s
 * aborted before, or its last reference has gone (abort.c, ANY).
 */
int vow__abort_signal_abort(vow_abort_signal *s, vow_value reason);

/* ---- fan-in (fan_in.c) --------------------------------------------------- */
/*
 * One count down into an array of slots, in input order, for all,
 * allSettled, any and vow_spawn_map.  The count starts at n + 1 (the
 * spec's remainingElementsCount: one per input and one for the builder);
 * each input finishes once, by filling its slot or by failing, and the
 * call that brings the count to zero settles the result: all and
 * allSettled fulfil with the array, any rejects with an AggregateError of
 * it.  A failure settles the result at once (first wins: all's and
 * vow_spawn_map's rejection, any's fulfilment) and later ones are ignored.
 * Inputs may finish on different threads at once: each writes only its
 * own slot, before its count down, and the count downs are acq_rel RMWs on
 * one counter, so the last one sees every slot.
 *
 * A record is held by references: the builder's, and one per input that
 * still has to finish (or, for vow_spawn_map, per job that still uses it).
 */
enum vow__fan_in_kind { VOW__FAN_ALL, VOW__FAN_ALL_SETTLED, VOW__FAN_ANY };
struct vow__fan_in;

/*
 * A record for n inputs (n > 0) whose result is a new promise on ex
 * (*result: the caller's reference).  refs: the references the record
 * starts with (the builder's plus any it hands out before publishing it).
 * contexts: keep one adoption context per input inside the record (the
 * combinators, which adopt every input); without, vow__fan_in_adopt
 * allocates one when it is called (vow_spawn_map, whose items rarely
 * adopt).  On an unordered executor a promise input's node lives in its
 * slot either way (fan_in.c).  NULL on ENOMEM (vow_last_error set,
 * nothing left behind).
 */
struct vow__fan_in *vow__fan_in_new(vow_executor *ex, size_t n, enum vow__fan_in_kind kind,
				    size_t refs, bool contexts, vow_promise **result);
/* Input i succeeded with v (moved): fill its slot and count it down. */
void vow__fan_in_fulfil(struct vow__fan_in *f, size_t i, vow_value v);
/* Input i failed with v (moved): all rejects, any fills the slot, allSettled records. */
void vow__fan_in_reject(struct vow__fan_in *f, size_t i, vow_value v);
/*
 * The slots, for a producer that writes many values itself (vow_spawn_map):
 * write slot i, then finish it with vow__fan_in_count_down.
 */
vow_value *vow__fan_in_slots(struct vow__fan_in *f);
/* Settle the result with a failure now (all: reject; first wins). */
void vow__fan_in_fail(struct vow__fan_in *f, vow_value reason);
/* k inputs finished (their slots written or their failure reported). */
void vow__fan_in_count_down(struct vow__fan_in *f, size_t k);
/*
 * Make input i adopt item (borrowed): a promise, thenable or plain value,
 * as C.resolve(item).then(...) does.  The attached reaction takes over one
 * of f's references, which the caller counted (vow__fan_in_new's refs or
 * vow__fan_in_ref).  Returns false if it could not: memory ran out, or
 * item is a promise value holding NULL; the result was then rejected
 * (out-of-memory error, TypeError), that reference was dropped, and input
 * i will never finish (the caller counts it down, or abandons the rest).
 */
bool vow__fan_in_adopt(struct vow__fan_in *f, size_t i, vow_value item);
/* Take / drop a reference (relaxed / acq_rel). */
void vow__fan_in_ref(struct vow__fan_in *f, size_t k);
void vow__fan_in_release(struct vow__fan_in *f);

/* ---- job queues (job_queue.c) -------------------------------------------- */
#include "job_queue.h"

/* ---- fibers (fiber.h) ------------------------------------------------------- */
#include "fiber.h"

/*
 * Every fiber vow makes begins its extra memory (vow__fiber_extra) with its
 * role, so that code running on a fiber can tell what kind it is on: the
 * body of an async function or of a generator (async.c), or a pool
 * worker's loop (executors/pool).
 */
enum vow__fiber_role {
	VOW__FIBER_ASYNC = 1,
	VOW__FIBER_GENERATOR = 2,
	VOW__FIBER_WORKER = 3,
};

#endif /* VOW_CORE_H */
