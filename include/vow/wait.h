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
 * vow_promise_wait - wait until p is settled or timeout_ms milliseconds
 * pass (timeout_ms < 0: no limit; 0: just check; every positive value is
 * a limit, INT64_MAX one that never comes).
 *
 * Returns 0 when p is settled: then vow_promise_state() and
 * vow_promise_result() give its outcome, and everything the settling thread
 * wrote before settling happens-before the return.  Errors: VOW_ETIMEDOUT
 * if p is still pending at the deadline; VOW_EINVAL if p is NULL;
 * VOW_ENOMEM if the wait's record cannot be allocated (nothing was
 * attached); VOW_ESHUTDOWN if the executor the wait runs on is shut down (a
 * pool with VOW_POOL_CANCEL) while p is pending; VOW_ENOTSUP for a deadline
 * inside an async function whose executor has no timers, or a wait inside
 * a generator's body running on a pool worker.  p is borrowed.
 *
 * HOW IT WAITS.  Any thread may wait; how depends on where it is called:
 *   - inside an async function (vow/async.h): it awaits p; the function's
 *     fiber is set aside and its thread goes on with other work, and the
 *     deadline is kept by the executor's timers;
 *   - on a pool worker (vow/pool.h): if p is the promise of a child task
 *     this worker spawned and no other worker took yet, the worker runs
 *     that child here (while its stack allows); otherwise the waiting task
 *     is set aside with the fiber it runs on and the worker continues on
 *     another fiber with other jobs; when p settles or the deadline passes
 *     the task continues on whichever worker runs its resumption, which
 *     workers take before any other queued work.  So waits on workers
 *     never deadlock without a real cycle, never run unrelated work on top
 *     of the waiting task's frames, and return within about one job's
 *     length of their deadline;
 *   - on a thread that entered another executor (vow_executor_enter), as
 *     that executor's ops->wait says (the inline executor runs its queue);
 *   - anywhere else it blocks the thread in the kernel.  On the thread that
 *     runs a vow_loop, a wait for a promise that only that loop can settle
 *     can never succeed: it times out (or, without a limit, blocks forever).
 *     It does not run the loop, because it may be called from inside one
 *     of the loop's callbacks, where running other macrotasks would break
 *     run-to-completion; from outside the loop, vow_loop_run_until
 *     (vow/loop.h) runs it until the promise settles.
 *
 * Waiting counts as handling p ([[PromiseIsHandled]]): a rejection that
 * was waited for (and seen: the wait returned 0) is not reported as
 * unhandled.  A wait may leave a small wake-up record attached to p after
 * it returned (a timeout); it holds only that record, never the caller's
 * stack, and goes when p settles or is destroyed.
 */
int vow_promise_wait(vow_promise *p, int64_t timeout_ms);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif /* VOW_WAIT_H */
