/*
 * fan_in - all and allSettled over N promises (--n, default 100000)
 * settled from random threads.
 *
 * Each round: N pending promises for all() (all fulfilled, with i) and N
 * for allSettled() (i % 3 == 0 rejected with -i, else fulfilled with i),
 * both combinators built on a 2-worker pool before anything settles.  T
 * settler threads (--threads, default 2) then settle a random permutation
 * of the indices, split between them.  Checks: both results are arrays in
 * input order with exactly the right values and statuses.
 */
#include <pthread.h>
#include <vow/vow.h>

#include "stress_common.h"

struct job {
	vow_resolver **ra, **rb;
	uint32_t *perm;
	size_t from, to;
};

static void *settler(void *arg)
{
	struct job *j = arg;

	for (size_t k = j->from; k < j->to; k++) {
		uint32_t i = j->perm[k];

		if (vow_resolver_resolve(j->ra[i], vow_int(i)) != 0)
			stress_violation("resolve a[%u] failed", i);
		int rc = i % 3 == 0 ? vow_resolver_reject(j->rb[i], vow_int(-(int64_t)i))
				    : vow_resolver_resolve(j->rb[i], vow_int(i));
		if (rc != 0)
			stress_violation("settle b[%u] failed", i);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	struct stress_args a = stress_parse(argc, argv,
					    (struct stress_args){ .threads = 2, .n = 100000 });
	unsigned t = a.threads ? a.threads : 2;
	size_t n = a.n ? a.n : 100000;
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 2 });
	vow_executor *ex = vow_pool_executor(pool);
	vow_value *ia = malloc(n * sizeof *ia), *ib = malloc(n * sizeof *ib);
	vow_resolver **ra = malloc(n * sizeof *ra), **rb = malloc(n * sizeof *rb);
	uint32_t *perm = malloc(n * sizeof *perm);
	struct job jobs[64];
	pthread_t th[64];
	struct stress_clock c = stress_clock_start();
	uint64_t rounds = 0, seed = 88172645463325252ull;

	if (t > 64)
		t = 64;
	while (stress_continue(&c, &a, "fan_in", rounds)) {
		for (size_t i = 0; i < n; i++) {
			ia[i] = vow_value_promise(vow_promise_with_resolvers(ex, &ra[i]));
			ib[i] = vow_value_promise(vow_promise_with_resolvers(ex, &rb[i]));
			perm[i] = (uint32_t)i;
		}
		for (size_t i = n - 1; i > 0; i--) { /* Fisher-Yates, xorshift */
			seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
			size_t k = seed % (i + 1);
			uint32_t tmp = perm[i];
			perm[i] = perm[k];
			perm[k] = tmp;
		}
		vow_promise *all = vow_promise_all(ex, ia, n);
		vow_promise *settled = vow_promise_all_settled(ex, ib, n);
		for (unsigned k = 0; k < t; k++) {
			jobs[k] = (struct job){ ra, rb, perm, n * k / t, n * (k + 1) / t };
			pthread_create(&th[k], NULL, settler, &jobs[k]);
		}
		for (unsigned k = 0; k < t; k++)
			pthread_join(th[k], NULL);
		if (vow_promise_wait(all, 30000) != 0 || vow_promise_wait(settled, 30000) != 0) {
			stress_violation("round %llu: combinator never settled",
					 (unsigned long long)rounds);
		} else {
			vow_value va = vow_promise_result(all), vb = vow_promise_result(settled);

			if (vow_promise_state(all) != VOW_FULFILLED || vow_array_len(va) != n ||
			    vow_promise_state(settled) != VOW_FULFILLED || vow_array_len(vb) != n)
				stress_violation("round %llu: bad combinator result",
						 (unsigned long long)rounds);
			for (size_t i = 0; i < n && vow_array_len(va) == n && vow_array_len(vb) == n;
			     i++) {
				vow_value x = vow_array_get(va, i), rec = vow_array_get(vb, i);
				bool rej = i % 3 == 0;

				if (x.kind != VOW_INT || x.as.i != (int64_t)i)
					stress_violation("all[%zu] wrong", i);
				if (vow_settled_status(rec) != (rej ? VOW_REJECTED : VOW_FULFILLED) ||
				    vow_settled_value(rec).as.i != (rej ? -(int64_t)i : (int64_t)i))
					stress_violation("allSettled[%zu] wrong", i);
			}
		}
		vow_promise_release(all);
		vow_promise_release(settled);
		for (size_t i = 0; i < n; i++) {
			vow_value_drop(ia[i]);
			vow_value_drop(ib[i]);
			vow_resolver_release(ra[i]);
			vow_resolver_release(rb[i]);
		}
		rounds++;
	}
	vow_pool_free(pool);
	free(ia), free(ib), free(ra), free(rb), free(perm);
	char extra[64];
	snprintf(extra, sizeof extra, "n=%zu, %u settlers", n, t);
	return stress_finish(&c, "fan_in", rounds, extra);
}
