/*
 * alloc_handoff - promises made on some threads die on others, so that
 * the small-block cache's magazines travel between threads through its
 * depot (src/small_cache.h): consumers free more than they allocate,
 * producers allocate more than they free.
 *
 * Each round: --threads producer threads (default 2) each make ITEMS
 * promises with vow_promise_with_resolvers on a 2-worker pool and attach a
 * then() to each; a producer releases nothing.  It hands every item to
 * one of as many consumer threads, which resolves it with the item's
 * number and releases the promise, its resolver and the derived promise;
 * the handler runs on a worker.  Three magazines of promises per producer
 * and round, so every round sends blocks through the depot.  Checks: every
 * handler runs exactly once and sees its own item's number (a block handed
 * out twice would mix two items up), and the round ends within 10 s.
 */
#include <pthread.h>
#include <sched.h>
#include <vow/vow.h>

#include "stress_common.h"

enum { ITEMS = 8192, MAX_PAIRS = 8, RING = 1024 };

struct item {
	vow_promise *p, *derived;
	vow_resolver *r;
	long id;
};

/* One producer's items go to one consumer through a ring under a mutex. */
struct pipe {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct item ring[RING];
	size_t head, tail;
	bool stop;
};

static vow_pool *pool;
static vow_executor *ex;
static struct pipe pipes[MAX_PAIRS];
static struct stress_barrier start_b;
static atomic_int runs[MAX_PAIRS * ITEMS];
static atomic_long handled;
static atomic_bool quit;
static unsigned pairs;

static void pipe_push(struct pipe *q, struct item it)
{
	pthread_mutex_lock(&q->lock);
	while (q->tail - q->head == RING)
		pthread_cond_wait(&q->cond, &q->lock);
	q->ring[q->tail++ % RING] = it;
	pthread_cond_broadcast(&q->cond);
	pthread_mutex_unlock(&q->lock);
}

/* False when the pipe is stopped and empty. */
static bool pipe_pop(struct pipe *q, struct item *it)
{
	pthread_mutex_lock(&q->lock);
	while (q->tail == q->head && !q->stop)
		pthread_cond_wait(&q->cond, &q->lock);
	if (q->tail == q->head) {
		pthread_mutex_unlock(&q->lock);
		return false;
	}
	*it = q->ring[q->head++ % RING];
	pthread_cond_broadcast(&q->cond);
	pthread_mutex_unlock(&q->lock);
	return true;
}

static vow_outcome on_value(void *ctx, vow_value v)
{
	long id = (long)(intptr_t)ctx;

	if (v.kind != VOW_INT || v.as.i != id)
		stress_violation("item %ld: handler saw %lld", id, (long long)v.as.i);
	atomic_fetch_add(&runs[id], 1);
	atomic_fetch_add(&handled, 1);
	return vow_return(vow_int(id));
}

static void *producer_main(void *arg)
{
	unsigned me = (unsigned)(uintptr_t)arg;

	for (;;) {
		stress_barrier_wait(&start_b);
		if (atomic_load(&quit))
			break;
		for (long i = 0; i < ITEMS; i++) {
			struct item it = {.id = (long)me * ITEMS + i};

			it.p = vow_promise_with_resolvers(ex, &it.r);
			if (it.p == NULL) {
				stress_violation("producer %u: vow_promise_with_resolvers failed", me);
				break;
			}
			it.derived = vow_promise_then(it.p, on_value, NULL, (void *)(intptr_t)it.id, NULL);
			if (it.derived == NULL)
				stress_violation("producer %u: then failed", me);
			pipe_push(&pipes[me], it);
		}
	}
	return NULL;
}

static void *consumer_main(void *arg)
{
	struct pipe *q = arg;
	struct item it;

	while (pipe_pop(q, &it)) {
		if (vow_resolver_resolve(it.r, vow_int(it.id)) != 0)
			stress_violation("item %ld: resolve failed", it.id);
		vow_resolver_release(it.r);
		vow_promise_release(it.p);
		vow_promise_release(it.derived);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	struct stress_args a = stress_parse(argc, argv, (struct stress_args){ .threads = 2 });
	pthread_t prod[MAX_PAIRS], cons[MAX_PAIRS];
	vow_pool_options opts = {.threads = 2};
	uint64_t rounds = 0;
	char extra[64];

	pairs = a.threads == 0 ? 2 : a.threads > MAX_PAIRS ? MAX_PAIRS : a.threads;
	pool = vow_pool_new(&opts);
	if (pool == NULL) {
		fprintf(stderr, "alloc_handoff: vow_pool_new failed\n");
		return 1;
	}
	ex = vow_pool_executor(pool);
	start_b.n = pairs + 1;
	for (unsigned i = 0; i < pairs; i++) {
		pthread_mutex_init(&pipes[i].lock, NULL);
		pthread_cond_init(&pipes[i].cond, NULL);
		pthread_create(&prod[i], NULL, producer_main, (void *)(uintptr_t)i);
		pthread_create(&cons[i], NULL, consumer_main, &pipes[i]);
	}

	struct stress_clock c = stress_clock_start();

	while (stress_continue(&c, &a, "alloc_handoff", rounds)) {
		long want = (long)(rounds + 1) * pairs * ITEMS;
		double t0 = stress_now();

		for (unsigned i = 0; i < pairs * ITEMS; i++)
			atomic_store(&runs[i], 0);
		stress_barrier_wait(&start_b);
		while (atomic_load(&handled) < want && stress_now() - t0 < 10)
			sched_yield();
		if (atomic_load(&handled) != want)
			stress_violation("round %llu: %ld of %ld handlers ran",
					 (unsigned long long)rounds, atomic_load(&handled) - want + (long)pairs * ITEMS,
					 (long)pairs * ITEMS);
		for (unsigned i = 0; i < pairs * ITEMS; i++)
			if (atomic_load(&runs[i]) != 1)
				stress_violation("round %llu: item %u's handler ran %d times",
						 (unsigned long long)rounds, i, atomic_load(&runs[i]));
		rounds++;
	}
	atomic_store(&quit, true);
	stress_barrier_wait(&start_b);
	for (unsigned i = 0; i < pairs; i++) {
		pthread_join(prod[i], NULL);
		pthread_mutex_lock(&pipes[i].lock);
		pipes[i].stop = true;
		pthread_cond_broadcast(&pipes[i].cond);
		pthread_mutex_unlock(&pipes[i].lock);
		pthread_join(cons[i], NULL);
	}
	vow_pool_free(pool);
	snprintf(extra, sizeof extra, "%ld handlers", atomic_load(&handled));
	return stress_finish(&c, "alloc_handoff", rounds, extra);
}
