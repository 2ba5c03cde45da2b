/* job_queue.c - the cross-thread job queue over urcu's wfcqueue (job_queue.h). */
#include <stddef.h>

#include "core.h"
#include "debug_yield.h"
#include "tsan_hb.h"

_Static_assert(offsetof(vow_job, next) == 0 &&
		       sizeof(((vow_job *)0)->next) == sizeof(struct cds_wfcq_node),
	       "vow_job must begin with a node-compatible next pointer");

static struct cds_wfcq_node *job_node(vow_job *job)
{
	return (struct cds_wfcq_node *)(void *)job;
}

/*
 * The consumer's side of ORDER: an acquire fence after urcu handed the
 * node over (pairs with the full barrier before its enqueue; urcu itself
 * only orders the node's own link), and the same edge told to TSan.
 */
static vow_job *job_received(struct cds_wfcq_node *node)
{
	vow_fence_acquire_foreign();
	vow_hb_acquire(node); /* pairs with vow_hb_release in vow__job_queue_push_any */
	return (vow_job *)(void *)node;
}

void vow__job_queue_init(struct vow__job_queue *q)
{
	cds_wfcq_init(&q->head, &q->tail);
}

void vow__job_queue_fini(struct vow__job_queue *q)
{
	assert(cds_wfcq_empty(&q->head, &q->tail));
	cds_wfcq_destroy(&q->head, &q->tail);
}

void vow__job_queue_push_any(struct vow__job_queue *q, vow_job *job)
{
	cds_wfcq_node_init(job_node(job));
	vow_hb_release(job); /* the edge urcu's full barrier provides */
	vow__debug_yield();
	/* urcu: full memory barrier before the enqueue; wait-free. */
	(void)cds_wfcq_enqueue(&q->head, &q->tail, job_node(job));
}

vow_job *vow__job_queue_pop_any(struct vow__job_queue *q)
{
	struct cds_wfcq_node *node;

	if (cds_wfcq_empty(&q->head, &q->tail))
		return NULL; /* lock-free fast path */
	node = cds_wfcq_dequeue_blocking(&q->head, &q->tail);
	return node == NULL ? NULL : job_received(node);
}

size_t vow__job_queue_pop_many_any(struct vow__job_queue *q, vow_job **out, size_t max)
{
	struct cds_wfcq_node *node;
	size_t n = 0;

	if (cds_wfcq_empty(&q->head, &q->tail))
		return 0; /* lock-free fast path */
	/* One trip through the dequeue mutex for up to max jobs (job_queue.h, (1)). */
	cds_wfcq_dequeue_lock(&q->head, &q->tail);
	while (n < max && (node = __cds_wfcq_dequeue_blocking(&q->head, &q->tail)) != NULL)
		out[n++] = job_received(node);
	cds_wfcq_dequeue_unlock(&q->head, &q->tail);
	return n;
}

bool vow__job_queue_empty_any(struct vow__job_queue *q)
{
	return cds_wfcq_empty(&q->head, &q->tail);
}

void vow__job_batch_init(struct vow__job_batch *b)
{
	__cds_wfcq_init(&b->head, &b->tail);
}

bool vow__job_queue_take_all_owner(struct vow__job_queue *q, struct vow__job_batch *b)
{
	/* Single consumer (job_queue.h, (2)), so the lock-free "__" splice is safe. */
	(void)__cds_wfcq_splice_blocking(&b->head, &b->tail, &q->head, &q->tail);
	/* See job_received: the jobs' contents are read after this fence. */
	vow_fence_acquire_foreign();
	return !cds_wfcq_empty(&b->head, &b->tail);
}

vow_job *vow__job_batch_next_owner(struct vow__job_batch *b)
{
	struct cds_wfcq_node *node = __cds_wfcq_dequeue_blocking(&b->head, &b->tail);

	return node == NULL ? NULL : job_received(node);
}

bool vow__job_batch_empty_owner(struct vow__job_batch *b)
{
	return cds_wfcq_empty(&b->head, &b->tail);
}
