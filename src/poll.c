/*
 * poll.c - poll sources: completion sources an executor polls between jobs
 * and while idle (vow/executor.h).
 *
 * A source's state, under the executor's poll_lock:
 *
 *   ACTIVE    to be polled (counted in sources_active, which
 *             vow_executor_poll reads without the lock to return at once
 *             when nothing is active)
 *   BUSY      a thread is inside fn (poller names it); at most one
 *   WOKEN     vow_poll_source_wake came while BUSY: stay ACTIVE even if
 *             fn answers VOW_POLL_IDLE (the wake-up is not lost)
 *   REMOVED   unlinked by vow_poll_source_remove; freed by whoever
 *             finishes with it last: the remover if the source was not
 *             BUSY (or was BUSY on another thread: the remover waits on
 *             poll_done until it is not), else the poller itself when fn
 *             returns (a removal from inside fn)
 *
 * Lock rank: poll_lock is a leaf; fn, ctx_dtor and ops->wake are called
 * without it.
 */
#include "executor_impl.h"

enum {
	SRC_ACTIVE = 1u << 0,
	SRC_BUSY = 1u << 1,
	SRC_WOKEN = 1u << 2,
	SRC_REMOVED = 1u << 3,
	SRC_FREE_BY_POLLER = 1u << 4, /* removed from inside its own fn */
};

/* How many sources one vow_executor_poll call looks at, at most. */
enum { POLL_BATCH = 32 };

struct vow_poll_source {
	vow_executor *ex;
	vow_poll_fn fn;
	void *ctx;
	vow_dtor_fn ctx_dtor;
	struct vow_poll_source *next, **prev_next;
	unsigned state;
	pthread_t poller;  /* valid while BUSY */
};

static void source_free(vow_poll_source *s)
{
	vow_dtor_fn dtor = s->ctx_dtor;
	void *ctx = s->ctx;

	vow__free(s);
	if (dtor != NULL)
		dtor(ctx);
}

/* Let a thread of ex (or ex's implementation) know a source became active. */
static void executor_wake(vow_executor *ex)
{
	if (vow__thread_exec.ex == ex) {
		ex->ops->wake(ex->impl);
	} else if (vow__executor_gate_enter(ex)) {
		ex->ops->wake(ex->impl);
		vow__executor_gate_leave(ex);
	}
}

static void set_active(vow_executor *ex, vow_poll_source *s)
{
	s->state |= SRC_ACTIVE;
	/* Relaxed: a hint for the lock-free fast path (executor_impl.h). */
	vow_fetch_add(&ex->sources_active, 1, RELAXED);
}

static void clear_active(vow_executor *ex, vow_poll_source *s)
{
	s->state &= ~(unsigned)SRC_ACTIVE;
	vow_fetch_sub(&ex->sources_active, 1, RELAXED);
}

static void unlink_source(vow_poll_source *s)
{
	*s->prev_next = s->next;
	if (s->next != NULL)
		s->next->prev_next = s->prev_next;
}

static void append_source(vow_executor *ex, vow_poll_source *s)
{
	vow_poll_source **link = &ex->sources;

	while (*link != NULL)
		link = &(*link)->next;
	s->next = NULL;
	s->prev_next = link;
	*link = s;
}

vow_poll_source *vow_poll_source_add(vow_executor *ex, vow_poll_fn fn, void *ctx,
				     vow_dtor_fn ctx_dtor)
{
	vow_poll_source *s = NULL;
	int err = 0;

	if (ex == NULL || fn == NULL)
		err = VOW_EINVAL;
	else if (ex->ops->wake == NULL)
		err = VOW_ENOTSUP;
	else if ((s = vow__malloc(sizeof *s)) == NULL)
		err = VOW_ENOMEM;
	if (err == 0) {
		s->ex = ex;
		s->fn = fn;
		s->ctx = ctx;
		s->ctx_dtor = ctx_dtor;
		s->state = 0;
		pthread_mutex_lock(&ex->poll_lock);
		/* close sets CLOSED before it takes the lock (executor.c). */
		if (vow_executor_is_closed(ex)) {
			err = VOW_ESHUTDOWN;
		} else {
			append_source(ex, s);
			set_active(ex, s);
		}
		pthread_mutex_unlock(&ex->poll_lock);
		if (err != 0)
			vow__free(s);
	}
	if (err != 0) {
		if (ctx_dtor != NULL)
			ctx_dtor(ctx);
		return vow__fail(err);
	}
	executor_wake(ex);
	return s;
}

void vow_poll_source_wake(vow_poll_source *s)
{
	vow_executor *ex;
	bool wake = false;

	if (s == NULL) {
		vow__set_last_error(VOW_EINVAL);
		return;
	}
	ex = s->ex;
	pthread_mutex_lock(&ex->poll_lock);
	assert(!(s->state & SRC_REMOVED));
	if (s->state & SRC_BUSY)
		s->state |= SRC_WOKEN;
	if (!(s->state & SRC_ACTIVE)) {
		set_active(ex, s);
		wake = true;
	}
	pthread_mutex_unlock(&ex->poll_lock);
	if (wake)
		executor_wake(ex);
}

void vow_poll_source_remove(vow_poll_source *s)
{
	vow_executor *ex;

	if (s == NULL)
		return;
	ex = s->ex;
	pthread_mutex_lock(&ex->poll_lock);
	assert(!(s->state & SRC_REMOVED));
	unlink_source(s);
	if (s->state & SRC_ACTIVE)
		clear_active(ex, s);
	s->state |= SRC_REMOVED;
	if ((s->state & SRC_BUSY) && pthread_equal(s->poller, pthread_self())) {
		/* From inside fn: the poller frees it when fn returns. */
		s->state |= SRC_FREE_BY_POLLER;
		pthread_mutex_unlock(&ex->poll_lock);
		return;
	}
	while (s->state & SRC_BUSY)
		pthread_cond_wait(&ex->poll_done, &ex->poll_lock);
	pthread_mutex_unlock(&ex->poll_lock);
	source_free(s);
}

vow_poll_status vow_executor_poll(vow_executor *ex)
{
	vow_poll_source *batch[POLL_BATCH];
	vow_poll_status result = VOW_POLL_IDLE;
	size_t n = 0;

	if (ex == NULL) {
		vow__set_last_error(VOW_EINVAL);
		return VOW_POLL_IDLE;
	}
	/* Relaxed: see executor_impl.h; the common answer, with no source. */
	if (vow_load(&ex->sources_active, RELAXED) == 0)
		return VOW_POLL_IDLE;
	pthread_mutex_lock(&ex->poll_lock);
	for (vow_poll_source *s = ex->sources; s != NULL && n < POLL_BATCH; s = s->next) {
		if ((s->state & (SRC_ACTIVE | SRC_BUSY)) != SRC_ACTIVE)
			continue;
		s->state = (s->state | SRC_BUSY) & ~(unsigned)SRC_WOKEN;
		s->poller = pthread_self();
		batch[n++] = s;
	}
	pthread_mutex_unlock(&ex->poll_lock);

	for (size_t i = 0; i < n; i++) {
		vow_poll_source *s = batch[i];
		vow_poll_status st = s->fn(s->ctx);
		bool free_it;

		pthread_mutex_lock(&ex->poll_lock);
		s->state &= ~(unsigned)SRC_BUSY;
		free_it = (s->state & SRC_FREE_BY_POLLER) != 0;
		if (!(s->state & SRC_REMOVED)) {
			if (st == VOW_POLL_PROGRESS)
				result = VOW_POLL_PROGRESS;
			if (st == VOW_POLL_IDLE && !(s->state & SRC_WOKEN))
				clear_active(ex, s);
			/* Round robin: a polled source goes to the back. */
			unlink_source(s);
			append_source(ex, s);
		} else if (!free_it) {
			pthread_cond_broadcast(&ex->poll_done); /* its remover waits */
		}
		pthread_mutex_unlock(&ex->poll_lock);
		if (free_it)
			source_free(s);
	}
	if (result != VOW_POLL_PROGRESS && vow_load(&ex->sources_active, RELAXED) != 0)
		result = VOW_POLL_PENDING;
	return result;
}

void vow__poll_sources_close(vow_executor *ex)
{
	vow_poll_source *list;

	pthread_mutex_lock(&ex->poll_lock);
	list = ex->sources;
	ex->sources = NULL;
	for (vow_poll_source *s = list; s != NULL; s = s->next) {
		/* Every thread of ex has left: nobody polls any more. */
		assert(!(s->state & SRC_BUSY));
		if (s->state & SRC_ACTIVE)
			clear_active(ex, s);
		s->state |= SRC_REMOVED;
	}
	pthread_mutex_unlock(&ex->poll_lock);
	while (list != NULL) {
		vow_poll_source *next = list->next;

		source_free(list);
		list = next;
	}
}
