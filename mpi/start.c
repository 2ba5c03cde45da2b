/*
 * start.c - requests in: vow_mpi_request and the wrappers that start an
 * operation and hand its request over (mpi_impl.h, A REQUEST'S PATH).
 *
 * Every entry point makes the promise first (nothing is started if that
 * fails); then takes the context's lock (mpi_impl.h, LOCKS: below
 * MULTIPLE, the MPI lock its call needs), checks that the context is
 * open, makes room for one more entry in the inbox, starts the operation
 * into that slot and counts the entry in before letting go: shutdown,
 * which closes the context under that lock, finds every request that was
 * started in the inbox or in the poller's list.
 */
#include <stdlib.h>

#include "mpi_impl.h"

static void *fail(int code)
{
	vow_last_error_set(code);
	return NULL;
}

struct start {
	vow_promise *p;
	vow_resolver *r;
	bool locked; /* what vow__mpi_ctx_lock said */
};

/*
 * The promise, and room for its entry at the end of the inbox, with the
 * context's lock held; returns where the request goes (the entry is
 * filled in, not yet counted: finish does that).  NULL (with the code
 * recorded, no lock held) if m is NULL, the thread may not call, memory
 * runs out or m is shut down.
 */
static MPI_Request *begin(vow_mpi *m, struct start *st, enum vow__mpi_kind kind,
			  const char *what, MPI_Datatype datatype, bool status_ignore)
{
	struct vow__mpi_list *in;
	int err = 0;

	if (m == NULL || !vow__mpi_thread_ok(m))
		return fail(m == NULL ? VOW_EINVAL : VOW_ETHREAD);
	in = &m->inbox;
	st->p = vow_promise_with_resolvers(m->ex, &st->r);
	if (st->p == NULL) /* vow_last_error() says why */
		return NULL;
	st->locked = vow__mpi_ctx_lock(m);
	if (m->state != VOW__MPI_OPEN)
		err = VOW_ESHUTDOWN;
	else if (!vow__mpi_list_reserve(in, 1))
		err = VOW_ENOMEM;
	if (err != 0) {
		vow__mpi_ctx_unlock(m, st->locked);
		vow_resolver_release(st->r);
		vow_promise_release(st->p);
		return fail(err);
	}
	in->ents[in->n] = (struct vow__mpi_entry){
		.resolver = st->r,
		.datatype = datatype,
		.what = what,
		.kind = (uint8_t)kind,
		.status_ignore = status_ignore,
	};
	in->reqs[in->n] = MPI_REQUEST_NULL;
	return &in->reqs[in->n];
}

/*
 * After the MPI call that should have started the request begin made
 * room for (rc its result): count the entry in for the poller, or reject
 * the promise with MPI's error.  Lets go of the lock; returns the promise.
 */
static vow_promise *finish(vow_mpi *m, struct start *st, int rc)
{
	struct vow__mpi_list *in = &m->inbox;
	vow_value reason;

	if (rc == MPI_SUCCESS) {
		vow__mpi_count(&m->added, 1); /* before the poller can complete it */
		in->n++;
		if (m->idle) {
			m->idle = false;
			/*
			 * Under the context's lock: a vow_mpi_free on another
			 * thread cannot remove the source before this returns.
			 * The executor must not be closing meanwhile (vow/mpi.h):
			 * the check is a last defence, not a guarantee.
			 */
			if (!vow_executor_is_closed(m->ex))
				vow_poll_source_wake(m->source);
		}
		vow__mpi_ctx_unlock(m, st->locked);
		return st->p;
	}
	/* Never counted in: the slot is free again. */
	reason = vow__mpi_error_locked(in->ents[in->n].what, rc);
	vow__mpi_ctx_unlock(m, st->locked);
	(void)vow_resolver_reject(st->r, reason);
	vow_resolver_release(st->r);
	return st->p;
}

vow_promise *vow_mpi_request(vow_mpi *m, MPI_Request *req, MPI_Datatype datatype,
			     unsigned flags)
{
	struct start st;
	bool recv = (flags & VOW_MPI_RECV) != 0;
	MPI_Request *slot;

	if (req == NULL || *req == MPI_REQUEST_NULL ||
	    (flags & ~(unsigned)(VOW_MPI_RECV | VOW_MPI_STATUS_IGNORE)) != 0)
		return fail(VOW_EINVAL);
	slot = begin(m, &st, recv ? VOW__MPI_RECV : VOW__MPI_OTHER,
		     recv ? "MPI receive" : "MPI request", recv ? datatype : MPI_DATATYPE_NULL,
		     (flags & VOW_MPI_STATUS_IGNORE) != 0);
	if (slot == NULL)
		return NULL;
	*slot = *req;
	m->inbox.ents[m->inbox.n].cancellable = true;
	*req = MPI_REQUEST_NULL;
	return finish(m, &st, MPI_SUCCESS);
}

vow_promise *vow_mpi_isend(vow_mpi *m, const void *buf, int count, MPI_Datatype datatype,
			   int dest, int tag, MPI_Comm comm)
{
	struct start st;
	MPI_Request *slot = begin(m, &st, VOW__MPI_OTHER, "MPI_Isend", MPI_DATATYPE_NULL, true);

	if (slot == NULL)
		return NULL;
	return finish(m, &st, MPI_Isend(buf, count, datatype, dest, tag, comm, slot));
}

vow_promise *vow_mpi_irecv(vow_mpi *m, void *buf, int count, MPI_Datatype datatype,
			   int source, int tag, MPI_Comm comm)
{
	struct start st;
	MPI_Request *slot = begin(m, &st, VOW__MPI_RECV, "MPI_Irecv", datatype, false);

	if (slot == NULL)
		return NULL;
	return finish(m, &st, MPI_Irecv(buf, count, datatype, source, tag, comm, slot));
}

vow_promise *vow_mpi_ibarrier(vow_mpi *m, MPI_Comm comm)
{
	struct start st;
	MPI_Request *slot = begin(m, &st, VOW__MPI_OTHER, "MPI_Ibarrier", MPI_DATATYPE_NULL, true);

	if (slot == NULL)
		return NULL;
	return finish(m, &st, MPI_Ibarrier(comm, slot));
}

vow_promise *vow_mpi_ibcast(vow_mpi *m, void *buf, int count, MPI_Datatype datatype,
			    int root, MPI_Comm comm)
{
	struct start st;
	MPI_Request *slot = begin(m, &st, VOW__MPI_OTHER, "MPI_Ibcast", MPI_DATATYPE_NULL, true);

	if (slot == NULL)
		return NULL;
	return finish(m, &st, MPI_Ibcast(buf, count, datatype, root, comm, slot));
}

vow_promise *vow_mpi_iallreduce(vow_mpi *m, const void *sendbuf, void *recvbuf, int count,
				MPI_Datatype datatype, MPI_Op op, MPI_Comm comm)
{
	struct start st;
	MPI_Request *slot =
		begin(m, &st, VOW__MPI_OTHER, "MPI_Iallreduce", MPI_DATATYPE_NULL, true);

	if (slot == NULL)
		return NULL;
	return finish(m, &st,
		      MPI_Iallreduce(sendbuf, recvbuf, count, datatype, op, comm, slot));
}
