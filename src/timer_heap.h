/*
 * timer_heap.h - a timer store: a binary min-heap ordered by (deadline,
 * seq) plus an id -> timer index so that clear is O(log n).  The loop keeps
 * its timers in one (executors/loop/loop_timers.c, deadlines in ms) and
 * the pool's timer thread in another (executors/pool/timer.c, in ns); each
 * embeds struct vow__timer in its own timer record.
 *
 * seq is a per-store counter taken each time a timer is (re)armed, so
 * timers with equal deadlines come out in the order they were armed: FIFO
 * among equal deadlines, and a re-armed interval goes after timers already
 * set for the same deadline (as Node appends it to its list).
 *
 * A timer is "live" from vow__timers_add() until vow__timers_forget(); while
 * live it is in the index and usually in the heap (it is out of the heap
 * while its callback runs).  INVARIANT: heap capacity >= live timers, so
 * re-inserting a live timer (an interval re-arming) never allocates.
 *
 * Complexity: add, pop, remove O(log n); find O(1) expected (linear
 * probing, load factor <= 1/2, backward-shift deletion, no tombstones).
 *
 * Threads: none of its own; the caller provides the exclusion (the loop's
 * owner; the pool's timer lock).
 * Memory: arrays come from vow__malloc; timers are allocated and freed by
 * the caller (loop_timers.c), which also frees those left at
 * vow__timers_fini().
 */
#ifndef VOW_TIMER_HEAP_H
#define VOW_TIMER_HEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VOW__TIMER_NOT_IN_HEAP SIZE_MAX

/* The store's part of a timer (embedded in the user's record). */
struct vow__timer {
	uint64_t id;          /* never 0; unique in the process */
	uint64_t deadline;    /* the user's clock and unit */
	uint64_t seq;         /* arm order: the FIFO tie-break */
	size_t heap_pos;      /* index in heap, or VOW__TIMER_NOT_IN_HEAP */
};

struct vow__timers {
	struct vow__timer **heap;
	size_t len;
	size_t cap;
	struct vow__timer **slots;   /* open addressing; NULL = empty */
	size_t nslots;               /* power of two, or 0 before first use */
	size_t live;
	uint64_t next_seq;
};

void vow__timers_init(struct vow__timers *t);
/*
 * Free the arrays; every live timer is handed to drop(tm) (which frees
 * it), in no particular order.  Cannot fail.
 */
void vow__timers_fini(struct vow__timers *t, void (*drop)(struct vow__timer *tm));

/*
 * Make room for one more live timer.  Returns 0 or VOW_ENOMEM (nothing
 * changed).  Call before vow__timers_add().
 */
int vow__timers_reserve(struct vow__timers *t);
/*
 * Make tm live: give it a fresh id and seq, index it and push it on the
 * heap.  tm->deadline is the caller's.  Cannot fail after a successful
 * reserve.
 */
void vow__timers_add(struct vow__timers *t, struct vow__timer *tm);
/* Put a live timer that is out of the heap back in, with a fresh seq. */
void vow__timers_rearm(struct vow__timers *t, struct vow__timer *tm);

/* The earliest timer (smallest (deadline, seq)), or NULL.  O(1). */
struct vow__timer *vow__timers_peek(const struct vow__timers *t);
/* Remove the earliest timer from the heap (it stays live).  O(log n). */
struct vow__timer *vow__timers_pop(struct vow__timers *t);
/* A live timer by id, or NULL.  O(1) expected. */
struct vow__timer *vow__timers_find(const struct vow__timers *t, uint64_t id);
/*
 * End tm's life in the store: take it out of the heap (if in) and the
 * index.  The caller frees tm.
 */
void vow__timers_forget(struct vow__timers *t, struct vow__timer *tm);
static inline bool vow__timers_empty(const struct vow__timers *t)
{
	return t->len == 0;
}

#endif /* VOW_TIMER_HEAP_H */
