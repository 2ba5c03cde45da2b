/*
 * vow/loop.h - the JS-mode event loop.
 *
 * One thread owns a loop: the thread that created it (the owner).  The
 * owner runs it; every function here is owner-only unless it says "any
 * thread".  The loop reproduces the HTML/Node job model:
 *
 *   - the code before vow_loop_run() is the first macrotask;
 *   - after each macrotask the microtask queue is drained completely, then
 *     unhandled-rejection events are emitted as Node 20 emits them (and the
 *     queue is drained again if they queued more work);
 *   - macrotasks are timers, in deadline order and FIFO among equal
 *     deadlines, then tasks posted from any thread, in posting order;
 *   - the loop returns when no job, timer or posted task remains.
 *
 * Timer and task callbacks get their ctx back; vow does not own it: keep it
 * alive until the callback has run or the timer was cleared.
 *
 * Rejection tracking needs memory: a record per rejected, unhandled
 * promise, and a message per tracker call made from another thread.  If
 * that runs out, the events for that promise may be wrong: none at all, or
 * (a handler attached from another thread went unrecorded) an
 * unhandledRejection for a promise that was handled.
 */
#ifndef VOW_LOOP_H
#define VOW_LOOP_H

#include <vow/executor.h>

#ifdef __cplusplus
extern "C" {
#endif

#pragma GCC visibility push(default)

typedef struct vow_loop vow_loop;
typedef void (*vow_task_fn)(void *ctx);
typedef uint64_t vow_timer_id; /* 0 is never a valid id */

enum vow_loop_flags {
	/*
	 * Run on a virtual clock: when only timers remain, time jumps to the
	 * next deadline instead of sleeping, so a program that waits seconds
	 * runs at once with the same trace.
	 */
	VOW_LOOP_VIRTUAL_CLOCK = 1u << 0,
};

/* Errors: VOW_EINVAL (unknown flag), VOW_ENOMEM. The caller becomes owner. */
vow_loop *vow_loop_new(unsigned flags);

/*
 * vow_loop_free - destroy the loop.  Owner only; not from inside
 * vow_loop_run().  Jobs still queued are discarded (their handler contexts'
 * destructors run), timers and posted tasks are dropped.  NULL is a no-op.
 */
void vow_loop_free(vow_loop *loop);

/* The loop as an executor, to create promises on (borrowed). */
vow_executor *vow_loop_executor(vow_loop *loop);

/*
 * vow_loop_run - run until idle.  Owner only; not re-entrant.
 * Returns 0 when idle; VOW_EINVAL (loop NULL), VOW_ETHREAD (not the owner),
 * VOW_EBUSY (already running).
 */
int vow_loop_run(vow_loop *loop);

/* Milliseconds since the loop was created, on its (real or virtual) clock. */
uint64_t vow_loop_now(const vow_loop *loop);

/*
 * vow_loop_set_timeout / set_interval - setTimeout / setInterval: fn runs
 * after ms milliseconds (0 means 1, as in Node).  Returns the timer id, or 0
 * on failure (vow_last_error(): VOW_EINVAL, VOW_ENOMEM, VOW_ETHREAD).
 */
vow_timer_id vow_loop_set_timeout(vow_loop *loop, vow_task_fn fn, void *ctx, uint64_t ms);
vow_timer_id vow_loop_set_interval(vow_loop *loop, vow_task_fn fn, void *ctx, uint64_t ms);

/*
 * vow_loop_clear_timer - clearTimeout / clearInterval.  Clearing an interval
 * from its own callback stops it.  Errors: VOW_EINVAL, VOW_ENOTFOUND (not an
 * active timer of this loop: fired, cleared or never set).
 */
int vow_loop_clear_timer(vow_loop *loop, vow_timer_id id);

/* queueMicrotask(fn).  Errors: VOW_EINVAL, VOW_ENOMEM, VOW_ETHREAD. */
int vow_loop_queue_microtask(vow_loop *loop, vow_task_fn fn, void *ctx);

/*
 * vow_loop_post - any thread: run fn as a macrotask on the loop, waking it
 * if it sleeps.  Everything the posting thread wrote before the call
 * happens-before fn runs.  A posted task keeps an idle loop from returning
 * only if it was posted before vow_loop_run() saw the loop idle; to keep a
 * loop alive while other threads work, hold a vow_loop_ref().
 * Errors: VOW_EINVAL, VOW_ENOMEM.
 */
int vow_loop_post(vow_loop *loop, vow_task_fn fn, void *ctx);

/*
 * vow_loop_ref / vow_loop_unref - any thread: while the count is above zero
 * vow_loop_run() sleeps instead of returning when idle (like a libuv handle
 * that is active).  unref wakes the loop.
 */
void vow_loop_ref(vow_loop *loop);
void vow_loop_unref(vow_loop *loop);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif /* VOW_LOOP_H */
