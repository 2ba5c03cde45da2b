/* inject.c - the injection queue over urcu's wfcqueue (see inject.h). */
#include <stddef.h>

#include "atomics.h"
#include "core.h"
#include "debug_yield.h"
#include "inject.h"
#include "tsan_hb.h"

_Static_assert(offsetof(vow_job, next) == 0 &&
		       sizeof(((vow_job *)0)->next) == sizeof(struct cds_wfcq_node),
	       "vow_job must begin with a node-compatible next pointer");

/*
 * The node is only touched inside liburcu's out-of-line functions (no
 * _LGPL_SOURCE inlines), so no code here reads one word through two types.
 */
static struct cds_wfcq_node *job_node(vow_job *job)
{
	return (struct cds_wfcq_node *)(void *)job;
}

void inject_init(struct inject *q)
{
	cds_wfcq_init(&q->head, &q->tail);
}

void inject_fini(struct inject *q)
{
	assert(cds_wfcq_empty(&q->head, &q->tail));
	cds_wfcq_destroy(&q->head, &q->tail);
}

void inject_push_any(struct inject *q, vow_job *job)
{
	cds_wfcq_node_init(job_node(job));
	/* TSan: the edge urcu's full barrier provides (pairs with pop's acquire). */
	vow_hb_release(job);
	vow__debug_yield();
	/* urcu: full memory barrier before the enqueue; wait-free. */
	(void)cds_wfcq_enqueue(&q->head, &q->tail, job_node(job));
}

vow_job *inject_pop_any(struct inject *q)
{
	struct cds_wfcq_node *node;

	if (cds_wfcq_empty(&q->head, &q->tail))
		return NULL; /* lock-free fast path */
	node = cds_wfcq_dequeue_blocking(&q->head, &q->tail);
	if (node == NULL)
		return NULL;
	/*
	 * Acquire fence: the job's contents were written before the pusher's
	 * full barrier; pairs with that barrier (urcu itself only orders the
	 * node's own link).  vow_hb_acquire tells TSan the same.
	 */
	vow_fence_acquire_foreign();
	vow_hb_acquire(node);
	return (vow_job *)(void *)node;
}

bool inject_nonempty_any(struct inject *q)
{
	return !cds_wfcq_empty(&q->head, &q->tail);
}
