/*
 * async.c - async functions, await and generators (vow/async.h), built on
 * the fibers of fiber.h.
 *
 * AN ASYNC CALL is a fiber whose extra memory holds struct async_call: the
 * body, the function's promise, and what its one await in progress needs
 * to be woken - a reaction embedded in the call, so an await allocates
 * nothing.  The call is resumed by a job (the await's reaction, dispatched
 * when the awaited promise settles), by whoever started it (vow_async), or
 * by a job of vow_async_spawn.
 *
 * SUSPENDING WITHOUT A RACE.  An await must not attach its reaction before
 * the fiber has suspended: on the pool the awaited promise may settle on
 * another worker the moment the reaction is in its list, and that worker
 * would resume a fiber that is still running.  So the fiber only records
 * what it wants (attach to p, or post the reaction as a job) and
 * suspends; the code that resumed it, back on its own stack, then does it
 * (after_suspend).  From that moment any thread may resume the fiber.
 *
 * THE AWAIT REACTION.  Its ops (await_ops) are the async call's:
 *   run           the await is over: hand the outcome to the fiber and
 *                 resume it; but if the pool dispatched it inline on a
 *                 thread that is not one of its workers, post it to the
 *                 pool first (an async function on the pool runs there);
 *   discard       the executor closed: resume with a VOW_ESHUTDOWN throw,
 *                 on the discarding thread (nobody else will run it);
 *   free_pending  the awaited promise was destroyed unsettled: post the
 *                 reaction with a VOW_EABANDONED throw.
 * The reaction never outlives its fiber: each of these is the one way the
 * await ends, and the fiber cannot finish while it waits.
 *
 * OWNERSHIP.  The call holds one reference to its promise, dropped when the
 * body has returned and settled it.  An await borrows the awaited promise:
 * vow_await's caller holds it across the suspension; vow_await_value's
 * reference is dropped right after the attach, so that a promise only the
 * await would keep alive can be destroyed (and the await abandoned).
 */
#include <pthread.h>
#include <stddef.h>
#include <time.h>

#include "promise_impl.h"

/* What the resumer does once the fiber has suspended (see above). */
enum after_suspend { AFTER_NOTHING, AFTER_ATTACH, AFTER_POST, AFTER_EARLY };

struct early_await;

struct async_call {
	enum vow__fiber_role role;   /* first: VOW__FIBER_ASYNC */
	struct vow__fiber *fiber;
	vow_executor *ex;
	vow_promise *promise;        /* the function's promise: a reference */
	vow_thunk_fn body;
	void *ctx;
	vow_dtor_fn ctx_dtor;
	struct reaction await_r;     /* the await in progress */
	vow_outcome resumed;         /* what that await returns */
	enum after_suspend after;
	vow_promise *attach_to;      /* AFTER_ATTACH */
	bool release_after;          /* AFTER_ATTACH: drop attach_to's reference */
	struct early_await *early;   /* AFTER_EARLY */
	/*
	 * in_job - the call is running because a job of its executor resumed
	 * it (an await's continuation, vow_async_spawn's start), so nothing of
	 * anyone else's lies between that job and the body: an await whose
	 * continuation would run next (vow_executor_ops.runs_next) may go on
	 * at once.  Not while the body runs inside vow_async's caller.
	 */
	bool in_job;
};

static void early_arm(struct early_await *e);

#define CALL_OF(r) ((struct async_call *)((char *)(r) - offsetof(struct async_call, await_r)))

/* The role of the innermost fiber on this thread, or 0. */
static enum vow__fiber_role current_role(void **extra)
{
	struct vow__fiber *f = vow__fiber_current();

	if (f == NULL)
		return 0;
	*extra = vow__fiber_extra(f);
	return *(enum vow__fiber_role *)*extra;
}

static struct async_call *current_call(void)
{
	void *extra = NULL;

	return current_role(&extra) == VOW__FIBER_ASYNC ? extra : NULL;
}

bool vow_in_async(void)
{
	return current_call() != NULL;
}

void vow_outcome_drop(vow_outcome o)
{
	if (o.kind == VOW_OUTCOME_RETURN || o.kind == VOW_OUTCOME_THROW)
		vow_value_drop(o.value);
}

static vow_outcome throw_code(int code, const char *msg)
{
	return vow_throw(vow_error(code, "%s", msg));
}

static vow_outcome shutdown_throw(void)
{
	return throw_code(VOW_ESHUTDOWN, "the executor of this async function was shut down");
}

/* ---- running and resuming a call ----------------------------------------- */

static void after_suspend(struct async_call *a)
{
	vow_promise *p;
	bool release;

	switch (a->after) {
	case AFTER_ATTACH:
		/* Read first: once attached, a may be resumed and gone. */
		p = a->attach_to;
		release = a->release_after;
		a->after = AFTER_NOTHING;
		/* From here the fiber may be resumed (even freed) at any moment. */
		vow__promise_attach(p, &a->await_r);
		if (release)
			vow_promise_release(p);
		break;
	case AFTER_POST:
		a->after = AFTER_NOTHING;
		vow__executor_post(a->ex, &a->await_r.job);
		break;
	case AFTER_EARLY:
		a->after = AFTER_NOTHING;
		early_arm(a->early);
		break;
	case AFTER_NOTHING:
		break;
	}
}

/*
 * Resume a (new or suspended) until it suspends or finishes; in_job: a job
 * of its executor is resuming it (see in_job above).
 */
static void async_resume(struct async_call *a, bool in_job)
{
	struct vow__fiber *f = a->fiber;

	a->in_job = in_job;
	if (vow__fiber_resume(f))
		vow__fiber_free(f);
	else
		after_suspend(a);
}

static void async_entry(void *unused)
{
	struct async_call *a = vow__fiber_extra(vow__fiber_current());
	vow_outcome o;

	(void)unused;
	o = a->body(a->ctx);
	vow__promise_settle_outcome(a->promise, o);
	if (a->ctx_dtor != NULL)
		a->ctx_dtor(a->ctx);
	vow_promise_release(a->promise);
}

/* A call of body on p (whose reference it takes), not started; NULL on ENOMEM. */
static struct async_call *async_new(vow_executor *ex, vow_promise *p, vow_thunk_fn body,
				    void *ctx, vow_dtor_fn ctx_dtor)
{
	struct vow__fiber *f = vow__fiber_new(async_entry, NULL, sizeof(struct async_call));
	struct async_call *a;

	if (f == NULL)
		return NULL;
	a = vow__fiber_extra(f);
	a->role = VOW__FIBER_ASYNC;
	a->fiber = f;
	a->ex = ex;
	a->promise = p;
	a->body = body;
	a->ctx = ctx;
	a->ctx_dtor = ctx_dtor;
	a->after = AFTER_NOTHING;
	a->in_job = false;
	a->attach_to = NULL;
	a->release_after = false;
	return a;
}


static int check_start(vow_executor *ex, vow_thunk_fn body, void *ctx, vow_dtor_fn ctx_dtor)
{
	int err = 0;

	if (ex == NULL || body == NULL)
		err = VOW_EINVAL;
	else if (vow_executor_is_closed(ex))
		err = VOW_ESHUTDOWN;
	if (err != 0) {
		if (ctx_dtor != NULL)
			ctx_dtor(ctx);
		vow__set_last_error(err);
	}
	return err;
}

vow_promise *vow_async(vow_executor *ex, vow_thunk_fn body, void *ctx, vow_dtor_fn ctx_dtor)
{
	struct async_call *a;
	vow_promise *p;

	if (check_start(ex, body, ctx, ctx_dtor) != 0)
		return NULL;
	p = vow__promise_alloc(ex);
	if (p == NULL)
		goto oom;
	vow__promise_set_refs_unpublished(p, 2); /* the caller's and the call's */
	a = async_new(ex, p, body, ctx, ctx_dtor);
	if (a == NULL) {
		vow_promise_release(p);
		vow_promise_release(p);
		goto oom;
	}
	async_resume(a, false); /* the body runs until its first await */
	return p;
oom:
	if (ctx_dtor != NULL)
		ctx_dtor(ctx);
	return vow__fail(VOW_ENOMEM);
}

/* vow_async_spawn: the job that starts the call, in its promise's block. */
struct spawn_call {
	vow_job job;
	vow_thunk_fn body;
	void *ctx;
	vow_dtor_fn ctx_dtor;
};

static void spawn_call_run(vow_job *job)
{
	struct spawn_call s = *(struct spawn_call *)job;
	vow_promise *p = vow__promise_of_extra(job);
	struct async_call *a = async_new(vow_promise_executor(p), p, s.body, s.ctx, s.ctx_dtor);

	if (a == NULL) {
		/* No stack: the call rejects, as any abrupt completion would. */
		vow__promise_reject(p, vow__oom_error());
		if (s.ctx_dtor != NULL)
			s.ctx_dtor(s.ctx);
		vow_promise_release(p);
		return;
	}
	async_resume(a, true); /* the call has the job's reference now */
}

static void spawn_call_discard(vow_job *job)
{
	struct spawn_call s = *(struct spawn_call *)job;

	/* The promise stays pending, as a discarded vow_spawn's does. */
	if (s.ctx_dtor != NULL)
		s.ctx_dtor(s.ctx);
	vow_promise_release(vow__promise_of_extra(job));
}

static const vow_job_ops spawn_call_ops = {
	.run = spawn_call_run,
	.discard = spawn_call_discard,
	.kind = VOW_JOB_MICROTASK,
};

vow_promise *vow_async_spawn(vow_executor *ex, vow_thunk_fn body, void *ctx,
			     vow_dtor_fn ctx_dtor)
{
	struct spawn_call *s;
	vow_promise *p;

	if (check_start(ex, body, ctx, ctx_dtor) != 0)
		return NULL;
	p = vow__promise_alloc_extra(ex, sizeof *s, (void **)&s);
	if (p == NULL) {
		if (ctx_dtor != NULL)
			ctx_dtor(ctx);
		return NULL;
	}
	s->job.next = NULL;
	s->job.ops = &spawn_call_ops;
	s->body = body;
	s->ctx = ctx;
	s->ctx_dtor = ctx_dtor;
	vow__promise_set_refs_unpublished(p, 2); /* the caller's and the job's */
	vow__executor_post(ex, &s->job);
	return p;
}

/* ---- the await reaction ------------------------------------------------------ */

/* Markers for the two sides of an await (dispatch picks one); never called. */
static vow_outcome await_fulfilled(void *ctx, vow_value v)
{
	(void)ctx;
	(void)v;
	return vow_return(vow_undefined());
}

static vow_outcome await_rejected(void *ctx, vow_value v)
{
	(void)ctx;
	(void)v;
	return vow_return(vow_undefined());
}

static void await_run(vow_job *job)
{
	struct reaction *r = (struct reaction *)job;
	struct async_call *a = CALL_OF(r);

	if (vow__thread_exec.ex != a->ex && a->ex->ops->unordered) {
		/* Dispatched inline where the promise settled, off the pool. */
		vow__executor_post(a->ex, job);
		return;
	}
	a->resumed = r->fn == await_fulfilled ? vow_return(r->arg) : vow_throw(r->arg);
	async_resume(a, true);
}

static void await_discard(vow_job *job)
{
	struct reaction *r = (struct reaction *)job;
	struct async_call *a = CALL_OF(r);

	vow__value_drop(r->arg);
	a->resumed = shutdown_throw();
	async_resume(a, false);
}

static void await_free_pending(struct reaction *r)
{
	r->fn = await_rejected;
	r->arg = vow_error(VOW_EABANDONED, "the awaited promise was destroyed before it settled");
	vow__executor_post(CALL_OF(r)->ex, &r->job);
}

static const struct vow__reaction_ops await_ops = {
	.job = {
		.run = await_run,
		.discard = await_discard,
		.kind = VOW_JOB_MICROTASK,
	},
	.free_pending = await_free_pending,
};

/* ---- await ------------------------------------------------------------------------ */

/*
 * True if the continuation of an await in a would be the next job its
 * executor runs: on the pool always (no order to keep), on an ordered
 * executor when a's own job is running and nothing else is queued
 * (vow_executor_ops.runs_next).
 */
static bool continues_now(struct async_call *a)
{
	const vow_executor_ops *ops = a->ex->ops;

	return ops->unordered || (a->in_job && ops->runs_next != NULL && ops->runs_next(a->ex->impl));
}

/* The outcome of p, which is settled (acquire seen by the caller). */
static vow_outcome settled_outcome(vow_promise *p)
{
	vow_value v = vow__value_dup(p->result);

	vow__promise_mark_handled(p);
	return vow_promise_state(p) == VOW_FULFILLED ? vow_return(v) : vow_throw(v);
}

static vow_outcome await_promise(struct async_call *a, vow_promise *p, bool release)
{
	vow_outcome o;

	if (vow_executor_is_closed(a->ex)) {
		o = shutdown_throw();
		goto out;
	}
	if (vow__promise_settled(p) && continues_now(a)) {
		/* Its one job would run next: nothing can tell we did not yield. */
		o = settled_outcome(p);
		goto out;
	}
	vow__reaction_init(&a->await_r, &await_ops, a->ex, NULL, await_fulfilled, await_rejected,
			   a, NULL);
	a->attach_to = p;
	a->release_after = release;
	a->after = AFTER_ATTACH;
	vow__fiber_suspend();
	/* a lives in this fiber's memory: valid on whatever thread we are now. */
	return a->resumed;
out:
	if (release)
		vow_promise_release(p);
	return o;
}

vow_outcome vow_await(vow_promise *p)
{
	struct async_call *a = current_call();

	if (a == NULL)
		return throw_code(VOW_ENOTASYNC, "await is only valid in async functions");
	if (p == NULL)
		return vow_throw(vow__null_promise_error());
	return await_promise(a, p, false);
}

vow_outcome vow_await_value(vow_value v)
{
	struct async_call *a = current_call();
	vow_promise *p;

	if (a == NULL) {
		vow_value_drop(v);
		return throw_code(VOW_ENOTASYNC, "await is only valid in async functions");
	}
	switch (v.kind) {
	case VOW_PROMISE:
		if (v.as.promise == NULL)
			return vow_throw(vow__null_promise_error());
		return await_promise(a, v.as.promise, true);
	case VOW_THENABLE:
		/* PromiseResolve(%Promise%, v): adopted through a job, as in Node. */
		p = vow_promise_resolve(a->ex, v);
		if (p == NULL)
			return vow_throw(vow__oom_error());
		return await_promise(a, p, true);
	default:
		break;
	}
	/* A plain value: one job (a resolved promise's reaction) on ordered executors. */
	if (vow_executor_is_closed(a->ex)) {
		vow_value_drop(v);
		return shutdown_throw();
	}
	if (continues_now(a))
		return vow_return(v);
	vow__reaction_init(&a->await_r, &await_ops, a->ex, NULL, NULL, NULL, a, NULL);
	a->await_r.fn = await_fulfilled;
	a->await_r.arg = v;
	a->after = AFTER_POST;
	vow__fiber_suspend();
	return a->resumed;
}

/*
 * AN EARLY AWAIT can end before its promise settles: vow_promise_wait with a
 * deadline inside an async function, and vow_await_signal.  What wakes it
 * then cannot live in the fiber, so a small record is held by the waiting
 * call, the notification on the promise, the executor timer's job (with a
 * deadline) and the abort listener (with a signal), each dropping its
 * reference when done.  The promise settling, the timer firing and the
 * signal aborting race on state (one CAS, acq_rel); the winner writes
 * result (and, for an abort, the reason) and posts the resumption to the
 * call's executor.  The resumed call takes back what did not fire: it
 * cancels the timer and removes the listener (which waits for a listener
 * that is running).  Armed after the switch, as any await, in the order
 * listener, timer, notification, each holding the record and the promise
 * until the arming is done; the timer's id is guarded by the record's lock
 * against a resumed call cancelling it while it is being set.
 */
enum { EARLY_WAITING = 0, EARLY_WOKEN = 1 };

struct early_await {
	_Atomic uint32_t refs;
	_Atomic uint32_t state;
	int result;                  /* 0, VOW_ETIMEDOUT, VOW_EABORTED, VOW_ENOMEM, VOW_ESHUTDOWN */
	vow_value reason;            /* VOW_EABORTED: the signal's reason (owned) */
	struct async_call *a;
	vow_promise *p;              /* borrowed: the waiting call holds it */
	bool timed;
	uint64_t ms;
	pthread_mutex_t lock;        /* timer_id and cancelled */
	uint64_t timer_id;
	bool cancelled;
	vow_abort_signal *signal;    /* borrowed: the waiting call's */
	vow_abort_listener *listener;
	vow_job resume;              /* posted by the winner */
	vow_job timer_job;
};

#define EARLY_OF(job, member) \
	((struct early_await *)((char *)(job) - offsetof(struct early_await, member)))

static void early_release(struct early_await *e)
{
	/* acq_rel: the last holder sees every other holder's writes. */
	if (vow_fetch_sub(&e->refs, 1, ACQ_REL) != 1)
		return;
	vow_value_drop(e->reason);
	pthread_mutex_destroy(&e->lock);
	vow__free(e);
}

static bool early_end(struct early_await *e, int result, vow_value reason)
{
	uint32_t waiting = EARLY_WAITING;

	if (!vow_cas(&e->state, &waiting, EARLY_WOKEN, ACQ_REL, RELAXED)) {
		vow_value_drop(reason);
		return false;
	}
	e->result = result;
	e->reason = reason;
	vow__executor_post(e->a->ex, &e->resume);
	return true;
}

static void early_resume_run(vow_job *job)
{
	async_resume(EARLY_OF(job, resume)->a, true);
}

static void early_resume_discard(vow_job *job)
{
	struct early_await *e = EARLY_OF(job, resume);

	e->result = VOW_ESHUTDOWN; /* the executor closed: nobody else will run it */
	async_resume(e->a, false);
}

static const vow_job_ops early_resume_ops = {
	.run = early_resume_run,
	.discard = early_resume_discard,
	.kind = VOW_JOB_TASK,
};

static void early_timer_run(vow_job *job)
{
	struct early_await *e = EARLY_OF(job, timer_job);

	early_end(e, VOW_ETIMEDOUT, vow_undefined());
	early_release(e);
}

static void early_timer_discard(vow_job *job)
{
	early_release(EARLY_OF(job, timer_job));
}

static const vow_job_ops early_timer_ops = {
	.run = early_timer_run,
	.discard = early_timer_discard,
	.kind = VOW_JOB_TASK,
};

static void early_settled(void *ctx)
{
	early_end(ctx, 0, vow_undefined());
}

static void early_aborted(void *ctx, vow_value reason)
{
	early_end(ctx, VOW_EABORTED, vow_value_dup(reason));
}

static void early_release_ctx(void *ctx)
{
	early_release(ctx);
}

static void early_arm(struct early_await *e)
{
	vow_executor *ex = e->a->ex;
	vow_promise *p = vow_promise_dup(e->p);

	vow_fetch_add(&e->refs, 1, RELAXED); /* the arming's own */
	if (e->signal != NULL) {
		vow_fetch_add(&e->refs, 1, RELAXED); /* the listener's (its ctx_dtor) */
		e->listener = vow_abort_signal_add_listener(e->signal, early_aborted, e,
							    early_release_ctx);
		if (e->listener == NULL) {
			if (vow_last_error() == VOW_EALREADY)
				early_end(e, VOW_EABORTED,
					  vow_value_dup(vow_abort_signal_reason(e->signal)));
			else
				early_end(e, VOW_ENOMEM, vow_undefined());
			goto out;
		}
	}
	if (e->timed) {
		pthread_mutex_lock(&e->lock);
		if (!e->cancelled) {
			vow_fetch_add(&e->refs, 1, RELAXED); /* the timer job's */
			e->timer_id = ex->ops->timer_start(ex->impl, e->ms, &e->timer_job, 0);
			if (e->timer_id == 0)
				vow_fetch_sub(&e->refs, 1, RELAXED); /* not taken */
		}
		pthread_mutex_unlock(&e->lock);
		if (e->timer_id == 0) {
			early_end(e, VOW_ENOMEM, vow_undefined());
			goto out;
		}
	}
	vow_fetch_add(&e->refs, 1, RELAXED); /* the notification's */
	if (vow_promise_on_settle(p, early_settled, e, early_release_ctx) != 0)
		early_end(e, VOW_ENOMEM, vow_undefined());
out:
	early_release(e);
	vow_promise_release(p);
}

/*
 * Await p until it settles, timeout_ms of ex's clock pass (< 0: no limit;
 * on a loop with a virtual clock, virtual milliseconds) or signal aborts
 * (NULL: none).  Returns 0 (settled), VOW_ETIMEDOUT, VOW_EABORTED
 * (*reason: the signal's, owned), or the error that ended it.
 */
static int early_await(struct async_call *a, vow_promise *p, int64_t timeout_ms,
		       vow_abort_signal *signal, vow_value *reason)
{
	vow_executor *ex = a->ex;
	struct early_await *e;
	int rc;

	if (timeout_ms >= 0 && ex->ops->timer_start == NULL)
		return VOW_ENOTSUP; /* an executor without timers */
	if (vow_executor_is_closed(ex))
		return VOW_ESHUTDOWN;
	e = vow__malloc(sizeof *e);
	if (e == NULL)
		return VOW_ENOMEM;
	atomic_init(&e->refs, 1); /* the waiting call's */
	atomic_init(&e->state, EARLY_WAITING);
	e->result = 0;
	e->reason = vow_undefined();
	e->a = a;
	e->p = p;
	e->timed = timeout_ms >= 0;
	e->ms = e->timed ? (uint64_t)timeout_ms : 0;
	pthread_mutex_init(&e->lock, NULL);
	e->timer_id = 0;
	e->cancelled = false;
	e->signal = signal;
	e->listener = NULL;
	e->resume.next = NULL;
	e->resume.ops = &early_resume_ops;
	e->timer_job.next = NULL;
	e->timer_job.ops = &early_timer_ops;
	a->early = e;
	a->after = AFTER_EARLY;
	vow__fiber_suspend();
	/* Resumed by the winner, as a job on ex (or by a closed ex's discard). */
	rc = e->result;
	if (e->timed && rc != VOW_ETIMEDOUT && rc != VOW_ESHUTDOWN) {
		pthread_mutex_lock(&e->lock);
		e->cancelled = true;
		if (e->timer_id != 0)
			(void)ex->ops->timer_cancel(ex->impl, e->timer_id);
		pthread_mutex_unlock(&e->lock);
	}
	/* A listener that fired stays with its signal; one that did not goes. */
	if (e->listener != NULL && rc != VOW_EABORTED)
		(void)vow_abort_listener_remove(e->listener);
	*reason = e->reason;
	e->reason = vow_undefined();
	early_release(e);
	if (rc == VOW_ETIMEDOUT && vow_promise_state(p) != VOW_PENDING)
		rc = 0; /* settled meanwhile: the caller may read it */
	return rc;
}

int vow__await_wait(vow_promise *p, int64_t timeout_ms)
{
	vow_value reason;
	vow_outcome o;
	int rc = 0;

	if (timeout_ms >= 0)
		return early_await(current_call(), p, timeout_ms, NULL, &reason);
	o = vow_await(p);
	/* Settled: the value is p's to read; an error of the await itself is not. */
	if (vow_promise_state(p) == VOW_PENDING)
		rc = vow_is_error(o.value) ? vow_error_code(o.value) : VOW_ESHUTDOWN;
	vow_outcome_drop(o);
	return rc;
}

vow_outcome vow_await_signal(vow_promise *p, vow_abort_signal *signal)
{
	struct async_call *a = current_call();
	vow_value reason = vow_undefined();
	int rc;

	if (signal == NULL)
		return vow_await(p);
	if (a == NULL)
		return throw_code(VOW_ENOTASYNC, "await is only valid in async functions");
	if (p == NULL)
		return vow_throw(vow__null_promise_error());
	/* As vow_await: after the close every await fails at once (LIFETIMES). */
	if (vow_executor_is_closed(a->ex))
		return shutdown_throw();
	if (vow_abort_signal_aborted(signal))
		return vow_abort_signal_throw(signal);
	if (vow__promise_settled(p) && continues_now(a))
		return settled_outcome(p);
	rc = early_await(a, p, -1, signal, &reason);
	switch (rc) {
	case 0:
		return settled_outcome(p);
	case VOW_EABORTED:
		return vow_throw(reason);
	case VOW_ESHUTDOWN:
		return shutdown_throw();
	default:
		return vow_throw(vow__type_error_code(rc, "await: %s", vow_strerror(rc)));
	}
}

int vow_async_set_stack_size(size_t bytes)
{
	return vow__fiber_set_stack_size(bytes);
}

/* ---- generators --------------------------------------------------------------------- */

enum gen_state { GEN_NEW, GEN_SUSPENDED, GEN_RUNNING, GEN_DONE };

struct vow_generator {
	struct vow__fiber *fiber;  /* NULL once done */
	enum gen_state state;
	bool closing;              /* vow_generator_free is unwinding it */
	vow_thunk_fn fn;
	void *ctx;
	vow_dtor_fn ctx_dtor;
	vow_outcome in;            /* what the pending vow_yield returns */
	vow_outcome out;           /* what it yielded, or its final outcome */
};

struct gen_fiber {
	enum vow__fiber_role role; /* first: VOW__FIBER_GENERATOR */
	vow_generator *g;
};

static void gen_entry(void *unused)
{
	struct gen_fiber *gf = vow__fiber_extra(vow__fiber_current());
	vow_generator *g = gf->g;
	vow_outcome o;

	(void)unused;
	o = g->fn(g->ctx);
	/* An invalid outcome is reported as everywhere (value.h); its value is not trusted. */
	if (o.kind != VOW_OUTCOME_RETURN && o.kind != VOW_OUTCOME_THROW)
		o = vow_throw(vow__bad_outcome_error("generator", o.kind));
	g->out = o;
}

vow_generator *vow_generator_new(vow_thunk_fn fn, void *ctx, vow_dtor_fn ctx_dtor)
{
	vow_generator *g;
	struct gen_fiber *gf;
	int err = 0;

	if (fn == NULL)
		err = VOW_EINVAL;
	else if ((g = vow__malloc(sizeof *g)) == NULL)
		err = VOW_ENOMEM;
	else if ((g->fiber = vow__fiber_new(gen_entry, NULL, sizeof *gf)) == NULL) {
		vow__free(g);
		err = VOW_ENOMEM;
	}
	if (err != 0) {
		if (ctx_dtor != NULL)
			ctx_dtor(ctx);
		return vow__fail(err);
	}
	gf = vow__fiber_extra(g->fiber);
	gf->role = VOW__FIBER_GENERATOR;
	gf->g = g;
	g->state = GEN_NEW;
	g->closing = false;
	g->fn = fn;
	g->ctx = ctx;
	g->ctx_dtor = ctx_dtor;
	g->in = vow_return(vow_undefined());
	g->out = vow_return(vow_undefined());
	return g;
}

/* The generator is over: free its fiber, run its destructor. */
static void gen_finish(vow_generator *g)
{
	vow__fiber_free(g->fiber);
	g->fiber = NULL;
	g->state = GEN_DONE;
	if (g->ctx_dtor != NULL)
		g->ctx_dtor(g->ctx);
}

static vow_outcome gen_resume(vow_generator *g, bool *done)
{
	vow_outcome out;

	g->state = GEN_RUNNING;
	if (vow__fiber_resume(g->fiber)) {
		gen_finish(g);
		*done = true;
	} else {
		g->state = GEN_SUSPENDED;
		*done = false;
	}
	out = g->out;
	g->out = vow_return(vow_undefined());
	return out;
}

static vow_outcome gen_bad_call(vow_generator *g, vow_value v, bool *done)
{
	vow_value_drop(v);
	if (done != NULL)
		*done = true;
	if (g == NULL || done == NULL)
		return vow_throw(vow__type_error_code(VOW_EINVAL, "no generator or no done flag"));
	return throw_code(VOW_EBUSY, "the generator is already running");
}

vow_outcome vow_generator_next(vow_generator *g, vow_value send, bool *done)
{
	if (g == NULL || done == NULL || g->state == GEN_RUNNING)
		return gen_bad_call(g, send, done);
	switch (g->state) {
	case GEN_DONE:
		vow_value_drop(send);
		*done = true;
		return vow_return(vow_undefined());
	case GEN_NEW:
		vow_value_drop(send); /* the first next()'s argument goes nowhere */
		break;
	default:
		g->in = vow_return(send);
		break;
	}
	return gen_resume(g, done);
}

vow_outcome vow_generator_throw(vow_generator *g, vow_value reason, bool *done)
{
	if (g == NULL || done == NULL || g->state == GEN_RUNNING)
		return gen_bad_call(g, reason, done);
	if (g->state != GEN_SUSPENDED) {
		/* Not started, or over: it completes by throwing reason. */
		if (g->state == GEN_NEW)
			gen_finish(g);
		*done = true;
		return vow_throw(reason);
	}
	g->in = vow_throw(reason);
	return gen_resume(g, done);
}

vow_outcome vow_yield(vow_value v)
{
	void *extra = NULL;
	vow_generator *g;

	if (current_role(&extra) != VOW__FIBER_GENERATOR) {
		vow_value_drop(v);
		return throw_code(VOW_ENOTASYNC, "yield is only valid in generators");
	}
	g = ((struct gen_fiber *)extra)->g;
	if (g->closing) {
		vow_value_drop(v);
		return throw_code(VOW_ECANCELED, "the generator is being freed");
	}
	g->out = vow_return(v);
	vow__fiber_suspend();
	return g->in;
}

void vow_generator_free(vow_generator *g)
{
	bool done;

	if (g == NULL)
		return;
	assert(g->state != GEN_RUNNING);
	if (g->state == GEN_NEW) {
		gen_finish(g);
	} else if (g->state == GEN_SUSPENDED) {
		/* Unwind it: the pending yield (and any later one) throws. */
		g->closing = true;
		g->in = throw_code(VOW_ECANCELED, "the generator is being freed");
		while (g->state == GEN_SUSPENDED)
			vow_outcome_drop(gen_resume(g, &done));
	}
	vow__free(g);
}
