/*
 * loop_impl.h - the loop object and the internal interfaces between the
 * loop's files (executor-internal; not installed).
 *
 *   loop.c        vow_loop_new/free, the executor ops (post, track),
 *                 queueMicrotask, post, ref/unref
 *   run.c         vow_loop_run: the iteration (timers, inbox, idle/sleep)
 *   checkpoint.c  the microtask FIFO and the microtask checkpoint
 *   loop_timers.c setTimeout/setInterval/clear and firing due timers
 *   timers.c/.h   the timer heap and id index (a plain data structure)
 *   inbox.c/.h    cross-thread submission (urcu wfcqueue + eventfd wake-up)
 *   rejections.c/.h  HostPromiseRejectionTracker bookkeeping, Node-style
 *   clock.c/.h    real (CLOCK_MONOTONIC) or virtual milliseconds
 *   task.c        the small job wrapper for fn(ctx) callbacks
 *
 * CALLER TIERS (one convention for the whole folder).  A function whose
 * name ends in _owner may only be called on the loop's owner thread (the
 * thread that called vow_loop_new) and asserts it in debug builds.  A name
 * ending in _any may be called from any thread at any time.  Functions with
 * neither suffix are pure data-structure helpers whose caller provides the
 * exclusion (in practice: the owner).
 */
#ifndef VOW_LOOP_IMPL_H
#define VOW_LOOP_IMPL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "core.h"
#include "clock.h"
#include "inbox.h"
#include "rejections.h"
#include "timers.h"

struct vow_loop {
	vow_executor base;          /* first member: see loop_from_executor() */
	pthread_t owner;            /* set once in vow_loop_new; read-only after */
	unsigned flags;             /* vow_loop_flags; read-only after new */
	bool running;               /* owner: inside vow_loop_run */
	bool closing;               /* owner: inside vow_loop_free */
	vow_job *micro_head;        /* owner: the microtask FIFO (via job->next) */
	vow_job *micro_tail;
	struct vow__timers timers;  /* owner */
	struct vow__inbox inbox;    /* any thread pushes; owner takes */
	struct vow__rejections rejections; /* owner */
	struct vow__clock clock;    /* owner advances; any thread reads */
	/*
	 * refs - vow_loop_ref/unref count.  Any thread.  Carries no data: the
	 * idle check's acquire load pairs with the release decrement in
	 * vow_loop_unref() only to order "unref, then wake" (see run.c).
	 */
	_Atomic long refs;
};

static inline vow_loop *vow__loop_from_executor(vow_executor *ex)
{
	/* base is the first member, so the cast is exact (C11 6.7.2.1p15). */
	return (vow_loop *)ex;
}

/* True on the owner thread.  Any thread. */
static inline bool vow__loop_is_owner_any(const vow_loop *loop)
{
	return pthread_equal(pthread_self(), loop->owner) != 0;
}

/* ---- checkpoint.c ------------------------------------------------------- */
/* Append job to the microtask FIFO.  Cannot fail. */
void vow__loop_push_microtask_owner(vow_loop *loop, vow_job *job);
/*
 * Node's processTicksAndRejections: drain the FIFO completely (jobs queued
 * while draining run in the same drain), then emit rejection events; repeat
 * while that emitted anything.
 */
void vow__loop_checkpoint_owner(vow_loop *loop);
/* Discard (never run) every queued microtask, including ones queued meanwhile. */
void vow__loop_discard_microtasks_owner(vow_loop *loop);

/* ---- loop_timers.c -------------------------------------------------------- */
/*
 * Fire every timer due at now (deadline <= now), earliest first, FIFO among
 * equal deadlines, each followed by a checkpoint.  Timers set by the
 * callbacks are due after now, so the pass ends.
 */
void vow__loop_fire_timers_owner(vow_loop *loop, uint64_t now);

/* ---- task.c ----------------------------------------------------------------- */
/*
 * A vow_job that calls fn(ctx) and frees itself.  Macrotask and microtask
 * flavours differ only in their ops table, which is how the inbox tells a
 * posted task (a macrotask) from a core job posted from another thread.
 */
extern const vow_job_ops vow__macrotask_ops;
extern const vow_job_ops vow__microtask_ops;
/* Returns NULL (nothing allocated) on ENOMEM. */
vow_job *vow__task_new_any(const vow_job_ops *ops, vow_task_fn fn, void *ctx);

/* ---- loop.c ------------------------------------------------------------------ */
/* A tracker call forwarded from another thread (a macrotask step). */
extern const vow_job_ops vow__track_job_ops;

#endif /* VOW_LOOP_IMPL_H */
