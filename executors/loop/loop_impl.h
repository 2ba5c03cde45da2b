/*
 * loop_impl.h - the loop object and the internal interfaces between the
 * loop's files (executor-internal; not installed).
 *
 *   loop.c        vow_loop_new/free, the executor ops (post, track, wake),
 *                 queueMicrotask, post, ref/unref
 *   turn.c        the iteration (timers, inbox, poll sources, sleep, I/O),
 *                 one macrotask per turn
 *   drive.c       vow_loop_run, run_once, run_until, stop: turns, and when
 *                 to stop taking them
 *   backend.c     vow_loop_backend_fd/_timeout: the loop inside another
 *                 event loop (the timerfd for its timers)
 *   stats.c       vow_loop_stats_read
 *   checkpoint.c  the microtask FIFO and the microtask checkpoint
 *   loop_timers.c setTimeout/setInterval/clear and firing due timers, in
 *                 the core's timer store (src/timer_heap.h)
 *   inbox.c/.h    cross-thread submission (the core's job queue + eventfd)
 *   io.c/.h       epoll: the inbox's eventfd, the backend's timerfd and
 *                 watched fds
 *   rejections.c/.h  HostPromiseRejectionTracker bookkeeping, Node-style
 *   clock.c/.h    real (CLOCK_MONOTONIC) or virtual milliseconds
 *   task.c        the small job wrapper for fn(ctx) callbacks
 *
 * Who may call: the _owner / _any convention of core.h; the loop's owner
 * is the thread that called vow_loop_new.
 */
#ifndef VOW_LOOP_IMPL_H
#define VOW_LOOP_IMPL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "core.h"
#include "clock.h"
#include "inbox.h"
#include "io.h"
#include "rejections.h"
#include "timer_heap.h"

/*
 * Where the iteration stands between turns (turn.c).  Phases follow one
 * another in this order, START after IO.
 */
enum vow__loop_phase {
	VOW__PHASE_START = 0, /* a new iteration: read the clock */
	VOW__PHASE_TIMERS,    /* fire the timers due at the iteration's now */
	VOW__PHASE_INBOX,     /* run the batch taken from the inbox */
	VOW__PHASE_POLL,      /* poll the poll sources once */
	VOW__PHASE_WAIT,      /* the idle check, then sleep (or look) */
	VOW__PHASE_IO,        /* run the callbacks of the fds found ready */
};

struct vow_loop {
	vow_executor *ex;           /* the handle; its impl is the loop */
	pthread_t owner;            /* set once in vow_loop_new; read-only after */
	unsigned flags;             /* vow_loop_flags; read-only after new */
	bool running;               /* owner: inside vow_loop_run, run_once or run_until */
	bool stop;                  /* owner: vow_loop_stop asked the run to return */
	bool closing;               /* owner: inside vow_loop_free */
	bool draining;              /* owner: running the microtask queue's jobs */
	vow_job *micro_head;        /* owner: the microtask FIFO (via job->next) */
	vow_job *micro_tail;
	struct vow__timers timers;  /* owner */
	size_t strong_timers;       /* owner: timers that keep the loop running (not VOW_TIMER_WEAK) */
	struct vow__inbox inbox;    /* any thread pushes; owner takes */
	struct vow__io io;          /* owner */
	struct vow__rejections rejections; /* owner */
	struct vow__clock clock;    /* owner advances; any thread reads */
	unsigned poll_backoff_us;   /* owner: the sleep between idle polls (turn.c) */
	enum vow__loop_phase phase; /* owner: see above */
	uint64_t iteration_now;     /* owner: the clock when the iteration began (0: no timer set) */
	vow_poll_status polled;     /* owner: the poll phase's answer, for the wait */
	/* owner: the counters of vow_loop_stats, plain increments */
	uint64_t macrotasks_run;
	uint64_t microtasks_run;
	uint64_t timers_fired;
	/* owner (backend.c): the timerfd in the epoll set, -1 until vow_loop_backend_fd */
	int timer_fd;
	uint64_t timer_fd_deadline; /* what it is armed to; UINT64_MAX: disarmed */
	/*
	 * refs - vow_loop_ref/unref count.  Any thread.  Carries no data: the
	 * idle check's acquire load pairs with the release decrement in
	 * vow_loop_unref() only to order "unref, then wake" (see run.c).
	 */
	_Atomic long refs;
};

/*
 * True on the owner thread.  Any thread.  The owner, the loop's only thread,
 * entered loop->ex (vow/executor.h): while it has not entered another
 * executor since, that answers without a call into libc.
 */
static inline bool vow__loop_is_owner_any(const vow_loop *loop)
{
	return vow__thread_exec.ex == loop->ex || pthread_equal(pthread_self(), loop->owner) != 0;
}

/*
 * True if nothing keeps the loop running: no timer but weak ones, no
 * watched fd, no active poll source, and refs (the ref count, read by the
 * caller with the ordering its wait needs) at zero.  Posted jobs are the
 * caller's to check.  Owner.
 */
static inline bool vow__loop_idle_owner(const vow_loop *loop, long refs)
{
	return loop->strong_timers == 0 && refs <= 0 && loop->io.count == 0 &&
	       loop->polled == VOW_POLL_IDLE;
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
/* The executor's runs_next op: draining, and nothing is queued. */
bool vow__loop_runs_next_owner(vow_loop *loop);

/* ---- turn.c --------------------------------------------------------------- */
/*
 * Take one turn: run the next macrotask of the iteration and its
 * checkpoint.  If none can run now: with block, wait until one can;
 * without, return.  Returns VOW_LOOP_RAN, VOW_LOOP_WAITING (only without
 * block) or 0 (the loop is idle; the iteration starts over next time).
 */
int vow__loop_turn_owner(vow_loop *loop, bool block);

/* ---- backend.c ------------------------------------------------------------ */
/* The earliest timer may have changed: re-arm the timerfd (if there is one). */
void vow__loop_timers_changed_owner(vow_loop *loop);
/* Close the timerfd (loop free). */
void vow__loop_backend_fini_owner(vow_loop *loop);

/* ---- loop_timers.c -------------------------------------------------------- */
/*
 * Fire the earliest timer if it is due at now (deadline <= now; FIFO among
 * equal deadlines), then run a checkpoint.  Returns false if none is due.
 * Timers set by the callback are due after now, so repeating this with the
 * same now ends.
 */
bool vow__loop_fire_timer_owner(vow_loop *loop, uint64_t now);
/* Drop every timer (loop free): their ctx_dtors run. */
void vow__loop_drop_timers_owner(vow_loop *loop);
/*
 * The executor's timer op: run job (a macrotask) after ms; 0 on ENOMEM (the
 * job is not taken).  cancel: true if it had not fired (the job was
 * discarded).
 */
uint64_t vow__loop_timer_start_owner(vow_loop *loop, uint64_t ms, vow_job *job, bool weak);
bool vow__loop_timer_cancel_owner(vow_loop *loop, uint64_t id);

/* ---- task.c ----------------------------------------------------------------- */
/*
 * A vow_job that calls fn(ctx), then ctx_dtor(ctx), and frees itself; a
 * discarded one only runs ctx_dtor.  kind is VOW_JOB_TASK (a posted
 * macrotask) or VOW_JOB_MICROTASK (queueMicrotask).  NULL (nothing
 * allocated, ctx_dtor has run) on ENOMEM.
 */
vow_job *vow__task_new_any(vow_job_kind kind, vow_task_fn fn, void *ctx, vow_dtor_fn ctx_dtor);

/* ---- loop.c ------------------------------------------------------------------ */
/* A tracker call forwarded from another thread (a macrotask step). */
extern const vow_job_ops vow__track_job_ops;

#endif /* VOW_LOOP_IMPL_H */
