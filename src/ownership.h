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
 *   dropping a value or releasing a       the drop or release that finds the
 *   promise after it was moved, or        object freed already (the poison
 *   without owning a reference            below)
 *   using a borrowed value or a promise   the accessors (vow_str_cstr,
 *   after its owner let go of it          vow_array_get, vow_promise_state,
 *                                         ...), which find the poison
 *
 * Each mistake aborts with a message that names it, the function that
 * found it and the fix (ownership.c).
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
 * LIMITS.  A block that left the quarantine may hold a new object: a use
 * through an old value then reaches that object unnoticed.
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

/* The field struct vow_obj gains: the magic word. */
#define VOW__OWN_OBJ_FIELDS uint32_t own_magic;

/* Heap values (value.c).  born: made; dying: its last reference went. */
void vow__own_obj_born(struct vow_obj *obj, vow_kind kind);
void vow__own_obj_dying(struct vow_obj *obj, vow_kind kind);
/* The block of a dead object: true if the quarantine took it (do not free it). */
bool vow__own_obj_free(struct vow_obj *obj);
/* Before a dup / a drop / a read by the accessor fn: v's object must be live. */
void vow__own_obj_dup(vow_value v);
void vow__own_obj_drop(vow_value v);
void vow__own_obj_use(vow_value v, const char *fn);

/* Promises (promise.c).  free: poison p; true if the quarantine took its block. */
bool vow__own_promise_free(vow_promise *p);
/* Before fn uses p: it must not be freed.  released: refs was old before a release. */
void vow__own_promise_use(const vow_promise *p, const char *fn);
void vow__own_promise_released(vow_promise *p, uint32_t old);

/* Hand every quarantined block to the thread cache or the allocator (tests). */
void vow__own_quarantine_flush(void);

#else /* !VOW_OWNERSHIP */

#define VOW__OWN_OBJ_FIELDS
#define vow__own_obj_born(obj, kind) ((void)0)
#define vow__own_obj_dying(obj, kind) ((void)0)
#define vow__own_obj_free(obj) false
#define vow__own_obj_dup(v) ((void)0)
#define vow__own_obj_drop(v) ((void)0)
#define vow__own_obj_use(v, fn) ((void)0)
#define vow__own_promise_free(p) false
#define vow__own_promise_use(p, fn) ((void)0)
#define vow__own_promise_released(p, old) ((void)0)
#define vow__own_quarantine_flush() ((void)0)

#endif /* VOW_OWNERSHIP */

#endif /* VOW_OWNERSHIP_H */
