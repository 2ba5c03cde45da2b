/*
 * core.h - internal interfaces of the promise core, shared with executors.
 *
 * Naming tiers: vow_x() is public; vow__x() is internal but callable from
 * any thread unless its comment names an owner.
 */
#ifndef VOW_CORE_H
#define VOW_CORE_H

#include <assert.h>
#include <stdint.h>
#include <vow/vow.h>

#include "atomics.h"

/* ---- allocation (every allocation in vow goes through these) ---------- */
/* Any thread.  The allocator is the user's (vow_set_allocator) or libc's. */
void *vow__malloc(size_t size);
void *vow__calloc(size_t n, size_t size);
void vow__free(void *p); /* NULL is a no-op */

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
 * vow__promise_subscribe - attach an internal reaction (no derived promise):
 * one of on_fulfilled / on_rejected runs as a job on ex, then ctx_dtor.
 * Marks p handled, like then().  Returns 0 or VOW_ENOMEM (ctx_dtor has run).
 */
int vow__promise_subscribe(vow_promise *p, vow_executor *ex, vow_handler_fn on_fulfilled,
			   vow_handler_fn on_rejected, void *ctx, vow_dtor_fn ctx_dtor);

#endif /* VOW_CORE_H */
