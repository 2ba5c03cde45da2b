/*
 * vow/executor.h - the executor interface, and unhandled-rejection policy.
 *
 * An executor runs jobs.  The promise core hands it one job per reaction or
 * thenable adoption and never runs user code itself except the executor
 * function of vow_promise_new() and Promise.try bodies.  vow ships the loop
 * (JS mode, vow/loop.h); other executors implement the table below.
 */
#ifndef VOW_EXECUTOR_H
#define VOW_EXECUTOR_H

#include <vow/promise.h>

#ifdef __cplusplus
extern "C" {
#endif

#pragma GCC visibility push(default)

/*
 * vow_job - one queued unit of work, intrusive so that queueing never
 * allocates.  Exactly one of ops->run or ops->discard is called, once; both
 * free the job.  next belongs to whichever queue holds the job.
 */
typedef struct vow_job vow_job;
typedef struct vow_job_ops {
	void (*run)(vow_job *job);
	void (*discard)(vow_job *job); /* executor shut down: release, do not run */
} vow_job_ops;
struct vow_job {
	vow_job *next;
	const vow_job_ops *ops;
};

/* What HostPromiseRejectionTracker reports. */
typedef enum vow_rejection_op {
	VOW_TRACK_REJECT = 0, /* rejected while no handler was attached */
	VOW_TRACK_HANDLE = 1, /* first handler attached to a rejected promise */
} vow_rejection_op;

typedef struct vow_executor_ops {
	const char *name;
	/*
	 * post - queue a job to run later (a microtask on the loop).  Called
	 * from any thread; must not fail and must not run the job inline.
	 */
	void (*post)(vow_executor *ex, vow_job *job);
	/*
	 * track - HostPromiseRejectionTracker, called on the thread that
	 * rejected or attached.  May be NULL: the core then reports a rejected
	 * promise that is destroyed without ever being handled.
	 */
	void (*track)(vow_executor *ex, vow_promise *p, vow_rejection_op op);
	/*
	 * unordered - true if the executor promises no order between jobs
	 * (the pool).  The core may then skip a job whose only effect is its
	 * place in the order: a promise resolved with a vow promise attaches
	 * to it at once instead of in a NewPromiseResolveThenableJob.  The
	 * loop leaves it false, so job counts match JavaScript's there.
	 */
	bool unordered;
} vow_executor_ops;

/* Unhandled-rejection events and policies (Node's process events). */
typedef enum vow_rejection_event {
	VOW_UNHANDLED_REJECTION = 0, /* Node "unhandledRejection" */
	VOW_REJECTION_HANDLED = 1,   /* Node "rejectionHandled" */
} vow_rejection_event;

typedef enum vow_rejection_policy {
	VOW_REJECTIONS_WARN = 0, /* default: print each event to stderr */
	VOW_REJECTIONS_CALLBACK, /* call the callback */
	VOW_REJECTIONS_ABORT,    /* print, then abort() on an unhandled rejection */
	VOW_REJECTIONS_IGNORE,
} vow_rejection_policy;

/* p and reason are borrowed for the duration of the call. */
typedef void (*vow_rejection_fn)(void *ud, vow_rejection_event ev,
				 vow_promise *p, vow_value reason);

struct vow_executor {
	const vow_executor_ops *ops;
	vow_rejection_policy rejection_policy;
	vow_rejection_fn rejection_cb;
	void *rejection_ud;
};

/*
 * vow_executor_init - for implementers: set ops and the default policy.
 */
void vow_executor_init(vow_executor *ex, const vow_executor_ops *ops);

/*
 * vow_executor_set_rejection_policy - choose what unhandled rejections do on
 * ex.  cb is required for VOW_REJECTIONS_CALLBACK and ignored otherwise.
 * Call it from the executor's owner before rejections can happen.
 * Errors: VOW_EINVAL (ex NULL, unknown policy, callback policy without cb).
 */
int vow_executor_set_rejection_policy(vow_executor *ex, vow_rejection_policy policy,
				      vow_rejection_fn cb, void *ud);

/*
 * vow_executor_report_rejection - for implementers: apply ex's policy to
 * one event.  Called when the executor decides an event is due.
 */
void vow_executor_report_rejection(vow_executor *ex, vow_rejection_event ev, vow_promise *p);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif /* VOW_EXECUTOR_H */
