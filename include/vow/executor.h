/*
 * vow/executor.h - the executor contract: what an executor is, how long it
 * lives, what it tells the promise core, and how work that is neither a job
 * nor a timer (completion sources) reaches it.
 *
 * An executor runs jobs.  The promise core hands it one job per reaction or
 * thenable adoption and never runs user code itself, except the executor
 * function of vow_promise_new() and Promise.try bodies.  vow ships the loop
 * (JS mode, vow/loop.h), the pool (parallel mode, vow/pool.h) and the
 * inline executor (vow/inline.h, driven by a thread of the user's); a
 * program may write its own against this header alone and gets what they
 * get.
 *
 * LIFETIMES.  This is the rule every executor and every object on it keeps:
 *
 *   1. A vow_executor handle lives as long as anything may still use it:
 *      the loop, pool or other implementation that made it, and every
 *      promise created on it.  Everything else that reaches an executor
 *      (a reaction, a resolver, a job in flight, a timer, a combinator's
 *      bookkeeping, a suspended async function) does so through a promise
 *      it holds, so it keeps the handle alive too.  Promises, resolvers and
 *      values may therefore be released in any order, before or after
 *      their loop or pool is freed.
 *   2. The implementation (the loop's or the pool's own memory) ends when
 *      it is freed; the executor is then CLOSED.  On a closed executor:
 *        - a job posted to it is discarded at once on the posting thread
 *          (vow_job_ops.discard): a reaction's context destructor runs and
 *          the promise the job would have settled stays pending;
 *        - no rejection is tracked any more; a rejected promise destroyed
 *          without ever being handled is reported with the executor's
 *          policy, except that a VOW_REJECTIONS_CALLBACK callback is never
 *          called after the executor closed (its user data may be gone):
 *          the event is printed as VOW_REJECTIONS_WARN prints it;
 *        - poll sources (below) are removed, their destructors run.
 *   3. Closing waits for posts that other threads have already begun, so
 *      none touches freed memory.  Threads may keep settling promises of a
 *      pool (or loop) while it is being freed: each resulting job either
 *      runs before the executor closes or is discarded.
 *
 * OWNERSHIP.  The functions here borrow what they are given (the handle,
 * the ops table, impl, promises, a rejection callback's ud) and take no
 * reference the caller must drop.  vow_executor_new's handle carries the
 * implementation's own reference, dropped by vow_executor_release; other
 * handles they return are borrowed (a poll source's is valid until it is
 * removed or its executor closes).  A posted job belongs to the executor
 * until ops->run or ops->discard frees it; a ctx given with a ctx_dtor
 * belongs to vow until that destructor has run.
 *
 * IMPLEMENTING AN EXECUTOR.  Fill a vow_executor_ops table (static const is
 * typical), create the handle with vow_executor_new(ops, impl), and hand
 * out the handle.  Every thread that runs the executor's jobs calls
 * vow_executor_enter() once before it runs the first and
 * vow_executor_leave() after the last (it may then also count promise
 * references without atomic operations, and its posts skip the closing
 * gate).  To shut down: make every such thread leave, call
 * vow_executor_close() (no post reaches ops->post after it returns), discard
 * the jobs still queued, free the implementation, then vow_executor_release().
 */
#ifndef VOW_EXECUTOR_H
#define VOW_EXECUTOR_H

#include <time.h>

#include <vow/promise.h>

#ifdef __cplusplus
extern "C" {
#endif

#pragma GCC visibility push(default)

/* ---- jobs ----------------------------------------------------------------- */

/*
 * What a job is to an executor that orders jobs of different kinds (the
 * loop): a microtask (a promise job - a reaction, an adoption - or a
 * queued microtask) or a task of the executor's own (a posted callback, a
 * timer: HTML's macrotask).  The core only ever posts microtasks.
 */
typedef enum vow_job_kind {
	VOW_JOB_MICROTASK = 0,
	VOW_JOB_TASK = 1,
} vow_job_kind;

/*
 * vow_job - one queued unit of work, intrusive so that queueing never
 * allocates.  Exactly one of ops->run or ops->discard is called, once; both
 * free the job.  next belongs to whichever queue holds the job.
 */
typedef struct vow_job vow_job;
typedef struct vow_job_ops {
	void (*run)(vow_job *job);     /* run the job, then free it */
	void (*discard)(vow_job *job); /* executor closed or shutting down: release, do not run */
	vow_job_kind kind;             /* microtask or task, for executors that order them */
} vow_job_ops;
struct vow_job {
	vow_job *next;          /* the queue's link: belongs to the queue holding the job */
	const vow_job_ops *ops; /* what the job does */
};

/* ---- the ops table ------------------------------------------------------- */

/* Flags of vow_executor_ops.timer_start. */
enum vow_timer_flags {
	VOW_TIMER_WEAK = 1u << 0, /* does not keep the executor running */
};

/* What HostPromiseRejectionTracker reports. */
typedef enum vow_rejection_op {
	VOW_TRACK_REJECT = 0, /* rejected while no handler was attached */
	VOW_TRACK_HANDLE = 1, /* first handler attached to a rejected promise */
} vow_rejection_op;

/* How an executor finds unhandled rejections. */
typedef enum vow_rejection_tracking {
	/*
	 * The core reports a rejected promise that is destroyed without ever
	 * having had a handler (the pool: across workers there is no moment
	 * at which "unhandled so far" means anything).
	 */
	VOW_TRACK_AT_DESTROY = 0,
	/*
	 * The executor is the HostPromiseRejectionTracker: ops->track is
	 * called at every rejection without a handler and every first handler
	 * of a rejected promise, and the executor decides when to report (the
	 * loop: Node's events after each microtask checkpoint).
	 */
	VOW_TRACK_BY_EXECUTOR = 1,
} vow_rejection_tracking;

/* An executor's side of the contract (IMPLEMENTING AN EXECUTOR, above). */
typedef struct vow_executor_ops {
	const char *name; /* for vow_executor_name; may be NULL */
	/*
	 * post - queue a job to run later (a microtask on the loop).  Called
	 * from any thread; must not fail and must not run the job inline.
	 * impl is vow_executor_new's.  Never called after vow_executor_close
	 * returned.
	 */
	void (*post)(void *impl, vow_job *job);
	vow_rejection_tracking rejection_tracking; /* how unhandled rejections are found */
	/*
	 * track - with VOW_TRACK_BY_EXECUTOR (required then, unused
	 * otherwise): HostPromiseRejectionTracker, called on the thread that
	 * rejected or attached; p is borrowed (dup it to keep it).  Must not
	 * fail.  Never called after vow_executor_close returned.
	 */
	void (*track)(void *impl, vow_promise *p, vow_rejection_op op);
	/*
	 * unordered - true if the executor promises no order between jobs
	 * (the pool).  The core may then skip a job whose only effect is its
	 * place in the order: a promise resolved with a vow promise attaches
	 * to it at once instead of in a NewPromiseResolveThenableJob, and
	 * vow's internal reactions (a combinator's inputs, adoptions) run on
	 * the settling thread.  Ordered executors (the loop, the inline one)
	 * get JavaScript's job counts exactly.
	 */
	bool unordered;
	/*
	 * wait - optional: how vow_promise_wait() waits on a thread that
	 * entered this executor (vow_executor_enter).  NULL: the thread
	 * blocks until the promise settles (on a thread that must run the
	 * jobs which settle it, that only ever times out).  Otherwise called
	 * instead, with p pending and borrowed and deadline NULL (no limit)
	 * or an absolute CLOCK_MONOTONIC time; returns 0 once p is settled,
	 * VOW_ETIMEDOUT, or another negative code.  A wait that runs the
	 * executor's other jobs meanwhile (the inline executor) or suspends
	 * the waiting task (the pool) goes here.  vow_promise_on_settle()
	 * tells it when p settles.
	 */
	int (*wait)(void *impl, vow_promise *p, const struct timespec *deadline);
	/*
	 * wake - optional: any thread; make a thread of the executor that
	 * sleeps because it has nothing to do look at its poll sources again
	 * (one became active: vow_poll_source_wake).  Executors without it
	 * do not take poll sources (VOW_ENOTSUP).  Must not fail or block.
	 */
	void (*wake)(void *impl);
	/*
	 * timer_start - optional: run job (one of the executor's tasks) once
	 * ms milliseconds of the executor's clock have passed (the loop: a
	 * macrotask in deadline order, on its virtual clock if it has one).
	 * flags: VOW_TIMER_WEAK - the timer does not keep the executor busy
	 * (an idle loop returns, a draining pool stops, with it pending; it is
	 * then discarded with the executor), as Node's unref()ed timers.
	 * Called on a thread of the executor.  Returns a non-zero id, or 0
	 * when out of memory (the job was not taken).  Executors without
	 * timers leave it NULL: timed waits inside async functions and
	 * vow_delay on them give VOW_ENOTSUP.
	 * timer_cancel - on a thread of the executor: if the timer has not
	 * fired it never will, its job was discarded, and it returns true;
	 * false if it fired already (its job ran or is queued) or the id is
	 * unknown.  Required with timer_start.
	 */
	uint64_t (*timer_start)(void *impl, uint64_t ms, vow_job *job, unsigned flags);
	bool (*timer_cancel)(void *impl, uint64_t id); /* see timer_start */
	/*
	 * runs_next - optional, for ordered executors: called on a thread of
	 * the executor from inside a job it is running; true if a job posted
	 * now would be the very next one to run, with nothing in between (the
	 * loop: it is draining its microtask queue and the queue is empty).
	 * An await whose continuation would be that job then continues at
	 * once instead of suspending: the same order, without the two
	 * switches and the queue round trip.
	 */
	bool (*runs_next)(void *impl);
} vow_executor_ops;

/* ---- the handle: creation, threads, closing ------------------------------- */

/*
 * vow_executor_new - for implementers: a handle for an executor whose ops
 * get impl.  The handle holds the implementation's own reference (dropped
 * by vow_executor_release) and the default policy (VOW_REJECTIONS_WARN).
 * Any thread.  ops must live as long as the handle (static const).
 * Errors (NULL + vow_last_error()): VOW_EINVAL (ops or ops->post NULL,
 * VOW_TRACK_BY_EXECUTOR without ops->track, an unknown
 * rejection_tracking, timer_start without timer_cancel), VOW_ENOMEM.
 */
vow_executor *vow_executor_new(const vow_executor_ops *ops, void *impl);

/*
 * vow_executor_enter - the calling thread becomes a thread of ex: one that
 * runs ex's jobs (a pool worker; a loop's owner).  Until it leaves:
 * vow_promise_wait() on it uses ops->wait, and it counts the references
 * promises hold on ex in a thread-local counter instead of an atomic one.
 * A thread is a thread of at most one executor: entering another leaves
 * the first.  Calling thread only.  Errors: VOW_EINVAL (ex NULL),
 * VOW_ESHUTDOWN (ex is closed).
 */
int vow_executor_enter(vow_executor *ex);
/*
 * vow_executor_leave - the calling thread stops being a thread of ex
 * (no-op if it is not one; NULL is a no-op).  Every thread that entered
 * must leave before ex is closed.  Calling thread only.
 */
void vow_executor_leave(vow_executor *ex);
/*
 * The executor the calling thread entered, or NULL (borrowed).  Any thread
 * (each sees its own).  Cannot fail.
 */
vow_executor *vow_executor_current(void);

/*
 * vow_executor_close - for implementers: from now on every post is
 * discarded on the posting thread and nothing reaches ops (post, track,
 * wait, wake).  Returns once posts that other threads had begun have left
 * ops->post, so the implementation may then be freed.  Poll sources are
 * removed (their destructors run here).  Call once, from a thread that is
 * not a thread of ex, after every thread of ex has left.  NULL is a no-op.
 */
void vow_executor_close(vow_executor *ex);
/*
 * True once vow_executor_close began (a snapshot; any thread).
 * Errors: ex NULL gives false, with vow_last_error() VOW_EINVAL.
 */
bool vow_executor_is_closed(const vow_executor *ex);

/*
 * vow_executor_release - for implementers: drop the implementation's own
 * reference, after vow_executor_close.  The handle is freed when the last
 * promise on it is; the implementation must not use it afterwards.  Any
 * thread, after vow_executor_close.  NULL is a no-op.
 */
void vow_executor_release(vow_executor *ex);

/*
 * The name from the ops table (which may be NULL).  Any thread.
 * Errors: NULL + vow_last_error() VOW_EINVAL (ex NULL).
 */
const char *vow_executor_name(const vow_executor *ex);

/*
 * vow_executor_post - for implementers and code that queues its own jobs
 * on an executor: post job as the core does (closed: discarded at once).
 * Any thread.  Errors: none (ex and job must not be NULL).
 */
void vow_executor_post(vow_executor *ex, vow_job *job);

/* ---- unhandled rejections ------------------------------------------------ */

/* Unhandled-rejection events and policies (Node's process events). */
typedef enum vow_rejection_event {
	VOW_UNHANDLED_REJECTION = 0, /* Node "unhandledRejection" */
	VOW_REJECTION_HANDLED = 1,   /* Node "rejectionHandled" */
} vow_rejection_event;

/* What unhandled rejections do on an executor (set_rejection_policy). */
typedef enum vow_rejection_policy {
	VOW_REJECTIONS_WARN = 0, /* default: print each event to stderr */
	VOW_REJECTIONS_CALLBACK, /* call the callback */
	VOW_REJECTIONS_ABORT,    /* print, then abort() on an unhandled rejection */
	VOW_REJECTIONS_IGNORE,
} vow_rejection_policy;

/* p and reason are borrowed for the duration of the call. */
typedef void (*vow_rejection_fn)(void *ud, vow_rejection_event ev,
				 vow_promise *p, vow_value reason);

/*
 * vow_executor_set_rejection_policy - choose what unhandled rejections do on
 * ex.  cb is required for VOW_REJECTIONS_CALLBACK and ignored otherwise.
 * Call it from the executor's owner before rejections can happen (the
 * fields are read without synchronisation by the threads that report).
 * The callback is never called after ex closed (see LIFETIMES).
 * Errors: VOW_EINVAL (ex NULL, unknown policy, callback policy without cb).
 */
int vow_executor_set_rejection_policy(vow_executor *ex, vow_rejection_policy policy,
				      vow_rejection_fn cb, void *ud);

/*
 * vow_executor_report_rejection - for implementers: apply ex's policy to
 * one event.  Called when the executor decides an event is due.  p is
 * borrowed.  Any thread.  Errors: none (ex and p must not be NULL).
 */
void vow_executor_report_rejection(vow_executor *ex, vow_rejection_event ev, vow_promise *p);

/* ---- for waits: a wake-up when a promise settles -------------------------- */

/*
 * vow_promise_on_settle - for implementers of ops->wait and other waiting
 * code: call fn(ctx) once, on the thread that settles p, right after it
 * settled (at once, on the calling thread, if p is settled already); then
 * ctx_dtor(ctx) if not NULL.  If p is destroyed without settling, fn never
 * runs and only ctx_dtor does.  fn runs inside vow's settle path: it must
 * be short and must not block or run user code (wake a thread, bump a
 * counter).  Attaching counts as handling p ([[PromiseIsHandled]]), as a
 * wait does.  Any thread; p is borrowed.
 * Errors: VOW_EINVAL (p or fn NULL; ctx_dtor has run), VOW_ENOMEM (ditto).
 */
int vow_promise_on_settle(vow_promise *p, void (*fn)(void *ctx), void *ctx,
			  vow_dtor_fn ctx_dtor);

/* ---- completion sources: poll hooks --------------------------------------- */

/*
 * A poll source is work that is neither a job nor a timer: a library's
 * completion queue that must be polled (MPI requests, io_uring, another
 * runtime's futures).  Its fn is called by a thread of the executor between
 * jobs and while the executor is otherwise idle, and reports:
 *
 *   VOW_POLL_IDLE      nothing outstanding: do not call me again until
 *                      vow_poll_source_wake() (an idle executor then
 *                      sleeps without polling);
 *   VOW_POLL_PENDING   work outstanding, nothing completed this time: call
 *                      again (an idle executor backs off: see its header
 *                      for the cost);
 *   VOW_POLL_PROGRESS  something completed (fn settled promises): call
 *                      again soon.
 *
 * fn is never called by two threads at once, and never after
 * vow_poll_source_remove() returned.  Executors that take poll sources:
 * the loop (once per loop iteration, and while idle) and the pool (see
 * vow/pool.h); the inline executor does not.
 */
typedef enum vow_poll_status {
	VOW_POLL_IDLE = 0,
	VOW_POLL_PENDING = 1,
	VOW_POLL_PROGRESS = 2,
} vow_poll_status;

/* A poll source's function, and a registered source (opaque). */
typedef vow_poll_status (*vow_poll_fn)(void *ctx);
typedef struct vow_poll_source vow_poll_source;

/*
 * vow_poll_source_add - register fn(ctx) on ex, active (it will be polled).
 * Any thread.  ctx_dtor (may be NULL) runs exactly once: when the source
 * is removed, when ex closes, or at once if the call fails.
 * Errors (NULL + vow_last_error()): VOW_EINVAL (ex or fn NULL),
 * VOW_ENOTSUP (ex has no ops->wake), VOW_ESHUTDOWN (ex closed), VOW_ENOMEM.
 */
vow_poll_source *vow_poll_source_add(vow_executor *ex, vow_poll_fn fn, void *ctx,
				     vow_dtor_fn ctx_dtor);
/*
 * vow_poll_source_wake - any thread: s has work again (after returning
 * VOW_POLL_IDLE); an idle executor wakes to poll it.  Cheap when s is
 * already active.  s must not have been removed.  Errors: s NULL does
 * nothing, with vow_last_error() VOW_EINVAL.
 */
void vow_poll_source_wake(vow_poll_source *s);
/*
 * vow_poll_source_remove - any thread (also from inside fn): s is never
 * polled again once this returns (from inside fn: once fn returns), and
 * its ctx_dtor runs.  NULL is a no-op.  Removing a source twice, or one
 * whose executor closed, is undefined.
 */
void vow_poll_source_remove(vow_poll_source *s);

/*
 * vow_executor_poll - for implementers: poll ex's active sources once each
 * (those another thread is not polling right now).  Call it between jobs
 * and when idle, from a thread of ex.  Returns VOW_POLL_PROGRESS if any
 * made progress, else VOW_POLL_PENDING if any is still active, else
 * VOW_POLL_IDLE (then sleep until ops->wake or other work).
 * Errors: ex NULL gives VOW_POLL_IDLE, with vow_last_error() VOW_EINVAL.
 */
vow_poll_status vow_executor_poll(vow_executor *ex);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif /* VOW_EXECUTOR_H */
