/*
 * start.c - requests in: vow_mpi_request and the wrappers that start an
 * operation and hand its request over (mpi_impl.h, A REQUEST'S PATH).
 *
 * Every entry point makes the promise first (nothing is started if that
 * fails); then, under m->lock, checks that the context is open, takes a
 * record and counts itself in m->starting; starts the operation holding
 * only the MPI lock; and, under m->lock again, appends the record to the
 * inbox and counts itself out.  Shutdown closes the context under m->lock
 * and waits until m->starting is 0 before it takes the inbox, so it finds
 * every request that was started, and no MPI call is ever made holding
 * m->lock (a program holding vow_mpi_lock() may call these: mpi_impl.h,
 * LOCKS).
 */
#include <stdlib.h>

#include "mpi_impl.h"

static void *fail(int code)
{
	vow_last_error_set(code);
	return NULL;
}

/*
 * A record and its promise, counted in m->starting.  NULL (with the code
 * recorded) if m is NULL, the thread may not call, memory runs out or m
 * is shut down.
 */
static vow_promise *begin(vow_mpi *m, struct vow__mpi_req **out, enum vow__mpi_kind kind,
			  const char *what, MPI_Datatype datatype, bool status_ignore)
{
	struct vow__mpi_req *rec;
	vow_resolver *r;
	vow_promise *p;
	int err = 0;

	if (m == NULL)
		return fail(VOW_EINVAL);
	if (!vow__mpi_thread_ok(m))
		return fail(VOW_ETHREAD);
	p = vow_promise_with_resolvers(m->ex, &r);
	if (p == NULL) /* vow_last_error() says why */
		return NULL;
	pthread_mutex_lock(&m->lock);
	rec = NULL;
	if (m->state != VOW__MPI_OPEN) {
		err = VOW_ESHUTDOWN;
	} else if ((rec = m->spare) != NULL) {
		m->spare = rec->next;
		m->nspare--;
	} else if ((rec = malloc(sizeof *rec)) == NULL) {
		err = VOW_ENOMEM;
	}
	if (err == 0)
		m->starting++;
	pthread_mutex_unlock(&m->lock);
	if (err != 0) {
		vow_resolver_release(r);
		vow_promise_release(p);
		return fail(err);
	}
	rec->next = NULL;
	rec->resolver = r;
	rec->req = MPI_REQUEST_NULL;
	rec->datatype = datatype;
	rec->what = what;
	rec->kind = (uint8_t)kind;
	rec->status_ignore = status_ignore;
	*out = rec;
	return p;
}

/* Count a starter out (m->lock held): a shutdown may be waiting for it. */
static void done_starting_locked(vow_mpi *m)
{
	if (--m->starting == 0 && m->state != VOW__MPI_OPEN)
		pthread_cond_broadcast(&m->started);
}

/* Hand rec (its request started) to the poller. */
static void hand_over(vow_mpi *m, struct vow__mpi_req *rec)
{
	pthread_mutex_lock(&m->lock);
	/* Relaxed: a statistic (counted before the poller can complete it). */
	atomic_fetch_add_explicit(&m->added, 1, memory_order_relaxed);
	*m->inbox_tail = rec;
	m->inbox_tail = &rec->next;
	if (m->idle && m->state == VOW__MPI_OPEN) {
		m->idle = false;
		/*
		 * Under m->lock: a vow_mpi_free on another thread cannot remove
		 * the source before this returns (mpi_impl.h, LOCKS).  The
		 * executor must not be closing meanwhile (vow/mpi.h): the check
		 * is a last defence, not a guarantee.
		 */
		if (!vow_executor_is_closed(m->ex))
			vow_poll_source_wake(m->source);
	}
	done_starting_locked(m);
	pthread_mutex_unlock(&m->lock);
}

/*
 * After the MPI call that should have started rec's request (rc its
 * result, locked what vow__mpi_enter said): hand it over, or reject its
 * promise with MPI's error.  Drops the MPI lock; returns p.
 */
static vow_promise *started(vow_mpi *m, struct vow__mpi_req *rec, vow_promise *p, int rc,
			    bool locked)
{
	vow_resolver *r;
	vow_value reason;

	if (rc == MPI_SUCCESS) {
		vow__mpi_leave(locked);
		hand_over(m, rec);
		return p;
	}
	reason = vow__mpi_error_locked(rec->what, rc);
	vow__mpi_leave(locked);
	/* The record was never handed over: back to the spares. */
	r = rec->resolver;
	pthread_mutex_lock(&m->lock);
	rec->next = m->spare;
	m->spare = rec;
	m->nspare++;
	done_starting_locked(m);
	pthread_mutex_unlock(&m->lock);
	(void)vow_resolver_reject(r, reason);
	vow_resolver_release(r);
	return p;
}

vow_promise *vow_mpi_request(vow_mpi *m, MPI_Request *req, MPI_Datatype datatype,
			     unsigned flags)
{
	struct vow__mpi_req *rec;
	vow_promise *p;

	if (req == NULL || *req == MPI_REQUEST_NULL ||
	    (flags & ~(unsigned)(VOW_MPI_RECV | VOW_MPI_STATUS_IGNORE)) != 0)
		return fail(VOW_EINVAL);
	p = begin(m, &rec, (flags & VOW_MPI_RECV) ? VOW__MPI_RECV : VOW__MPI_OTHER,
		  (flags & VOW_MPI_RECV) ? "MPI receive" : "MPI request",
		  (flags & VOW_MPI_RECV) ? datatype : MPI_DATATYPE_NULL,
		  (flags & VOW_MPI_STATUS_IGNORE) != 0);
	if (p == NULL)
		return NULL;
	rec->req = *req;
	*req = MPI_REQUEST_NULL;
	hand_over(m, rec);
	return p;
}

vow_promise *vow_mpi_isend(vow_mpi *m, const void *buf, int count, MPI_Datatype datatype,
			   int dest, int tag, MPI_Comm comm)
{
	struct vow__mpi_req *rec;
	vow_promise *p = begin(m, &rec, VOW__MPI_OTHER, "MPI_Isend", MPI_DATATYPE_NULL, true);
	bool locked;

	if (p == NULL)
		return NULL;
	locked = vow__mpi_enter();
	return started(m, rec, p, MPI_Isend(buf, count, datatype, dest, tag, comm, &rec->req),
		       locked);
}

vow_promise *vow_mpi_irecv(vow_mpi *m, void *buf, int count, MPI_Datatype datatype,
			   int source, int tag, MPI_Comm comm)
{
	struct vow__mpi_req *rec;
	vow_promise *p = begin(m, &rec, VOW__MPI_RECV, "MPI_Irecv", datatype, false);
	bool locked;

	if (p == NULL)
		return NULL;
	locked = vow__mpi_enter();
	return started(m, rec, p, MPI_Irecv(buf, count, datatype, source, tag, comm, &rec->req),
		       locked);
}

vow_promise *vow_mpi_ibarrier(vow_mpi *m, MPI_Comm comm)
{
	struct vow__mpi_req *rec;
	vow_promise *p = begin(m, &rec, VOW__MPI_OTHER, "MPI_Ibarrier", MPI_DATATYPE_NULL, true);
	bool locked;

	if (p == NULL)
		return NULL;
	locked = vow__mpi_enter();
	return started(m, rec, p, MPI_Ibarrier(comm, &rec->req), locked);
}

vow_promise *vow_mpi_ibcast(vow_mpi *m, void *buf, int count, MPI_Datatype datatype,
			    int root, MPI_Comm comm)
{
	struct vow__mpi_req *rec;
	vow_promise *p = begin(m, &rec, VOW__MPI_OTHER, "MPI_Ibcast", MPI_DATATYPE_NULL, true);
	bool locked;

	if (p == NULL)
		return NULL;
	locked = vow__mpi_enter();
	return started(m, rec, p, MPI_Ibcast(buf, count, datatype, root, comm, &rec->req),
		       locked);
}

vow_promise *vow_mpi_iallreduce(vow_mpi *m, const void *sendbuf, void *recvbuf, int count,
				MPI_Datatype datatype, MPI_Op op, MPI_Comm comm)
{
	struct vow__mpi_req *rec;
	vow_promise *p = begin(m, &rec, VOW__MPI_OTHER, "MPI_Iallreduce", MPI_DATATYPE_NULL, true);
	bool locked;

	if (p == NULL)
		return NULL;
	locked = vow__mpi_enter();
	return started(m, rec, p,
		       MPI_Iallreduce(sendbuf, recvbuf, count, datatype, op, comm, &rec->req),
		       locked);
}
