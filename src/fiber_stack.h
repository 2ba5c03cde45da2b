/*
 * fiber_stack.h - the stacks fibers run on (fiber-internal: fiber.c and
 * fiber_stack.c).  fiber.h explains the design: slabs of guarded slots, a
 * pool per thread, and when memory goes back to the system.
 *
 * A stack is [lo, lo + size), with its guard just below lo.  Its record,
 * struct vow__fiber_stack, occupies the top bytes of the stack itself and
 * stays valid from the stack's carving to its release (while it is in use
 * and while it is pooled); fiber.c puts the fiber's control block and
 * extra memory right below it.
 */
#ifndef VOW_FIBER_STACK_H
#define VOW_FIBER_STACK_H

#include <stddef.h>

#include "fiber.h"
#include "tsan_hb.h"

struct vow__fiber_slab;

/*
 * 16-aligned, so its size is a multiple of 16 and it sits 16-aligned at
 * the (page-aligned) top of its stack: stack top - sizeof(struct).
 */
struct vow__fiber_stack {
	_Alignas(16) struct vow__fiber_stack *next; /* in a thread's pool */
	struct vow__fiber_slab *slab;  /* the mapping it was carved from */
	char *guard;                   /* lowest byte of its guard; the guard ends at lo */
	char *lo;                      /* lowest usable byte */
	size_t size;                   /* usable bytes, record included */
	unsigned vg_id;                /* valgrind's id for the registered stack */
#ifdef VOW_TSAN
	/*
	 * TSan's context for whichever fiber runs on this stack.  Creating one
	 * costs TSan ~800 KB of zeroing, so it lives as long as the stack does
	 * and the pool reuses both together.
	 */
	void *tsan_fiber;
#endif
};

/*
 * vow__fiber_stack_take - a stack of size bytes (a multiple of the page
 * size) from the calling thread's pool, or carved fresh (maybe mapping a
 * slab), with its record filled in.  Its memory keeps whatever the last
 * fiber left there.  Any thread.  NULL if no memory could be mapped or the
 * guard could not be installed; nothing is left behind.
 */
struct vow__fiber_stack *vow__fiber_stack_take(size_t size);

/*
 * vow__fiber_stack_give - hand back a stack no fiber uses any more: it
 * joins the calling thread's pool, or is released if the pool is full.
 * Any thread (not necessarily the one that took it).
 */
void vow__fiber_stack_give(struct vow__fiber_stack *s);

#endif /* VOW_FIBER_STACK_H */
