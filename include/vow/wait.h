/*
 * vow/wait.h - blocking wait for a promise (beyond the JS model).
 */
#ifndef VOW_WAIT_H
#define VOW_WAIT_H

#include <vow/promise.h>

#ifdef __cplusplus
extern "C" {
#endif

#pragma GCC visibility push(default)

/*
 * vow_promise_wait - block the calling thread until p is settled or
 * timeout_ms milliseconds pass (timeout_ms < 0: no limit; 0: just check;
 * every positive value is a limit, INT64_MAX one that never comes).
 *
 * Returns 0 when p is settled: then vow_promise_state() and
 * vow_promise_result() give its outcome, and everything the settling thread
 * wrote before settling happens-before the return.  VOW_ETIMEDOUT if p is
 * still pending at the deadline; VOW_EINVAL if p is NULL; VOW_ENOMEM if the
 * wait record cannot be allocated (nothing was attached); VOW_ESHUTDOWN on
 * a pool worker whose pool is being shut down with VOW_POOL_CANCEL while p
 * is pending.  p is borrowed.
 *
 * THREADS.  Any thread.  On a pool worker (vow/pool.h) the wait HELPS: the
 * worker runs other jobs of its pool (its own deque, the injection queue,
 * steals) while p is pending and sleeps only when there are none, waking on
 * new work too; so nested waits on workers never deadlock the pool (they do
 * nest on the worker's stack).  On the thread that runs a vow_loop, a wait
 * for a promise that only that loop can settle can never succeed: it times
 * out (or, without a limit, blocks forever).
 *
 * Waiting counts as handling p ([[PromiseIsHandled]]): a rejection that
 * was waited for (and seen: the wait returned 0) is not reported as
 * unhandled.  A wait on a pending promise attaches an internal reaction
 * (on a pool worker, whose promises have no rejection tracker, only once
 * there is no job left to run, or when p ends rejected and unhandled); if
 * the wait times out, that reaction stays attached until p settles or is
 * destroyed (so p counts as handled from then on); it holds only a small
 * record, never the caller's stack.
 */
int vow_promise_wait(vow_promise *p, int64_t timeout_ms);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif /* VOW_WAIT_H */
