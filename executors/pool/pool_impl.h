/*
 * pool_impl.h - the pool executor's internals, shared by its files:
 *
 *   pool.c    lifetime (new, shutdown), the executor ops, stats
 *   worker.c  the worker loop on its fibers: find a job (urgent, local,
 *             global, steal), run it, poll sources; hand-offs to waits
 *   wait.c    vow_promise_wait on a worker: the waiting task's fiber is
 *             set aside and the worker goes on with another loop fiber
 *   park.c    sleeping and waking workers without lost wake-ups
 *   timer.c   the pool's timers (one thread, started with the first)
 *   spawn.c   vow_spawn;   map.c  vow_spawn_map
 *   deque.c   the Chase-Lev deque; the global injection queue is the
 *             core's job queue (job_queue.h)
 *
 * Who may call: the _owner / _worker / _any convention of core.h; "owner"
 * is the worker that owns the object.
 */
#ifndef VOW_POOL_IMPL_H
#define VOW_POOL_IMPL_H

#include <pthread.h>
#include <ck_ec.h>
#include <ck_epoch.h>

#include "core.h"
#include "deque.h"

#include "timer_heap.h"

#define POOL_MAX_THREADS 1024u
#define POOL_DEFAULT_FAIRNESS 61u
#define POOL_DEQUE_LOG2_CAP 8u

struct worker {
	/* Registered with pool->epoch; ck wants it cache-line aligned. */
	ck_epoch_record_t epoch_rec;
	struct vow__deque deque;
	struct vow_pool *pool;
	unsigned index;
	/* Owner-only state. */
	uint64_t rng;              /* xorshift64 for victim choice */
	unsigned tick;             /* jobs since the last fairness check */
	unsigned fair_steps;       /* fairness checks since it last took its oldest job */
	unsigned poll_backoff_us;  /* sleep between polls while the poller (worker.c) */
	bool poller;               /* holds pool->poller */
	/*
	 * The loop fibers (worker.c, FIBERS).  Owner-only.  exit says why the
	 * running loop fiber switched back to the worker's own stack.
	 */
	struct vow__fiber *first;  /* the first loop fiber, made by vow_pool_new */
	struct vow__fiber *spare;  /* a loop fiber parked at a clean point */
	enum { WORKER_EXIT_WAIT = 1, WORKER_EXIT_HANDOFF } exit;
	struct vow__pool_wait *exit_wait;   /* WORKER_EXIT_WAIT: arm it */
	struct vow__fiber *exit_next;       /* WORKER_EXIT_HANDOFF: continue it */
	pthread_t thread;
	/* Counters: written by the owner only (relaxed), read by anyone. */
	_Atomic uint64_t tasks_run, steals, parks;
} __attribute__((aligned(64)));

/* Values of pool->stop. */
enum { POOL_RUNNING = 0, POOL_STOP = 1, POOL_CANCEL = 2 };

/* The timer thread (timer.c); lock is a leaf. */
struct vow__pool_timers {
	pthread_mutex_t lock;
	pthread_cond_t cond;         /* CLOCK_MONOTONIC: a new earliest deadline, stop */
	struct vow__timers heap;     /* deadlines in CLOCK_MONOTONIC ns */
	pthread_t thread;
	bool started, stop;          /* under lock */
	_Atomic uint32_t pending;    /* strong timers not fired yet (DRAIN waits for them) */
};

struct vow_pool {
	vow_executor *ex;            /* the handle; its impl is the pool */
	unsigned n;                  /* worker count */
	unsigned fairness;           /* see vow_pool_options */
	unsigned search_limit;       /* at most this many workers search at once */
	struct worker *workers;      /* n, 64-byte aligned */
	void *workers_mem;           /* what to free */
	struct vow__job_queue inject; /* jobs from outside the pool */
	/*
	 * urgent - jobs that must not wait behind queued work: a waiting
	 * task's resumption and the timers' jobs.  Workers look here first.
	 */
	struct vow__job_queue urgent;
	struct vow__pool_timers timers;
	/*
	 * The waits suspended on this pool (wait.c), so that VOW_POOL_CANCEL
	 * can end them and VOW_POOL_DRAIN can wait for them.  waits_lock is
	 * a leaf.
	 */
	pthread_mutex_t waits_lock;
	struct vow__pool_wait *waits;
	_Atomic uint32_t nwaits;
	ck_epoch_t epoch;            /* reclaims deque buffers */
	/*
	 * Parking (park.c).  Three cache lines by who writes them: every
	 * post reads sleepers (and searching when sleepers != 0), while a
	 * busy thief writes searching twice per steal, and parkers write
	 * their line only around a sleep.  Sharing one line made each post
	 * miss on the thief's writes.  (Padding, not alignment: the pool is
	 * allocated with vow__calloc, which promises 16 bytes.)
	 */
	char pad_park[64];
	struct ck_ec32 ec;           /* bumped to wake sleepers */
	_Atomic uint32_t sleepers;   /* workers armed to sleep (idle or waiting) */
	_Atomic uint32_t idle;       /* of those, the ones with no job running */
	_Atomic uint32_t draining;   /* DRAIN requested: stop once quiescent */
	_Atomic uint32_t stop;       /* POOL_RUNNING / POOL_STOP / POOL_CANCEL */
	_Atomic uint64_t unparks;    /* idle parks left (DRAIN detection) */
	char pad_search[64];
	_Atomic uint32_t searching;  /* workers stealing right now */
	_Atomic uint32_t dekker;     /* the word vow_fence_sc() names (park.c) */
	/*
	 * poller - 1 while an idle worker polls the executor's poll sources
	 * with back-off instead of sleeping without limit (worker.c); at most
	 * one does.
	 */
	_Atomic uint32_t poller;
	char pad_counter[64];
	_Atomic uint64_t injected;   /* counter: posts that went to inject */
};

/* The worker the calling thread is, or NULL (worker.c). */
struct worker *vow__pool_current_worker(void);

/* worker.c */
void *vow__pool_worker_main(void *arg);
/* Count and run one job on worker w's fiber (w is stale once it returns). */
void vow__pool_run_job_owner(struct worker *w, vow_job *job);
/* A loop fiber for pool (not started); NULL on ENOMEM. */
struct vow__fiber *vow__pool_loop_fiber_new(struct vow_pool *pool);
/* Any thread: queue job on the urgent queue and wake a worker. */
void vow__pool_post_urgent_any(struct vow_pool *pool, vow_job *job);
/*
 * Worker, inside a job on a loop fiber: let the waiting fiber f continue
 * on this worker; this loop fiber is parked and goes on later.
 */
void vow__pool_handoff_worker(struct vow__fiber *f);

/* spawn.c: true if job is the vow_spawn task whose outcome settles p. */
bool vow__pool_spawn_job_settles(const vow_job *job, const vow_promise *p);

/* wait.c */
/* The executor's wait op (vow/wait.h): the task's fiber is set aside. */
int vow__pool_wait_worker(void *impl, vow_promise *p, const struct timespec *deadline);
/* The worker's own stack, after a loop fiber suspended in a wait: arm it. */
void vow__pool_wait_arm_owner(struct vow__pool_wait *pw);
/*
 * The trampoline could not make a loop fiber to go on with: end the wait
 * (unarmed) with result and return its fiber, to be continued at once.
 */
struct vow__fiber *vow__pool_wait_fail_owner(struct vow__pool_wait *pw, int result);
/*
 * Shutdown, workers joined, executor closed: end every suspended wait with
 * VOW_ESHUTDOWN (each continues on the calling thread); then, once the
 * queues are discarded, vow__pool_waits_gone returns when no resumed task
 * is still on its way out of the pool.
 */
void vow__pool_waits_cancel(struct vow_pool *pool);
void vow__pool_waits_gone(struct vow_pool *pool);
/* True while a wait is suspended (DRAIN is not complete). */
static inline bool vow__pool_waits_pending_any(struct vow_pool *pool)
{
	return vow_load(&pool->nwaits, SEQ_CST) != 0;
}

/* timer.c */
void vow__pool_timers_init(struct vow__pool_timers *t);
/* Stop the thread; timers that did not fire have their jobs discarded. */
void vow__pool_timers_fini(struct vow_pool *pool);
/*
 * Post job to the urgent queue in delay_ns; 0 on ENOMEM (job not taken).
 * A weak timer does not keep a DRAIN waiting.
 */
uint64_t vow__pool_timer_start_any(struct vow_pool *pool, uint64_t delay_ns, vow_job *job,
				   bool weak);
/* True if the timer had not fired: it never will, its job was discarded. */
bool vow__pool_timer_cancel_any(struct vow_pool *pool, uint64_t id);
bool vow__pool_timers_pending_any(struct vow_pool *pool);

/* park.c */
/* Any thread, after making a job visible: wake sleepers unless a searcher
 * will find it. */
void vow__pool_notify_any(struct vow_pool *pool);
/* Any thread: wake every sleeper (shutdown, a waited-for promise settled,
 * a poll source became active). */
void vow__pool_wake_all_any(struct vow_pool *pool);
/* Racy hint, any thread: is any job queued anywhere in the pool? */
bool vow__pool_has_work_any(struct vow_pool *pool);
/* Worker, nothing to do: sleep until woken or deadline (NULL: no limit).
 * Returns at once if stopping. */
void vow__pool_park_idle_owner(struct worker *w, const struct timespec *deadline);
/* Worker inside vow_promise_wait: sleep until new work, wake_all, ready(arg)
 * or deadline. */
void vow__pool_park_wait_owner(struct worker *w, bool (*ready)(void *), void *arg,
			       const struct timespec *deadline);

/* Relaxed counter bump by the owner (single writer). */
static inline void vow__pool_count_owner(_Atomic uint64_t *c)
{
	vow_store(c, vow_load(c, RELAXED) + 1, RELAXED);
}

#endif /* VOW_POOL_IMPL_H */
