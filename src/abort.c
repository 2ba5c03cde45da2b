/*
 * abort.c - AbortController / AbortSignal (vow/abort.h): a signal aborts
 * once, with a reason, and runs its listeners once, on the aborting thread.
 *
 * A SIGNAL's state is guarded by its lock (a leaf: no other lock is taken
 * while it is held, and no listener runs under it); aborted is also an
 * atomic, so that vow_abort_signal_aborted is one acquire load (paired with
 * the release store that publishes the reason).
 *
 * A LISTENER is in one of three states, under the signal's lock:
 *
 *   state     where                        moved by
 *   WAITING   the signal's live list       abort: -> RUNNING (whole list taken)
 *                                          remove: unlinked, ctx_dtor, freed
 *   RUNNING   the aborter's batch          the aborter, after fn and ctx_dtor:
 *                                            -> DONE (broadcast done)
 *   DONE      the signal's fired list      remove: unlinked, freed
 *
 * A listener's memory is the signal's until vow_abort_listener_remove is
 * called for it, or the signal goes: a remover of a RUNNING listener waits
 * for DONE, so a handle never dangles while its owner may still remove it.
 * A remover on the aborting thread itself (inside a listener of this
 * abort) cannot wait: it leaves the listener to the aborter, which frees
 * it when its turn comes, and if fn has not been called yet (started
 * false) it never is - the remover runs ctx_dtor, as for a WAITING one.
 * started and free_when_done are only touched on the aborting thread.
 *
 * The aborter holds a reference to the signal while listeners run, so that
 * one may release the last reference to it (the controller, say).
 *
 * ANY.  vow_abort_signal_any listens on each source with a listener whose
 * ctx is the composite signal without a reference (the sources must not
 * keep it alive).  When the composite's last reference goes, its
 * destructor first removes those listeners - waiting for one that is
 * running - and only then frees the composite; a source's listener that
 * finds it going (no reference left to take) leaves it alone.
 */
#include <pthread.h>

#include "core.h"

enum { L_WAITING, L_RUNNING, L_DONE };

struct vow_abort_listener {
	vow_abort_signal *s;
	void (*fn)(void *ctx, vow_value reason);
	void *ctx;
	vow_dtor_fn ctx_dtor;
	struct vow_abort_listener *next, *prev; /* live or fired list */
	int state;
	pthread_t runner;      /* RUNNING: the aborting thread */
	bool started;          /* RUNNING: fn has been called */
	bool free_when_done;   /* RUNNING: removed on the aborting thread */
};

struct list {
	struct vow_abort_listener *head, *tail;
};

struct vow_abort_signal {
	_Atomic uint32_t refs;
	_Atomic uint32_t aborted;  /* 0 -> 1 once; release publishes reason */
	pthread_mutex_t lock;
	pthread_cond_t done;       /* a RUNNING listener became DONE */
	vow_value reason;
	struct list live, fired;
	vow_abort_listener **sources; /* any(): ours on each source */
	size_t nsources;
};

struct vow_abort_controller {
	vow_abort_signal *signal;
};

static void list_append(struct list *l, vow_abort_listener *x)
{
	x->next = NULL;
	x->prev = l->tail;
	if (l->tail != NULL)
		l->tail->next = x;
	else
		l->head = x;
	l->tail = x;
}

static void list_unlink(struct list *l, vow_abort_listener *x)
{
	if (x->prev != NULL)
		x->prev->next = x->next;
	else
		l->head = x->next;
	if (x->next != NULL)
		x->next->prev = x->prev;
	else
		l->tail = x->prev;
}

vow_value vow_abort_error(void)
{
	return vow_error_named(VOW_EABORTED, "AbortError", "This operation was aborted");
}

vow_value vow_timeout_error(void)
{
	return vow_error_named(VOW_ETIMEDOUT, "TimeoutError",
			       "The operation was aborted due to timeout");
}

/* ---- signals ----------------------------------------------------------------- */

vow_abort_signal *vow__abort_signal_new(void)
{
	vow_abort_signal *s = vow__malloc(sizeof *s);

	if (s == NULL)
		return vow__fail(VOW_ENOMEM);
	atomic_init(&s->refs, 1);
	atomic_init(&s->aborted, 0);
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->done, NULL);
	s->reason = vow_undefined();
	s->live.head = s->live.tail = NULL;
	s->fired.head = s->fired.tail = NULL;
	s->sources = NULL;
	s->nsources = 0;
	return s;
}

vow_abort_signal *vow_abort_signal_dup(vow_abort_signal *s)
{
	if (s != NULL)
		vow_fetch_add(&s->refs, 1, RELAXED); /* the caller holds one */
	return s;
}

static void signal_destroy(vow_abort_signal *s)
{
	vow_abort_listener *l;

	/* ANY: first stop the sources from reaching us (see above). */
	for (size_t i = 0; i < s->nsources; i++)
		(void)vow_abort_listener_remove(s->sources[i]);
	vow__free(s->sources);
	while ((l = s->live.head) != NULL) {
		list_unlink(&s->live, l);
		if (l->ctx_dtor != NULL)
			l->ctx_dtor(l->ctx);
		vow__free(l);
	}
	while ((l = s->fired.head) != NULL) {
		list_unlink(&s->fired, l);
		vow__free(l);
	}
	vow_value_drop(s->reason);
	pthread_cond_destroy(&s->done);
	pthread_mutex_destroy(&s->lock);
	vow__free(s);
}

void vow_abort_signal_release(vow_abort_signal *s)
{
	/* acq_rel: the destroyer sees every holder's use. */
	if (s != NULL && vow_fetch_sub(&s->refs, 1, ACQ_REL) == 1)
		signal_destroy(s);
}

bool vow_abort_signal_aborted(const vow_abort_signal *s)
{
	/* Acquire: pairs with the release store in vow__abort_signal_abort (reason written). */
	return s != NULL && vow_load(&((vow_abort_signal *)s)->aborted, ACQUIRE) != 0;
}

vow_value vow_abort_signal_reason(const vow_abort_signal *s)
{
	return vow_abort_signal_aborted(s) ? s->reason : vow_undefined();
}

vow_outcome vow_abort_signal_throw(const vow_abort_signal *s)
{
	if (!vow_abort_signal_aborted(s))
		return vow_return(vow_undefined());
	return vow_throw(vow_value_dup(s->reason));
}

/* Take a reference unless the last one has gone (s is being destroyed). */
static bool signal_try_ref(vow_abort_signal *s)
{
	uint32_t refs = vow_load(&s->refs, RELAXED);

	/* Relaxed, as dup: the CAS only succeeds from a count some holder still owns. */
	do {
		if (refs == 0)
			return false;
	} while (!vow_cas_weak(&s->refs, &refs, refs + 1, RELAXED, RELAXED));
	return true;
}

int vow__abort_signal_abort(vow_abort_signal *s, vow_value reason)
{
	struct list batch;
	vow_abort_listener *l;

	if (!signal_try_ref(s)) {
		/* An any() composite whose last reference went: nobody can see it. */
		vow_value_drop(reason);
		return VOW_EALREADY;
	}
	pthread_mutex_lock(&s->lock);
	if (vow_load(&s->aborted, RELAXED)) {
		pthread_mutex_unlock(&s->lock);
		vow_value_drop(reason);
		vow_abort_signal_release(s);
		return VOW_EALREADY;
	}
	s->reason = reason.kind == VOW_UNDEFINED ? vow_abort_error() : reason;
	/* Release: the reason is written before anyone sees aborted. */
	vow_store(&s->aborted, 1, RELEASE);
	batch = s->live;
	s->live.head = s->live.tail = NULL;
	for (l = batch.head; l != NULL; l = l->next) {
		l->state = L_RUNNING;
		l->runner = pthread_self();
	}
	pthread_mutex_unlock(&s->lock);

	while ((l = batch.head) != NULL) {
		batch.head = l->next;
		if (l->free_when_done) {
			/* Removed by an earlier listener; its ctx_dtor ran then. */
			vow__free(l);
			continue;
		}
		l->started = true;
		l->fn(l->ctx, s->reason);
		if (l->ctx_dtor != NULL)
			l->ctx_dtor(l->ctx);
		pthread_mutex_lock(&s->lock);
		l->state = L_DONE;
		if (l->free_when_done) {
			pthread_mutex_unlock(&s->lock);
			vow__free(l);
			continue;
		}
		list_append(&s->fired, l);
		pthread_cond_broadcast(&s->done);
		pthread_mutex_unlock(&s->lock);
	}
	vow_abort_signal_release(s);
	return 0;
}

vow_abort_listener *vow_abort_signal_add_listener(vow_abort_signal *s,
						  void (*fn)(void *ctx, vow_value reason),
						  void *ctx, vow_dtor_fn ctx_dtor)
{
	vow_abort_listener *l = NULL;
	int err = 0;

	if (s == NULL || fn == NULL)
		err = VOW_EINVAL;
	else if ((l = vow__malloc(sizeof *l)) == NULL)
		err = VOW_ENOMEM;
	if (err == 0) {
		l->s = s;
		l->fn = fn;
		l->ctx = ctx;
		l->ctx_dtor = ctx_dtor;
		l->state = L_WAITING;
		l->started = false;
		l->free_when_done = false;
		pthread_mutex_lock(&s->lock);
		if (vow_load(&s->aborted, RELAXED))
			err = VOW_EALREADY;
		else
			list_append(&s->live, l);
		pthread_mutex_unlock(&s->lock);
		if (err != 0)
			vow__free(l);
	}
	if (err != 0) {
		if (ctx_dtor != NULL)
			ctx_dtor(ctx);
		return vow__fail(err);
	}
	return l;
}

int vow_abort_listener_remove(vow_abort_listener *l)
{
	vow_abort_signal *s;

	if (l == NULL)
		return VOW_EINVAL;
	s = l->s;
	pthread_mutex_lock(&s->lock);
	if (l->state == L_WAITING) {
		list_unlink(&s->live, l);
		pthread_mutex_unlock(&s->lock);
		if (l->ctx_dtor != NULL)
			l->ctx_dtor(l->ctx);
		vow__free(l);
		return 0;
	}
	if (l->state == L_RUNNING && pthread_equal(l->runner, pthread_self())) {
		/* Inside a listener of this abort: the aborter frees it. */
		l->free_when_done = true;
		pthread_mutex_unlock(&s->lock);
		if (l->started)
			return VOW_EALREADY; /* from inside its own fn */
		/* Not called yet, and now never (as a listener removed during dispatch on the web). */
		if (l->ctx_dtor != NULL)
			l->ctx_dtor(l->ctx);
		return 0;
	}
	while (l->state == L_RUNNING)
		pthread_cond_wait(&s->done, &s->lock);
	list_unlink(&s->fired, l);
	pthread_mutex_unlock(&s->lock);
	vow__free(l);
	return VOW_EALREADY;
}

/* ---- controllers ---------------------------------------------------------------- */

vow_abort_controller *vow_abort_controller_new(void)
{
	vow_abort_controller *c = vow__malloc(sizeof *c);

	if (c == NULL)
		return vow__fail(VOW_ENOMEM);
	c->signal = vow__abort_signal_new();
	if (c->signal == NULL) {
		vow__free(c);
		return NULL;
	}
	return c;
}

vow_abort_signal *vow_abort_controller_signal(vow_abort_controller *c)
{
	return c == NULL ? vow__fail(VOW_EINVAL) : c->signal;
}

int vow_abort_controller_abort(vow_abort_controller *c, vow_value reason)
{
	if (c == NULL) {
		vow_value_drop(reason);
		return VOW_EINVAL;
	}
	return vow__abort_signal_abort(c->signal, reason);
}

void vow_abort_controller_release(vow_abort_controller *c)
{
	if (c == NULL)
		return;
	vow_abort_signal_release(c->signal);
	vow__free(c);
}

/* ---- AbortSignal.any --------------------------------------------------------------- */

static void any_source_aborted(void *ctx, vow_value reason)
{
	(void)vow__abort_signal_abort(ctx, vow_value_dup(reason));
}

vow_abort_signal *vow_abort_signal_any(vow_abort_signal *const *signals, size_t n)
{
	vow_abort_signal *s;

	if (signals == NULL && n > 0)
		return vow__fail(VOW_EINVAL);
	for (size_t i = 0; i < n; i++)
		if (signals[i] == NULL)
			return vow__fail(VOW_EINVAL);
	s = vow__abort_signal_new();
	if (s == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (vow_abort_signal_aborted(signals[i])) {
			(void)vow__abort_signal_abort(s, vow_value_dup(signals[i]->reason));
			return s; /* aborted: it will never need its sources */
		}
	}
	if (n > 0) {
		s->sources = vow__calloc(n, sizeof *s->sources);
		if (s->sources == NULL)
			goto oom;
	}
	for (size_t i = 0; i < n; i++) {
		vow_abort_listener *l = vow_abort_signal_add_listener(signals[i],
								      any_source_aborted, s, NULL);

		if (l == NULL) {
			if (vow_last_error() == VOW_EALREADY) {
				/* Aborted since we looked: so are we. */
				(void)vow__abort_signal_abort(s, vow_value_dup(signals[i]->reason));
				return s;
			}
			goto oom;
		}
		s->sources[s->nsources++] = l;
	}
	return s;
oom:
	vow_abort_signal_release(s);
	return vow__fail(VOW_ENOMEM);
}
