/*
 * wait.c - vow_promise_wait(): inside an async function an await (async.c);
 * on a thread of an executor that says how its threads wait
 * (vow_executor_ops.wait), that; on any other thread a blocking wait in
 * the kernel.
 *
 * HOW A BLOCKED THREAD IS WOKEN.  The waiter attaches a notification
 * (vow_promise_on_settle) that increments the record's eventcount on the
 * settling thread, after the release CAS that settled p.
 *
 * NO LOST WAKE-UP.  The waiting thread snapshots the eventcount, THEN
 * checks p's state (acquire), THEN waits for the count to change.  The
 * settler settles p, THEN increments.  If the check saw "pending", the
 * increment comes after the snapshot and the wait returns (ck_ec).
 *
 * LIFETIME.  The record has two references: the waiting thread's and the
 * notification's (dropped by its ctx destructor, after the wake-up or when
 * p is destroyed unsettled).  On a timeout the waiting thread leaves; the
 * notification may fire later and touches only the record.
 */
#include "futex_ec.h"
#include "promise_impl.h"

struct waiter {
	_Atomic uint32_t refs;
	struct ck_ec32 ec; /* incremented once, when p settles */
};

static void waiter_release(void *ctx)
{
	struct waiter *w = ctx;

	/* acq_rel: the last holder sees the other holder's uses before freeing. */
	if (vow_fetch_sub(&w->refs, 1, ACQ_REL) == 1)
		vow__free_small(w, sizeof *w);
}

static void waiter_wake(void *ctx)
{
	struct waiter *w = ctx;

	/* ck_ec32_inc: store fence, then the add; pairs with the snapshot. */
	ck_ec32_inc(&w->ec, &vow__ec_mode_mp);
}

static int wait_blocking(vow_promise *p, const struct timespec *deadline)
{
	struct waiter *w = vow__malloc_small(sizeof *w);

	if (w == NULL)
		return VOW_ENOMEM;
	atomic_init(&w->refs, 2);
	ck_ec32_init(&w->ec, 0);
	if (vow_promise_on_settle(p, waiter_wake, w, waiter_release) != 0) {
		/* The notification's reference is gone (ctx_dtor ran)... */
		waiter_release(w); /* ...and ours */
		return VOW_ENOMEM;
	}
	for (;;) {
		/* ck_ec32_value has acquire semantics: the snapshot precedes the check. */
		uint32_t snap = ck_ec32_value(&w->ec);

		if (vow__promise_settled(p))
			break;
		if (ck_ec32_wait(&w->ec, &vow__ec_mode_mp, snap, deadline) != 0 &&
		    !vow__promise_settled(p)) {
			waiter_release(w);
			return VOW_ETIMEDOUT;
		}
	}
	waiter_release(w);
	return 0;
}

int vow_promise_wait(vow_promise *p, int64_t timeout_ms)
{
	struct timespec deadline_ts, *deadline = NULL;
	vow_executor *ex = vow__thread_exec.ex;
	int rc;

	if (p == NULL)
		return VOW_EINVAL;
	if (!vow__promise_settled(p)) {
		if (timeout_ms == 0)
			return VOW_ETIMEDOUT;
		if (timeout_ms > 0) {
			vow__ec_deadline(&deadline_ts, timeout_ms);
			deadline = &deadline_ts;
		}
		if (vow_in_async())
			/* The executor's clock keeps the time (virtual on a virtual loop). */
			rc = vow__await_wait(p, timeout_ms);
		else if (ex != NULL && ex->ops->wait != NULL)
			rc = ex->ops->wait(ex->impl, p, deadline);
		else
			rc = wait_blocking(p, deadline);
		if (rc != 0)
			return rc;
	}
	/* Waiting counts as handling p (vow/wait.h). */
	vow__promise_mark_handled(p);
	return 0;
}
