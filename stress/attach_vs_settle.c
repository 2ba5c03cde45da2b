/*
 * attach_vs_settle - threads attach handlers while another settles.
 *
 * Each round: a fresh promise on a 2-worker pool; A attacher threads
 * (--threads, default 2) each attach M handlers (alternating then, catch
 * and finally) as fast as they can while the main thread settles the
 * promise part-way through (fulfil on even rounds, reject on odd ones).
 * Checks: every handler that should run runs exactly once and sees the
 * value; none is lost, none runs twice; derived promises settle right.
 */
#include <pthread.h>
#include <sched.h>
#include <vow/vow.h>

#include "stress_common.h"

enum { M = 64, MAXT = 16 };

struct round {
	vow_promise *p;
	vow_resolver *res;
	bool reject;
	atomic_int runs[MAXT][M];
	atomic_int bad;
	atomic_int attached;
	vow_promise *derived[MAXT][M];
};

static struct round *cur;
static struct stress_barrier start_b, end_b;
static atomic_bool quit;

struct hctx {
	struct round *r;
	int t, j;
};
static struct hctx ctxs[MAXT][M];

static vow_outcome on_ok(void *ctx, vow_value v)
{
	struct hctx *h = ctx;

	atomic_fetch_add(&h->r->runs[h->t][h->j], 1);
	if (h->r->reject || v.as.i != 4242)
		atomic_fetch_add(&h->r->bad, 1);
	return vow_return(vow_int(1));
}

static vow_outcome on_err(void *ctx, vow_value v)
{
	struct hctx *h = ctx;

	atomic_fetch_add(&h->r->runs[h->t][h->j], 1);
	if (!h->r->reject || v.as.i != 4243)
		atomic_fetch_add(&h->r->bad, 1);
	return vow_return(vow_int(2));
}

static vow_outcome on_fin(void *ctx)
{
	struct hctx *h = ctx;

	atomic_fetch_add(&h->r->runs[h->t][h->j], 1);
	return vow_return(vow_undefined());
}

static void *attacher(void *arg)
{
	int t = (int)(intptr_t)arg;

	for (;;) {
		stress_barrier_wait(&start_b);
		if (atomic_load(&quit))
			break;
		struct round *r = cur;
		for (int j = 0; j < M; j++) {
			struct hctx *h = &ctxs[t][j];

			*h = (struct hctx){ r, t, j };
			switch (j % 3) {
			case 0:
				r->derived[t][j] = vow_promise_then(r->p, on_ok, on_err, h, NULL);
				break;
			case 1:
				r->derived[t][j] = vow_promise_catch(r->p, on_err, h, NULL);
				break;
			default:
				r->derived[t][j] = vow_promise_finally(r->p, on_fin, h, NULL);
				break;
			}
			atomic_fetch_add(&r->attached, 1);
		}
		stress_barrier_wait(&end_b);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	struct stress_args a = stress_parse(argc, argv, (struct stress_args){ .threads = 2 });
	unsigned n = a.threads ? a.threads : 2;
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 2 });
	pthread_t th[MAXT];
	struct stress_clock c = stress_clock_start();
	uint64_t rounds = 0;
	struct round *r = calloc(1, sizeof *r);

	if (n > MAXT)
		n = MAXT;
	start_b.n = end_b.n = n + 1;
	for (unsigned i = 0; i < n; i++)
		pthread_create(&th[i], NULL, attacher, (void *)(intptr_t)i);
	while (stress_continue(&c, &a, "attach_vs_settle", rounds)) {
		memset(r, 0, sizeof *r);
		r->reject = rounds % 2;
		r->p = vow_promise_with_resolvers(vow_pool_executor(pool), &r->res);
		cur = r;
		stress_barrier_wait(&start_b);
		/* Settle somewhere in the middle of the attaching. */
		int target = (int)((rounds * 7919) % (n * M));
		while (atomic_load(&r->attached) < target)
			sched_yield();
		if (r->reject)
			vow_resolver_reject(r->res, vow_int(4243));
		else
			vow_resolver_resolve(r->res, vow_int(4242));
		stress_barrier_wait(&end_b);
		for (unsigned t = 0; t < n; t++) {
			for (int j = 0; j < M; j++) {
				vow_promise *d = r->derived[t][j];
				/* catch on a fulfilled promise: handler must not run. */
				int want = (j % 3 == 1 && !r->reject) ? 0 : 1;

				if (vow_promise_wait(d, 10000) != 0) {
					stress_violation("round %llu: derived %u/%d never settled",
							 (unsigned long long)rounds, t, j);
					continue;
				}
				int got = atomic_load(&r->runs[t][j]);
				if (got != want)
					stress_violation("round %llu: handler %u/%d ran %d times (want %d)",
							 (unsigned long long)rounds, t, j, got, want);
				/* finally passes the rejection through: expected, handled by wait. */
				vow_promise_release(d);
			}
		}
		if (atomic_load(&r->bad) != 0)
			stress_violation("round %llu: %d handlers saw a wrong value/branch",
					 (unsigned long long)rounds, atomic_load(&r->bad));
		vow_resolver_release(r->res);
		vow_promise_release(r->p);
		rounds++;
	}
	atomic_store(&quit, true);
	stress_barrier_wait(&start_b);
	for (unsigned i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	vow_pool_free(pool);
	free(r);
	char extra[64];
	snprintf(extra, sizeof extra, "%u attachers x %d handlers", n, M);
	return stress_finish(&c, "attach_vs_settle", rounds, extra);
}
