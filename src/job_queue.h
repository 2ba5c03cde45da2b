/*
 * job_queue.h - the one cross-thread job queue: the loop's inbox and the
 * pool's injection queue.  A thin layer over liburcu's wait-free
 * concurrent queue (urcu/wfcqueue.h): any number of threads push; jobs
 * come out in push order, either one at a time under the queue's dequeue
 * mutex (several consumers: pool workers) or all at once into a batch that
 * one consumer owns (the loop's owner).
 *
 * WHICH OPERATIONS MAY RUN CONCURRENTLY (X = may overlap):
 *
 *                         push_any  pop_any  take_all_owner  empty_any
 *   vow__job_queue_push_any   X        X           X             X
 *   vow__job_queue_pop_any    X        X(1)        -(2)          X
 *   take_all_owner            X        -(2)        -             X
 *   vow__job_queue_empty_any  X        X           X             X
 *
 *   (pop_many_any is pop_any, several times under one lock: same row.)
 *
 *   (1) dequeuers exclude each other with the queue's mutex (urcu's
 *       cds_wfcq_dequeue_blocking); enqueue is wait-free and never blocks.
 *       Lock rank: the mutex is a leaf, held only inside liburcu.
 *   (2) a queue has one kind of consumer: pop_any (the pool) or
 *       take_all_owner (the loop), never both.
 *
 * STATES: empty (head.next == NULL and tail == &head) / non-empty.  An
 * enqueue exchanges the tail, then links the old tail's next; a dequeuer
 * that finds the link not yet written waits for it (urcu's "blocking":
 * bounded by the enqueuer's next two instructions unless it is preempted).
 *
 * NODES.  A vow_job begins with `vow_job *next`, layout-identical to
 * struct cds_wfcq_node, so queueing never allocates and cannot fail.  The
 * job belongs to the queue from push until it comes out.  The node is only
 * touched inside liburcu's out-of-line functions (no _LGPL_SOURCE inlines),
 * so no code here reads one word through two types.
 *
 * ORDER.  urcu issues a full barrier before the enqueue; the consumer
 * follows the dequeue with an acquire fence, so what the pusher wrote
 * before the push happens-before what the consumer does with the job
 * (annotated for TSan, which cannot see inside liburcu: tsan_hb.h).
 */
#ifndef VOW_JOB_QUEUE_H
#define VOW_JOB_QUEUE_H

#include <stdbool.h>
#include <urcu/wfcqueue.h>

#include <vow/executor.h>

struct vow__job_queue {
	struct cds_wfcq_head head;
	struct cds_wfcq_tail tail;
};

/* A consumer's batch (take_all_owner): owned by one thread. */
struct vow__job_batch {
	struct __cds_wfcq_head head;
	struct cds_wfcq_tail tail;
};

void vow__job_queue_init(struct vow__job_queue *q);
/* No other user left; the queue must be empty. */
void vow__job_queue_fini(struct vow__job_queue *q);
/* Any thread: append job (full barrier before).  Cannot fail. */
void vow__job_queue_push_any(struct vow__job_queue *q, vow_job *job);
/* The oldest job, or NULL (lock-free when empty). */
vow_job *vow__job_queue_pop_any(struct vow__job_queue *q);
/*
 * Up to max of the oldest jobs into out[], in push order, under one
 * acquisition of the dequeue mutex; returns how many (0: it looked empty).
 */
size_t vow__job_queue_pop_many_any(struct vow__job_queue *q, vow_job **out, size_t max);
/* Racy hint (lock-free): true if the queue looked empty. */
bool vow__job_queue_empty_any(struct vow__job_queue *q);

void vow__job_batch_init(struct vow__job_batch *b);
/*
 * The single consumer: move every job pushed so far to the end of b, in
 * push order.  Returns true if b is non-empty afterwards.
 */
bool vow__job_queue_take_all_owner(struct vow__job_queue *q, struct vow__job_batch *b);
/* The single consumer: the next job of b, or NULL. */
vow_job *vow__job_batch_next_owner(struct vow__job_batch *b);
bool vow__job_batch_empty_owner(struct vow__job_batch *b);

#endif /* VOW_JOB_QUEUE_H */
