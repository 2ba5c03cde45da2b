/*
 * vow/mpi.h - MPI requests as promises: the optional component vow-mpi
 * (libvow-mpi, pkg-config vow-mpi, CMake vow::vow_mpi).  Built when Open MPI
 * (or another MPI) is found; vow/vow.h does not include this header and
 * libvow does not depend on MPI.
 *
 *     vow_mpi *m = vow_mpi_new(vow_loop_executor(loop), NULL);
 *     vow_promise *got = vow_mpi_irecv(m, buf, 64, MPI_INT, MPI_ANY_SOURCE, 7, comm);
 *     vow_promise *all = vow_promise_all(ex, items, n);   // local and remote work
 *     vow_loop_run(loop);                                 // MPI progresses meanwhile
 *
 * A CONTEXT (vow_mpi) is one completion source (vow/executor.h, poll
 * sources) on one executor: the loop or the pool.  Every request given to
 * it gets a promise on that executor, settled when MPI says the request is
 * complete.  The context polls its outstanding requests once per poll of
 * the executor (the loop: once per iteration and while idle; the pool: at
 * fairness steps and by one idle worker), all of them, with MPI_Testsome
 * over batches of `batch` requests.  With no request outstanding it
 * answers VOW_POLL_IDLE and the executor stops polling it (an idle loop
 * returns from vow_loop_run, an idle pool sleeps) until a request is
 * added, which wakes it (vow_poll_source_wake).
 *
 * WHAT A PROMISE SETTLES WITH.
 *   - A receive (vow_mpi_irecv, or vow_mpi_request with VOW_MPI_RECV)
 *     fulfils with a status array of three VOW_INT values, indexed by
 *     VOW_MPI_SOURCE, VOW_MPI_TAG and VOW_MPI_COUNT: the sender's rank, the
 *     tag and the number of elements of the datatype received
 *     (MPI_Get_count: MPI_UNDEFINED if not a whole number; -1 when the
 *     datatype was MPI_DATATYPE_NULL).  With VOW_MPI_STATUS_IGNORE it
 *     fulfils with undefined instead (no array is made).
 *   - Anything else (a send, a collective, a request given without
 *     VOW_MPI_RECV) fulfils with undefined: MPI defines no status fields
 *     for them.  A collective's result is in its buffer.
 *   - A request that MPI completes with an error rejects with an error
 *     value named "MPIError" whose code (vow_error_code) is the MPI error
 *     class (MPI_ERR_TRUNCATE, ...: positive, so never one of vow's own
 *     negative codes) and whose message is "<operation>: <MPI_Error_string
 *     of the error code>", e.g. "MPI_Irecv: MPI_ERR_TRUNCATE: message
 *     truncated".  A wrapper whose MPI call fails at once (an invalid
 *     rank, ...) returns a promise already rejected the same way.
 *     MPI reports errors only to communicators whose error handler returns
 *     them: set MPI_ERRORS_RETURN on every communicator you use with
 *     vow-mpi (MPI_Comm_set_errhandler(comm, MPI_ERRORS_RETURN)); vow does
 *     not change handlers.  Under the default MPI_ERRORS_ARE_FATAL, MPI
 *     aborts the job on an error before vow sees it.
 *   - A request cancelled at shutdown (below) rejects with code
 *     VOW_ESHUTDOWN; a request that completes as cancelled otherwise (a
 *     generalized request cancelled by its owner) with VOW_ECANCELED.
 * Everything MPI wrote into the request's buffer happens-before every
 * handler of its promise.
 *
 * THREAD LEVELS (MPI_Query_thread, checked by vow_mpi_new):
 *   MPI_THREAD_MULTIPLE     any executor; vow makes its MPI calls without a
 *                           lock (the poll of one context still never runs
 *                           on two threads at once).
 *   MPI_THREAD_SERIALIZED   any executor.  Every MPI call vow makes, from
 *                           whatever thread (the poller, a wrapper called
 *                           by a pool worker), is made holding one
 *                           process-wide lock, so no two of them overlap.
 *                           Your own MPI calls must not overlap them
 *                           either: make them under vow_mpi_lock(), or
 *                           only from the thread that runs the context's
 *                           executor when that executor is the loop (the
 *                           loop polls on its owner thread, between your
 *                           handlers).
 *   MPI_THREAD_FUNNELED,    only the loop executor of the main thread: ex
 *   MPI_THREAD_SINGLE       must be the executor the main thread runs
 *                           (vow_executor_current() on the main thread),
 *                           so that every poll runs there, and every
 *                           vow_mpi_* call must be made on the main
 *                           thread (VOW_ETHREAD otherwise).  A pool or any
 *                           other thread gives VOW_ENOTSUP.  (SINGLE is
 *                           treated as FUNNELED: vow starts no thread for
 *                           the loop.)
 *
 * THE COST OF WAITING.  While requests are outstanding the executor keeps
 * polling: the loop and the pool back off from 16 us to 1 ms between
 * polls of a source that reports VOW_POLL_PENDING (vow/loop.h,
 * vow/pool.h), and each poll is one MPI_Testsome per batch.  To keep
 * latency low, a poll right after activity (requests were added, or the
 * previous poll completed some) keeps testing until a request whose
 * promise has a handler completes, or for its spin budget, before it
 * answers VOW_POLL_PENDING.  The budget starts at spin_us (default 1000,
 * the executors' longest back-off) and adapts to what the context waits
 * for: replies that come just after it gave up (a peer polling with
 * back-off, as two vow programs answering each other do when they fall
 * out of step) double it, up to 4 x spin_us, so the next exchange is
 * caught; replies that take far longer (work on the other side) halve it,
 * down to spin_us / 16.  That time is taken from the executor's thread:
 * the loop's other tasks, or one pool worker's jobs, wait for it.  A poll
 * spins only while one batch holds every outstanding request, stops when
 * another thread starts a request, and offers its CPU every 20 us
 * (sched_yield), so that a thread starting requests is not kept waiting.
 * Set spin_us negative to never spin.  The measured cost is in README.md,
 * "Past one machine".
 *
 * SHUTDOWN.  A context shuts down when vow_mpi_free() is called or when its
 * executor closes first (vow_loop_free, vow_pool_shutdown), whichever comes
 * first.  It then finishes every request it still holds, on the thread
 * that shuts it down, and leaves none behind:
 *   1. a last test: requests that completed settle as usual;
 *   2. receives still pending are cancelled (MPI_Cancel) and completed;
 *      those the cancel caught reject with VOW_ESHUTDOWN ("cancelled at
 *      shutdown"), those that completed first settle as usual;
 *   3. every other request (sends, collectives: MPI cannot cancel them
 *      portably) is waited for, progressing MPI, until it completes, and
 *      then settles as usual: as MPI_Finalize would, shutdown blocks until
 *      the program's peers do their part.
 * Promises settled after the executor closed run no handler (their jobs
 * are discarded, vow/executor.h); their state and result can still be
 * read.  After shutdown every call but vow_mpi_stats_read and
 * vow_mpi_free fails with VOW_ESHUTDOWN.  Free every context before
 * MPI_Finalize.
 *
 * NOT SUPPORTED: persistent requests (MPI_Send_init, ...): vow frees each
 * request it completes.  A request must be given to vow only once.
 */
#ifndef VOW_MPI_H
#define VOW_MPI_H

#include <stdint.h>

#include <mpi.h>

#include <vow/executor.h>

#ifdef __cplusplus
extern "C" {
#endif

#pragma GCC visibility push(default)

/* A context: one poll source on one executor (opaque; A CONTEXT above). */
typedef struct vow_mpi vow_mpi;

/* What vow_mpi_new may be told; a zero field takes its default. */
typedef struct vow_mpi_options {
	/* Requests per MPI_Testsome call; 0: 256. */
	unsigned batch;
	/*
	 * How long a poll keeps testing after activity before it reports
	 * VOW_POLL_PENDING, in microseconds: the starting budget, which then
	 * adapts between spin_us / 16 and 4 x spin_us (THE COST OF WAITING);
	 * 0: 1000; negative: never.
	 */
	int spin_us;
} vow_mpi_options;

/*
 * vow_mpi_new - a context whose promises live on ex and whose poll source
 * ex polls.  opts may be NULL (all defaults).  MPI must be initialised and
 * not finalised.  Any thread, except at MPI_THREAD_FUNNELED and SINGLE
 * (see THREAD LEVELS).  Several contexts may share one executor.  The
 * context is owned by the caller: free it with vow_mpi_free().
 * Errors (NULL + vow_last_error()): VOW_EINVAL (ex NULL, MPI not
 * initialised or already finalised), VOW_ENOTSUP (ex takes no poll
 * sources - the inline executor - or the thread level does not allow ex),
 * VOW_ETHREAD (FUNNELED or SINGLE and not the main thread), VOW_ESHUTDOWN
 * (ex is closed), VOW_ENOMEM.  Nothing is left behind.
 */
vow_mpi *vow_mpi_new(vow_executor *ex, const vow_mpi_options *opts);

/*
 * vow_mpi_free - shut the context down (SHUTDOWN above: outstanding
 * receives are cancelled, other requests waited for) and free it.  NULL is
 * a no-op.  Any thread allowed to make MPI calls (FUNNELED: the main
 * thread), including a handler running on the context's executor; not
 * while the executor is being closed on another thread (call it before or
 * after, not during), and not while holding vow_mpi_lock().  Call it
 * before MPI_Finalize.  m is invalid afterwards; the promises it made stay
 * valid.
 */
void vow_mpi_free(vow_mpi *m);

/* The executor m's promises live on (borrowed); NULL for NULL.  Any thread. */
vow_executor *vow_mpi_executor(const vow_mpi *m);

/* ---- requests ------------------------------------------------------------ */

/* Indexes of a receive's status array. */
enum vow_mpi_status_index {
	VOW_MPI_SOURCE = 0,
	VOW_MPI_TAG = 1,
	VOW_MPI_COUNT = 2,
};

/* Flags of vow_mpi_request. */
enum vow_mpi_request_flags {
	/*
	 * The request is a receive: its promise fulfils with the status array,
	 * and shutdown cancels it.
	 */
	VOW_MPI_RECV = 1u << 0,
	/* Fulfil with undefined instead of the status array (receives). */
	VOW_MPI_STATUS_IGNORE = 1u << 1,
};

/*
 * vow_mpi_request - hand an active, non-persistent request to m: the
 * returned promise settles when it completes (WHAT A PROMISE SETTLES
 * WITH).  datatype is the unit of the receive's count (MPI_DATATYPE_NULL:
 * no count; ignored without VOW_MPI_RECV); flags are vow_mpi_request_flags.
 *
 * On success vow owns the request and sets *req to MPI_REQUEST_NULL: do not
 * test, wait for, cancel or free it yourself; vow frees it when it
 * completes.  On failure *req is untouched and still yours.
 * Any thread (FUNNELED: the main thread); the request may have been
 * started on any thread.  Returns a new reference.
 * Errors (NULL + vow_last_error()): VOW_EINVAL (m or req NULL, *req is
 * MPI_REQUEST_NULL, unknown flag), VOW_ETHREAD, VOW_ESHUTDOWN (m shut
 * down), VOW_ENOMEM.
 */
vow_promise *vow_mpi_request(vow_mpi *m, MPI_Request *req, MPI_Datatype datatype,
			     unsigned flags);

/*
 * The wrappers start one nonblocking operation (the MPI_I* call of the
 * same name, same arguments) and return its promise.  The buffers must
 * stay valid, and a send's unchanged, until the promise settles.  A
 * receive fulfils with the status array, everything else with undefined.
 * If MPI refuses to start the operation the promise is returned already
 * rejected with the MPIError (and no request exists).
 * Any thread (FUNNELED: the main thread); at SERIALIZED the MPI call is
 * made under vow's lock.  Returns a new reference.
 * Errors (NULL + vow_last_error(); nothing was started): VOW_EINVAL (m
 * NULL), VOW_ETHREAD, VOW_ESHUTDOWN, VOW_ENOMEM.
 */
vow_promise *vow_mpi_isend(vow_mpi *m, const void *buf, int count, MPI_Datatype datatype,
			   int dest, int tag, MPI_Comm comm);
vow_promise *vow_mpi_irecv(vow_mpi *m, void *buf, int count, MPI_Datatype datatype,
			   int source, int tag, MPI_Comm comm);
vow_promise *vow_mpi_ibarrier(vow_mpi *m, MPI_Comm comm);
vow_promise *vow_mpi_ibcast(vow_mpi *m, void *buf, int count, MPI_Datatype datatype,
			    int root, MPI_Comm comm);
vow_promise *vow_mpi_iallreduce(vow_mpi *m, const void *sendbuf, void *recvbuf, int count,
				MPI_Datatype datatype, MPI_Op op, MPI_Comm comm);

/* ---- serialising your own MPI calls (MPI_THREAD_SERIALIZED) ----------------- */

/*
 * vow_mpi_lock / vow_mpi_unlock - the process-wide lock vow holds around
 * each MPI call it makes at MPI_THREAD_SERIALIZED (at MULTIPLE vow does not
 * take it).  Hold it around your own MPI calls from any thread that is not
 * the loop's owner, so that they never overlap vow's.  Recursive: vow_mpi_*
 * calls may be made while holding it, except vow_mpi_free (it waits for
 * the poller, which may be waiting for the lock).  Hold it briefly: every
 * poller in the process waits while you do.  Any thread.  Cannot fail.
 */
void vow_mpi_lock(void);
void vow_mpi_unlock(void);

/* ---- counters -------------------------------------------------------------- */

/* A context's counters since vow_mpi_new (vow_mpi_stats_read). */
typedef struct vow_mpi_stats {
	uint64_t polls;       /* times the executor called the poll function */
	uint64_t tests;       /* MPI_Testsome calls */
	uint64_t spins;       /* polls that kept testing after activity */
	uint64_t spin_ns;     /* time spent in those extra tests */
	uint64_t added;       /* requests taken */
	uint64_t completed;   /* requests settled (fulfilled or rejected) */
	uint64_t outstanding; /* added - completed */
} vow_mpi_stats;

/*
 * vow_mpi_stats_read - any thread, also after shutdown.  Each counter is
 * read atomically, not all at one instant.  Nothing is owned: *out is
 * filled in.
 * Errors: VOW_EINVAL (m or out NULL).
 */
int vow_mpi_stats_read(const vow_mpi *m, vow_mpi_stats *out);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif /* VOW_MPI_H */
