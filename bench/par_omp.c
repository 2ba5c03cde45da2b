/*
 * par_omp.c - OpenMP (libgomp) twins of par_vow.c's fib_raw and map_all.
 *
 *   par_omp <fib_raw|map_all> [--threads T] [--n N] [--cutoff C]
 *   fib_raw  #pragma omp task for fib(n-1), fib(n-2) inline, taskwait; run
 *            by one thread of a parallel region of T threads (omp single);
 *            same cutoff rule as vow.
 *   map_all  #pragma omp parallel for schedule(static) over the n items.
 * The team is T threads including the master (vow: T workers, main waits).
 * libgomp defaults are kept (OMP_WAIT_POLICY unset, GOMP_SPINCOUNT default).
 */
#include <omp.h>
#include <stdint.h>

#include "bench_common.h"

static long cutoff;

static long fib_task(long n)
{
	long a, b;

	if (n < 2)
		return n;
	if (n < cutoff)
		return bench_fib_seq(n);
#pragma omp task shared(a) firstprivate(n)
	a = fib_task(n - 1);
	b = fib_task(n - 2);
#pragma omp taskwait
	return a + b;
}

static uint64_t run_fib(long n, long *out)
{
	uint64_t t0 = bench_now_ns();
	long r = 0;

#pragma omp parallel
	{
#pragma omp single
		r = fib_task(n);
	}
	*out = r;
	return bench_now_ns() - t0;
}

static uint64_t run_map(long n, uint64_t *out, uint64_t *sum)
{
	uint64_t t0 = bench_now_ns();

#pragma omp parallel for schedule(static)
	for (long i = 0; i < n; i++)
		out[i] = bench_map_item((uint64_t)i);
	uint64_t t1 = bench_now_ns();
	*sum = 0;
	for (long i = 0; i < n; i++)
		*sum += out[i];
	return t1 - t0;
}

int main(int argc, char **argv)
{
	struct bench_args a = bench_parse(argc, argv);
	const char *w = a.workload;
	unsigned threads = a.threads ? a.threads : 1;
	uint64_t ns = 0, ops = 0;

	cutoff = a.cutoff > 0 ? a.cutoff : 0;
	omp_set_dynamic(0);
	omp_set_num_threads((int)threads);
	if (strcmp(w, "fib_raw") == 0) {
		long n = a.n > 0 ? a.n : 30, r = 0;

		run_fib(n > 5 ? n - 5 : n, &r);
		ns = run_fib(n, &r);
		if (r != bench_fib_seq(n))
			bench_fail(w, "fib value");
		ops = bench_fib_calls(n);
	} else if (strcmp(w, "map_all") == 0) {
		long n = a.n > 0 ? a.n : 1000000;
		uint64_t *out = malloc((size_t)n * sizeof *out), sum, expect = 0;

		if (out == NULL)
			return 1;
		memset(out, 0, (size_t)n * sizeof *out); /* pre-touched, as tbb's vector */
		run_map(n / 100 > 0 ? n / 100 : 1, out, &sum);
		ns = run_map(n, out, &sum);
		for (long i = 0; i < n; i++)
			expect += bench_map_item((uint64_t)i);
		if (sum != expect)
			bench_fail(w, "sum");
		free(out);
		ops = (uint64_t)n;
	} else {
		fprintf(stderr, "par_omp: unknown workload %s\n", w);
		return 2;
	}
	bench_report(w, "omp", threads, ns, ops);
	return 0;
}
