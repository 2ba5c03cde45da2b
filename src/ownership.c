/*
 * ownership.c - the checks of ownership.h: poison, quarantine, the
 * handler's return, the count of live objects, and the messages.
 * Assertion builds only; elsewhere this file compiles to nothing.
 */
#include "ownership.h"

#if VOW_OWNERSHIP

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asan.h"
#include "objects.h"
#include "promise_impl.h"

/* ---- messages ------------------------------------------------------------- */

__attribute__((noreturn, format(printf, 1, 2))) static void die(const char *fmt, ...)
{
	va_list ap;

	/* What the program printed so far comes out before the message. */
	fflush(stdout);
	fputs("vow: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

static const char *kind_name(vow_kind kind)
{
	switch (kind) {
	case VOW_STRING:
		return "string";
	case VOW_BOX:
		return "box";
	case VOW_ERROR:
		return "error";
	case VOW_ARRAY:
		return "array";
	case VOW_SETTLED:
		return "allSettled record";
	case VOW_THENABLE:
		return "thenable";
	default:
		return "value";
	}
}

/* ---- heap values ------------------------------------------------------------ */

/* "live, of this kind"; anything else is a freed object. */
#define OBJ_MAGIC_LIVE(kind) (0x766f7700u | (uint32_t)(kind))
#define OBJ_MAGIC_DEAD 0xdeadbeefu

/*
 * How many objects of each kind, and promises, are live.  Every access is
 * relaxed: they only count, nothing is published through them.
 */
static _Atomic int64_t live_objs[VOW_THENABLE + 1];
static _Atomic int64_t live_promises;

/* The kinds with a struct vow_obj behind them. */
static bool has_obj(vow_value v)
{
	return v.kind >= VOW_STRING && v.kind <= VOW_THENABLE && v.kind != VOW_PROMISE;
}

/* Relaxed: OBJ_IMMORTAL is set at compile time and never changes. */
static bool obj_is_live(const struct vow_obj *obj, vow_kind kind)
{
	return obj->own_magic == OBJ_MAGIC_LIVE(kind) ||
	       vow_load(&((struct vow_obj *)obj)->refs, RELAXED) == OBJ_IMMORTAL;
}

void vow__own_obj_born(struct vow_obj *obj, vow_kind kind)
{
	obj->own_magic = OBJ_MAGIC_LIVE(kind);
	atomic_init(&obj->own_dups, 0);
	vow_fetch_add(&live_objs[kind], 1, RELAXED);
}

void vow__own_obj_dying(struct vow_obj *obj, vow_kind kind)
{
	obj->own_magic = OBJ_MAGIC_DEAD;
	vow_fetch_sub(&live_objs[kind], 1, RELAXED);
}

static void freed_value_used(vow_value v, const char *fn)
{
	die("%s: %s %p was already freed: a borrowed value was used after its owner let "
	    "go of it; vow_promise_result() lasts while you hold the promise, "
	    "vow_array_get() while the array lives, a handler's argument until the "
	    "handler returns: vow_value_dup() what you keep, and drop it when done",
	    fn, kind_name(v.kind), (void *)v.as.obj);
}

void vow__own_obj_dup(vow_value v)
{
	if (!obj_is_live(v.as.obj, v.kind))
		freed_value_used(v, "vow_value_dup");
	/* Relaxed: only vow__own_handler_returned compares it, on the same object. */
	vow_fetch_add(&v.as.obj->own_dups, 1, RELAXED);
}

void vow__own_obj_drop(vow_value v)
{
	if (obj_is_live(v.as.obj, v.kind))
		return;
	die("vow_value_drop: %s %p is dropped once more than it was referenced (it was "
	    "already freed): drop only a reference you own; a value passed to a vow "
	    "function (vow_array_set, vow_resolver_resolve, vow_return, ...) was moved "
	    "there, and a borrowed one (a handler's argument, vow_promise_result(), "
	    "vow_array_get()) is not yours until you vow_value_dup() it",
	    kind_name(v.kind), (void *)v.as.obj);
}

void vow__own_obj_use(vow_value v, const char *fn)
{
	if (has_obj(v) && !obj_is_live(v.as.obj, v.kind))
		freed_value_used(v, fn);
}

/* ---- promises --------------------------------------------------------------- */

void vow__own_promise_born(vow_promise *p)
{
	(void)p;
	vow_fetch_add(&live_promises, 1, RELAXED);
}

void vow__own_promise_use(const vow_promise *p, const char *fn)
{
	/* Relaxed: a holder's own reference keeps refs from changing to poison. */
	if (p == NULL || vow_load(&((vow_promise *)p)->refs, RELAXED) < PROMISE_REFS_POISON)
		return;
	die("%s: promise %p was already freed: it was used after its last reference "
	    "was released; hold a reference (vow_promise_dup()) while you use it",
	    fn, (const void *)p);
}

void vow__own_promise_released(vow_promise *p, uint32_t old)
{
	if (old != 0 && old < PROMISE_REFS_POISON)
		return;
	die("vow_promise_release: promise %p is released once more than it was "
	    "referenced (it was already freed): release only a reference you own; "
	    "vow_value_promise(p) moves your reference into the value, and "
	    "vow_resolver_promise() or a promise read out of a value is borrowed until "
	    "you vow_promise_dup() it", (void *)p);
}

/* ---- the quarantine ------------------------------------------------------------ */

#if defined(VOW_ASAN) || defined(VOW_NO_ALLOC_CACHE)
#define QUARANTINE 0
#else
#define QUARANTINE 1
#endif

/*
 * A ring of blocks, each tagged in bit 0 (blocks are 8-aligned) with what
 * it was, which says where its size is.  Slots are handed out round robin;
 * the block a slot held is freed by whoever puts the next one there.
 */
enum { QUARANTINE_SLOTS = 4096 };
#define BLOCK_IS_PROMISE ((uintptr_t)1)

static _Atomic uintptr_t ring[QUARANTINE_SLOTS];
static _Atomic size_t ring_next;

static void block_free(uintptr_t entry)
{
	void *block = (void *)(entry & ~BLOCK_IS_PROMISE);
	/* Relaxed: the exchange that took the block out of its slot synchronised. */
	size_t size = (entry & BLOCK_IS_PROMISE)
			      ? vow_load(&((vow_promise *)block)->block, RELAXED) & PROMISE_BLOCK_SIZE
			      : ((struct vow_obj *)block)->size;

	vow__free_small(block, size);
}

static bool quarantine(void *block, size_t size, uintptr_t tag)
{
	size_t slot;
	uintptr_t old;

	/*
	 * Not while the allocation hooks count or fail (alloc.c): they must
	 * see every free at once, as the thread cache lets them.
	 */
	if (!QUARANTINE || size > SMALL_MAX ||
	    vow_load(&vow__alloc_mode, RELAXED) != VOW__ALLOC_MODE_PLAIN)
		return false;
	/* Relaxed: only spreads the blocks over the slots. */
	slot = vow_fetch_add(&ring_next, 1, RELAXED) % QUARANTINE_SLOTS;
	/*
	 * acq_rel: the release half publishes the poisoned block to whoever
	 * takes it out of the slot; the acquire half pairs with the exchange
	 * that put the old one in, so its size and poison are read whole.
	 */
	old = vow_exchange(&ring[slot], (uintptr_t)block | tag, ACQ_REL);
	if (old != 0)
		block_free(old);
	return true;
}

bool vow__own_obj_free(struct vow_obj *obj)
{
	return quarantine(obj, obj->size, 0);
}

bool vow__own_promise_free(vow_promise *p)
{
	/*
	 * Relaxed: the acq_rel decrement that brought refs to 0 synchronised
	 * with every holder; the quarantine's exchange publishes the poison.
	 */
	vow_store(&p->refs, PROMISE_REFS_POISON, RELAXED);
	vow_fetch_sub(&live_promises, 1, RELAXED);
	return quarantine(p, vow_load(&p->block, RELAXED) & PROMISE_BLOCK_SIZE, BLOCK_IS_PROMISE);
}

void vow__own_quarantine_flush(void)
{
	for (size_t i = 0; i < QUARANTINE_SLOTS; i++) {
		/* Acquire pairs with the exchange in quarantine() that put it there. */
		uintptr_t entry = vow_exchange(&ring[i], 0, ACQUIRE);

		if (entry != 0)
			block_free(entry);
	}
}

/* ---- a handler's borrowed argument ------------------------------------------- */

/* Values a handler may be lent and the check can follow (not promises, not immortals). */
static bool lend_checked(vow_value v)
{
	return has_obj(v) && vow_load(&v.as.obj->refs, RELAXED) != OBJ_IMMORTAL;
}

uint32_t vow__own_lend(vow_value arg)
{
	/*
	 * Relaxed: compared only with a later load of the same counter by
	 * this job (its handler's dups come before, in its own thread or
	 * through the hand-off that moved it to another).
	 */
	return lend_checked(arg) ? vow_load(&arg.as.obj->own_dups, RELAXED) : 0;
}

void vow__own_handler_returned(uint32_t loan, vow_handler_fn fn, vow_value arg, vow_outcome o)
{
	char shown[64];
	bool threw = o.kind == VOW_OUTCOME_THROW;

	if (!lend_checked(arg) || (o.kind != VOW_OUTCOME_RETURN && !threw) ||
	    o.value.kind != arg.kind || o.value.as.obj != arg.as.obj)
		return;
	/* Relaxed: as in vow__own_lend. */
	if (vow_load(&arg.as.obj->own_dups, RELAXED) != loan)
		return;
	if (vow_value_inspect(arg, shown, sizeof shown) >= sizeof shown)
		memcpy(shown + sizeof shown - 4, "...", 4);
	die("a handler %s its borrowed argument without vow_value_dup() "
	    "(vow_promise_then/catch/then_on handler %p, value %s): the argument is only "
	    "lent to the handler and is dropped when it returns; hand it on with "
	    "return %s(vow_value_dup(arg))",
	    threw ? "threw" : "returned", (void *)fn, shown,
	    threw ? "vow_throw" : "vow_return");
}

/* ---- at exit: what was never released ------------------------------------------- */

/*
 * A destructor runs after main returned or exit() was called, once the
 * atexit handlers have run: whatever is still live then was never
 * released.  Reported, not aborted on: the program's work is done, and
 * its exit status stays its own.
 */
__attribute__((destructor)) static void report_leaks(void)
{
	char what[512];
	int len = 0;
	int64_t promises = vow_load(&live_promises, RELAXED), values = 0;

	for (int k = VOW_STRING; k <= VOW_THENABLE; k++)
		values += vow_load(&live_objs[k], RELAXED);
	if (promises == 0 && values == 0)
		return;
	if (promises != 0)
		len += snprintf(what + len, sizeof what - (size_t)len, "%lld promise%s%s",
				(long long)promises, promises == 1 ? "" : "s",
				values != 0 ? " and " : "");
	if (values != 0) {
		const char *sep = " (";

		len += snprintf(what + len, sizeof what - (size_t)len, "%lld value%s",
				(long long)values, values == 1 ? "" : "s");
		for (int k = VOW_STRING; k <= VOW_THENABLE; k++) {
			int64_t n = vow_load(&live_objs[k], RELAXED);

			if (n == 0)
				continue;
			len += snprintf(what + len, sizeof what - (size_t)len, "%s%lld %s%s", sep,
					(long long)n, kind_name((vow_kind)k), n == 1 ? "" : "s");
			sep = ", ";
		}
		snprintf(what + len, sizeof what - (size_t)len, ")");
	}
	fflush(stdout);
	fprintf(stderr,
		"vow: at exit, %s %s never released: each reference you own needs one "
		"vow_promise_release() or vow_value_drop(); vow_promise_all, all_settled, "
		"race and any only borrow their items, so drop the items after the call\n",
		what, promises + values == 1 ? "was" : "were");
}

#endif /* VOW_OWNERSHIP */
