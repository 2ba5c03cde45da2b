/*
 * vow/pool.h - parallel mode: a pool of worker threads with work stealing.
 *
 * A pool is an executor (vow/executor.h): create promises on
 * vow_pool_executor(pool) and their reactions run on the pool's workers.
 *
 *   - A job posted from a worker of the pool (a reaction of a promise
 *     settled on that worker, a vow_spawn() from inside a task) goes onto
 *     that worker's own deque; idle workers steal it.
 *   - A job posted from any other thread goes through the pool's global
 *     injection queue and wakes a sleeping worker.
 *   - Idle workers sleep in the kernel: an idle pool uses no CPU.
 *
 * THREADS.  Every function here may be called from any thread, except that
 * vow_pool_shutdown and vow_pool_free do nothing on a worker of the pool
 * itself (VOW_ETHREAD).
 *
 * OWNERSHIP.  A pool belongs to its creator until vow_pool_shutdown or
 * vow_pool_free.  The functions here borrow it and whatever else they are
 * given (a ctx, a signal, the stats struct); the executor handle they
 * return is borrowed, and every promise they return is a new reference
 * (release it).
 *
 * Guarantees (see docs/parallel.md for the full list):
 *   - everything written before a promise is settled happens-before each
 *     of its handlers; a chain's handler happens-before the next link's;
 *   - every job runs exactly once, or (VOW_POOL_CANCEL only) is discarded
 *     exactly once;
 *   - there is NO FIFO order between jobs: handlers of one promise are
 *     posted in registration order, but different workers may run them in
 *     any order and at the same time.
 *
 * Unhandled rejections: the pool tracks them at destruction
 * (VOW_TRACK_AT_DESTROY): the core reports a rejected promise that is
 * destroyed without ever having had a handler, with the executor's policy
 * (vow_executor_set_rejection_policy on vow_pool_executor(pool), default:
 * print to stderr).  Set the policy before posting work.
 *
 * Waits and async functions: a task that waits (vow/wait.h) or an async
 * function that awaits (vow/async.h) is set aside on its fiber; the worker
 * goes on with other jobs.  Details in docs/parallel.md.
 *
 * Timers (timed waits, vow_delay): one thread per pool, started with the
 * first timer, posts each due timer's job to the urgent queue that workers
 * look at first; a job runs within the thread's wake-up latency (tens of
 * microseconds) plus the rest of the job a worker is running.
 *
 * Poll sources (vow/executor.h): polled by a worker at every fairness step
 * (default: every 61 jobs) and, while the pool has nothing else to do, by
 * one idle worker at a time with a back-off from 16 us to 1 ms between
 * polls (back to none after a poll that made progress): an active source
 * costs at most a few thousand polls a second on one core; a source that
 * reported VOW_POLL_IDLE costs nothing until vow_poll_source_wake.
 *
 * LIFETIME (vow/executor.h, LIFETIMES): promises of the pool may outlive
 * it in any state; after shutdown their jobs are discarded.
 *
 * Hazards: a job that blocks (sleep, lock, I/O) holds its worker; wait with
 * vow_promise_wait or await instead.  Do not fork() while a pool runs.
 */
#ifndef VOW_POOL_H
#define VOW_POOL_H

#include <stddef.h>
#include <stdint.h>

#include <vow/abort.h>
#include <vow/executor.h>

#ifdef __cplusplus
extern "C" {
#endif

#pragma GCC visibility push(default)

/* A pool (opaque). */
typedef struct vow_pool vow_pool;

/* What vow_pool_new may be told; a zero field takes its default. */
typedef struct vow_pool_options {
	/* Worker threads; 0: the number of online CPUs. */
	unsigned threads;
	/*
	 * Fairness: every this many jobs a worker first looks at the global
	 * injection queue, and every 16 times this many at the oldest job of
	 * its own deque, so one hot chain cannot starve older work.  0: 61.
	 */
	unsigned fairness_interval;
} vow_pool_options;

/*
 * vow_pool_new - start a pool.  opts may be NULL (all defaults).  Any
 * thread; the pool may then be used from any thread.
 * Errors (NULL + vow_last_error()): VOW_EINVAL (threads > 1024),
 * VOW_ENOMEM (memory or threads; nothing is left behind).
 */
vow_pool *vow_pool_new(const vow_pool_options *opts);

/*
 * The pool as an executor (borrowed; valid until the pool is freed).
 * Errors: NULL + vow_last_error() VOW_EINVAL (pool NULL).
 */
vow_executor *vow_pool_executor(vow_pool *pool);

/*
 * Number of worker threads.  Errors: pool NULL gives 0, with
 * vow_last_error() VOW_EINVAL.
 */
unsigned vow_pool_threads(const vow_pool *pool);

/* How vow_pool_shutdown stops a pool. */
typedef enum vow_pool_mode {
	/*
	 * Finish all queued work and all work it generates (reactions,
	 * spawns), until no worker has anything left; then stop.
	 */
	VOW_POOL_DRAIN = 0,
	/*
	 * Finish only the jobs that are running; discard every queued job
	 * (job->ops->discard: reactions release their contexts, which run
	 * their ctx_dtor).  Promises that discarded jobs would have settled
	 * stay pending forever.
	 */
	VOW_POOL_CANCEL = 1,
} vow_pool_mode;

/*
 * vow_pool_shutdown - stop the pool as mode says, join every worker thread
 * and free everything the pool owns.  pool is invalid afterwards.
 *
 * Call it from a thread that is not a worker of this pool (VOW_ETHREAD
 * otherwise; nothing is done).  Other threads may keep settling and
 * releasing promises of the pool meanwhile: a job that results either runs
 * before the pool's executor closes or is discarded on the settling thread
 * (its context destructor runs there).  DRAIN also waits for tasks that
 * wait and for pending timers; CANCEL ends waiting tasks with
 * VOW_ESHUTDOWN and drops pending timers.  Poll sources are removed (their
 * destructors run).  Promises created on the pool stay valid.
 * Errors: VOW_EINVAL (pool NULL, unknown mode), VOW_ETHREAD.
 */
int vow_pool_shutdown(vow_pool *pool, vow_pool_mode mode);

/*
 * vow_pool_free - vow_pool_shutdown(pool, VOW_POOL_DRAIN).  NULL is a
 * no-op.  From a worker of the pool nothing is done and vow_last_error()
 * is VOW_ETHREAD.
 */
void vow_pool_free(vow_pool *pool);

/*
 * vow_spawn - Promise.try on the pool: fn(ctx) runs later as a task on a
 * worker and its outcome settles the returned promise (return fulfills or
 * adopts, throw rejects; a returned promise value holding NULL rejects
 * with a TypeError, VOW_EINVAL).  Any thread.  ctx is not owned by vow:
 * keep it alive until fn has run (under VOW_POOL_CANCEL fn may never run;
 * the promise then stays pending).  Everything the caller wrote before
 * vow_spawn() happens-before fn runs.
 * Returns a new reference.  Errors: VOW_EINVAL (pool or fn NULL),
 * VOW_ENOMEM (fn will not run).
 */
vow_promise *vow_spawn(vow_pool *pool, vow_thunk_fn fn, void *ctx);

/*
 * vow_spawn_signal - vow_spawn with a signal (vow/abort.h): if signal
 * aborts before the task starts, the task never runs and its promise
 * rejects with the reason at once; once it runs, the task may poll the
 * signal (vow_abort_signal_aborted) and stop early, and its outcome
 * settles the promise.  signal may be NULL (then this is vow_spawn); it is
 * borrowed.  Any thread.  Errors: as vow_spawn.
 */
vow_promise *vow_spawn_signal(vow_pool *pool, vow_thunk_fn fn, void *ctx,
			      vow_abort_signal *signal);

/* One item of vow_spawn_map: the outcome for index (return or throw). */
typedef vow_outcome (*vow_map_fn)(void *ctx, size_t index);

/*
 * vow_spawn_map - a parallel map on the pool: the promise
 * vow_promise_all(vow_pool_executor(pool), [vow_spawn(fn(ctx, i)) for i in
 * [0, n)]) would give, without a promise, a job or a reaction per item.
 * The index range is split recursively in halves across the workers (idle
 * workers steal the big halves); each worker runs a leaf range of items
 * one after another.  Any thread.
 *
 *   - fn(ctx, i) runs exactly once for every i in [0, n), on the pool's
 *     workers, in no particular order and concurrently.  Everything the
 *     caller wrote before vow_spawn_map() happens-before each fn.
 *   - The returned promise is fulfilled with a vow array of length n whose
 *     slot i holds the value fn returned for i.  A thenable or promise
 *     returned for an item is adopted as all() would: its fulfilment value
 *     fills the slot, its rejection rejects the result.  A promise value
 *     holding NULL rejects the result with a TypeError (VOW_EINVAL).
 *   - If fn throws for an item (or returns an outcome that is neither
 *     return nor throw: a TypeError with code VOW_EBADOUTCOME), the result
 *     is rejected with the first reason to arrive; the other items still
 *     run and their values are dropped.
 *   - n == 0: the promise is fulfilled at once with an empty array.
 *
 * ctx is not owned by vow: keep it alive until every fn has run.  A
 * fulfilled result means they all have; after a rejection some may still
 * be running (vow_pool_free waits for them).  Under VOW_POOL_CANCEL the
 * items of ranges still queued never run and the promise stays pending,
 * as vow_spawn's does.
 * Returns a new reference, created on vow_pool_executor(pool).
 * Errors: VOW_EINVAL (pool or fn NULL), VOW_ENOMEM (no fn will run).
 * Running out of memory while splitting is not an error: the range that
 * could not be split runs on one worker.
 */
vow_promise *vow_spawn_map(vow_pool *pool, size_t n, vow_map_fn fn, void *ctx);

/* Counters for benchmark users: sums over the workers since vow_pool_new. */
typedef struct vow_pool_stats {
	uint64_t tasks_run; /* jobs run by workers: spawns and handlers (vow's internal
			     * reactions, such as all()'s inputs, run inline) */
	uint64_t steals;    /* jobs taken from another worker's deque */
	uint64_t parks;     /* times a worker went to sleep in the kernel */
	uint64_t injected;  /* jobs posted from outside the pool (global queue) */
} vow_pool_stats;

/*
 * vow_pool_stats_read - any thread.  Each counter is read atomically but
 * not all at one instant; once the pool is quiescent (every promise of
 * interest settled and its handlers run) tasks_run and injected are exact.
 * Errors: VOW_EINVAL (pool or out NULL).
 */
int vow_pool_stats_read(const vow_pool *pool, vow_pool_stats *out);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif /* VOW_POOL_H */
