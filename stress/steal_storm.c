/*
 * steal_storm - promise-based fork-join fib(--n, default 25) on the pool
 * (--threads workers, default: online CPUs).  Each call with n >= 2 spawns
 * fib(n-1) and fib(n-2), combines them with all() + then(sum) and returns
 * that promise (which the spawned promise adopts).  Checks the exact
 * result every round (fib(25) = 75025); reports steals and parks.
 */
#include <vow/vow.h>

#include "stress_common.h"

static vow_pool *pool;

static vow_outcome sum2(void *ctx, vow_value arr)
{
	(void)ctx;
	return vow_return(vow_int(vow_array_get(arr, 0).as.i + vow_array_get(arr, 1).as.i));
}

static vow_outcome fib(void *ctx)
{
	int64_t n = (int64_t)(intptr_t)ctx;
	vow_value kids[2];
	vow_promise *all, *sum;

	if (n < 2)
		return vow_return(vow_int(n));
	kids[0] = vow_value_promise(vow_spawn(pool, fib, (void *)(intptr_t)(n - 1)));
	kids[1] = vow_value_promise(vow_spawn(pool, fib, (void *)(intptr_t)(n - 2)));
	all = vow_promise_all(vow_pool_executor(pool), kids, 2);
	vow_value_drop(kids[0]);
	vow_value_drop(kids[1]);
	sum = vow_promise_then(all, sum2, NULL, NULL, NULL);
	vow_promise_release(all);
	return vow_return(vow_value_promise(sum));
}

static int64_t fib_ref(int64_t n)
{
	int64_t a = 0, b = 1;

	for (int64_t i = 0; i < n; i++) {
		int64_t t = a + b;
		a = b;
		b = t;
	}
	return a;
}

int main(int argc, char **argv)
{
	struct stress_args a = stress_parse(argc, argv, (struct stress_args){ .n = 25 });
	int64_t n = (int64_t)(a.n ? a.n : 25), want = fib_ref(n);
	struct stress_clock c = stress_clock_start();
	uint64_t rounds = 0;
	vow_pool_stats s;

	pool = vow_pool_new(&(vow_pool_options){ .threads = a.threads });
	while (stress_continue(&c, &a, "steal_storm", rounds)) {
		vow_promise *p = vow_spawn(pool, fib, (void *)(intptr_t)n);

		if (vow_promise_wait(p, 60000) != 0)
			stress_violation("round %llu: fib never finished", (unsigned long long)rounds);
		else if (vow_promise_state(p) != VOW_FULFILLED ||
			 vow_promise_result(p).as.i != want)
			stress_violation("round %llu: fib(%lld) = %lld, want %lld",
					 (unsigned long long)rounds, (long long)n,
					 (long long)vow_promise_result(p).as.i, (long long)want);
		vow_promise_release(p);
		rounds++;
	}
	vow_pool_stats_read(pool, &s);
	vow_pool_free(pool);
	char extra[160];
	snprintf(extra, sizeof extra, "fib(%lld)=%lld, tasks %llu, steals %llu, parks %llu",
		 (long long)n, (long long)want, (unsigned long long)s.tasks_run,
		 (unsigned long long)s.steals, (unsigned long long)s.parks);
	return stress_finish(&c, "steal_storm", rounds, extra);
}
