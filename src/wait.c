/*
 * wait.c - vow_promise_wait(): blocking wait from any thread, helping wait
 * on executor threads that registered a helper (wait_helper.h).
 *
 * HOW A WAITER IS WOKEN.  The waiter attaches an internal reaction whose
 * executor is the waiter record itself (struct waiter).  When p settles,
 * the core dispatches the reaction by calling waiter_post() on the settling
 * thread, after the release CAS that settled p.  waiter_post()
 * increments the record's eventcount (and, for a helping waiter, wakes the
 * helper's executor), then runs the reaction at once: it has no handler and
 * no derived promise, so "running" it only frees it.  This executor is
 * private to this file and runs no user code, which is why it may run the
 * job inline although the executor contract forbids that in general.
 *
 * NO LOST WAKE-UP.  The waiting thread snapshots the eventcount, THEN
 * checks p's state (acquire), THEN waits for the count to change.  The
 * settler settles p, THEN increments.  If the check saw "pending", the
 * increment comes after the snapshot and the wait returns (ck_ec).
 *
 * LIFETIME.  The record has two references: the waiting thread's and the
 * reaction's (dropped by its ctx destructor, after the wake-up).  On a
 * timeout the waiting thread leaves; the reaction may fire later.  A
 * helping waiter's helper belongs to an executor that may be gone by then,
 * so the waiting thread clears it under the record's lock before leaving,
 * and waiter_post() uses it only under the same lock.
 * Lock rank: waiter.lock is a leaf; nothing is acquired while holding it
 * (helper->wake() only increments an eventcount).
 */
#include <pthread.h>

#include "futex_ec.h"
#include "promise_impl.h"
#include "wait_helper.h"

/*
 * initial-exec: one %fs-relative load instead of a __tls_get_addr call per
 * access from the shared library (this is read on every wait).  It uses the
 * static TLS block, which glibc also sizes for libraries dlopen()ed later
 * (with a small surplus): libvow needs 16 bytes of it (this and worker.c's).
 */
static _Thread_local struct vow__wait_helper *current_helper
	__attribute__((tls_model("initial-exec")));

void vow__wait_helper_set_current(struct vow__wait_helper *h)
{
	current_helper = h;
}

struct waiter {
	vow_executor ex;              /* first: the reaction's executor */
	_Atomic uint32_t refs;
	struct ck_ec32 ec;            /* incremented once, when p settles */
	pthread_mutex_t lock;         /* guards helper (see LIFETIME) */
	struct vow__wait_helper *helper;
};

static void waiter_release(void *ctx)
{
	struct waiter *w = ctx;

	/* acq_rel: the last holder sees the other holder's uses before freeing. */
	if (vow_fetch_sub(&w->refs, 1, ACQ_REL) != 1)
		return;
	pthread_mutex_destroy(&w->lock);
	vow__free(w);
}

static void waiter_post(vow_executor *ex, vow_job *job)
{
	struct waiter *w = (struct waiter *)ex;

	/* ck_ec32_inc: store fence, then the add; pairs with the snapshot. */
	ck_ec32_inc(&w->ec, &vow__ec_mode_mp);
	pthread_mutex_lock(&w->lock);
	if (w->helper != NULL)
		w->helper->wake(w->helper);
	pthread_mutex_unlock(&w->lock);
	/* The empty reaction: frees itself and drops the reaction's reference. */
	job->ops->run(job);
}

static const vow_executor_ops waiter_ops = {
	.name = "vow-wait",
	.post = waiter_post,
	.track = NULL,
};

static bool promise_settled(void *arg)
{
	return vow__promise_settled(arg);
}

/* Block on w->ec: an ordinary thread. */
static int wait_blocking(struct waiter *w, vow_promise *p, const struct timespec *deadline)
{
	for (;;) {
		/* ck_ec32_value has acquire semantics: the snapshot precedes the check. */
		uint32_t snap = ck_ec32_value(&w->ec);

		if (promise_settled(p))
			return 0;
		if (ck_ec32_wait(&w->ec, &vow__ec_mode_mp, snap, deadline) != 0 &&
		    !promise_settled(p))
			return VOW_ETIMEDOUT;
	}
}

/* Run other jobs while waiting: an executor's worker thread. */
static int wait_helping(struct vow__wait_helper *h, vow_promise *p,
			const struct timespec *deadline)
{
	while (!promise_settled(p)) {
		int rc = h->help(h);

		if (rc > 0)
			continue;
		if (rc < 0)
			return promise_settled(p) ? 0 : rc;
		if (deadline != NULL && vow__ec_past(deadline))
			return promise_settled(p) ? 0 : VOW_ETIMEDOUT;
		h->sleep(h, promise_settled, p, deadline);
	}
	return 0;
}

/*
 * HELP FIRST.  On a worker the promise waited for is usually the result of
 * a job near the top of the worker's own deque (spawn, then wait), so the
 * helping wait first runs jobs without attaching anything, and allocates
 * and attaches a waiter only when help() finds nothing to run (the worker
 * may then have to sleep, and needs the wake-up).
 *
 * help_first_allowed - what attaching early would have changed is only
 * [[PromiseIsHandled]] while p is pending: an executor with a rejection
 * tracker (track != NULL) is told at the moment p is rejected unhandled,
 * so for such promises we attach first, as before.  Without a tracker
 * (the pool) an unhandled rejection is reported only when p is destroyed,
 * which cannot happen while the caller holds p; the slow path below marks
 * p handled (the attach) before the wait returns.
 */
static bool help_first_allowed(vow_promise *p)
{
	return vow_promise_executor(p)->ops->track == NULL;
}

/*
 * Runs jobs while p is pending.  Returns 0 once p is settled or help()
 * found nothing to run (the caller tells the two apart), VOW_ESHUTDOWN if
 * the executor is being cancelled while p is pending.  Like wait_helping,
 * it looks at the deadline only when there is nothing to run.
 */
static int help_first(struct vow__wait_helper *h, vow_promise *p)
{
	while (!promise_settled(p)) {
		int rc = h->help(h);

		if (rc == 0)
			return 0;
		if (rc < 0)
			return promise_settled(p) ? 0 : rc;
	}
	return 0;
}

/*
 * Done without attaching: fulfilled, or rejected and already handled.  A
 * rejected, unhandled promise needs the attach, which marks it handled (and
 * tells its executor's tracker) as vow/wait.h promises.
 */
static bool settled_and_handled(vow_promise *p)
{
	switch (vow_promise_state(p)) {
	case VOW_FULFILLED:
		return true;
	case VOW_REJECTED:
		return vow_promise_is_handled(p);
	default:
		return false;
	}
}

int vow_promise_wait(vow_promise *p, int64_t timeout_ms)
{
	struct timespec deadline_ts, *deadline = NULL;
	struct waiter *w;
	int rc;

	if (p == NULL)
		return VOW_EINVAL;
	if (settled_and_handled(p))
		return 0;
	if (timeout_ms == 0 && vow_promise_state(p) == VOW_PENDING)
		return VOW_ETIMEDOUT;
	if (timeout_ms > 0) {
		vow__ec_deadline(&deadline_ts, timeout_ms);
		deadline = &deadline_ts;
	}
	if (current_helper != NULL && help_first_allowed(p)) {
		rc = help_first(current_helper, p);
		if (rc != 0)
			return rc;
		if (settled_and_handled(p))
			return 0;
		/* Nothing to run, or rejected and unhandled: attach below. */
	}
	w = vow__malloc(sizeof *w);
	if (w == NULL)
		return VOW_ENOMEM;
	vow_executor_init(&w->ex, &waiter_ops);
	atomic_init(&w->refs, 2);
	ck_ec32_init(&w->ec, 0);
	pthread_mutex_init(&w->lock, NULL);
	w->helper = current_helper;
	if (vow__promise_subscribe(p, &w->ex, NULL, NULL, w, waiter_release) != 0) {
		/* ctx_dtor ran: drop the reaction's reference... */
		waiter_release(w); /* ...and ours */
		return VOW_ENOMEM;
	}
	rc = w->helper != NULL ? wait_helping(w->helper, p, deadline)
			       : wait_blocking(w, p, deadline);
	pthread_mutex_lock(&w->lock);
	w->helper = NULL;
	pthread_mutex_unlock(&w->lock);
	waiter_release(w);
	return rc;
}
