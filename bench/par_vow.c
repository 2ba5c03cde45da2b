/*
 * par_vow.c - the parallel workloads on vow's pool.  Twins: par_tbb.cpp,
 * par_omp.c (same fib, same cutoff rule, same map item).
 *
 *   par_vow <workload> [--threads T] [--n N] [--cutoff C]
 *   fib_raw      fib(n) as raw tasks: vow_spawn(fib(n-1)), fib(n-2) inline,
 *                vow_promise_wait (a worker runs the child itself if no
 *                other worker took it, else sets the task aside).  This is
 *                the most direct public API for spawn/join (vow has no
 *                lower-level public task API; vow_spawn is one promise + one
 *                job).  --cutoff C: below n < C, sequential fib (0: none).
 *   fib_async    fib(n) where every call is an async function that spawns
 *                both children as async functions and awaits them.
 *   fib_promise  fib(n) where every call returns a promise: fib(n-1) is
 *                spawned (its task returns the promise of fib(n-1), which the
 *                spawn's promise adopts), fib(n-2) is called inline, and the
 *                result is all([a, b]).then(sum).  Nothing blocks but main.
 *   map_all      n items, each spawned as a task (bench_map_item), from a
 *                root task on the pool (so spawns go to a worker's deque);
 *                all() over the n promises, main waits for it.
 *   map_all_ext  the same, but main (not a worker) spawns the n tasks: every
 *                task goes through the pool's global injection queue.
 *   map_bulk     the same map as one vow_spawn_map(n): the same array as
 *                all() over n spawned tasks, from ranges split across the
 *                workers instead of a promise per item.
 *   settle_race  T plain threads race to resolve each of n pending promises
 *                (the same ones, in the same order); exactly one wins each.
 *
 * ops: fib_* = calls of the recursive fib (2 fib(n+1) - 1), map = items,
 * settle_race = promises.  One warm-up run (smaller) before the timed one;
 * pool start and shutdown are not timed.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <vow/vow.h>

#include "bench_common.h"

static vow_pool *pool;
static vow_executor *pex;
static long cutoff;

static vow_promise *check(vow_promise *p, const char *what)
{
	if (p == NULL) {
		fprintf(stderr, "%s failed: %s\n", what, vow_strerror(vow_last_error()));
		exit(1);
	}
	return p;
}

static vow_promise *spawn(vow_thunk_fn fn, long arg)
{
	return check(vow_spawn(pool, fn, (void *)(intptr_t)arg), "vow_spawn");
}

static void wait_ok(vow_promise *p)
{
	if (vow_promise_wait(p, -1) != 0 || vow_promise_state(p) != VOW_FULFILLED) {
		fprintf(stderr, "wait failed or rejected\n");
		exit(1);
	}
}

/* ---- fib_raw ------------------------------------------------------------ */

static long fib_raw(long n);

static vow_outcome fib_raw_task(void *ctx)
{
	return vow_return(vow_int(fib_raw((long)(intptr_t)ctx)));
}

static long fib_raw(long n)
{
	if (n < 2)
		return n;
	if (n < cutoff)
		return bench_fib_seq(n);
	vow_promise *c = spawn(fib_raw_task, n - 1);
	long b = fib_raw(n - 2);

	wait_ok(c);
	long a = (long)vow_promise_result(c).as.i;
	vow_promise_release(c);
	return a + b;
}

static uint64_t run_fib_raw(long n, long *out)
{
	uint64_t t0 = bench_now_ns();
	vow_promise *p = spawn(fib_raw_task, n);

	wait_ok(p);
	*out = (long)vow_promise_result(p).as.i;
	vow_promise_release(p);
	return bench_now_ns() - t0;
}

/* ---- fib_async ------------------------------------------------------------ */

/*
 * Each call is an async function that spawns its two children as async
 * functions on the pool (vow_async_spawn) and awaits both: the await of a
 * child that is done goes on at once; one that is not sets the call aside
 * on its fiber until the child settles.
 */
static vow_outcome fib_async_body(void *ctx)
{
	long n = (long)(intptr_t)ctx;
	vow_value pa, pb, b;
	vow_outcome oa;

	if (n < 2)
		return vow_return(vow_int(n));
	if (n < cutoff)
		return vow_return(vow_int(bench_fib_seq(n)));
	/* Both children start before the first await, so they run in parallel. */
	pa = vow_value_promise(
		check(vow_async_spawn(pex, fib_async_body, (void *)(intptr_t)(n - 1), NULL), "spawn"));
	pb = vow_value_promise(
		check(vow_async_spawn(pex, fib_async_body, (void *)(intptr_t)(n - 2), NULL), "spawn"));
	oa = vow_await_value(pa);
	if (vow_outcome_is_throw(oa)) {
		vow_value_drop(pb);
		return oa;
	}
	b = VOW_AWAIT_VALUE(pb);
	return vow_return(vow_int(oa.value.as.i + b.as.i));
}

static uint64_t run_fib_async(long n, long *out)
{
	uint64_t t0 = bench_now_ns();
	vow_promise *p = check(vow_async_spawn(pex, fib_async_body, (void *)(intptr_t)n, NULL),
			       "spawn");

	wait_ok(p);
	*out = (long)vow_promise_result(p).as.i;
	vow_promise_release(p);
	return bench_now_ns() - t0;
}

/* ---- fib_promise -------------------------------------------------------- */

static vow_promise *fib_p(long n);

static vow_outcome fib_p_task(void *ctx)
{
	return vow_return(vow_value_promise(fib_p((long)(intptr_t)ctx)));
}

static vow_outcome sum2(void *ctx, vow_value arr)
{
	(void)ctx;
	return vow_return(vow_int(vow_array_get(arr, 0).as.i + vow_array_get(arr, 1).as.i));
}

static vow_promise *fib_p(long n)
{
	if (n < 2)
		return check(vow_promise_resolve(pex, vow_int(n)), "resolve");
	if (n < cutoff)
		return check(vow_promise_resolve(pex, vow_int(bench_fib_seq(n))), "resolve");
	vow_value items[2] = {
		vow_value_promise(spawn(fib_p_task, n - 1)),
		vow_value_promise(fib_p(n - 2)),
	};
	vow_promise *all = check(vow_promise_all(pex, items, 2), "all");
	vow_value_drop(items[0]);
	vow_value_drop(items[1]);
	vow_promise *r = check(vow_promise_then(all, sum2, NULL, NULL, NULL), "then");
	vow_promise_release(all);
	return r;
}

static uint64_t run_fib_promise(long n, long *out)
{
	uint64_t t0 = bench_now_ns();
	vow_promise *p = spawn(fib_p_task, n);

	wait_ok(p);
	*out = (long)vow_promise_result(p).as.i;
	vow_promise_release(p);
	return bench_now_ns() - t0;
}

/* ---- map_all / map_all_ext --------------------------------------------- */

static vow_outcome map_item_task(void *ctx)
{
	return vow_return(vow_int((int64_t)bench_map_item((uint64_t)(intptr_t)ctx)));
}

/* Spawns n item tasks and returns all() over them. */
static vow_promise *map_spawn_all(long n)
{
	vow_value *items = calloc((size_t)n, sizeof *items);

	if (items == NULL)
		exit(1);
	for (long i = 0; i < n; i++)
		items[i] = vow_value_promise(spawn(map_item_task, i));
	vow_promise *all = check(vow_promise_all(pex, items, (size_t)n), "all");
	for (long i = 0; i < n; i++)
		vow_value_drop(items[i]);
	free(items);
	return all;
}

static vow_outcome map_root_task(void *ctx)
{
	return vow_return(vow_value_promise(map_spawn_all((long)(intptr_t)ctx)));
}

static vow_outcome map_index(void *ctx, size_t i)
{
	(void)ctx;
	return vow_return(vow_int((int64_t)bench_map_item((uint64_t)i)));
}

enum map_how { MAP_FROM_TASK, MAP_FROM_MAIN, MAP_BULK };

static uint64_t run_map(long n, enum map_how how, uint64_t *sum)
{
	uint64_t t0 = bench_now_ns();
	vow_promise *p = how == MAP_FROM_MAIN ? map_spawn_all(n)
			 : how == MAP_BULK   ? check(vow_spawn_map(pool, (size_t)n, map_index, NULL),
						     "vow_spawn_map")
					     : spawn(map_root_task, n);

	wait_ok(p);
	uint64_t t1 = bench_now_ns();
	vow_value arr = vow_promise_result(p);
	*sum = 0;
	if (vow_array_len(arr) != (size_t)n)
		bench_fail("map_all", "length");
	for (long i = 0; i < n; i++)
		*sum += (uint64_t)vow_array_get(arr, (size_t)i).as.i;
	vow_promise_release(p);
	return t1 - t0;
}

static uint64_t map_expected(long n)
{
	uint64_t s = 0;

	for (long i = 0; i < n; i++)
		s += bench_map_item((uint64_t)i);
	return s;
}

/* ---- settle_race --------------------------------------------------------- */

struct race {
	vow_resolver **rs;
	long n;
	unsigned threads;
	atomic_uint ready;
	atomic_long wins;
};

struct racer {
	struct race *r;
	unsigned id;
	pthread_t th;
};

static void *racer_main(void *arg)
{
	struct racer *me = arg;
	struct race *r = me->r;
	long wins = 0;

	atomic_fetch_add(&r->ready, 1);
	while (atomic_load(&r->ready) < r->threads)
		;
	for (long i = 0; i < r->n; i++)
		if (vow_resolver_resolve(r->rs[i], vow_int(me->id)) == 0)
			wins++;
	atomic_fetch_add(&r->wins, wins);
	return NULL;
}

static uint64_t run_settle_race(long n, unsigned threads)
{
	struct race r = {.n = n, .threads = threads};
	vow_promise **ps = malloc((size_t)n * sizeof *ps);
	struct racer *th = calloc(threads, sizeof *th);

	r.rs = malloc((size_t)n * sizeof *r.rs);
	if (ps == NULL || th == NULL || r.rs == NULL)
		exit(1);
	atomic_init(&r.ready, 0);
	atomic_init(&r.wins, 0);
	for (long i = 0; i < n; i++)
		ps[i] = check(vow_promise_with_resolvers(pex, &r.rs[i]), "new");
	uint64_t t0 = bench_now_ns();
	for (unsigned t = 0; t < threads; t++) {
		th[t].r = &r;
		th[t].id = t;
		if (pthread_create(&th[t].th, NULL, racer_main, &th[t]) != 0)
			exit(1);
	}
	for (unsigned t = 0; t < threads; t++)
		pthread_join(th[t].th, NULL);
	uint64_t t1 = bench_now_ns();
	if (atomic_load(&r.wins) != n)
		bench_fail("settle_race", "wins != promises");
	for (long i = 0; i < n; i++) {
		if (vow_promise_state(ps[i]) != VOW_FULFILLED)
			bench_fail("settle_race", "a promise is not fulfilled");
		vow_resolver_release(r.rs[i]);
		vow_promise_release(ps[i]);
	}
	free(ps);
	free(r.rs);
	free(th);
	return t1 - t0;
}

int main(int argc, char **argv)
{
	struct bench_args a = bench_parse(argc, argv);
	const char *w = a.workload;
	unsigned threads = a.threads ? a.threads : 1;
	vow_pool_options opts = {.threads = threads, .fairness_interval = 0};
	uint64_t ns = 0, ops = 0;

	cutoff = a.cutoff > 0 ? a.cutoff : 0;
	/* settle_race uses plain threads; the pool (1 worker) only owns the promises. */
	if (strcmp(w, "settle_race") == 0)
		opts.threads = 1;
	pool = vow_pool_new(&opts);
	if (pool == NULL) {
		fprintf(stderr, "vow_pool_new: %s\n", vow_strerror(vow_last_error()));
		return 1;
	}
	pex = vow_pool_executor(pool);
	if (strcmp(w, "fib_raw") == 0 || strcmp(w, "fib_promise") == 0 ||
	    strcmp(w, "fib_async") == 0) {
		uint64_t (*run)(long, long *) = strcmp(w, "fib_raw") == 0	? run_fib_raw
						: strcmp(w, "fib_promise") == 0 ? run_fib_promise
										: run_fib_async;
		long n = a.n > 0 ? a.n : 30, r = 0;

		run(n > 5 ? n - 5 : n, &r);
		ns = run(n, &r);
		if (r != bench_fib_seq(n))
			bench_fail(w, "fib value");
		ops = bench_fib_calls(n);
	} else if (strcmp(w, "map_all") == 0 || strcmp(w, "map_all_ext") == 0 ||
		   strcmp(w, "map_bulk") == 0) {
		enum map_how how = strcmp(w, "map_all") == 0	 ? MAP_FROM_TASK
				   : strcmp(w, "map_all_ext") == 0 ? MAP_FROM_MAIN
								   : MAP_BULK;
		long n = a.n > 0 ? a.n : 1000000;
		uint64_t sum;

		run_map(n / 100 > 0 ? n / 100 : 1, how, &sum);
		ns = run_map(n, how, &sum);
		if (sum != map_expected(n))
			bench_fail(w, "sum");
		ops = (uint64_t)n;
	} else if (strcmp(w, "settle_race") == 0) {
		long n = a.n > 0 ? a.n : 1000000;

		run_settle_race(n / 100 > 0 ? n / 100 : 1, threads);
		ns = run_settle_race(n, threads);
		ops = (uint64_t)n;
	} else {
		fprintf(stderr, "par_vow: unknown workload %s\n", w);
		return 2;
	}
	vow_pool_free(pool);
	bench_report(w, "vow", threads, ns, ops);
	return 0;
}
