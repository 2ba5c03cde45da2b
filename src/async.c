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
#include <stddef.h>
#include <time.h>

#include "promise_impl.h"

/* What the resumer does once the fiber has suspended (see above). */
enum after_suspend { AFTER_NOTHING, AFTER_ATTACH, AFTER_POST, AFTER_TIMED };

struct timed_await;

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
	struct timed_await *timed;   /* AFTER_TIMED */
	/*
	 * in_job - the call is running because a job of its executor resumed
	 * it (an await's continuation, vow_async_spawn's start), so nothing of
	 * anyone else's lies between that job and the body: an await whose
	 * continuation would run next (vow_executor_ops.runs_next) may go on
	 * at once.  Not while the body runs inside vow_async's caller.
	 */
	bool in_job;
};

static void timed_arm(struct timed_await *tw);

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
		vow_executor_post(a->ex, &a->await_r.job);
		break;
	case AFTER_TIMED:
		a->after = AFTER_NOTHING;
		timed_arm(a->timed);
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
	vow_executor_post(ex, &s->job);
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
		vow_executor_post(a->ex, job);
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
	vow_executor_post(CALL_OF(r)->ex, &r->job);
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
 * A TIMED AWAIT (vow_promise_wait with a deadline inside an async
 * function) may end before its promise settles, so what wakes it cannot
 * live in the fiber: a small record, held by the waiting call, the
 * notification on the promise and the executor timer's job, each dropping
 * its reference when done.  The promise settling and the timer firing
 * race on state (one CAS, acq_rel); the winner writes result and posts the
 * resumption to the call's executor.  The resumed call cancels the timer if
 * it did not fire (on a thread of the executor, as timer ops require: the
 * resumption is a job there).  Armed after the switch, as any await; the
 * timer may fire while the notification is still being attached, so the
 * arming holds a reference to the record and to the promise until it is
 * done.
 */
enum { TIMED_WAITING = 0, TIMED_WOKEN = 1 };

struct timed_await {
	_Atomic uint32_t refs;
	_Atomic uint32_t state;
	int result;
	struct async_call *a;
	vow_promise *p;        /* borrowed: the waiting call holds it */
	uint64_t ms;
	uint64_t timer_id;
	vow_job resume;        /* posted by the winner */
	vow_job timer_job;
};

#define TIMED_OF(job, member) \
	((struct timed_await *)((char *)(job) - offsetof(struct timed_await, member)))

static void timed_release(struct timed_await *tw)
{
	/* acq_rel: the last holder sees every other holder's writes. */
	if (vow_fetch_sub(&tw->refs, 1, ACQ_REL) == 1)
		vow__free_small(tw, sizeof *tw);
}

static void timed_end(struct timed_await *tw, int result)
{
	uint32_t waiting = TIMED_WAITING;

	if (!vow_cas(&tw->state, &waiting, TIMED_WOKEN, ACQ_REL, RELAXED))
		return;
	tw->result = result;
	vow_executor_post(tw->a->ex, &tw->resume);
}

static void timed_resume_run(vow_job *job)
{
	async_resume(TIMED_OF(job, resume)->a, true);
}

static void timed_resume_discard(vow_job *job)
{
	struct timed_await *tw = TIMED_OF(job, resume);

	tw->result = VOW_ESHUTDOWN; /* the executor closed: nobody else will run it */
	async_resume(tw->a, false);
}

static const vow_job_ops timed_resume_ops = {
	.run = timed_resume_run,
	.discard = timed_resume_discard,
	.kind = VOW_JOB_TASK,
};

static void timed_timer_run(vow_job *job)
{
	struct timed_await *tw = TIMED_OF(job, timer_job);

	timed_end(tw, VOW_ETIMEDOUT);
	timed_release(tw);
}

static void timed_timer_discard(vow_job *job)
{
	timed_release(TIMED_OF(job, timer_job));
}

static const vow_job_ops timed_timer_ops = {
	.run = timed_timer_run,
	.discard = timed_timer_discard,
	.kind = VOW_JOB_TASK,
};

static void timed_settled(void *ctx)
{
	timed_end(ctx, 0);
}

static void timed_settled_release(void *ctx)
{
	timed_release(ctx);
}

static void timed_arm(struct timed_await *tw)
{
	vow_executor *ex = tw->a->ex;
	/*
	 * Once the timer is set it may fire and the call continue (and drop
	 * p) while the notification is still being attached: hold p.
	 */
	vow_promise *p = vow_promise_dup(tw->p);

	/* Ours for the arming, the timer job's, the notification's: taken first. */
	vow_fetch_add(&tw->refs, 3, RELAXED);
	tw->timer_id = ex->ops->timer_start(ex->impl, tw->ms, &tw->timer_job, 0);
	if (tw->timer_id == 0) {
		timed_release(tw); /* the timer job's */
		timed_release(tw); /* the notification's */
		timed_end(tw, VOW_ENOMEM);
	} else if (vow_promise_on_settle(p, timed_settled, tw, timed_settled_release) != 0) {
		timed_end(tw, VOW_ENOMEM); /* the notification's reference went with it */
	}
	timed_release(tw);
	vow_promise_release(p);
}

static uint64_t ms_until(const struct timespec *deadline)
{
	struct timespec now;
	int64_t ns;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ns = (int64_t)(deadline->tv_sec - now.tv_sec) * 1000000000 +
	     (deadline->tv_nsec - now.tv_nsec);
	return ns <= 0 ? 0 : (uint64_t)((ns + 999999) / 1000000);
}

static int timed_await(struct async_call *a, vow_promise *p, const struct timespec *deadline)
{
	vow_executor *ex = a->ex;
	struct timed_await *tw;
	int rc;

	if (ex->ops->timer_start == NULL)
		return VOW_ENOTSUP; /* an executor without timers */
	if (vow_executor_is_closed(ex))
		return VOW_ESHUTDOWN;
	tw = vow__malloc_small(sizeof *tw);
	if (tw == NULL)
		return VOW_ENOMEM;
	atomic_init(&tw->refs, 1); /* the waiting call's */
	atomic_init(&tw->state, TIMED_WAITING);
	tw->result = 0;
	tw->a = a;
	tw->p = p;
	tw->ms = ms_until(deadline);
	tw->timer_id = 0;
	tw->resume.next = NULL;
	tw->resume.ops = &timed_resume_ops;
	tw->timer_job.next = NULL;
	tw->timer_job.ops = &timed_timer_ops;
	a->timed = tw;
	a->after = AFTER_TIMED;
	vow__fiber_suspend();
	/* Resumed by the winner, as a job on ex. */
	rc = tw->result;
	if (rc != VOW_ETIMEDOUT && rc != VOW_ESHUTDOWN && tw->timer_id != 0)
		(void)ex->ops->timer_cancel(ex->impl, tw->timer_id);
	timed_release(tw);
	if (rc == VOW_ETIMEDOUT && vow_promise_state(p) != VOW_PENDING)
		rc = 0; /* settled meanwhile: the caller may read it */
	return rc;
}

int vow__await_wait(vow_promise *p, const struct timespec *deadline)
{
	vow_outcome o;
	int rc = 0;

	if (deadline != NULL)
		return timed_await(current_call(), p, deadline);
	o = vow_await(p);
	/* Settled: the value is p's to read; an error of the await itself is not. */
	if (vow_promise_state(p) == VOW_PENDING)
		rc = vow_is_error(o.value) ? vow_error_code(o.value) : VOW_ESHUTDOWN;
	vow_outcome_drop(o);
	return rc;
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

	(void)unused;
	g->out = g->fn(g->ctx);
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
