/*
 * inject.h - the pool's global injection queue: jobs posted from threads
 * outside the pool (and overflow when a deque cannot grow), in FIFO order.
 * A thin layer over liburcu's wait-free concurrent queue (urcu/wfcqueue.h).
 *
 * WHICH OPERATIONS MAY RUN CONCURRENTLY (X = may overlap):
 *
 *                       push_any  pop_any  nonempty_any
 *   inject_push_any        X         X          X
 *   inject_pop_any         X         X(1)       X
 *   inject_nonempty_any    X         X          X
 *
 *   (1) dequeuers exclude each other with the queue head's mutex (urcu's
 *       cds_wfcq_dequeue_blocking); enqueue is wait-free and never blocks.
 *       Lock rank: the head mutex is a leaf, held only inside liburcu.
 *
 * STATES: empty (head.next == NULL and tail == &head) / non-empty.  An
 * enqueue exchanges the tail, then links the old tail's next; a dequeuer
 * that finds the link not yet written waits for it (urcu's "blocking":
 * bounded by the enqueuer's next two instructions unless it is preempted).
 *
 * NODES.  A vow_job begins with `vow_job *next`, layout-identical to
 * struct cds_wfcq_node, so queueing never allocates and cannot fail.  The
 * job belongs to the queue from push until pop returns it.
 *
 * ORDER.  urcu issues a full barrier before the enqueue; pop follows the
 * dequeue with an acquire fence, so what the pusher wrote before the push
 * happens-before what the popper does with the job (annotated for TSan,
 * which cannot see inside liburcu: tsan_hb.h).
 */
#ifndef VOW_POOL_INJECT_H
#define VOW_POOL_INJECT_H

#include <stdbool.h>
#include <urcu/wfcqueue.h>

#include <vow/executor.h>

struct inject {
	struct cds_wfcq_head head;
	struct cds_wfcq_tail tail;
};

void inject_init(struct inject *q);
/* No other user left; the queue must be empty. */
void inject_fini(struct inject *q);
void inject_push_any(struct inject *q, vow_job *job);
/* The oldest job, or NULL. */
vow_job *inject_pop_any(struct inject *q);
/* Racy hint (lock-free): true if the queue looked non-empty. */
bool inject_nonempty_any(struct inject *q);

#endif /* VOW_POOL_INJECT_H */
