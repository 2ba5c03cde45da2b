/*
 * settle_race - K threads race to resolve or reject the same promise.
 *
 * Each round: a fresh promise on a 2-worker pool with H handlers, half
 * attached before the race and half while it runs.  K racer threads
 * (--threads, default 2) start together; racer i resolves with i (even i)
 * or rejects with i (odd i).  Checks: exactly one racer gets 0 (the others
 * VOW_EALREADY); every handler runs exactly once, through the right branch,
 * and sees the winner's value.
 */
#include <pthread.h>
#include <sched.h>
#include <vow/vow.h>

#include "stress_common.h"

enum { H = 8 };

struct round;
struct hctx {
	struct round *r;
	int j;
};

struct round {
	vow_resolver *res;
	atomic_int winners;
	atomic_int winner;
	atomic_int runs[H];
	atomic_int seen[H];   /* value seen, + 1000 if via on_rejected */
	atomic_int done;
	struct hctx h[H];
};

static struct round *cur;
static struct stress_barrier start_b, end_b;
static atomic_bool quit;

static vow_outcome on_ok(void *ctx, vow_value v)
{
	struct hctx *h = ctx;

	atomic_fetch_add(&h->r->runs[h->j], 1);
	atomic_store(&h->r->seen[h->j], (int)v.as.i);
	atomic_fetch_add(&h->r->done, 1);
	return vow_return(vow_undefined());
}

static vow_outcome on_err(void *ctx, vow_value v)
{
	struct hctx *h = ctx;

	atomic_fetch_add(&h->r->runs[h->j], 1);
	atomic_store(&h->r->seen[h->j], 1000 + (int)v.as.i);
	atomic_fetch_add(&h->r->done, 1);
	return vow_return(vow_undefined());
}

static void *racer(void *arg)
{
	int id = (int)(intptr_t)arg;

	for (;;) {
		stress_barrier_wait(&start_b);
		if (atomic_load(&quit))
			break;
		struct round *r = cur;
		int rc = id % 2 == 0 ? vow_resolver_resolve(r->res, vow_int(id))
				     : vow_resolver_reject(r->res, vow_int(id));
		if (rc == 0) {
			atomic_fetch_add(&r->winners, 1);
			atomic_store(&r->winner, id);
		} else if (rc != VOW_EALREADY) {
			stress_violation("racer %d: unexpected rc %d", id, rc);
		}
		stress_barrier_wait(&end_b);
	}
	return NULL;
}

static void attach(struct round *r, vow_promise *p, int j)
{
	r->h[j] = (struct hctx){ r, j };
	vow_promise_release(vow_promise_then(p, on_ok, on_err, &r->h[j], NULL));
}

int main(int argc, char **argv)
{
	struct stress_args a = stress_parse(argc, argv, (struct stress_args){ .threads = 2 });
	unsigned k = a.threads ? a.threads : 2;
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 2 });
	pthread_t th[64];
	struct stress_clock c = stress_clock_start();
	uint64_t rounds = 0;
	struct round *r = calloc(1, sizeof *r);

	if (k > 64)
		k = 64;
	start_b.n = end_b.n = k + 1;
	for (unsigned i = 0; i < k; i++)
		pthread_create(&th[i], NULL, racer, (void *)(intptr_t)i);
	while (stress_continue(&c, &a, "settle_race", rounds)) {
		vow_promise *p;

		memset(r, 0, sizeof *r);
		p = vow_promise_with_resolvers(vow_pool_executor(pool), &r->res);
		for (int j = 0; j < H / 2; j++)
			attach(r, p, j);
		cur = r;
		stress_barrier_wait(&start_b);
		for (int j = H / 2; j < H; j++)
			attach(r, p, j); /* races with the settle */
		stress_barrier_wait(&end_b);
		if (atomic_load(&r->winners) != 1)
			stress_violation("round %llu: %d winners", (unsigned long long)rounds,
					 atomic_load(&r->winners));
		double t0 = stress_now();
		while (atomic_load(&r->done) < H) {
			if (stress_now() - t0 > 10) {
				stress_violation("round %llu: only %d of %d handlers ran",
						 (unsigned long long)rounds, atomic_load(&r->done), H);
				break;
			}
			sched_yield();
		}
		int w = atomic_load(&r->winner);
		int expect = w % 2 == 0 ? w : 1000 + w;
		for (int j = 0; j < H; j++) {
			if (atomic_load(&r->runs[j]) != 1)
				stress_violation("round %llu: handler %d ran %d times",
						 (unsigned long long)rounds, j, atomic_load(&r->runs[j]));
			if (atomic_load(&r->seen[j]) != expect)
				stress_violation("round %llu: handler %d saw %d, winner %d",
						 (unsigned long long)rounds, j,
						 atomic_load(&r->seen[j]), expect);
		}
		/* Each handler's last access to r is its done increment: r is free. */
		vow_resolver_release(r->res);
		vow_promise_release(p);
		rounds++;
	}
	atomic_store(&quit, true);
	stress_barrier_wait(&start_b);
	for (unsigned i = 0; i < k; i++)
		pthread_join(th[i], NULL);
	vow_pool_free(pool);
	free(r);
	char extra[64];
	snprintf(extra, sizeof extra, "%u racers", k);
	return stress_finish(&c, "settle_race", rounds, extra);
}
