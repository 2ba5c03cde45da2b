/*
 * start.c - requests in: vow_mpi_request and the wrappers that start an
 * operation and hand its request over (mpi_impl.h, A REQUEST'S PATH).
 *
 * Every entry point makes the record and its promise first (nothing is
 * started if that fails), then takes m->lock, checks the context is open,
 * starts the operation under the MPI lock, and appends the record to the
 * inbox before letting go of m->lock: shutdown, which closes the context
 * under m->lock, finds every request that was started in the inbox or in
 * the arrays.
 */
#include <stdlib.h>

#include "mpi_impl.h"

static void *fail(int code)
{
	vow_last_error_set(code);
	return NULL;
}

/*
 * A record and its promise, with m->lock held on success.  NULL (with the
 * code recorded) if m is NULL, the thread may not call, memory runs out or
 * m is shut down.
 */
static vow_promise *begin(vow_mpi *m, struct vow__mpi_req **out, enum vow__mpi_kind kind,
			  const char *what, MPI_Datatype datatype, bool status_ignore)
{
	struct vow__mpi_req *rec;
	vow_promise *p;

	if (m == NULL)
		return fail(VOW_EINVAL);
	if (!vow__mpi_thread_ok(m))
		return fail(VOW_ETHREAD);
	rec = malloc(sizeof *rec);
	if (rec == NULL)
		return fail(VOW_ENOMEM);
	p = vow_promise_with_resolvers(m->ex, &rec->resolver);
	if (p == NULL) { /* vow_last_error() says why */
		free(rec);
		return NULL;
	}
	rec->next = NULL;
	rec->req = MPI_REQUEST_NULL;
	rec->datatype = datatype;
	rec->what = what;
	rec->kind = (uint8_t)kind;
	rec->status_ignore = status_ignore;
	pthread_mutex_lock(&m->lock);
	if (m->state != VOW__MPI_OPEN) {
		pthread_mutex_unlock(&m->lock);
		vow__mpi_req_free(rec);
		vow_promise_release(p);
		return fail(VOW_ESHUTDOWN);
	}
	*out = rec;
	return p;
}

/* Hand rec (its request started) to the poller; drops m->lock. */
static void hand_over_locked(vow_mpi *m, struct vow__mpi_req *rec)
{
	/* Relaxed: a statistic (counted before the poller can complete it). */
	atomic_fetch_add_explicit(&m->added, 1, memory_order_relaxed);
	*m->inbox_tail = rec;
	m->inbox_tail = &rec->next;
	if (m->idle) {
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
	pthread_mutex_unlock(&m->lock);
}

/*
 * After the MPI call that should have started rec's request (rc its
 * result, locked what vow__mpi_enter said): hand it over, or reject its
 * promise with MPI's error.  Drops both locks; returns p.
 */
static vow_promise *started(vow_mpi *m, struct vow__mpi_req *rec, vow_promise *p, int rc,
			    bool locked)
{
	vow_value reason;

	if (rc == MPI_SUCCESS) {
		vow__mpi_leave(locked);
		hand_over_locked(m, rec);
		return p;
	}
	reason = vow__mpi_error_locked(rec->what, rc);
	vow__mpi_leave(locked);
	pthread_mutex_unlock(&m->lock);
	(void)vow__mpi_settle(rec, reason, false);
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
	hand_over_locked(m, rec);
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
