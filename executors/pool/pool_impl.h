/*
 * pool_impl.h - the pool executor's internals, shared by its files:
 *
 *   pool.c    lifetime (new, shutdown), post, stats
 *   worker.c  the worker loop: find a job (local, global, steal), run it,
 *             and the helping-wait hooks
 *   park.c    sleeping and waking workers without lost wake-ups
 *   spawn.c   vow_spawn;   map.c  vow_spawn_map
 *   deque.c   the Chase-Lev deque;   inject.c  the global queue
 *
 * Naming: *_owner needs the calling thread to be the worker that owns the
 * object; *_worker needs a worker of the same pool; *_any is any thread.
 */
#ifndef VOW_POOL_IMPL_H
#define VOW_POOL_IMPL_H

#include <pthread.h>
#include <ck_ec.h>
#include <ck_epoch.h>

#include "atomics.h"
#include "core.h"
#include "deque.h"
#include "inject.h"
#include "wait_helper.h"

#define POOL_MAX_THREADS 1024u
#define POOL_DEFAULT_FAIRNESS 61u
#define POOL_DEQUE_LOG2_CAP 8u

struct worker {
	/* Registered with pool->epoch; ck wants it cache-line aligned. */
	ck_epoch_record_t epoch_rec;
	struct deque deque;
	struct vow_pool *pool;
	unsigned index;
	/* Owner-only state. */
	uint64_t rng;              /* xorshift64 for victim choice */
	unsigned tick;             /* jobs since the last fairness check */
	pthread_t thread;
	struct vow__wait_helper helper;
	/* Counters: written by the owner only (relaxed), read by anyone. */
	_Atomic uint64_t tasks_run, steals, parks;
} __attribute__((aligned(64)));

/* Values of pool->stop. */
enum { POOL_RUNNING = 0, POOL_STOP = 1, POOL_CANCEL = 2 };

struct vow_pool {
	vow_executor ex;             /* first: vow_executor * <-> vow_pool * */
	unsigned n;                  /* worker count */
	unsigned fairness;           /* see vow_pool_options */
	unsigned search_limit;       /* at most this many workers search at once */
	struct worker *workers;      /* n, 64-byte aligned */
	void *workers_mem;           /* what to free */
	struct inject inject;
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
	char pad_counter[64];
	_Atomic uint64_t injected;   /* counter: posts that went to inject */
};

/* The worker the calling thread is, or NULL (worker.c). */
struct worker *pool__current_worker(void);

/* worker.c */
void *pool__worker_main(void *arg);
void pool__helper_init(struct worker *w);

/* park.c */
/* Any thread, after making a job visible: wake sleepers unless a searcher
 * will find it. */
void pool__notify_any(struct vow_pool *pool);
/* Any thread: wake every sleeper (shutdown, a waited-for promise settled). */
void pool__wake_all_any(struct vow_pool *pool);
/* Racy hint, any thread: is any job queued anywhere in the pool? */
bool pool__has_work_any(struct vow_pool *pool);
/* Worker, nothing to do: sleep until woken.  Returns at once if stopping. */
void pool__park_idle_owner(struct worker *w);
/* Worker inside vow_promise_wait: sleep until new work, wake_all, ready(arg)
 * or deadline. */
void pool__park_wait_owner(struct worker *w, bool (*ready)(void *), void *arg,
			   const struct timespec *deadline);

/* Relaxed counter bump by the owner (single writer). */
static inline void pool__count_owner(_Atomic uint64_t *c)
{
	vow_store(c, vow_load(c, RELAXED) + 1, RELAXED);
}

#endif /* VOW_POOL_IMPL_H */
