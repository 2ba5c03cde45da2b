/*
 * progress_race - progress reports race the settle of their promise.
 *
 * Each round, on a 2-worker pool: a pending promise with two progress
 * listeners (one added before the race, one while it runs); two reporter
 * threads report an increasing sequence each while the main thread
 * resolves the promise after a random number of its own reports.
 * Checks: every listener call sees its reporter's values in increasing
 * order; no two calls for one promise overlap; no call comes after the
 * listener's destructor, which runs exactly once; reports after the
 * resolve say VOW_EALREADY; nothing leaks (ASan, valgrind) and nothing
 * races (TSan).
 */
#include <pthread.h>
#include <sched.h>
#include <vow/vow.h>

#include "stress_common.h"

enum { REPORTERS = 2, REPORTS = 64 };

struct listener {
	struct round *r;
	int64_t last[REPORTERS + 1];
	atomic_int calls, dtors;
};

struct round {
	vow_resolver *res;
	vow_promise *p;
	atomic_int in_flight;
	struct listener l[2];
};

static struct round *cur;
static struct stress_barrier start_b, end_b;
static atomic_bool quit;

static void on_progress(void *ctx, vow_value v)
{
	struct listener *l = ctx;
	int t = (int)(v.as.i / 1000), i = (int)(v.as.i % 1000);

	if (atomic_fetch_add(&l->r->in_flight, 1) != 0)
		stress_violation("two reports delivered at once");
	if (atomic_load(&l->dtors) != 0)
		stress_violation("a listener ran after its destructor");
	if (i <= l->last[t])
		stress_violation("reporter %d: %d after %lld", t, i, (long long)l->last[t]);
	l->last[t] = i;
	atomic_fetch_add(&l->calls, 1);
	atomic_fetch_sub(&l->r->in_flight, 1);
}

static void on_dtor(void *ctx)
{
	atomic_fetch_add(&((struct listener *)ctx)->dtors, 1);
}

static void report_sequence(struct round *r, int t, int n)
{
	for (int i = 0; i < n; i++) {
		int rc = vow_resolver_progress(r->res, vow_int(t * 1000 + i));

		if (rc != 0 && rc != VOW_EALREADY)
			stress_violation("report: %s", vow_strerror(rc));
	}
}

static void *reporter(void *arg)
{
	int t = (int)(intptr_t)arg;

	for (;;) {
		stress_barrier_wait(&start_b);
		if (atomic_load(&quit))
			break;
		report_sequence(cur, t, REPORTS);
		stress_barrier_wait(&end_b);
	}
	return NULL;
}

static void listen(struct round *r, int i)
{
	struct listener *l = &r->l[i];

	l->r = r;
	for (int t = 0; t <= REPORTERS; t++)
		l->last[t] = -1;
	if (vow_promise_on_progress(r->p, on_progress, l, on_dtor) != 0)
		stress_violation("on_progress failed");
}

int main(int argc, char **argv)
{
	struct stress_args a = stress_parse(argc, argv, (struct stress_args){ .threads = 2 });
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = a.threads ? a.threads : 2 });
	struct stress_clock c = stress_clock_start();
	struct round *r = calloc(1, sizeof *r);
	pthread_t th[REPORTERS];
	uint64_t rounds = 0, delivered = 0;

	if (pool == NULL || r == NULL)
		return 2;
	start_b.n = end_b.n = REPORTERS + 1;
	for (int t = 0; t < REPORTERS; t++)
		pthread_create(&th[t], NULL, reporter, (void *)(intptr_t)t);
	while (stress_continue(&c, &a, "progress_race", rounds)) {
		memset(r, 0, sizeof *r);
		r->p = vow_promise_with_resolvers(vow_pool_executor(pool), &r->res);
		listen(r, 0);
		cur = r;
		stress_barrier_wait(&start_b);
		listen(r, 1);
		report_sequence(r, REPORTERS, (int)(rounds % REPORTS));
		vow_resolver_resolve(r->res, vow_int(1));
		if (vow_resolver_progress(r->res, vow_int(0)) != VOW_EALREADY)
			stress_violation("a report after the resolve was taken");
		stress_barrier_wait(&end_b);

		/* The destructors come once the last delivery job is done. */
		double t0 = stress_now();
		while (atomic_load(&r->l[0].dtors) + atomic_load(&r->l[1].dtors) < 2 &&
		       stress_now() - t0 < 10)
			sched_yield();
		for (int i = 0; i < 2; i++)
			if (atomic_load(&r->l[i].dtors) != 1)
				stress_violation("listener %d: %d destructor calls", i,
						 atomic_load(&r->l[i].dtors));
		delivered += (uint64_t)atomic_load(&r->l[0].calls);
		vow_resolver_release(r->res);
		vow_promise_release(r->p);
		rounds++;
	}
	atomic_store(&quit, true);
	stress_barrier_wait(&start_b);
	for (int t = 0; t < REPORTERS; t++)
		pthread_join(th[t], NULL);
	vow_pool_free(pool);
	free(r);
	char extra[64];
	snprintf(extra, sizeof extra, "%llu reports delivered before the settle",
		 (unsigned long long)delivered);
	return stress_finish(&c, "progress_race", rounds, extra);
}
