/*
 * ownership.h - ownership mistakes caught in assertion builds (the builds
 * without NDEBUG: Debug, or -DVOW_ASSERTIONS=ON).  In every other build
 * each hook below is an empty macro: nothing of this file is compiled.
 *
 * The rules are vow/value.h's OWNERSHIP RULE and vow/promise.h's
 * REFERENCES.  What breaking them does, and what catches it:
 *
 *   mistake                               caught by
 *   ------------------------------------  ------------------------------------
 *   a then/catch/then_on handler returns  the reaction job, when the handler
 *   or throws its borrowed argument       returns: the same object, and no
 *   without vow_value_dup()               vow_value_dup() of it while it ran
 *   dropping a value or releasing a       the drop or release that finds the
 *   promise after it was moved, or        object freed already (the poison
 *   without owning a reference            below)
 *   using a borrowed value or a promise   the accessors (vow_str_cstr,
 *   after its owner let go of it          vow_array_get, vow_promise_state,
 *                                         ...), which find the poison
 *   never releasing a reference (the      the count of live values and
 *   items of vow_promise_all, which only  promises, reported on stderr at exit
 *   borrows them)
 *
 * Every mistake but the leak aborts with a message that names it, the
 * function that found it and the fix (ownership.c).  Thunks (finally,
 * Promise.try, async bodies) get no borrowed argument: a value they
 * return must be their own, and one borrowed from elsewhere shows up
 * later as an over-release.
 *
 * POISON.  A heap value's header carries, in these builds, a magic word
 * that says "live, of this kind"; freeing the object overwrites it.  A
 * freed promise's refs holds PROMISE_REFS_POISON.  Freed blocks of at most
 * SMALL_MAX bytes then wait in a quarantine (the last QUARANTINE_SLOTS of
 * them, over all threads) before the thread cache or the allocator can
 * hand them out again, so that the poison is still there when the mistake
 * comes.  Not in AddressSanitizer builds, whose own quarantine and reports
 * must see every free at once, nor with VOW_ALLOC_CACHE=OFF, which memcheck
 * runs use for the same reason: there the checks read the freed memory and
 * the tool reports that read.
 *
 * LIMITS.  A handler that returns its argument after taking a reference
 * to it for something else (a dup stored in an array) passes the return
 * check; the over-release catches it later.  One that hands on a reference
 * it owned before it ran (moved out of its ctx) to the very object it was
 * given is reported although it is right: return vow_value_dup(arg) and
 * drop the other one.  A rejection reason that is a promise is not checked
 * at the handler's return, only at its over-release.  A block that left
 * the quarantine may hold a new object: a use through an old value then
 * reaches that object unnoticed.  The count at exit cannot tell a leak
 * from a value kept on purpose until the program ends (in a global): both
 * are listed.
 */
#ifndef VOW_OWNERSHIP_H
#define VOW_OWNERSHIP_H

#include "core.h"

#ifdef NDEBUG
#define VOW_OWNERSHIP 0
#else
#define VOW_OWNERSHIP 1
#endif

struct vow_obj;

#if VOW_OWNERSHIP

/* What a promise's refs holds once its block is freed. */
#define PROMISE_REFS_POISON 0xdead0000u

/* The fields struct vow_obj gains: the magic word, and a count of its dups. */
#define VOW__OWN_OBJ_FIELDS     \
	uint32_t own_magic;     \
	_Atomic uint32_t own_dups;

/* Heap values (value.c).  born: made; dying: its last reference went. */
void vow__own_obj_born(struct vow_obj *obj, vow_kind kind);
void vow__own_obj_dying(struct vow_obj *obj, vow_kind kind);
/* The block of a dead object: true if the quarantine took it (do not free it). */
bool vow__own_obj_free(struct vow_obj *obj);
/* Before a dup / a drop / a read by the accessor fn: v's object must be live. */
void vow__own_obj_dup(vow_value v);
void vow__own_obj_drop(vow_value v);
void vow__own_obj_use(vow_value v, const char *fn);

/* Promises (promise.c).  born: made; free: poison p, true if the quarantine took it. */
void vow__own_promise_born(vow_promise *p);
bool vow__own_promise_free(vow_promise *p);
/* Before fn uses p: it must not be freed.  released: refs was old before a release. */
void vow__own_promise_use(const vow_promise *p, const char *fn);
void vow__own_promise_released(vow_promise *p, uint32_t old);

/* Hand every quarantined block to the thread cache or the allocator (tests). */
void vow__own_quarantine_flush(void);

/*
 * The reaction job (resolve.c): VOW__OWN_LEND before a handler runs on its
 * borrowed arg; vow__own_handler_returned after, which aborts if the
 * handler handed arg on (returned or threw it) without a vow_value_dup().
 */
#define VOW__OWN_LEND(loan, arg) const uint32_t loan = vow__own_lend(arg)
uint32_t vow__own_lend(vow_value arg);
void vow__own_handler_returned(uint32_t loan, vow_handler_fn fn, vow_value arg,
			       vow_outcome o);

#else /* !VOW_OWNERSHIP */

#define VOW__OWN_OBJ_FIELDS
#define vow__own_obj_born(obj, kind) ((void)0)
#define vow__own_obj_dying(obj, kind) ((void)0)
#define vow__own_obj_free(obj) false
#define vow__own_obj_dup(v) ((void)0)
#define vow__own_obj_drop(v) ((void)0)
#define vow__own_obj_use(v, fn) ((void)0)
#define vow__own_promise_born(p) ((void)0)
#define vow__own_promise_free(p) false
#define vow__own_promise_use(p, fn) ((void)0)
#define vow__own_promise_released(p, old) ((void)0)
#define vow__own_quarantine_flush() ((void)0)
#define VOW__OWN_LEND(loan, arg) ((void)0)
#define vow__own_handler_returned(loan, fn, arg, o) ((void)0)

#endif /* VOW_OWNERSHIP */

#endif /* VOW_OWNERSHIP_H */
