/*
 * executor.c - the executor handle: creation, threads, references, the
 * closing gate, posting and the rejection policy (executor_impl.h).
 */
#include <sched.h>
#include <stdlib.h>

#include "debug_yield.h"
#include "executor_impl.h"

_Thread_local struct vow__thread_exec vow__thread_exec;

vow_executor *vow_executor_new(const vow_executor_ops *ops, void *impl)
{
	vow_executor *ex;

	if (ops == NULL || ops->post == NULL ||
	    (ops->rejection_tracking == VOW_TRACK_BY_EXECUTOR && ops->track == NULL) ||
	    ((ops->timer_start == NULL) != (ops->timer_cancel == NULL)) ||
	    (unsigned)ops->rejection_tracking > VOW_TRACK_BY_EXECUTOR)
		return vow__fail(VOW_EINVAL);
	ex = vow__malloc(sizeof *ex);
	if (ex == NULL)
		return vow__fail(VOW_ENOMEM);
	ex->ops = ops;
	ex->impl = impl;
	atomic_init(&ex->refs, EXECUTOR_REFS_BIAS);
	atomic_init(&ex->gate, 0);
	ex->rejection_policy = VOW_REJECTIONS_WARN;
	ex->rejection_cb = NULL;
	ex->rejection_ud = NULL;
	pthread_mutex_init(&ex->poll_lock, NULL);
	pthread_cond_init(&ex->poll_done, NULL);
	ex->sources = NULL;
	atomic_init(&ex->sources_active, 0);
	return ex;
}

static void executor_free(vow_executor *ex)
{
	pthread_cond_destroy(&ex->poll_done);
	pthread_mutex_destroy(&ex->poll_lock);
	vow__free(ex);
}

/* ---- references (executor_impl.h, REFERENCES) ------------------------------ */

void vow__executor_ref_slow(vow_executor *ex)
{
	/* Relaxed: the caller holds a reference (a promise on ex) or the bias. */
	vow_fetch_add(&ex->refs, 1, RELAXED);
}

static void refs_add(vow_executor *ex, int64_t d)
{
	/*
	 * acq_rel: the release publishes this thread's uses of ex; the RMW
	 * that reaches zero acquires every earlier one (one release
	 * sequence on refs) before freeing.
	 */
	if (vow_fetch_add(&ex->refs, d, ACQ_REL) + d == 0)
		executor_free(ex);
}

void vow__executor_unref_slow(vow_executor *ex)
{
	refs_add(ex, -1);
}

int64_t vow__executor_promises_alive(vow_executor *ex)
{
	/* Relaxed: a count, which publishes nothing. */
	int64_t n = vow_load(&ex->refs, RELAXED) - EXECUTOR_REFS_BIAS;

	return vow__thread_exec.ex == ex ? n + vow__thread_exec.refs : n;
}

int vow_executor_enter(vow_executor *ex)
{
	if (ex == NULL)
		return VOW_EINVAL;
	if (vow_executor_is_closed(ex))
		return VOW_ESHUTDOWN;
	if (vow__thread_exec.ex == ex)
		return 0;
	vow_executor_leave(vow__thread_exec.ex);
	vow__thread_exec.ex = ex;
	vow__thread_exec.refs = 0;
	return 0;
}

void vow_executor_leave(vow_executor *ex)
{
	int64_t d;

	if (ex == NULL || vow__thread_exec.ex != ex)
		return;
	d = vow__thread_exec.refs;
	vow__thread_exec.ex = NULL;
	vow__thread_exec.refs = 0;
	/* Still biased (ex is not released before its threads left): never 0 here. */
	if (d != 0)
		refs_add(ex, d);
}

vow_executor *vow_executor_current(void)
{
	return vow__thread_exec.ex;
}

void vow_executor_release(vow_executor *ex)
{
	if (ex == NULL)
		return;
	assert(vow_executor_is_closed(ex));
	refs_add(ex, -EXECUTOR_REFS_BIAS);
}

const char *vow_executor_name(const vow_executor *ex)
{
	if (ex == NULL)
		return vow__fail(VOW_EINVAL);
	return ex->ops->name;
}

/* ---- the gate (executor_impl.h, THE GATE) ---------------------------------- */

bool vow__executor_gate_enter(vow_executor *ex)
{
	/* Acquire: nothing to acquire from earlier posts; orders our use after it. */
	uint64_t old = vow_fetch_add(&ex->gate, EXECUTOR_GATE_POST, ACQUIRE);

	if (old & EXECUTOR_GATE_CLOSED) {
		/* Relaxed: we touched nothing that close must wait for. */
		vow_fetch_sub(&ex->gate, EXECUTOR_GATE_POST, RELAXED);
		return false;
	}
	vow__debug_yield();
	return true;
}

void vow__executor_gate_leave(vow_executor *ex)
{
	vow__debug_yield();
	/* Release: pairs with the acquire load in vow_executor_close. */
	vow_fetch_sub(&ex->gate, EXECUTOR_GATE_POST, RELEASE);
}

void vow_executor_close(vow_executor *ex)
{
	if (ex == NULL)
		return;
	assert(vow__thread_exec.ex != ex);
	/* acq_rel: orders the close against every gated post (see THE GATE). */
	vow_fetch_or(&ex->gate, EXECUTOR_GATE_CLOSED, ACQ_REL);
	/* Acquire: pairs with the release in vow__executor_gate_leave. */
	while (vow_load(&ex->gate, ACQUIRE) != EXECUTOR_GATE_CLOSED)
		sched_yield(); /* a post is a few hundred instructions */
	vow__poll_sources_close(ex);
}

bool vow_executor_is_closed(const vow_executor *ex)
{
	if (ex == NULL) {
		vow__set_last_error(VOW_EINVAL);
		return false;
	}
	/* Relaxed: a snapshot, as documented. */
	return (vow_load(&((vow_executor *)ex)->gate, RELAXED) & EXECUTOR_GATE_CLOSED) != 0;
}

void vow_executor_post(vow_executor *ex, vow_job *job)
{
	vow__executor_post(ex, job);
}

void vow__executor_post_gated(vow_executor *ex, vow_job *job)
{
	if (!vow__executor_gate_enter(ex)) {
		job->ops->discard(job);
		return;
	}
	ex->ops->post(ex->impl, job);
	vow__executor_gate_leave(ex);
}

void vow__executor_track(vow_executor *ex, vow_promise *p, vow_rejection_op op)
{
	if (ex->ops->rejection_tracking != VOW_TRACK_BY_EXECUTOR)
		return;
	if (vow__thread_exec.ex == ex) {
		ex->ops->track(ex->impl, p, op);
		return;
	}
	if (!vow__executor_gate_enter(ex))
		return; /* closed: nothing is tracked any more */
	ex->ops->track(ex->impl, p, op);
	vow__executor_gate_leave(ex);
}

/* ---- the rejection policy ---------------------------------------------------- */

int vow_executor_set_rejection_policy(vow_executor *ex, vow_rejection_policy policy,
				      vow_rejection_fn cb, void *ud)
{
	if (ex == NULL || (unsigned)policy > VOW_REJECTIONS_IGNORE ||
	    (policy == VOW_REJECTIONS_CALLBACK && cb == NULL))
		return VOW_EINVAL;
	ex->rejection_policy = policy;
	ex->rejection_cb = policy == VOW_REJECTIONS_CALLBACK ? cb : NULL;
	ex->rejection_ud = ud;
	return 0;
}

void vow_executor_report_rejection(vow_executor *ex, vow_rejection_event ev, vow_promise *p)
{
	vow_value reason = vow_promise_result(p);

	switch (ex->rejection_policy) {
	case VOW_REJECTIONS_CALLBACK:
		if (vow__thread_exec.ex == ex) {
			ex->rejection_cb(ex->rejection_ud, ev, p, reason);
		} else if (vow__executor_gate_enter(ex)) {
			/* Gated: close waits for a callback that began before it. */
			ex->rejection_cb(ex->rejection_ud, ev, p, reason);
			vow__executor_gate_leave(ex);
		} else {
			/* Closed: the callback's user data may be gone (LIFETIMES). */
			vow__warn_rejection(ev, reason);
		}
		break;
	case VOW_REJECTIONS_WARN:
		vow__warn_rejection(ev, reason);
		break;
	case VOW_REJECTIONS_ABORT:
		vow__warn_rejection(ev, reason);
		if (ev == VOW_UNHANDLED_REJECTION)
			abort();
		break;
	case VOW_REJECTIONS_IGNORE:
		break;
	}
}
