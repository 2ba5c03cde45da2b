/*
 * outlive - other threads keep settling and releasing promises of a pool
 * while the pool is shut down and freed (vow/executor.h, LIFETIMES).
 *
 * Each round: a pool of 1..--threads workers (default 2) and SETTLERS
 * plain threads, each holding PER promises of the pool with a reaction
 * attached (then with both handlers, whose context destructor counts) and
 * the resolvers that settle them.  A barrier starts the settlers (each
 * settles its promises, fulfilling and rejecting in turn, and releases
 * promises, derived promises and resolvers in a random order) and the
 * shutdown (VOW_POOL_DRAIN and VOW_POOL_CANCEL in turn) at the same time.
 * Each reaction's job then either runs on a worker or is discarded, on a
 * worker, by the shutdown, or on the settling thread once the executor is
 * closed.  Checks: every reaction's context destructor ran exactly once;
 * no more handlers ran than reactions exist; every block vow allocated in
 * the round was freed (vow__alloc_live); ASan and TSan check the rest.
 */
#include <pthread.h>
#include <vow/vow.h>

#include "core.h" /* vow__alloc_track / vow__alloc_live */
#include "stress_common.h"

enum { SETTLERS = 3, PER = 400 };

static atomic_long dtors, handled;

static vow_outcome handler(void *ctx, vow_value v)
{
	(void)ctx;
	atomic_fetch_add(&handled, 1);
	return vow_return(vow__value_dup(v));
}

static void count_dtor(void *ctx)
{
	(void)ctx;
	atomic_fetch_add(&dtors, 1);
}

struct settler {
	pthread_t th;
	pthread_barrier_t *start;
	uint64_t seed;
	vow_promise *p[PER], *d[PER];
	vow_resolver *r[PER];
};

static uint64_t next_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void *settler_main(void *arg)
{
	struct settler *s = arg;
	size_t order[PER];

	for (size_t i = 0; i < PER; i++)
		order[i] = i;
	for (size_t i = PER - 1; i > 0; i--) {
		size_t j = next_rand(&s->seed) % (i + 1), t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
	pthread_barrier_wait(s->start);
	for (size_t k = 0; k < PER; k++) {
		size_t i = order[k];

		if (i % 2)
			vow_resolver_resolve(s->r[i], vow_int((int64_t)i));
		else
			vow_resolver_reject(s->r[i], vow_int((int64_t)i));
		/* Release in a random order of the three. */
		switch (next_rand(&s->seed) % 3) {
		case 0:
			vow_resolver_release(s->r[i]);
			vow_promise_release(s->p[i]);
			vow_promise_release(s->d[i]);
			break;
		case 1:
			vow_promise_release(s->d[i]);
			vow_resolver_release(s->r[i]);
			vow_promise_release(s->p[i]);
			break;
		default:
			vow_promise_release(s->p[i]);
			vow_promise_release(s->d[i]);
			vow_resolver_release(s->r[i]);
			break;
		}
	}
	return NULL;
}

int main(int argc, char **argv)
{
	struct stress_args a = stress_parse(argc, argv, (struct stress_args){ .threads = 2 });
	unsigned maxt = a.threads ? a.threads : 2;
	struct stress_clock c = stress_clock_start();
	static struct settler settlers[SETTLERS];
	uint64_t rounds = 0;

	while (stress_continue(&c, &a, "outlive", rounds)) {
		vow_pool *pool;
		vow_executor *ex;
		pthread_barrier_t start;
		vow_pool_mode mode = rounds % 2 ? VOW_POOL_CANCEL : VOW_POOL_DRAIN;
		int64_t base;

		vow__alloc_track(true);
		base = vow__alloc_live();
		pool = vow_pool_new(&(vow_pool_options){ .threads = 1 + rounds % maxt });
		ex = vow_pool_executor(pool);
		vow_executor_set_rejection_policy(ex, VOW_REJECTIONS_IGNORE, NULL, NULL);
		atomic_store(&dtors, 0);
		atomic_store(&handled, 0);
		pthread_barrier_init(&start, NULL, SETTLERS + 1);
		for (int t = 0; t < SETTLERS; t++) {
			struct settler *s = &settlers[t];

			s->start = &start;
			s->seed = 0x9e3779b97f4a7c15ull * (rounds * SETTLERS + t + 1) | 1;
			for (size_t i = 0; i < PER; i++) {
				s->p[i] = vow_promise_with_resolvers(ex, &s->r[i]);
				s->d[i] = vow_promise_then(s->p[i], handler, handler, NULL, count_dtor);
				if (s->p[i] == NULL || s->d[i] == NULL)
					stress_violation("round %llu: out of memory",
							 (unsigned long long)rounds);
			}
			pthread_create(&s->th, NULL, settler_main, s);
		}
		pthread_barrier_wait(&start);
		if (rounds % 3 != 0)
			sched_yield(); /* vary where the shutdown lands among the settles */
		if (vow_pool_shutdown(pool, mode) != 0)
			stress_violation("round %llu: shutdown failed", (unsigned long long)rounds);
		for (int t = 0; t < SETTLERS; t++)
			pthread_join(settlers[t].th, NULL);
		pthread_barrier_destroy(&start);
		if (atomic_load(&dtors) != SETTLERS * PER)
			stress_violation("round %llu: %ld of %d reaction contexts released",
					 (unsigned long long)rounds, atomic_load(&dtors), SETTLERS * PER);
		if (atomic_load(&handled) > SETTLERS * PER)
			stress_violation("round %llu: %ld handlers ran for %d reactions",
					 (unsigned long long)rounds, atomic_load(&handled),
					 SETTLERS * PER);
		if (vow__alloc_live() != base)
			stress_violation("round %llu: %lld blocks left behind",
					 (unsigned long long)rounds,
					 (long long)(vow__alloc_live() - base));
		vow__alloc_track(false);
		rounds++;
	}
	return stress_finish(&c, "outlive", rounds, NULL);
}
