/*
 * vow/inline.h - the inline executor: jobs run on a thread the user drives.
 *
 * The smallest complete executor, written against vow/executor.h alone (it
 * uses nothing of vow's internals), so it is also the worked example for
 * writing one's own.  It queues every job in one FIFO and runs them when a
 * thread calls vow_inline_run(): with no timers and no I/O of its own, it
 * suits tests, a program that wants to step its promise graph by hand, and
 * embedding vow in another scheduler.
 *
 *   - Ordered: jobs run in posting order, one at a time, so job counts and
 *     handler order are JavaScript's, as on the loop.
 *   - Rejections: tracked at destruction (VOW_TRACK_AT_DESTROY), as on the
 *     pool: a rejected promise destroyed without ever having had a handler
 *     is reported with the executor's policy.
 *   - Waits: vow_promise_wait() on the thread inside vow_inline_run() (a
 *     job that waits) runs the executor's other queued jobs until the
 *     promise settles, sleeping only when there are none; elsewhere it
 *     blocks, as on any thread.
 *   - No poll sources (vow_poll_source_add gives VOW_ENOTSUP).
 *
 * THREADS.  Jobs may be posted (promises settled) from any thread.  One
 * thread at a time runs them (vow_inline_run from two threads at once: the
 * second gets VOW_EBUSY).  vow_inline_free from any thread that is not
 * inside vow_inline_run; vow_inline_new and vow_inline_executor from any
 * thread.
 *
 * OWNERSHIP.  A vow_inline belongs to its creator until vow_inline_free;
 * the functions here borrow it, and the executor handle they give is
 * borrowed too.
 *
 * LIFETIME (vow/executor.h, LIFETIMES): promises of the executor may
 * outlive it; after vow_inline_free their jobs are discarded.
 */
#ifndef VOW_INLINE_H
#define VOW_INLINE_H

#include <stddef.h>

#include <vow/executor.h>

#ifdef __cplusplus
extern "C" {
#endif

#pragma GCC visibility push(default)

/* An inline executor (opaque). */
typedef struct vow_inline vow_inline;

/*
 * vow_inline_new - any thread.  Errors: NULL when out of memory (the
 * executor allocates with malloc, outside vow's allocator and its
 * vow_last_error).
 */
vow_inline *vow_inline_new(void);

/*
 * The executor to create promises on (borrowed).  ie NULL gives NULL, and
 * vow_last_error() is not set: as vow_inline_new, this executor is built
 * on the public API, which has no way to set it.
 */
vow_executor *vow_inline_executor(vow_inline *ie);

/*
 * vow_inline_run - run queued jobs in FIFO order until none is left (jobs
 * queued meanwhile included).  Returns how many ran (>= 0), or
 * VOW_EINVAL (ie NULL), VOW_EBUSY (another thread is running it).  Nested
 * calls from inside a job run the queue on the same thread.
 */
long vow_inline_run(vow_inline *ie);

/*
 * vow_inline_run_one - run the oldest queued job, if any.  Returns 1 if
 * one ran, 0 if the queue was empty.  Errors: as vow_inline_run.
 */
int vow_inline_run_one(vow_inline *ie);

/*
 * vow_inline_free - close the executor and discard every queued job (their
 * handler contexts' destructors run).  Not from inside vow_inline_run.
 * NULL is a no-op.
 */
void vow_inline_free(vow_inline *ie);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif /* VOW_INLINE_H */
