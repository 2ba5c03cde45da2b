/*
 * rejections.h - HostPromiseRejectionTracker bookkeeping for the loop,
 * mirroring Node 20's lib/internal/process/promises.js:
 *
 *   track REJECT  -> remember p (with a reference) at the end of the
 *                    pending list, not yet warned
 *                    (unhandledRejection(): maybeUnhandledPromises.set +
 *                    pendingUnhandledRejections.push)
 *   track HANDLE  -> tracked and warned: queue a "rejectionHandled" event
 *                    (keeps the reference until emitted); tracked and not
 *                    warned: forget it (release); untracked: nothing
 *                    (handledRejection())
 *   process       -> emit every queued rejectionHandled event in order
 *                    (including ones queued meanwhile), then for each
 *                    promise that was in the pending list when this step
 *                    began, in rejection order, if it is still unhandled
 *                    mark it warned and emit "unhandledRejection".  Returns
 *                    true if it emitted anything or the pending list is not
 *                    empty (processPromiseRejections()'s return value).
 *
 * A promise reported unhandled stays tracked, with a reference, until it is
 * handled or the store is destroyed.
 *
 * Complexity: handle is O(tracked) (a list walk); tracking is rare and the
 * set is small in practice.  reject and each emitted event are O(1).
 *
 * Threads: owner only (the loop forwards tracking from other threads
 * through its inbox).  Events are delivered with
 * vow_executor_report_rejection(); the callback may re-enter (reject or
 * attach more promises, queue microtasks): every record is unlinked before
 * its event is emitted.
 */
#ifndef VOW_LOOP_REJECTIONS_H
#define VOW_LOOP_REJECTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include <vow/executor.h>

struct vow__rejection;

struct vow__rejections {
	/* Rejection order; entries handled before their turn have p == NULL. */
	struct vow__rejection *pending_head, *pending_tail;
	size_t pending_len;
	/* Warned and still unhandled (order irrelevant). */
	struct vow__rejection *warned;
	/* rejectionHandled events to emit, FIFO. */
	struct vow__rejection *handled_head, *handled_tail;
};

void vow__rejections_init(struct vow__rejections *r);
/* Release every reference and free every record.  Cannot fail. */
void vow__rejections_fini(struct vow__rejections *r);

/*
 * Apply one tracker operation.  REJECT allocates a record: on ENOMEM the
 * promise is not tracked (no event will be emitted for it) and VOW_ENOMEM
 * is returned; everything else returns 0.
 */
int vow__rejections_track(struct vow__rejections *r, vow_promise *p, vow_rejection_op op);

/* processPromiseRejections(); events go to ex's policy. */
bool vow__rejections_process(struct vow__rejections *r, vow_executor *ex);

#endif /* VOW_LOOP_REJECTIONS_H */
