/*
 * vow/loop.h - the JS-mode event loop.
 *
 * THREADS.  One thread owns a loop: the thread that created it (the
 * owner).  The owner runs it; every function here is owner-only unless it
 * says "any thread".
 *
 * OWNERSHIP.  A loop belongs to its owner until vow_loop_free; the
 * functions here borrow it, and the executor handle and fd watches they
 * return are borrowed (a watch is valid until it is unwatched or the loop
 * is freed).  A callback's ctx belongs to vow once it is given with its
 * ctx_dtor (CALLBACK CONTEXTS, below).
 *
 * The loop reproduces the HTML/Node job model:
 *
 *   - the code before vow_loop_run() is the first macrotask;
 *   - after each macrotask the microtask queue is drained completely, then
 *     unhandled-rejection events are emitted as Node 20 emits them (and the
 *     queue is drained again if they queued more work);
 *   - macrotasks are timers, in deadline order and FIFO among equal
 *     deadlines, then tasks posted from any thread, in posting order, then
 *     callbacks of watched file descriptors that are ready;
 *   - the loop returns when no job, timer, posted task, watched file
 *     descriptor, active poll source or reference (vow_loop_ref) remains;
 *   - vow_loop_run runs it until then; vow_loop_run_once and
 *     vow_loop_run_until drive it in smaller steps, and
 *     vow_loop_backend_fd puts it inside another event loop.
 *
 * CALLBACK CONTEXTS.  Timer, task, microtask and fd-watch callbacks take
 * (ctx, ctx_dtor), like handlers: ctx_dtor (if not NULL) runs exactly once,
 * on the owner thread - after the callback ran (for an interval or a watch:
 * once it is cleared), when it is cleared before running, when the loop is
 * freed with it pending, or at once if the call fails.  So ctx may own
 * what the callback needs (a resolver, a buffer) without leaking it.
 *
 * LIFETIME (vow/executor.h, LIFETIMES).  Promises made on the loop may
 * outlive it: vow_loop_free closes its executor; afterwards their jobs are
 * discarded and no rejection is tracked.
 *
 * Rejection tracking needs memory: a record per rejected, unhandled
 * promise, and a message per tracker call made from another thread.  If
 * that runs out, the events for that promise may be wrong: none at all, or
 * (a handler attached from another thread went unrecorded) an
 * unhandledRejection for a promise that was handled.
 *
 * Poll sources (vow/executor.h) are polled once per loop iteration; while
 * one stays active and the loop has nothing else to do, the loop sleeps
 * between polls for 16 us, doubling up to 1 ms, back to no sleep after a
 * poll that made progress: at most a few thousand polls a second.
 */
#ifndef VOW_LOOP_H
#define VOW_LOOP_H

#include <vow/executor.h>

#ifdef __cplusplus
extern "C" {
#endif

#pragma GCC visibility push(default)

/* A loop (opaque). */
typedef struct vow_loop vow_loop;
/* A timer, task or microtask callback: gets its ctx. */
typedef void (*vow_task_fn)(void *ctx);
/* 0 is never a valid id; ids are unique in the process, not just per loop. */
typedef uint64_t vow_timer_id;

/* Flags of vow_loop_new. */
enum vow_loop_flags {
	/*
	 * Run on a virtual clock: when only timers remain, time jumps to the
	 * next deadline instead of sleeping, so a program that waits seconds
	 * runs at once with the same trace.  Watched fds and poll sources are
	 * checked without sleeping before time jumps.
	 */
	VOW_LOOP_VIRTUAL_CLOCK = 1u << 0,
};

/*
 * vow_loop_new - a loop.  Any thread: the calling thread becomes its owner
 * (and a thread of its executor, vow_executor_enter).
 * Errors (NULL + vow_last_error()): VOW_EINVAL (unknown flag), VOW_ENOMEM.
 */
vow_loop *vow_loop_new(unsigned flags);

/*
 * vow_loop_free - destroy the loop.  Owner only; not from inside a run
 * (vow_loop_run, vow_loop_run_once, vow_loop_run_until).  Jobs still
 * queued are discarded (their handler contexts' destructors run), timers,
 * posted tasks and fd watches are dropped (their ctx_dtor runs), poll
 * sources are removed.  Promises of the loop stay valid (vow/executor.h,
 * LIFETIMES).  NULL is a no-op.
 */
void vow_loop_free(vow_loop *loop);

/*
 * The loop as an executor, to create promises on (borrowed; the handle
 * outlives the loop while promises hold it).  Any thread.
 * Errors: NULL + vow_last_error() VOW_EINVAL (loop NULL).
 */
vow_executor *vow_loop_executor(vow_loop *loop);

/* ---- running the loop -------------------------------------------------- */

/*
 * What vow_loop_run, vow_loop_run_once and vow_loop_run_until return
 * besides 0 and the (negative) error codes.
 */
enum vow_loop_status {
	VOW_LOOP_RAN = 1,     /* run_once: one macrotask ran, and its checkpoint */
	VOW_LOOP_WAITING = 2, /* run_once without block: none can run now; not idle */
	VOW_LOOP_STOPPED = 3, /* run, run_until: vow_loop_stop() ended the run */
};

/*
 * vow_loop_run - run until idle, or until vow_loop_stop().  Owner only;
 * none of vow_loop_run, vow_loop_run_once and vow_loop_run_until may be
 * called from inside one of them (a callback, handler or microtask).
 * Returns 0 when idle; VOW_LOOP_STOPPED when vow_loop_stop() ended it (the
 * work left stays queued, and the next run goes on with it); VOW_EINVAL
 * (loop NULL), VOW_ETHREAD (not the owner), VOW_EBUSY (already running).
 */
int vow_loop_run(vow_loop *loop);

/*
 * vow_loop_run_once - one turn of the loop, like libuv's uv_run with
 * UV_RUN_ONCE (block) or UV_RUN_NOWAIT: a checkpoint (the caller's code
 * since the last run was a macrotask, like the code before vow_loop_run),
 * then the next macrotask of the loop, if one can run, and its checkpoint.
 * A macrotask is one timer callback, one task or job posted from another
 * thread, one round of poll sources that completed or settled something,
 * or one callback of a ready fd.  The loop keeps its place in its iteration
 * between turns, so turns and runs (vow_loop_run, vow_loop_run_until)
 * mixed in any way run the same macrotasks in the same order as
 * vow_loop_run alone.
 *
 * block: when nothing can run now, wait until something can (as
 * vow_loop_run waits: in epoll until the next timer, a post or a ready
 * fd; on the virtual clock time jumps to the next timer).  Without block,
 * look without sleeping: ready fds are seen, and on the virtual clock time
 * still jumps when only timers are left (then that timer runs in the same
 * turn); otherwise return at once.
 *
 * Owner only, not from inside a run.  Returns VOW_LOOP_RAN when a
 * macrotask ran; VOW_LOOP_WAITING (only without block) when none could
 * run now but the loop is not idle (a timer, watched fd, active poll
 * source or ref is left); 0 when no macrotask ran and the loop is idle,
 * as vow_loop_run returns - so `while (vow_loop_run_once(loop, true) > 0)`
 * is vow_loop_run.  Errors: VOW_EINVAL (loop NULL), VOW_ETHREAD,
 * VOW_EBUSY (inside a run).  vow_loop_stop() has no effect on a turn.
 */
int vow_loop_run_once(vow_loop *loop, bool block);

/*
 * vow_loop_run_until - run the loop until p settles: how the owner waits
 * for a promise (vow_promise_wait there does not run the loop and times
 * out: vow/wait.h).  It attaches its wait to p (below), runs a checkpoint,
 * then takes turns as vow_loop_run does until p is settled.  p is borrowed
 * and may be a promise of any executor.
 *
 * timeout_ms is on the loop's clock, so that on the virtual clock a limit
 * of 100 ends at exactly vow_loop_now() + 100: < 0 no limit; 0 only the
 * checkpoint; > 0 a weak timer of the loop (vow/executor.h,
 * VOW_TIMER_WEAK): timers due at the same time that were set before the
 * call run first, and it does not keep the loop running.
 *
 * Owner only, not from inside a run.  Returns 0 once p is settled, right
 * after the checkpoint or turn in which p settled (vow_promise_state and
 * vow_promise_result give its outcome); VOW_ETIMEDOUT when the limit
 * passed with p pending; VOW_EABANDONED when the loop became idle with p
 * pending (nothing on the loop can settle it any more); VOW_LOOP_STOPPED
 * when vow_loop_stop() ended the run.  Errors: VOW_EINVAL (loop or p
 * NULL), VOW_ETHREAD, VOW_EBUSY (inside a run), VOW_ENOMEM (nothing
 * attached, nothing run).  Whatever it returns, the loop's other work
 * stays queued for the next run.
 *
 * Waiting counts as handling p, as for vow_promise_wait, from the call on
 * (before its checkpoint, as `await p` attaches at once): a rejection of p
 * is not reported as unhandled.  With timeout_ms 0 nothing is attached,
 * and p counts as handled only if it is settled after the checkpoint.
 * Otherwise, while p is pending, the call attaches a small reaction to it
 * that stays until p settles or is destroyed; when p settles it runs an
 * empty job on the loop (so another thread that settles p wakes the
 * loop).  Other threads: if p is a promise of another executor, the call
 * keeps the loop from going idle (as vow_loop_ref does) until p settles;
 * a promise of this loop that another thread is to settle needs the
 * caller's own vow_loop_ref, as any work of other threads does.  On the
 * virtual clock the limit passes as soon as nothing else can happen on
 * the loop (virtual time does not wait for other threads).
 */
int vow_loop_run_until(vow_loop *loop, vow_promise *p, int64_t timeout_ms);

/*
 * vow_loop_stop - from inside a run (a callback, handler or microtask):
 * the vow_loop_run or vow_loop_run_until in progress returns
 * VOW_LOOP_STOPPED as soon as the current macrotask and its checkpoint are
 * done, like libuv's uv_stop.  Nothing is dropped: timers, posted tasks,
 * watches and the rest of the iteration stay, and the next run goes on
 * with them.  Outside a run, and inside vow_loop_run_once (which returns
 * after one macrotask anyway), it does nothing.  Owner only: another
 * thread posts a task that calls it.  Errors: it does nothing and sets
 * vow_last_error() to VOW_EINVAL (loop NULL) or VOW_ETHREAD.
 */
void vow_loop_stop(vow_loop *loop);

/*
 * Milliseconds since the loop was created, on its (real or virtual) clock.
 * Any thread.  NULL: 0 with vow_last_error() VOW_EINVAL.
 */
uint64_t vow_loop_now(const vow_loop *loop);

/*
 * vow_loop_set_timeout / set_interval - setTimeout / setInterval: fn runs
 * after ms milliseconds (0 means 1, as in Node).  Returns the timer id, or 0
 * on failure (vow_last_error(): VOW_EINVAL, VOW_ENOMEM, VOW_ETHREAD; ctx_dtor
 * has run).
 */
vow_timer_id vow_loop_set_timeout(vow_loop *loop, vow_task_fn fn, void *ctx,
				  vow_dtor_fn ctx_dtor, uint64_t ms);
vow_timer_id vow_loop_set_interval(vow_loop *loop, vow_task_fn fn, void *ctx,
				   vow_dtor_fn ctx_dtor, uint64_t ms);

/*
 * vow_loop_clear_timer - clearTimeout / clearInterval; the timer's ctx_dtor
 * runs (for an interval clearing itself from its callback: when the
 * callback returns).  Errors: VOW_EINVAL, VOW_ETHREAD, VOW_ENOTFOUND (not an
 * active timer of this loop: fired, cleared, never set, or set on another
 * loop).
 */
int vow_loop_clear_timer(vow_loop *loop, vow_timer_id id);

/*
 * queueMicrotask(fn).  Errors: VOW_EINVAL, VOW_ENOMEM, VOW_ETHREAD (ctx_dtor
 * has run).
 */
int vow_loop_queue_microtask(vow_loop *loop, vow_task_fn fn, void *ctx, vow_dtor_fn ctx_dtor);

/*
 * vow_loop_post - any thread: run fn as a macrotask on the loop, waking it
 * if it sleeps.  Everything the posting thread wrote before the call
 * happens-before fn runs.  A posted task keeps an idle loop from returning
 * only if it was posted before vow_loop_run() saw the loop idle; to keep a
 * loop alive while other threads work, hold a vow_loop_ref().  The loop
 * pointer must stay valid for the call: a thread that may outlive the loop
 * should settle a promise of the loop instead (promises keep the executor
 * handle alive; their jobs are dropped once the loop is freed).  A task
 * posted while vow_loop_free runs is dropped (its ctx_dtor runs).
 * Errors: VOW_EINVAL, VOW_ENOMEM (ctx_dtor has run).
 */
int vow_loop_post(vow_loop *loop, vow_task_fn fn, void *ctx, vow_dtor_fn ctx_dtor);

/*
 * vow_loop_ref / vow_loop_unref - any thread (while the loop exists): while
 * the count is above zero vow_loop_run() sleeps instead of returning when
 * idle (like a libuv handle that is active).  unref wakes the loop.  NULL
 * is a no-op.
 */
void vow_loop_ref(vow_loop *loop);
void vow_loop_unref(vow_loop *loop);

/* ---- file descriptors (a completion source of the loop) ----------------- */

/*
 * vow_loop_watch_fd - call fn(ctx, fd, events) as a macrotask (a checkpoint
 * follows it) in each loop iteration in which fd is ready for one of
 * events (level-triggered: as long as it stays ready), like libuv's
 * uv_poll.  events: VOW_FD_READABLE and/or VOW_FD_WRITABLE; the callback
 * may also see VOW_FD_ERROR (error or hang-up).  A watch keeps the loop
 * running until it is cleared.  The loop sleeps in epoll alongside its
 * timers, so an idle loop waiting for fds uses no CPU.  fd must stay open
 * while watched.  Owner only.
 * Errors (NULL + vow_last_error(), ctx_dtor has run): VOW_EINVAL (loop or
 * fn NULL, fd < 0, no known event, fd cannot be watched - e.g. a regular
 * file - or is watched already), VOW_ETHREAD, VOW_ENOMEM.
 */
enum vow_fd_events {
	VOW_FD_READABLE = 1u << 0,
	VOW_FD_WRITABLE = 1u << 1,
	VOW_FD_ERROR = 1u << 2, /* reported only */
};
typedef struct vow_fd_watch vow_fd_watch;
typedef void (*vow_fd_fn)(void *ctx, int fd, unsigned events);
vow_fd_watch *vow_loop_watch_fd(vow_loop *loop, int fd, unsigned events, vow_fd_fn fn,
				void *ctx, vow_dtor_fn ctx_dtor);
/*
 * vow_loop_unwatch_fd - stop watching; ctx_dtor runs (from inside the
 * watch's own callback: when it returns).  The callback never runs again.
 * Owner only.  Errors: VOW_EINVAL (w NULL), VOW_ETHREAD.
 */
int vow_loop_unwatch_fd(vow_fd_watch *w);

/* ---- inside another event loop ----------------------------------------- */

/*
 * vow_loop_backend_fd - an fd for embedding the loop in another event loop
 * (libuv, GLib, your own poll()), like libuv's uv_backend_fd.  It becomes
 * readable when work arrives from outside the owner's own code: a task or
 * job posted from another thread (also vow_loop_unref and a poll source's
 * wake from one), a watched fd that is ready, or - on the real clock - a
 * timer that is due.  Work the owner queues itself (microtasks, its own
 * posts) does not make it readable: vow_loop_backend_timeout() says so.
 *
 * The pattern: watch the fd for reading in the other loop, with
 * vow_loop_backend_timeout() as the timeout; when either fires, call
 * vow_loop_run_once(loop, false) while it returns VOW_LOOP_RAN, then read
 * the timeout again.  The fd belongs to the loop: never read, write or
 * close it; it stays the same until vow_loop_free closes it.  The first
 * call on a real-clock loop adds a timerfd for the timers to the loop;
 * from then on each change of the earliest timer costs one system call.
 *
 * Owner only.  Returns the fd (>= 0); VOW_EINVAL (loop NULL), VOW_ETHREAD,
 * VOW_ENOMEM (no timerfd: out of fds or memory; nothing changed).
 */
int vow_loop_backend_fd(vow_loop *loop);

/*
 * vow_loop_backend_timeout - how long another event loop may sleep on
 * vow_loop_backend_fd() before the next vow_loop_run_once(loop, false),
 * like uv_backend_timeout: 0 when a turn can run something now (queued
 * microtasks, posted tasks, a due timer, an active poll source that just
 * made progress); else the milliseconds until the next timer is due
 * (rounded up; weak timers too; at most 1 while a poll source is active);
 * -1 when nothing but the fd can bring work (no timer, or the loop is idle
 * with weak timers only on the virtual clock).  On the virtual clock a
 * timer gives 0 unless the loop is idle: time jumps to it.
 *
 * Call it after the last turn, right before the other loop sleeps: it also
 * re-arms the fd's wake-up, so that a post from another thread that comes
 * after it returned makes the fd readable.  Owner only.  Errors: 0, with
 * vow_last_error() VOW_EINVAL (loop NULL) or VOW_ETHREAD.
 */
int64_t vow_loop_backend_timeout(vow_loop *loop);

/* ---- counters ---------------------------------------------------------- */

/* Counters for benchmark users and tests, since vow_loop_new. */
typedef struct vow_loop_stats {
	uint64_t macrotasks_run; /* turns that ran something (vow_loop_run_once):
				  * timer callbacks, posted tasks and jobs from
				  * other threads, fd callbacks, poll rounds */
	uint64_t microtasks_run; /* jobs run by checkpoints: reactions, adoptions,
				  * queueMicrotask callbacks, vow's own jobs */
	uint64_t timers_fired;   /* timers that ran: timeouts, each run of an
				  * interval, vow's own (vow_delay, limits) */
	uint64_t promises_alive; /* promises created on the loop's executor that
				  * exist now (released ones that a job still
				  * holds included) */
} vow_loop_stats;

/*
 * vow_loop_stats_read - owner only: the counters are plain fields the
 * owner increments, and promises_alive needs the owner's own promise
 * count.  Exact, except that promises other threads make or free on the
 * loop while it reads may or may not be counted.
 * Errors: VOW_EINVAL (loop or out NULL; out untouched), VOW_ETHREAD.
 */
int vow_loop_stats_read(const vow_loop *loop, vow_loop_stats *out);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif /* VOW_LOOP_H */
