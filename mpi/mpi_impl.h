/*
 * mpi_impl.h - vow-mpi's insides, shared by its files:
 *
 *   context.c   vow_mpi_new / free, thread-level checks, shutdown, counters
 *   lock.c      the process-wide MPI lock (SERIALIZED) and the level
 *   poll.c      the poll source: batches of MPI_Testsome, the spin, settling
 *   start.c     vow_mpi_request and the wrappers (isend, irecv, ...)
 *
 * vow-mpi is built on vow's public headers alone, like a user's component:
 * it reaches the executor through vow/executor.h's poll sources and makes
 * promises with vow_promise_with_resolvers.
 *
 * A REQUEST'S PATH.  A caller (any thread) makes the request's promise and
 * its resolver and, under the context's lock, starts the MPI operation
 * straight into a free slot at the end of the context's inbox (a list:
 * requests and what vow needs of each, in two dense arrays); if the poller
 * said VOW_POLL_IDLE last it wakes the source.  The poller (one thread at
 * a time: vow/executor.h) appends the inbox to its own list of outstanding
 * requests, tests them batch by batch and settles the promises of
 * completed requests.  Entries are values in arrays, not linked records:
 * in a burst of 20,000 requests every step along a linked list misses the
 * cache, and a request took three such steps (perf: 13% of the burst).
 *
 * LOCKS, by rank (a lock may be taken while holding only lower ranks):
 *   1. vow__mpi_lock    (lock.c) around every MPI call at SERIALIZED;
 *                       recursive for its holder (vow_mpi_lock() is
 *                       public, and its holder may call vow_mpi_*).
 *                       Below SERIALIZED nothing is taken: every call,
 *                       vow's and the program's, is on the main thread.
 *   2. the context's lock (vow__mpi_ctx_lock): the inbox, m->idle,
 *                       m->state.  Below MULTIPLE it is the MPI lock
 *                       itself (none below SERIALIZED, where every
 *                       vow_mpi_* call and every poll is on the main
 *                       thread): a starter holds that for its MPI call
 *                       anyway, and a second lock cost every
 *                       request another acquisition; at MULTIPLE it is
 *                       m->lock.  A starter holds it around its MPI call,
 *                       so that a request is started only while the
 *                       context is open and is in the inbox before
 *                       shutdown looks.  Below MULTIPLE the poller keeps
 *                       it from taking the inbox to its first
 *                       MPI_Testsome: one acquisition where two were.
 *   3. the core's poll_lock (vow_poll_source_wake), a leaf: a starter
 *                       wakes the source holding the context's lock, so
 *                       that a concurrent vow_mpi_free cannot remove the
 *                       source in between; the core never calls the poll
 *                       function or its destructor holding poll_lock.
 * A starter at MULTIPLE takes 2 and 3; below, 1 (which is 2) and 3.  None
 * is held while a promise is settled.
 *
 * WHO OWNS WHAT.  The outstanding list (m->out), m->fresh, the spin's
 * state and the scratch arrays belong to whoever polls: the executor's
 * poller, or the thread that shuts the context down once the source is
 * gone (removal and closing both order that thread after the last poll:
 * vow/executor.h).
 */
#ifndef VOW_MPI_IMPL_H
#define VOW_MPI_IMPL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vow/error.h>
#include <vow/mpi.h>
#include <vow/promise.h>

/* What a request is, for its promise's value, its errors and shutdown. */
enum vow__mpi_kind {
	VOW__MPI_RECV,  /* status array; cancelled at shutdown */
	VOW__MPI_OTHER, /* undefined; waited for at shutdown */
};

/* What the poller needs of a request besides its MPI_Request. */
struct vow__mpi_entry {
	vow_resolver *resolver;    /* settles the request's promise; owned */
	MPI_Datatype datatype;     /* unit of a receive's count, or MPI_DATATYPE_NULL */
	const char *what;          /* the MPI call, for error messages */
	uint8_t kind;              /* enum vow__mpi_kind */
	uint8_t status_ignore;     /* fulfil a receive with undefined */
	/*
	 * MPI may complete it as cancelled outside shutdown: a request given
	 * to vow_mpi_request (a generalized request's owner may cancel it).
	 * A request a wrapper started is vow's alone, and vow cancels only at
	 * shutdown: its completion needs no MPI_Test_cancelled.
	 */
	uint8_t cancellable;
};

/*
 * Requests and their entries: reqs[i] is ents[i]'s, for i < n.  reqs is
 * dense so that one MPI_Testsome covers a batch of it.
 */
struct vow__mpi_list {
	MPI_Request *reqs;
	struct vow__mpi_entry *ents;
	size_t n, cap;
};

enum vow__mpi_state {
	VOW__MPI_OPEN = 0,
	VOW__MPI_CLOSED, /* shut down: the source is gone, every request finished */
};

struct vow_mpi {
	vow_executor *ex;
	/*
	 * A settled promise on ex, held for the context's life: promises keep
	 * their executor's handle alive (vow/executor.h, LIFETIMES 1), so ex
	 * stays a valid handle after the loop or pool is freed.
	 */
	vow_promise *anchor;
	vow_poll_source *source;

	/* ---- under the context's lock (LOCKS, 2) ---- */
	pthread_mutex_t lock; /* that lock at MULTIPLE */
	struct vow__mpi_list inbox; /* started, not yet the poller's */
	bool idle;  /* the poller last answered VOW_POLL_IDLE: wake it */
	int state;  /* enum vow__mpi_state */

	/* ---- the poller's (see WHO OWNS WHAT) ---- */
	struct vow__mpi_list out;    /* outstanding */
	bool fresh;                  /* activity since the last poll: spin */
	/*
	 * When that activity began (CLOCK_MONOTONIC ns); 0 if no clock was
	 * read for it: the next spin's start stands in (poll.c, THE SPIN).
	 */
	uint64_t active_at;
	/* The last spin gave up: requests still outstanding, none with a handler done. */
	bool missed;
	uint64_t spin_budget;        /* ns; adapts within [spin_ns / 16, 4 x spin_ns] */
	int *indices;                /* batch scratch for MPI_Testsome */
	MPI_Status *statuses;
	vow_resolver **done;         /* batch scratch: promises to settle, */
	vow_value *values;           /* what they settle with, */
	bool *fulfil;                /* and which way */

	/* ---- set at creation ---- */
	unsigned batch;
	int64_t spin_ns;
	bool funneled;     /* FUNNELED or SINGLE: main thread only */
	bool multiple;     /* MULTIPLE: the context's lock is m->lock */
	pthread_t main_thread;

	/* ---- counters (vow__mpi_count), read by anyone ---- */
	_Atomic uint64_t polls, tests, spins, spin_ns_total, completed; /* the poller's */
	_Atomic uint64_t added; /* under the context's lock */
};

/* ---- lock.c ------------------------------------------------------------- */

/*
 * The thread level MPI provides, read once (MPI_Query_thread) by the first
 * vow_mpi_new; every context of the process shares it.
 */
int vow__mpi_thread_level(void);
/*
 * Around each MPI call vow makes: the process-wide lock below MULTIPLE.
 * enter says whether it locked; give that to leave.
 */
bool vow__mpi_enter(void);
void vow__mpi_leave(bool locked);

/* The context's lock (LOCKS, 2); give what it returns to the unlock. */
static inline bool vow__mpi_ctx_lock(vow_mpi *m)
{
	if (!m->multiple)
		return vow__mpi_enter();
	pthread_mutex_lock(&m->lock);
	return true;
}

static inline void vow__mpi_ctx_unlock(vow_mpi *m, bool locked)
{
	if (!m->multiple)
		vow__mpi_leave(locked);
	else
		pthread_mutex_unlock(&m->lock);
}

/*
 * Add to a counter whose writers never overlap: the poller's (the core
 * orders each poll, and shutdown, after the previous poll) and `added`
 * (its writers hold the context's lock).  Relaxed: statistics, paired
 * with nothing (vow_mpi_stats_read promises no snapshot); a load and a
 * store, where a read-modify-write was a locked instruction per
 * MPI_Testsome, a third of the sweep's own time while it spins (perf).
 */
static inline void vow__mpi_count(_Atomic uint64_t *c, uint64_t by)
{
	atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed) + by,
			      memory_order_relaxed);
}

/* ---- poll.c --------------------------------------------------------------- */

/* The poll source's function (ctx is the vow_mpi). */
vow_poll_status vow__mpi_poll(void *ctx);
/* Room in l for `more` entries past l->n; false if memory runs out. */
bool vow__mpi_list_grow(struct vow__mpi_list *l, size_t more);

static inline bool vow__mpi_list_reserve(struct vow__mpi_list *l, size_t more)
{
	return more <= l->cap - l->n || vow__mpi_list_grow(l, more);
}
void vow__mpi_list_free(struct vow__mpi_list *l);
/*
 * Move every entry of *from to the end of the outstanding list; false
 * (and *from untouched) if memory runs out.
 */
bool vow__mpi_adopt_poller(vow_mpi *m, struct vow__mpi_list *from);
/*
 * One pass over every outstanding request, batch by batch; settles what
 * completed and returns how many, adding to *woke those whose promise had
 * a handler.  A request that completed cancelled
 * rejects with cancel_code (VOW_ECANCELED; VOW_ESHUTDOWN at shutdown).
 * mpi_held NULL: the caller holds no lock.  Otherwise it holds the MPI
 * lock (*mpi_held: what vow__mpi_enter said); the first batch is tested
 * under that hold, which the sweep lets go.
 */
size_t vow__mpi_sweep_poller(vow_mpi *m, int cancel_code, size_t *woke, const bool *mpi_held);
/*
 * Settle the promise of resolver r with v (moved) and release r.  No lock
 * held.  Returns whether the promise had a handler (settling it queued
 * work).
 */
bool vow__mpi_settle(vow_resolver *r, vow_value v, bool fulfil);
/*
 * The value a completed request settles with (*fulfil says which way),
 * from its entry, its status and err, its error (MPI_SUCCESS or an MPI
 * error code).  Under the MPI lock: it calls MPI_Test_cancelled,
 * MPI_Get_count and, for errors, MPI_Error_string.
 */
vow_value vow__mpi_outcome_locked(const struct vow__mpi_entry *e, MPI_Status *st,
				  int err, int cancel_code, bool *fulfil);
/* The rejection reason for MPI error code err from call `what` (MPI lock held). */
vow_value vow__mpi_error_locked(const char *what, int err);

/* ---- context.c ------------------------------------------------------------ */

/* The calling thread may make vow's MPI calls for m (FUNNELED: main only). */
bool vow__mpi_thread_ok(const vow_mpi *m);

#endif /* VOW_MPI_IMPL_H */
