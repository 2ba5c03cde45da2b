/*
 * deque.h - the Chase-Lev work-stealing deque of one pool worker, in the
 * C11 formulation of Le, Pop, Cohen and Zappa Nardelli, "Correct and
 * Efficient Work-Stealing for Weak Memory Models" (PPoPP 2013), with a
 * growable circular buffer whose old copies are reclaimed through ck_epoch.
 *
 * The owner pushes and takes at the bottom (LIFO); thieves steal at the top
 * (FIFO).  top only grows (CAS); bottom is written by the owner only.
 *
 * STATES (t = top, b = bottom, both int64_t, never wrap in practice):
 *
 *   t == b        empty
 *   t <  b        b - t jobs in slots [t, b), slot i at buffer[i & mask]
 *   t == b + 1    transient, inside take on an empty deque: bottom was
 *                 lowered to b - 1 before top was read; take restores it
 *
 *   who moves it   how                                  what losers see
 *   owner push     slot[b] = job, bottom = b + 1        -
 *   owner take     bottom = b - 1, read top:            -
 *                    t < b-1 : owns slot b-1, no CAS
 *                    t == b-1: CAS top t -> t+1 (last   a thief whose CAS on the
 *                              job) then bottom = b     same t fails: ABORT
 *                    t > b-1 : empty, bottom = b
 *   thief steal    read top, then bottom; if t < b,     another thief or the owner
 *                  read slot t, CAS top t -> t+1        won t: ABORT (retry)
 *
 * WHICH OPERATIONS MAY RUN CONCURRENTLY (X = may overlap):
 *
 *                         push_owner  take_owner  steal_any  (grow is inside push)
 *   vow__deque_push_owner          -           -           X
 *   vow__deque_take_owner          -           -           X
 *   vow__deque_steal_any           X           X           X
 *
 * "owner" is the worker thread the deque belongs to (or, after it has been
 * joined, the thread that joined it).  vow__deque_steal_any may be called by any
 * worker thread of the same pool (each has a registered ck_epoch record,
 * which steal needs); it is called "any" in ck's sense: any number of
 * thieves at once.
 *
 * MEMORY ORDER (see deque.c for each access and what it pairs with): the
 * paper's two seq_cst fences are replaced by seq_cst RMW/loads on the same
 * variables, because ThreadSanitizer does not model atomic_thread_fence;
 * every owner store to bottom is a release store so that a thief that reads
 * any bottom value sees the jobs pushed before it (the paper gets this from
 * the release fence in push covering later relaxed stores).
 *
 * RECLAMATION.  Growing copies the live slots into a buffer twice the size
 * and publishes it; a thief may still be reading the old buffer, so the old
 * one is handed to ck_epoch_call() and freed by a later vow__deque_reclaim_owner()
 * once every thief that could hold it has left its epoch section.
 */
#ifndef VOW_POOL_DEQUE_H
#define VOW_POOL_DEQUE_H

#include <stdbool.h>
#include <stdint.h>
#include <ck_epoch.h>

#include <vow/executor.h>

struct vow__deque_buf;

struct vow__deque {
	_Atomic int64_t top;                     /* thieves CAS it */
	char pad0[64 - sizeof(_Atomic int64_t)];
	_Atomic int64_t bottom;                  /* owner writes it */
	_Atomic(struct vow__deque_buf *) buf;         /* owner replaces it on growth */
	ck_epoch_record_t *epoch;                /* owner's record, for growth */
	int64_t top_seen;                        /* owner-only: a top it loaded, <= top */
	/* Keep whatever follows (the owner's hot fields) off bottom's line,
	 * which thieves read on every steal attempt. */
	char pad1[64];
};

/* Result of a steal: a job, EMPTY (nothing to steal) or ABORT (lost a race). */
#define VOW__DEQUE_EMPTY ((vow_job *)0)
#define VOW__DEQUE_ABORT ((vow_job *)1)

/*
 * Owner (before sharing): initial capacity 2^log2_cap.  epoch is the
 * owner's registered record.  Returns 0 or VOW_ENOMEM.
 */
int vow__deque_init(struct vow__deque *q, unsigned log2_cap, ck_epoch_record_t *epoch);
/* Owner, no thief left: free the current buffer (jobs must be taken first). */
void vow__deque_fini(struct vow__deque *q);

/* Owner: push job at the bottom.  Grows on demand; returns false only if
 * growing failed for lack of memory (the job is not queued). */
bool vow__deque_push_owner(struct vow__deque *q, vow_job *job);
/* Owner: the newest job, or NULL. */
vow_job *vow__deque_take_owner(struct vow__deque *q);
/*
 * Any worker thread of the pool, inside ck_epoch_begin/end on its own
 * record: the oldest job, VOW__DEQUE_EMPTY or VOW__DEQUE_ABORT.
 */
vow_job *vow__deque_steal_any(struct vow__deque *q);
/* Any thread, racy hint: true if the deque looked non-empty. */
bool vow__deque_nonempty_any(struct vow__deque *q);
/* Owner: run ck_epoch callbacks that are due (frees retired buffers). */
void vow__deque_reclaim_owner(struct vow__deque *q);

#endif /* VOW_POOL_DEQUE_H */
