/*
 * context.c - a context's life: vow_mpi_new (the thread-level rules of
 * vow/mpi.h), shutdown (vow/mpi.h, SHUTDOWN), vow_mpi_free, the counters.
 *
 * STATES (m->state, under the context's lock):
 *   OPEN    requests are taken; the poll source is registered.
 *   CLOSED  shutdown ran: the source is gone and every request it held
 *           is finished; starters get VOW_ESHUTDOWN.
 * Shutdown runs exactly once, as the poll source's destructor: when
 * vow_mpi_free removes the source, or when the executor closes and removes
 * it first.  Either way no poll runs any more (vow/executor.h), so the
 * shutting-down thread owns the poller's list.
 */
#include <sched.h>
#include <stdlib.h>

#include "mpi_impl.h"

enum { DEFAULT_BATCH = 256, DEFAULT_SPIN_US = 1000 };

static void *fail(int code)
{
	vow_last_error_set(code);
	return NULL;
}

bool vow__mpi_thread_ok(const vow_mpi *m)
{
	return !m->funneled || pthread_equal(pthread_self(), m->main_thread);
}

/* ---- shutdown -------------------------------------------------------------------- */

/*
 * Finish one request that is not in the poller's list (the list could not
 * grow to take it): test it, cancel it if it is a receive, wait for it.
 */
static void finish_alone(vow_mpi *m, MPI_Request *req, const struct vow__mpi_entry *e)
{
	bool cancelled = false;

	for (;;) {
		MPI_Status st;
		int flag = 0;
		bool locked = vow__mpi_enter();
		int rc = MPI_Test(req, &flag, &st);
		vow_value v;
		bool fulfil;

		if (rc == MPI_SUCCESS && !flag) {
			if (e->kind == VOW__MPI_RECV && !cancelled) {
				(void)MPI_Cancel(req);
				cancelled = true;
			}
			vow__mpi_leave(locked);
			sched_yield();
			continue;
		}
		v = vow__mpi_outcome_locked(e, &st, rc, VOW_ESHUTDOWN, &fulfil);
		if (*req != MPI_REQUEST_NULL)
			(void)MPI_Request_free(req);
		vow__mpi_leave(locked);
		vow__mpi_count(&m->completed, 1); /* first, as in poll.c */
		(void)vow__mpi_settle(e->resolver, v, fulfil);
		return;
	}
}

static void shutdown_source_gone(void *ctx)
{
	vow_mpi *m = ctx;
	struct vow__mpi_list in;
	size_t woke = 0;
	bool locked = vow__mpi_ctx_lock(m);

	m->state = VOW__MPI_CLOSED;
	in = m->inbox;
	m->inbox = (struct vow__mpi_list){ 0 };
	vow__mpi_ctx_unlock(m, locked);

	if (!vow__mpi_adopt_poller(m, &in)) {
		for (size_t i = 0; i < in.n; i++)
			finish_alone(m, &in.reqs[i], &in.ents[i]);
	}
	vow__mpi_list_free(&in);
	if (m->out.n == 0)
		return;
	/* 1. What completed settles as usual. */
	(void)vow__mpi_sweep_poller(m, VOW_ESHUTDOWN, &woke, NULL);
	/* 2. Receives still pending are cancelled (a local operation). */
	locked = vow__mpi_enter();
	for (size_t i = 0; i < m->out.n; i++) {
		if (m->out.ents[i].kind == VOW__MPI_RECV)
			(void)MPI_Cancel(&m->out.reqs[i]);
	}
	vow__mpi_leave(locked);
	/*
	 * 3. Everything completes: cancelled receives at once, the rest when
	 * the peers do their part.  Each sweep progresses MPI; the lock is
	 * let go between batches, so other threads' MPI calls go on.
	 */
	while (m->out.n > 0) {
		if (vow__mpi_sweep_poller(m, VOW_ESHUTDOWN, &woke, NULL) == 0)
			sched_yield();
	}
}

/* ---- life ---------------------------------------------------------------------------- */

static void context_free(vow_mpi *m)
{
	vow__mpi_list_free(&m->inbox);
	vow__mpi_list_free(&m->out);
	free(m->indices);
	free(m->statuses);
	free(m->done);
	free(m->values);
	free(m->fulfil);
	vow_promise_release(m->anchor);
	pthread_mutex_destroy(&m->lock);
	free(m);
}

vow_mpi *vow_mpi_new(vow_executor *ex, const vow_mpi_options *opts)
{
	int initialized = 0, finalized = 0;
	int level;
	vow_mpi *m;
	unsigned batch = opts != NULL && opts->batch != 0 ? opts->batch : DEFAULT_BATCH;
	int spin_us = opts != NULL && opts->spin_us != 0 ? opts->spin_us : DEFAULT_SPIN_US;

	if (ex == NULL)
		return fail(VOW_EINVAL);
	/* Both may be called before MPI_Init and after MPI_Finalize. */
	(void)MPI_Initialized(&initialized);
	(void)MPI_Finalized(&finalized);
	if (!initialized || finalized)
		return fail(VOW_EINVAL);
	if (batch > 1u << 20)
		batch = 1u << 20;
	level = vow__mpi_thread_level();
	if (level < MPI_THREAD_SERIALIZED) {
		int is_main = 0;

		(void)MPI_Is_thread_main(&is_main);
		if (!is_main)
			return fail(VOW_ETHREAD);
		/* Every poll must run on this thread: ex must be the one it runs. */
		if (vow_executor_current() != ex)
			return fail(VOW_ENOTSUP);
	}
	if (vow_executor_is_closed(ex))
		return fail(VOW_ESHUTDOWN);

	m = calloc(1, sizeof *m);
	if (m == NULL)
		return fail(VOW_ENOMEM);
	m->ex = ex;
	m->state = VOW__MPI_OPEN;
	m->batch = batch;
	m->spin_ns = spin_us < 0 ? 0 : (int64_t)spin_us * 1000;
	m->spin_budget = (uint64_t)m->spin_ns;
	m->funneled = level < MPI_THREAD_SERIALIZED;
	m->multiple = level >= MPI_THREAD_MULTIPLE;
	m->main_thread = pthread_self();
	pthread_mutex_init(&m->lock, NULL);
	m->indices = malloc(batch * sizeof *m->indices);
	m->statuses = malloc(batch * sizeof *m->statuses);
	m->done = malloc(batch * sizeof *m->done);
	m->values = malloc(batch * sizeof *m->values);
	m->fulfil = malloc(batch * sizeof *m->fulfil);
	m->anchor = vow_promise_resolve(ex, vow_undefined());
	if (m->indices == NULL || m->statuses == NULL || m->done == NULL || m->values == NULL ||
	    m->fulfil == NULL || m->anchor == NULL) {
		context_free(m);
		return fail(VOW_ENOMEM);
	}
	/*
	 * Last: from here the executor may poll (on another thread: the
	 * pool).  On failure the destructor has run (it finds nothing to do).
	 */
	m->source = vow_poll_source_add(ex, vow__mpi_poll, m, shutdown_source_gone);
	if (m->source == NULL) {
		int err = vow_last_error();

		context_free(m);
		return fail(err);
	}
	return m;
}

void vow_mpi_free(vow_mpi *m)
{
	bool closed, locked;

	if (m == NULL)
		return;
	locked = vow__mpi_ctx_lock(m);
	closed = m->state == VOW__MPI_CLOSED;
	vow__mpi_ctx_unlock(m, locked);
	/* Runs shutdown_source_gone here, after any poll in progress. */
	if (!closed)
		vow_poll_source_remove(m->source);
	context_free(m);
}

vow_executor *vow_mpi_executor(const vow_mpi *m)
{
	return m != NULL ? m->ex : NULL;
}

int vow_mpi_stats_read(const vow_mpi *m, vow_mpi_stats *out)
{
	if (m == NULL || out == NULL)
		return VOW_EINVAL;
	/* Relaxed: counters (vow/mpi.h promises no snapshot). */
	out->polls = atomic_load_explicit(&m->polls, memory_order_relaxed);
	out->tests = atomic_load_explicit(&m->tests, memory_order_relaxed);
	out->spins = atomic_load_explicit(&m->spins, memory_order_relaxed);
	out->spin_ns = atomic_load_explicit(&m->spin_ns_total, memory_order_relaxed);
	out->added = atomic_load_explicit(&m->added, memory_order_relaxed);
	out->completed = atomic_load_explicit(&m->completed, memory_order_relaxed);
	out->outstanding = out->added >= out->completed ? out->added - out->completed : 0;
	return 0;
}
