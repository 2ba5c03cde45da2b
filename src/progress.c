/*
 * progress.c - progress reports on pending promises (vow/progress.h).
 *
 * Progress is rare next to settling, so it lives beside the promise, not
 * in it: a CHANNEL per promise that has listeners, found through one
 * table under one lock (a leaf: nothing else is locked, and no listener or
 * destructor runs, while it is held).  The promise carries one bit,
 * PROMISE_HAS_PROGRESS in its block word, set when its first listener
 * comes, so that reporters with nobody listening - every input of every
 * all() - pay one relaxed load and no lock.
 *
 * A channel is closed when its promise settles or is destroyed pending: a
 * notification attached with the first listener (it does not mark the
 * promise handled) runs at dispatch, or its destructor when the promise
 * retires, whichever comes; either way before the promise's memory can be
 * reused, so a channel's key is never a stale address.
 *
 * DELIVERY.  Reports queue in the channel in the order they took the lock,
 * and each carries the job that delivers it.  On an ordered executor (the
 * loop) every report's job is posted when it is made, as
 * queueMicrotask(() => deliver(report)) would be, and FIFO order does the
 * rest.  On an unordered one (the pool) only the oldest report's job is
 * out at a time, and it posts the next one's after its listeners have
 * returned.  Either way the job that runs delivers the oldest report, and
 * checks closed under the lock first: none starts after the close.
 *
 *   channel   jobs (posted or running)   what frees it
 *   open      any                        nothing yet
 *   closed    0                          the close itself, at once
 *   closed    > 0                        the last of those jobs; each drops
 *                                        the oldest report, the last the rest
 *
 * Listeners are a list that only grows until the channel is freed, so the
 * job walks a prefix of it outside the lock.  The channel holds a
 * reference to the executor, which its job needs after the promise went.
 */
#include <pthread.h>

#include "promise_impl.h"

struct listener {
	struct listener *next;
	vow_progress_fn fn;
	void *ctx;
	vow_dtor_fn ctx_dtor;
};

struct report {
	vow_job job;              /* delivers the oldest report of its channel */
	struct channel *c;
	struct report *next;
	vow_value value;          /* owned */
	size_t listeners;         /* how many were attached when it was made */
};

struct channel {
	struct channel *next_in_bucket;
	vow_promise *p;           /* the key: no reference (see above) */
	vow_executor *ex;         /* p's; a reference */
	struct listener *listeners, **listeners_tail;
	size_t nlisteners;
	struct report *head, **tail;
	size_t last_count;        /* combinators: the highest k reported */
	size_t jobs;              /* delivery jobs posted or running */
	bool unordered;           /* ex->ops->unordered: one job out at a time */
	bool closed;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct channel **buckets; /* under lock */
static size_t nbuckets, nchannels;

static size_t bucket_of(const vow_promise *p, size_t n)
{
	/* Blocks are 16-aligned; a multiplicative hash spreads the rest. */
	return (size_t)(((uintptr_t)p >> 4) * 0x9e3779b97f4a7c15u) & (n - 1);
}

/* Under lock. */
static struct channel *find(const vow_promise *p)
{
	struct channel *c;

	if (nbuckets == 0)
		return NULL;
	for (c = buckets[bucket_of(p, nbuckets)]; c != NULL; c = c->next_in_bucket)
		if (c->p == p)
			return c;
	return NULL;
}

/* Under lock: false without memory to grow the table. */
static bool insert(struct channel *c)
{
	if (nchannels >= nbuckets) {
		size_t n = nbuckets ? 2 * nbuckets : 64;
		struct channel **b = vow__calloc(n, sizeof *b);

		if (b == NULL)
			return false;
		for (size_t i = 0; i < nbuckets; i++) {
			struct channel *x, *next;

			for (x = buckets[i]; x != NULL; x = next) {
				next = x->next_in_bucket;
				x->next_in_bucket = b[bucket_of(x->p, n)];
				b[bucket_of(x->p, n)] = x;
			}
		}
		vow__free(buckets);
		buckets = b;
		nbuckets = n;
	}
	c->next_in_bucket = buckets[bucket_of(c->p, nbuckets)];
	buckets[bucket_of(c->p, nbuckets)] = c;
	nchannels++;
	return true;
}

/* Under lock. */
static void unlink_channel(struct channel *c)
{
	struct channel **pp = &buckets[bucket_of(c->p, nbuckets)];

	while (*pp != c)
		pp = &(*pp)->next_in_bucket;
	*pp = c->next_in_bucket;
	nchannels--;
}

static void report_free(struct report *r)
{
	vow_value_drop(r->value);
	vow__free_small(r, sizeof *r);
}

/* Outside the lock, once nothing else can reach c. */
static void channel_free(struct channel *c)
{
	struct listener *l, *ln;
	struct report *r, *rn;

	for (r = c->head; r != NULL; r = rn) {
		rn = r->next;
		report_free(r);
	}
	for (l = c->listeners; l != NULL; l = ln) {
		ln = l->next;
		if (l->ctx_dtor != NULL)
			l->ctx_dtor(l->ctx);
		vow__free_small(l, sizeof *l);
	}
	vow__executor_unref(c->ex);
	vow__free_small(c, sizeof *c);
}

/* ---- delivery --------------------------------------------------------------------- */

/* Under lock: take the oldest report off the queue. */
static struct report *dequeue(struct channel *c)
{
	struct report *r = c->head;

	c->head = r->next;
	if (c->head == NULL)
		c->tail = &c->head;
	return r;
}

/*
 * Under lock: a job is over.  Returns the report whose job to post next
 * (the pool's chain), and sets *free_c when the channel is closed and that
 * was its last job.
 */
static struct report *job_over(struct channel *c, bool *free_c)
{
	struct report *next = NULL;

	c->jobs--;
	if (!c->closed && c->unordered && c->head != NULL) {
		next = c->head;
		c->jobs++;
	}
	*free_c = c->closed && c->jobs == 0;
	return next;
}

static void post(struct report *r)
{
	r->job.next = NULL;
	vow__executor_post(r->c->ex, &r->job);
}

static void deliver(vow_job *job)
{
	struct channel *c = ((struct report *)job)->c;
	struct report *r, *next;
	struct listener *l;
	bool free_c, closed;

	pthread_mutex_lock(&lock);
	r = dequeue(c); /* the oldest: this job's own report on an open channel */
	closed = c->closed;
	l = c->listeners;
	pthread_mutex_unlock(&lock);

	/* A prefix: only the last node's next may be written meanwhile (appends). */
	for (size_t i = 0; !closed && i < r->listeners; i++) {
		l->fn(l->ctx, r->value);
		if (i + 1 < r->listeners)
			l = l->next;
	}
	report_free(r);

	pthread_mutex_lock(&lock);
	next = job_over(c, &free_c);
	pthread_mutex_unlock(&lock);
	if (next != NULL)
		post(next);
	if (free_c)
		channel_free(c);
}

/* The executor closed: nothing more will be delivered. */
static void deliver_discard(vow_job *job)
{
	struct channel *c = ((struct report *)job)->c;
	struct report *r;
	bool free_c;

	pthread_mutex_lock(&lock);
	r = dequeue(c);
	c->jobs--;
	/* The pool's chain ends here: drop what it would have carried on to. */
	if (c->unordered)
		while (c->head != NULL)
			report_free(dequeue(c));
	free_c = c->closed && c->jobs == 0;
	pthread_mutex_unlock(&lock);
	report_free(r);
	if (free_c)
		channel_free(c);
}

static const vow_job_ops deliver_ops = {
	.run = deliver,
	.discard = deliver_discard,
	.kind = VOW_JOB_TASK,
};

/*
 * Queue value (moved) on p's channel; drop it if there is none.  count,
 * when not 0, is a combinator's k: a report whose k is not above the last
 * one queued is dropped, so that k only grows whatever order concurrent
 * reporters reach the lock in.
 */
static int report(vow_promise *p, vow_value value, size_t count)
{
	struct report *r;
	struct channel *c;
	bool post_it = false;

	/* Relaxed: a listener attached concurrently may or may not see this report. */
	if (!(vow_load(&p->block, RELAXED) & PROMISE_HAS_PROGRESS)) {
		vow_value_drop(value);
		return 0;
	}
	r = vow__malloc_small(sizeof *r);
	if (r == NULL) {
		vow_value_drop(value);
		return VOW_ENOMEM;
	}
	pthread_mutex_lock(&lock);
	c = find(p);
	if (c == NULL || c->closed || (count != 0 && count <= c->last_count)) {
		pthread_mutex_unlock(&lock);
		vow_value_drop(value);
		vow__free_small(r, sizeof *r);
		return 0;
	}
	if (count != 0)
		c->last_count = count;
	r->job.ops = &deliver_ops;
	r->c = c;
	r->next = NULL;
	r->value = value;
	r->listeners = c->nlisteners;
	*c->tail = r;
	c->tail = &r->next;
	if (!c->unordered || c->jobs == 0) {
		c->jobs++;
		post_it = true;
	}
	pthread_mutex_unlock(&lock);
	/* Counted in jobs: nothing frees c until this job has run or been discarded. */
	if (post_it)
		post(r);
	return 0;
}

int vow_resolver_progress(vow_resolver *r, vow_value progress)
{
	vow_promise *p = vow_resolver_promise(r);

	if (p == NULL) {
		vow_value_drop(progress);
		return VOW_EINVAL;
	}
	if (vow__resolver_used(r)) {
		vow_value_drop(progress);
		return VOW_EALREADY;
	}
	return report(p, progress, 0);
}

void vow__progress_count(vow_promise *p, size_t count, size_t total)
{
	vow_value a;

	/* Relaxed: as in report(). */
	if (count == 0 || !(vow_load(&p->block, RELAXED) & PROMISE_HAS_PROGRESS))
		return;
	a = vow_array(2);
	if (a.kind != VOW_ARRAY)
		return; /* out of memory: this report is lost, the next may not be */
	vow__array_items(a)[0] = vow_int((int64_t)count);
	vow__array_items(a)[1] = vow_int((int64_t)total);
	(void)report(p, a, count);
}

/* ---- listeners ----------------------------------------------------------------------- */

/* The promise settled or retired: no report starts after this. */
static void channel_close(void *ctx)
{
	struct channel *c = ctx;
	bool idle;

	pthread_mutex_lock(&lock);
	unlink_channel(c);
	c->closed = true;
	idle = c->jobs == 0;
	pthread_mutex_unlock(&lock);
	if (idle)
		channel_free(c);
}

static void no_op(void *ctx)
{
	(void)ctx;
}

/* Under lock: p's channel, new if need be (then *fresh); NULL without memory. */
static struct channel *channel_of(vow_promise *p, bool *fresh)
{
	struct channel *c = find(p);

	*fresh = false;
	if (c != NULL)
		return c;
	c = vow__malloc_small(sizeof *c);
	if (c == NULL)
		return NULL;
	c->p = p;
	c->ex = p->ex;
	c->listeners = NULL;
	c->listeners_tail = &c->listeners;
	c->nlisteners = 0;
	c->head = NULL;
	c->tail = &c->head;
	c->last_count = 0;
	c->jobs = 0;
	c->unordered = c->ex->ops->unordered;
	c->closed = false;
	if (!insert(c)) {
		vow__free_small(c, sizeof *c);
		return NULL;
	}
	vow__executor_ref(c->ex);
	*fresh = true;
	return c;
}

int vow_promise_on_progress(vow_promise *p, vow_progress_fn fn, void *ctx,
			    vow_dtor_fn ctx_dtor)
{
	struct listener *l;
	struct channel *c;
	bool fresh;
	int err = 0;

	if (p == NULL || fn == NULL)
		err = VOW_EINVAL;
	else if (vow_promise_state(p) != VOW_PENDING)
		err = VOW_EALREADY;
	else if ((l = vow__malloc_small(sizeof *l)) == NULL)
		err = VOW_ENOMEM;
	if (err != 0) {
		if (ctx_dtor != NULL)
			ctx_dtor(ctx);
		return err;
	}
	l->next = NULL;
	l->fn = fn;
	l->ctx = ctx;
	l->ctx_dtor = ctx_dtor;

	pthread_mutex_lock(&lock);
	c = channel_of(p, &fresh);
	if (c != NULL) {
		*c->listeners_tail = l;
		c->listeners_tail = &l->next;
		c->nlisteners++;
		/* Relaxed: reporters read it without ordering (see report()). */
		vow_fetch_or(&p->block, PROMISE_HAS_PROGRESS, RELAXED);
	}
	pthread_mutex_unlock(&lock);
	if (c == NULL) {
		vow__free_small(l, sizeof *l);
		if (ctx_dtor != NULL)
			ctx_dtor(ctx);
		return VOW_ENOMEM;
	}
	/*
	 * Outside the lock: on a promise that settled meanwhile the close runs
	 * here, at once.  Without memory for it, close now: l was attached, so
	 * its destructor runs and its fn never does, as for a settled promise.
	 */
	if (fresh && vow__promise_notify_quiet(p, no_op, c, channel_close) != 0)
		return VOW_ENOMEM;
	return 0;
}
