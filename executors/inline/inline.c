/*
 * inline.c - the inline executor (vow/inline.h), built on the public
 * executor contract alone: it includes no header of vow's internals and
 * allocates with malloc, as an executor outside vow would.
 *
 * One mutex guards the FIFO and who runs it.  Lock rank: a leaf; no job
 * runs and no vow function is called while it is held.
 *
 * WAITS.  A job that waits for a promise runs the other queued jobs (the
 * executor's wait op) and sleeps on the condition variable when there are
 * none.  Two things wake it: a post (the job that will settle the promise
 * may come from another thread) and the promise settling on another
 * thread without a job here, which a notification (vow_promise_on_settle)
 * reports.  The notification may fire after the wait gave up and even
 * after the executor was freed, so it reaches the executor only through a
 * small shared record that the waiter disconnects under the record's lock
 * before it leaves.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include <vow/vow.h>

struct vow_inline {
	vow_executor *ex;
	pthread_mutex_t lock;
	pthread_cond_t posted;   /* a job was queued or a waited-for promise settled */
	vow_job *head, *tail;    /* the FIFO, under lock */
	unsigned long events;    /* under lock: bumped with every broadcast */
	bool running;            /* under lock: a thread is inside vow_inline_run */
	pthread_t runner;        /* valid while running */
};

static void inline_post(void *impl, vow_job *job)
{
	struct vow_inline *ie = impl;

	job->next = NULL;
	pthread_mutex_lock(&ie->lock);
	if (ie->tail != NULL)
		ie->tail->next = job;
	else
		ie->head = job;
	ie->tail = job;
	ie->events++;
	pthread_cond_broadcast(&ie->posted);
	pthread_mutex_unlock(&ie->lock);
}

static vow_job *pop(struct vow_inline *ie)
{
	vow_job *job;

	pthread_mutex_lock(&ie->lock);
	job = ie->head;
	if (job != NULL) {
		ie->head = job->next;
		if (ie->head == NULL)
			ie->tail = NULL;
	}
	pthread_mutex_unlock(&ie->lock);
	return job;
}

/* ---- waits ------------------------------------------------------------------ */

struct wake_link {
	atomic_uint refs;
	pthread_mutex_t lock;
	struct vow_inline *ie; /* NULL once the waiter left */
};

static void wake_link_release(void *ctx)
{
	struct wake_link *l = ctx;

	if (atomic_fetch_sub_explicit(&l->refs, 1, memory_order_acq_rel) != 1)
		return;
	pthread_mutex_destroy(&l->lock);
	free(l);
}

static void wake_link_fire(void *ctx)
{
	struct wake_link *l = ctx;

	pthread_mutex_lock(&l->lock);
	if (l->ie != NULL) {
		pthread_mutex_lock(&l->ie->lock);
		l->ie->events++;
		pthread_cond_broadcast(&l->ie->posted);
		pthread_mutex_unlock(&l->ie->lock);
	}
	pthread_mutex_unlock(&l->lock);
}

static bool past(const struct timespec *deadline)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > deadline->tv_sec ||
	       (now.tv_sec == deadline->tv_sec && now.tv_nsec >= deadline->tv_nsec);
}

static int inline_wait(void *impl, vow_promise *p, const struct timespec *deadline)
{
	struct vow_inline *ie = impl;
	struct wake_link *l = malloc(sizeof *l);
	int rc = 0;

	if (l == NULL)
		return VOW_ENOMEM;
	atomic_init(&l->refs, 2);
	pthread_mutex_init(&l->lock, NULL);
	l->ie = ie;
	if (vow_promise_on_settle(p, wake_link_fire, l, wake_link_release) != 0) {
		wake_link_release(l); /* the notification's reference went already */
		return VOW_ENOMEM;
	}
	while (vow_promise_state(p) == VOW_PENDING) {
		vow_job *job = pop(ie);
		unsigned long seen;

		if (job != NULL) {
			job->ops->run(job);
			continue;
		}
		if (deadline != NULL && past(deadline)) {
			rc = VOW_ETIMEDOUT;
			break;
		}
		pthread_mutex_lock(&ie->lock);
		seen = ie->events;
		/*
		 * Sleep only if nothing happened since the checks above: a post
		 * or a settle bumps events under the same lock, and the state is
		 * read again after the snapshot (the notification runs after p
		 * settled, so a settle we missed bumps events later).
		 */
		while (ie->head == NULL && ie->events == seen &&
		       vow_promise_state(p) == VOW_PENDING) {
			if (deadline == NULL)
				pthread_cond_wait(&ie->posted, &ie->lock);
			else if (pthread_cond_timedwait(&ie->posted, &ie->lock, deadline) ==
				 ETIMEDOUT)
				break;
		}
		pthread_mutex_unlock(&ie->lock);
	}
	if (rc == VOW_ETIMEDOUT && vow_promise_state(p) != VOW_PENDING)
		rc = 0;
	pthread_mutex_lock(&l->lock);
	l->ie = NULL;
	pthread_mutex_unlock(&l->lock);
	wake_link_release(l);
	return rc;
}

static const vow_executor_ops inline_ops = {
	.name = "inline",
	.post = inline_post,
	.rejection_tracking = VOW_TRACK_AT_DESTROY,
	.track = NULL,
	.unordered = false,
	.wait = inline_wait,
	.wake = NULL,
};

/* ---- lifetime ------------------------------------------------------------------ */

vow_inline *vow_inline_new(void)
{
	struct vow_inline *ie = malloc(sizeof *ie);
	pthread_condattr_t attr;

	if (ie == NULL)
		return NULL; /* vow_last_error cannot be set from outside vow */
	ie->ex = vow_executor_new(&inline_ops, ie);
	if (ie->ex == NULL) {
		free(ie);
		return NULL; /* vow_executor_new recorded VOW_ENOMEM */
	}
	pthread_mutex_init(&ie->lock, NULL);
	/* Waits take CLOCK_MONOTONIC deadlines (vow/executor.h). */
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&ie->posted, &attr);
	pthread_condattr_destroy(&attr);
	ie->head = ie->tail = NULL;
	ie->events = 0;
	ie->running = false;
	return ie;
}

vow_executor *vow_inline_executor(vow_inline *ie)
{
	return ie == NULL ? NULL : ie->ex;
}

/*
 * Become the thread that runs ie (or find we are it already: a nested
 * call).  Returns the executor this thread was in before, through *prev,
 * so that leaving restores it.
 */
static int run_begin(struct vow_inline *ie, bool *nested, vow_executor **prev)
{
	pthread_mutex_lock(&ie->lock);
	if (ie->running && !pthread_equal(ie->runner, pthread_self())) {
		pthread_mutex_unlock(&ie->lock);
		return VOW_EBUSY;
	}
	*nested = ie->running;
	ie->running = true;
	ie->runner = pthread_self();
	pthread_mutex_unlock(&ie->lock);
	if (!*nested) {
		*prev = vow_executor_current();
		(void)vow_executor_enter(ie->ex); /* open: not freed while running */
	}
	return 0;
}

static void run_end(struct vow_inline *ie, bool nested, vow_executor *prev)
{
	if (nested)
		return;
	vow_executor_leave(ie->ex);
	if (prev != NULL)
		(void)vow_executor_enter(prev);
	pthread_mutex_lock(&ie->lock);
	ie->running = false;
	pthread_mutex_unlock(&ie->lock);
}

long vow_inline_run(vow_inline *ie)
{
	vow_executor *prev = NULL;
	bool nested;
	long ran = 0;
	vow_job *job;
	int rc;

	if (ie == NULL)
		return VOW_EINVAL;
	rc = run_begin(ie, &nested, &prev);
	if (rc != 0)
		return rc;
	while ((job = pop(ie)) != NULL) {
		job->ops->run(job);
		ran++;
	}
	run_end(ie, nested, prev);
	return ran;
}

int vow_inline_run_one(vow_inline *ie)
{
	vow_executor *prev = NULL;
	bool nested;
	vow_job *job;
	int rc;

	if (ie == NULL)
		return VOW_EINVAL;
	rc = run_begin(ie, &nested, &prev);
	if (rc != 0)
		return rc;
	job = pop(ie);
	if (job != NULL)
		job->ops->run(job);
	run_end(ie, nested, prev);
	return job != NULL;
}

void vow_inline_free(vow_inline *ie)
{
	vow_job *job;

	if (ie == NULL)
		return;
	/* From here on posts are discarded by vow on the posting thread. */
	vow_executor_close(ie->ex);
	while ((job = pop(ie)) != NULL)
		job->ops->discard(job);
	vow_executor_release(ie->ex);
	pthread_cond_destroy(&ie->posted);
	pthread_mutex_destroy(&ie->lock);
	free(ie);
}
