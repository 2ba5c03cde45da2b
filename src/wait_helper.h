/*
 * wait_helper.h - how an executor's worker threads help while they wait.
 *
 * vow_promise_wait() on an ordinary thread blocks.  On a thread that runs
 * an executor's jobs (a pool worker) blocking could deadlock the executor
 * (every worker waiting for a job that nobody runs), so such a thread
 * registers a helper: the waiter then runs the executor's other jobs and
 * sleeps only when there are none, in a way that new jobs also wake.
 *
 * The core never names a particular executor: an executor fills in this
 * table and sets it per thread with vow__wait_helper_set_current().
 */
#ifndef VOW_WAIT_HELPER_H
#define VOW_WAIT_HELPER_H

#include <stdbool.h>
#include <time.h>

struct vow__wait_helper {
	/*
	 * help - owner thread only: run one job of the executor if one can be
	 * found (local, injected or stolen).  Returns 1 if a job ran, 0 if
	 * none was found, VOW_ESHUTDOWN if the executor is being cancelled
	 * (the wait then gives up with that code: the jobs that would settle
	 * the promise are about to be discarded).
	 */
	int (*help)(struct vow__wait_helper *h);
	/*
	 * sleep - owner thread only: block until wake() is called, new work
	 * arrives, or *deadline passes (deadline NULL: no limit).  Before
	 * blocking it calls ready(arg) after arming the wake-up, and returns
	 * at once if that is true, so a wake() after the check is never lost.
	 * May return early for any reason; the caller re-checks.
	 */
	void (*sleep)(struct vow__wait_helper *h, bool (*ready)(void *arg), void *arg,
		      const struct timespec *deadline);
	/* wake - any thread: make every sleep() of this executor return. */
	void (*wake)(struct vow__wait_helper *h);
};

/* Calling thread: register (or with NULL, clear) its helper. */
void vow__wait_helper_set_current(struct vow__wait_helper *h);

#endif /* VOW_WAIT_HELPER_H */
