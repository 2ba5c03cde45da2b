/*
 * time.c - time on any executor that has timers (vow_executor_ops
 * timer_start / timer_cancel): vow_delay, vow_timeout and
 * AbortSignal.timeout (vow/abort.h).
 *
 * THREADS.  Timer ops may only be called on a thread of their executor.
 * These functions may be called from any thread, and what ends them (an
 * abort, the settling of a promise) may happen on any thread, so each
 * operation keeps a small record, and whatever must touch the timer runs
 * on a thread of the executor: at once if the calling thread is one
 * (vow__thread_exec), else as a posted job (struct on_executor).  The
 * record's lock (a leaf) orders starting the timer against cancelling it:
 * a cancel that comes first leaves nothing to start, one that comes later
 * finds the id.
 *
 * Each record settles its promise once: the timer firing and what else may
 * end it (an abort, the watched promise settling) race on state (CAS,
 * acq_rel); the loser does nothing.
 *
 * REFERENCES.  A record is held by each of: the function that made it
 * (until it returns), the timer's job (until it runs or is discarded), an
 * abort listener (its ctx_dtor), a watch on a promise (its ctx_dtor), and
 * each posted job of struct on_executor.  The last to let go frees it.
 *
 * A delay with a signal holds a reference to it (the caller only lends it,
 * and the listener's memory is the signal's), while the signal's listener
 * holds the record: a cycle, broken when the timer's job ends - it runs,
 * is discarded, or never starts - which removes the listener.
 */
#include <pthread.h>

#include "promise_impl.h"

enum { T_PENDING = 0, T_DONE = 1 };

struct timed_op {
	_Atomic uint32_t refs;
	_Atomic uint32_t state;       /* T_PENDING -> T_DONE, once */
	pthread_mutex_t lock;         /* timer_id, started, cancelled */
	vow_executor *ex;
	uint64_t ms;
	unsigned flags;               /* VOW_TIMER_WEAK */
	uint64_t timer_id;            /* 0: not started (or could not be) */
	bool cancelled;               /* cancel came before start */
	vow_job timer_job;
	vow_promise *result;          /* delay, timeout: a reference; signal timeout: NULL */
	vow_abort_signal *signal;     /* a reference: what the timer aborts (signal
				       * timeout), or what aborts the delay */
	vow_abort_listener *listener; /* delay: on signal, until the timer's job ends */
};

#define OP_OF(job) ((struct timed_op *)((char *)(job) - offsetof(struct timed_op, timer_job)))

static void op_release(struct timed_op *op)
{
	/* acq_rel: the last holder sees every other holder's writes. */
	if (vow_fetch_sub(&op->refs, 1, ACQ_REL) != 1)
		return;
	vow_promise_release(op->result);
	vow_abort_signal_release(op->signal);
	pthread_mutex_destroy(&op->lock);
	vow__free(op);
}

static void op_ref(struct timed_op *op)
{
	/* Relaxed: the caller holds a reference. */
	vow_fetch_add(&op->refs, 1, RELAXED);
}

/* True once: the caller settles the result (the race's winner). */
static bool op_win(struct timed_op *op)
{
	uint32_t pending = T_PENDING;

	return vow_cas(&op->state, &pending, T_DONE, ACQ_REL, RELAXED);
}

/*
 * The timer's job is over (ran, discarded, or never started): a delay
 * stops listening to its signal, which breaks the cycle described under
 * REFERENCES.  Exactly one of those happens, so this runs once.
 */
static void timer_job_over(struct timed_op *op)
{
	if (op->listener != NULL)
		(void)vow_abort_listener_remove(op->listener);
}

/* ---- running on a thread of the executor ---------------------------------------- */

static void timer_start(struct timed_op *op);

struct on_executor {
	vow_job job;
	void (*fn)(struct timed_op *op);
	struct timed_op *op;      /* a reference */
};

static void on_executor_run(vow_job *job)
{
	struct on_executor e = *(struct on_executor *)job;

	vow__free_small(job, sizeof e);
	e.fn(e.op);
	op_release(e.op);
}

static void on_executor_discard(vow_job *job)
{
	struct on_executor e = *(struct on_executor *)job;

	vow__free_small(job, sizeof e);
	/* The executor closed: its timers went with it. */
	if (e.fn == timer_start)
		timer_job_over(e.op);
	op_release(e.op);
}

static const vow_job_ops on_executor_ops = {
	.run = on_executor_run,
	.discard = on_executor_discard,
	.kind = VOW_JOB_TASK,
};

/*
 * fn(op) on a thread of op->ex: now if this is one, else later in a job.
 * Without memory for the job, fn does not run: a start leaves the
 * operation without its timer (it settles only by its other means; see
 * timer_job_over), a cancel leaves the timer to fire and lose the race.
 */
static void on_executor(struct timed_op *op, void (*fn)(struct timed_op *op))
{
	struct on_executor *e;

	if (vow__thread_exec.ex == op->ex) {
		fn(op);
		return;
	}
	e = vow__malloc_small(sizeof *e);
	if (e == NULL) {
		if (fn == timer_start)
			timer_job_over(op);
		return;
	}
	e->job.next = NULL;
	e->job.ops = &on_executor_ops;
	e->fn = fn;
	op_ref(op);
	e->op = op;
	vow__executor_post(op->ex, &e->job);
}

static void timer_start(struct timed_op *op)
{
	pthread_mutex_lock(&op->lock);
	if (!op->cancelled && op->timer_id == 0) {
		op_ref(op); /* the timer job's */
		op->timer_id = op->ex->ops->timer_start(op->ex->impl, op->ms, &op->timer_job,
							op->flags);
		if (op->timer_id == 0)
			vow_fetch_sub(&op->refs, 1, RELAXED); /* not taken; ours still holds */
	}
	bool lost = !op->cancelled && op->timer_id == 0;
	pthread_mutex_unlock(&op->lock);
	if (lost)
		timer_job_over(op);
}

static void timer_cancel(struct timed_op *op)
{
	pthread_mutex_lock(&op->lock);
	op->cancelled = true;
	if (op->timer_id != 0)
		(void)op->ex->ops->timer_cancel(op->ex->impl, op->timer_id);
	pthread_mutex_unlock(&op->lock);
}

static void timer_job_discard(vow_job *job)
{
	struct timed_op *op = OP_OF(job);

	timer_job_over(op);
	op_release(op);
}

static struct timed_op *op_new(vow_executor *ex, uint64_t ms, unsigned flags,
			       const vow_job_ops *timer_ops)
{
	struct timed_op *op = NULL;
	int err = 0;

	if (ex == NULL)
		err = VOW_EINVAL;
	else if (ex->ops->timer_start == NULL)
		err = VOW_ENOTSUP;
	else if (vow_executor_is_closed(ex))
		err = VOW_ESHUTDOWN;
	else if ((op = vow__malloc(sizeof *op)) == NULL)
		err = VOW_ENOMEM;
	if (err != 0)
		return vow__fail(err);
	atomic_init(&op->refs, 1); /* the maker's */
	atomic_init(&op->state, T_PENDING);
	pthread_mutex_init(&op->lock, NULL);
	op->ex = ex;
	op->ms = ms;
	op->flags = flags;
	op->timer_id = 0;
	op->cancelled = false;
	op->timer_job.next = NULL;
	op->timer_job.ops = timer_ops;
	op->result = NULL;
	op->signal = NULL;
	op->listener = NULL;
	return op;
}

/* ---- AbortSignal.timeout ------------------------------------------------------------ */

static void signal_timer_fired(vow_job *job)
{
	struct timed_op *op = OP_OF(job);

	vow__abort_signal_abort(op->signal, vow_timeout_error());
	op_release(op);
}

static const vow_job_ops signal_timer_ops = {
	.run = signal_timer_fired,
	.discard = timer_job_discard,
	.kind = VOW_JOB_TASK,
};

vow_abort_signal *vow_abort_signal_timeout(vow_executor *ex, uint64_t ms)
{
	struct timed_op *op = op_new(ex, ms, VOW_TIMER_WEAK, &signal_timer_ops);
	vow_abort_signal *s;

	if (op == NULL)
		return NULL;
	s = vow__abort_signal_new();
	if (s == NULL) {
		op_release(op);
		return NULL;
	}
	/* The timer aborts it; the caller gets a reference of its own. */
	op->signal = vow_abort_signal_dup(s);
	on_executor(op, timer_start);
	op_release(op);
	return s;
}

/* ---- delay ---------------------------------------------------------------------------- */

static void delay_fired(vow_job *job)
{
	struct timed_op *op = OP_OF(job);

	if (op_win(op))
		vow__promise_resolve(op->result, vow_undefined());
	/* The abort can no longer win: stop listening (waits if it runs). */
	timer_job_over(op);
	op_release(op);
}

static const vow_job_ops delay_timer_ops = {
	.run = delay_fired,
	.discard = timer_job_discard,
	.kind = VOW_JOB_TASK,
};

static void delay_aborted(void *ctx, vow_value reason)
{
	struct timed_op *op = ctx;

	if (!op_win(op))
		return;
	vow__promise_reject(op->result, vow_value_dup(reason));
	/* Cleared at once, so an aborted delay keeps no executor running. */
	on_executor(op, timer_cancel);
	/* The fired listener stays with the signal (it aborts only once). */
}

static void op_release_ctx(void *ctx)
{
	op_release(ctx);
}

vow_promise *vow_delay(vow_executor *ex, uint64_t ms, vow_abort_signal *signal)
{
	struct timed_op *op = op_new(ex, ms, 0, &delay_timer_ops);
	vow_promise *p;

	if (op == NULL)
		return NULL;
	p = vow__promise_alloc(ex);
	if (p == NULL) {
		op_release(op);
		return NULL;
	}
	op->result = vow_promise_dup(p);
	if (signal != NULL) {
		if (vow_abort_signal_aborted(signal)) {
			/* As new Promise(...) rejecting at once: no timer at all. */
			op_win(op);
			vow__promise_reject(p, vow_value_dup(vow_abort_signal_reason(signal)));
			op_release(op);
			return p;
		}
		op_ref(op); /* the listener's, dropped by its ctx_dtor */
		op->signal = vow_abort_signal_dup(signal);
		op->listener = vow_abort_signal_add_listener(signal, delay_aborted, op,
							     op_release_ctx);
		if (op->listener == NULL && vow_last_error() == VOW_EALREADY) {
			op_win(op);
			vow__promise_reject(p, vow_value_dup(vow_abort_signal_reason(signal)));
			op_release(op);
			return p;
		}
		if (op->listener == NULL) {
			op_release(op);
			vow_promise_release(p);
			return vow__fail(VOW_ENOMEM);
		}
	}
	on_executor(op, timer_start);
	op_release(op);
	return p;
}

/* ---- timeout -------------------------------------------------------------------------- */

static void timeout_fired(vow_job *job)
{
	struct timed_op *op = OP_OF(job);

	if (op_win(op))
		vow__promise_reject(op->result, vow_timeout_error());
	op_release(op);
}

static const vow_job_ops timeout_timer_ops = {
	.run = timeout_fired,
	.discard = timer_job_discard,
	.kind = VOW_JOB_TASK,
};

/* p settled first: the result takes its outcome, the timer goes. */
static vow_outcome timeout_settled(struct timed_op *op, vow_state st, vow_value v)
{
	if (op_win(op)) {
		if (st == VOW_FULFILLED)
			vow__promise_resolve(op->result, vow__value_dup(v));
		else
			vow__promise_reject(op->result, vow__value_dup(v));
		on_executor(op, timer_cancel);
	}
	return vow_return(vow_undefined());
}

static vow_outcome timeout_fulfilled(void *ctx, vow_value v)
{
	return timeout_settled(ctx, VOW_FULFILLED, v);
}

static vow_outcome timeout_rejected(void *ctx, vow_value v)
{
	return timeout_settled(ctx, VOW_REJECTED, v);
}

vow_promise *vow_timeout(vow_promise *p, uint64_t ms)
{
	struct timed_op *op;
	vow_promise *r;

	if (p == NULL)
		return vow__fail(VOW_EINVAL);
	op = op_new(p->ex, ms, 0, &timeout_timer_ops);
	if (op == NULL)
		return NULL;
	r = vow__promise_alloc(p->ex);
	if (r == NULL) {
		op_release(op);
		return NULL;
	}
	op->result = vow_promise_dup(r);
	on_executor(op, timer_start);
	/* p.then(settle, settle): one job on the loop, as in JavaScript. */
	op_ref(op);
	if (vow__promise_subscribe(p, p->ex, timeout_fulfilled, timeout_rejected, op,
				   op_release_ctx) != 0 && op_win(op)) {
		/* No memory to watch p: the result says so, as a combinator's would. */
		vow__promise_reject(r, vow__oom_error());
		on_executor(op, timer_cancel);
	}
	op_release(op);
	return r;
}
