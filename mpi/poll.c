/*
 * poll.c - the context's poll source (vow/executor.h): every outstanding
 * request tested once per poll with MPI_Testsome, `batch` at a time; a
 * short spin after activity; the promises of completed requests settled.
 *
 * THE ARRAYS.  m->out.reqs[0..n) are the outstanding requests, ents[i] the
 * entry of reqs[i].  MPI_Testsome sets a completed request to
 * MPI_REQUEST_NULL; the sweep clears ents[i].resolver too and, once the
 * whole pass is done, closes the gaps in one stable pass.  (Removing each
 * at once by moving the last one into its place would move untested
 * requests behind the pass.)
 *
 * WHAT A POLL ANSWERS.
 *   VOW_POLL_IDLE      nothing outstanding and nothing in the inbox; m->idle
 *                      is set under the context's lock in the same step,
 *                      so a starter that comes after sees it and wakes the
 *                      source, and one that came before left its request
 *                      in the inbox;
 *   VOW_POLL_PROGRESS  at least one request completed (its promise settled);
 *   VOW_POLL_PENDING   requests outstanding, none completed.
 *
 * THE SPIN.  A poll that finds nothing with a handler complete right
 * after activity (new requests adopted, or the previous poll completed
 * some) keeps sweeping for up to its budget before answering.  A
 * ping-pong's reply typically comes within microseconds of its send;
 * without the spin the executor would sleep at least its 16 us back-off
 * (plus the kernel's timer slack) before looking again, and two vow
 * programs answering each other would each wait for the other's back-off:
 * 6.9 ms per round trip measured on the pool without a spin.  Polls
 * without recent activity test once and return, so a request that takes
 * long costs one sweep per executor poll, at the executor's back-off.
 * The budget starts at spin_ns and adapts (adapt_spin).
 *
 * A spin is for the latency of a few requests, and gives way to
 * everything else:
 *   - it starts only when one MPI_Testsome covers every request: a sweep
 *     of thousands is a lock and a call per batch, each time round;
 *   - it ends when another thread starts a request (the starter is busy,
 *     so what the spin waits for is not the only thing left; the next
 *     poll takes the new requests);
 *   - every SPIN_YIELD_NS it offers its CPU (sched_yield): a pool worker
 *     woken by a starter may be put on the starter's CPU and would
 *     otherwise keep it off until the budget ran out.
 * Measured on the pool, in the throughput benchmark (main starts 20,000
 * requests while the worker polls): a spin kept main off its CPU for the
 * whole budget (1-4 ms) at the start of each burst, and spins over
 * thousands of requests made 50,000-200,000 MPI_Testsome calls per run
 * where 2,000 do.
 */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mpi_impl.h"

/* How long the spin runs before it offers its CPU (THE SPIN): 20 us. */
enum { SPIN_YIELD_NS = 20000 };

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- values -------------------------------------------------------------------- */

vow_value vow__mpi_error_locked(const char *what, int err)
{
	char text[MPI_MAX_ERROR_STRING];
	int len = 0;
	int cls = err;

	if (MPI_Error_class(err, &cls) != MPI_SUCCESS)
		cls = err;
	if (MPI_Error_string(err, text, &len) != MPI_SUCCESS || len <= 0)
		len = snprintf(text, sizeof text, "MPI error %d", err);
	return vow_error_named(cls, "MPIError", "%s: %.*s", what, len, text);
}

vow_value vow__mpi_outcome_locked(const struct vow__mpi_entry *e, MPI_Status *st, int err,
				  int cancel_code, bool *fulfil)
{
	int cancelled = 0;
	int n = -1;
	vow_value a;

	*fulfil = false;
	if (err != MPI_SUCCESS)
		return vow__mpi_error_locked(e->what, err);
	if ((e->cancellable || cancel_code == VOW_ESHUTDOWN) &&
	    MPI_Test_cancelled(st, &cancelled) == MPI_SUCCESS && cancelled) {
		return vow_error(cancel_code, "%s: cancelled%s", e->what,
				 cancel_code == VOW_ESHUTDOWN ? " at shutdown" : "");
	}
	*fulfil = true;
	if (e->kind != VOW__MPI_RECV || e->status_ignore)
		return vow_undefined();
	if (e->datatype != MPI_DATATYPE_NULL && MPI_Get_count(st, e->datatype, &n) != MPI_SUCCESS)
		n = -1;
	a = vow_array_of(3, (vow_value[]){ [VOW_MPI_SOURCE] = vow_int(st->MPI_SOURCE),
					   [VOW_MPI_TAG] = vow_int(st->MPI_TAG),
					   [VOW_MPI_COUNT] = vow_int(n) });
	if (vow_is_error(a)) /* out of memory: the shared error rejects */
		*fulfil = false;
	return a;
}

bool vow__mpi_settle(vow_resolver *r, vow_value v, bool fulfil)
{
	/*
	 * A snapshot: a handler attached from another thread right after it
	 * is read gets its job from the attach (the promise is settled by
	 * then), so nothing is lost if it says false.
	 */
	bool handled = vow_promise_is_handled(vow_resolver_promise(r));

	if (fulfil)
		(void)vow_resolver_resolve(r, v);
	else
		(void)vow_resolver_reject(r, v);
	vow_resolver_release(r);
	return handled;
}

/* ---- the lists -------------------------------------------------------------------- */

bool vow__mpi_list_grow(struct vow__mpi_list *l, size_t more)
{
	size_t cap = l->cap ? l->cap : 16;
	MPI_Request *reqs;
	struct vow__mpi_entry *ents;

	while (cap - l->n < more) {
		if (cap > (size_t)-1 / 2 / sizeof *ents)
			return false;
		cap *= 2;
	}
	reqs = realloc(l->reqs, cap * sizeof *reqs);
	if (reqs == NULL)
		return false;
	l->reqs = reqs;
	ents = realloc(l->ents, cap * sizeof *ents);
	if (ents == NULL)
		return false; /* reqs is bigger than cap says: harmless */
	l->ents = ents;
	l->cap = cap;
	return true;
}

void vow__mpi_list_free(struct vow__mpi_list *l)
{
	free(l->reqs);
	free(l->ents);
}

bool vow__mpi_adopt_poller(vow_mpi *m, struct vow__mpi_list *from)
{
	struct vow__mpi_list *out = &m->out;

	if (from->n == 0)
		return true;
	if (out->n == 0) {
		/* Nothing outstanding (a burst's start, or each ping-pong step): trade places. */
		struct vow__mpi_list t = *out;

		*out = *from;
		*from = t;
		return true;
	}
	if (!vow__mpi_list_reserve(out, from->n))
		return false;
	memcpy(&out->reqs[out->n], from->reqs, from->n * sizeof *from->reqs);
	memcpy(&out->ents[out->n], from->ents, from->n * sizeof *from->ents);
	out->n += from->n;
	from->n = 0;
	return true;
}

/* Close the gaps the sweep left (ents[i].resolver == NULL), keeping the order. */
static void compact(struct vow__mpi_list *l)
{
	size_t j = 0;

	for (size_t i = 0; i < l->n; i++) {
		if (l->ents[i].resolver == NULL)
			continue;
		l->reqs[j] = l->reqs[i];
		l->ents[j] = l->ents[i];
		j++;
	}
	l->n = j;
}

/*
 * Entry i completed: its resolver goes to the batch's k-th done slot,
 * with v, and its request is freed if MPI left it.  Under the MPI lock.
 */
static void take_done_locked(vow_mpi *m, size_t i, size_t k, vow_value v, bool fulfil)
{
	struct vow__mpi_list *out = &m->out;

	m->values[k] = v;
	m->fulfil[k] = fulfil;
	/*
	 * A request that failed is freed by the error handler invocation in
	 * Open MPI, left to the caller in the standard's words: free it if
	 * it is still there.
	 */
	if (out->reqs[i] != MPI_REQUEST_NULL)
		(void)MPI_Request_free(&out->reqs[i]);
	out->reqs[i] = MPI_REQUEST_NULL; /* even if MPI would not free it */
	m->done[k] = out->ents[i].resolver;
	out->ents[i].resolver = NULL;
}

/*
 * MPI_Testsome itself failed (not MPI_ERR_IN_STATUS): an argument MPI
 * rejects.  Find the culprits one request at a time; each that errs is
 * finished with its error.  Returns the number finished; fills m->done and
 * m->values.  Under the MPI lock.
 */
static size_t test_each_locked(vow_mpi *m, size_t pos, size_t len, int cancel_code)
{
	struct vow__mpi_list *out = &m->out;
	size_t k = 0;

	for (size_t i = pos; i < pos + len; i++) {
		MPI_Status st;
		int flag = 0;
		int rc;
		bool fulfil;
		vow_value v;

		if (out->ents[i].resolver == NULL)
			continue;
		rc = MPI_Test(&out->reqs[i], &flag, &st);
		if (rc == MPI_SUCCESS && !flag)
			continue;
		v = vow__mpi_outcome_locked(&out->ents[i], &st, rc, cancel_code, &fulfil);
		take_done_locked(m, i, k++, v, fulfil);
	}
	return k;
}

/*
 * Test out.reqs[pos, pos + len) once; settle what completed.  Returns how
 * many; adds to *woke those whose promise had a handler.  mpi_held: as
 * vow__mpi_sweep_poller's.
 */
static size_t test_batch(vow_mpi *m, size_t pos, size_t len, int cancel_code, size_t *woke,
			 const bool *mpi_held)
{
	struct vow__mpi_list *out = &m->out;
	int outcount = 0;
	size_t k = 0;
	bool locked = mpi_held != NULL ? *mpi_held : vow__mpi_enter();
	int rc = MPI_Testsome((int)len, &out->reqs[pos], &outcount, m->indices, m->statuses);

	if (rc == MPI_SUCCESS || rc == MPI_ERR_IN_STATUS) {
		if (outcount == MPI_UNDEFINED)
			outcount = 0;
		for (int j = 0; j < outcount; j++) {
			size_t i = pos + (size_t)m->indices[j];
			/* The error field is set only with MPI_ERR_IN_STATUS. */
			int err = rc == MPI_ERR_IN_STATUS ? m->statuses[j].MPI_ERROR : MPI_SUCCESS;
			bool fulfil;
			vow_value v = vow__mpi_outcome_locked(&out->ents[i], &m->statuses[j], err,
							      cancel_code, &fulfil);

			take_done_locked(m, i, k++, v, fulfil);
		}
	} else {
		k = test_each_locked(m, pos, len, cancel_code);
	}
	vow__mpi_leave(locked);
	vow__mpi_count(&m->tests, 1);
	/* Counted first: whoever sees a promise settled sees it counted. */
	if (k > 0)
		vow__mpi_count(&m->completed, k);
	for (size_t j = 0; j < k; j++)
		*woke += vow__mpi_settle(m->done[j], m->values[j], m->fulfil[j]);
	return k;
}

size_t vow__mpi_sweep_poller(vow_mpi *m, int cancel_code, size_t *woke, const bool *mpi_held)
{
	size_t total = 0;

	size_t n = m->out.n;

	if (n == 0 && mpi_held != NULL)
		vow__mpi_leave(*mpi_held);
	for (size_t pos = 0; pos < n; pos += m->batch) {
		size_t len = n - pos < m->batch ? n - pos : m->batch;

		total += test_batch(m, pos, len, cancel_code, woke, mpi_held);
		mpi_held = NULL;
	}
	if (total > 0)
		compact(&m->out);
	return total;
}

/* ---- the poll function ----------------------------------------------------------- */

/*
 * The spin's budget follows what the context waits for (THE SPIN, above).
 * lag is the time from the activity a poll spun after to the completion
 * of a request with a handler:
 *   - within the budget: seen while spinning; keep it;
 *   - up to 8 x spin_ns: just missed, as when the peer is a vow program
 *     polling with back-off and the two fell out of step (each then sees
 *     the other's message one back-off late: measured, 1.1 ms between
 *     polls on the loop and 2.1 ms on the pool, whose parking waits
 *     longer than its 1 ms back-off): double it, up to 4 x spin_ns, so
 *     that the next exchange is seen and both are in step again;
 *   - longer: real work on the other side, which spinning would not have
 *     caught: halve it, down to spin_ns / 16, so a context waiting for
 *     slow replies spins little.
 */
static void adapt_spin(vow_mpi *m, uint64_t lag)
{
	uint64_t base = (uint64_t)m->spin_ns, b = m->spin_budget;

	if (base == 0 || lag <= b)
		return;
	if (lag <= 8 * base)
		b = 2 * b < 4 * base ? 2 * b : 4 * base;
	else
		b = b / 2 > base / 16 ? b / 2 : base / 16;
	m->spin_budget = b;
}

vow_poll_status vow__mpi_poll(void *ctx)
{
	vow_mpi *m = ctx;
	size_t done, woke = 0;
	uint64_t t = 0; /* the spin's last clock reading */
	bool locked;

	vow__mpi_count(&m->polls, 1);
	locked = vow__mpi_ctx_lock(m);
	if (m->inbox.n == 0 && m->out.n == 0) {
		m->idle = true; /* the next starter wakes the source */
		m->fresh = false;
		vow__mpi_ctx_unlock(m, locked);
		return VOW_POLL_IDLE;
	}
	if (m->inbox.n > 0) {
		if (!m->fresh)
			m->active_at = 0; /* the spin's start stands in */
		m->fresh = true;
		/* If memory runs out the inbox stays as it is, for the next poll. */
		(void)vow__mpi_adopt_poller(m, &m->inbox);
	}
	if (m->multiple) {
		vow__mpi_ctx_unlock(m, locked);
		done = vow__mpi_sweep_poller(m, VOW_ECANCELED, &woke, NULL);
	} else {
		/* The context's lock is the MPI lock: the sweep starts under it. */
		done = vow__mpi_sweep_poller(m, VOW_ECANCELED, &woke, &locked);
	}
	/*
	 * Spin while nothing that settled has a handler waiting: a send
	 * whose promise nobody watches completing is no reason to hand the
	 * thread back (it posted no job), and its receive partner is likely
	 * close behind.
	 */
	if (woke == 0 && (m->fresh || done > 0) && m->spin_budget > 0 && m->out.n > 0 &&
	    m->out.n <= m->batch) {
		uint64_t t0 = now_ns(), yielded = t0;
		/*
		 * Relaxed: a hint (THE SPIN); starters write it under the
		 * context's lock, which orders the requests themselves.
		 */
		uint64_t added = atomic_load_explicit(&m->added, memory_order_relaxed);
		unsigned k = 0;

		t = t0;
		if (m->active_at == 0)
			m->active_at = t0;
		do {
			done += vow__mpi_sweep_poller(m, VOW_ECANCELED, &woke, NULL);
			/*
			 * The clock every 8 sweeps (a read costs a third of a
			 * sweep here), not when a request completes: the
			 * handler waiting for it would wait for the read too,
			 * and a time a few sweeps old is close enough for the
			 * budget.
			 */
			if (++k % 8 == 0)
				t = now_ns();
			if (t - yielded >= SPIN_YIELD_NS) {
				sched_yield();
				yielded = t;
			}
		} while (woke == 0 && m->out.n > 0 && t - t0 < m->spin_budget &&
			 atomic_load_explicit(&m->added, memory_order_relaxed) == added);
		vow__mpi_count(&m->spins, 1);
		vow__mpi_count(&m->spin_ns_total, t - t0);
		m->missed = woke == 0 && m->out.n > 0;
	}
	if (woke > 0) {
		/*
		 * The spin's last reading, at most 8 sweeps old.  Without a
		 * spin the clock is read only if the last spin gave up: the
		 * lag then says whether it just missed this completion.
		 * Otherwise the completion came before this poll looked, so
		 * within the budget, and the next spin's start stands in for
		 * the activity's.
		 */
		if (t == 0 && m->missed)
			t = now_ns();
		if (t != 0 && m->active_at != 0)
			adapt_spin(m, t - m->active_at);
		m->active_at = t; /* its handlers will start more */
		m->missed = false;
	}
	m->fresh = done > 0;
	return done > 0 ? VOW_POLL_PROGRESS : VOW_POLL_PENDING;
}
