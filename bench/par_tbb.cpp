// par_tbb.cpp - oneTBB twins of par_vow.c's fib_raw and map_all.
//
//   par_tbb <fib_raw|map_all> [--threads T] [--n N] [--cutoff C]
//   fib_raw  tbb::task_group: g.run(fib(n-1)), fib(n-2) inline, g.wait();
//            same cutoff rule as vow.  Runs in a task_arena of T threads
//            (the calling thread is one of them), with global_control
//            capping parallelism at T.
//   map_all  tbb::parallel_for over blocked_range(0, n), default (auto)
//            partitioner, the same item function.
#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include <vector>

#include "bench_common.h"

static long cutoff;

static long fib_task(long n)
{
	if (n < 2)
		return n;
	if (n < cutoff)
		return bench_fib_seq(n);
	long a = 0, b;
	tbb::task_group g;
	g.run([&] { a = fib_task(n - 1); });
	b = fib_task(n - 2);
	g.wait();
	return a + b;
}

int main(int argc, char **argv)
{
	struct bench_args a = bench_parse(argc, argv);
	const char *w = a.workload;
	unsigned threads = a.threads ? a.threads : 1;
	uint64_t ns = 0, ops = 0;

	cutoff = a.cutoff > 0 ? a.cutoff : 0;
	tbb::global_control gc(tbb::global_control::max_allowed_parallelism, threads);
	tbb::task_arena arena((int)threads);

	if (strcmp(w, "fib_raw") == 0) {
		long n = a.n > 0 ? a.n : 30, r = 0;
		arena.execute([&] { r = fib_task(n > 5 ? n - 5 : n); });
		uint64_t t0 = bench_now_ns();
		arena.execute([&] { r = fib_task(n); });
		ns = bench_now_ns() - t0;
		if (r != bench_fib_seq(n))
			bench_fail(w, "fib value");
		ops = bench_fib_calls(n);
	} else if (strcmp(w, "map_all") == 0) {
		long n = a.n > 0 ? a.n : 1000000;
		std::vector<uint64_t> out((size_t)n);
		auto body = [&](long len) {
			tbb::parallel_for(tbb::blocked_range<long>(0, len), [&](const tbb::blocked_range<long> &r) {
				for (long i = r.begin(); i < r.end(); i++)
					out[(size_t)i] = bench_map_item((uint64_t)i);
			});
		};
		arena.execute([&] { body(n / 100 > 0 ? n / 100 : 1); });
		uint64_t t0 = bench_now_ns();
		arena.execute([&] { body(n); });
		ns = bench_now_ns() - t0;
		uint64_t sum = 0, expect = 0;
		for (long i = 0; i < n; i++) {
			sum += out[(size_t)i];
			expect += bench_map_item((uint64_t)i);
		}
		if (sum != expect)
			bench_fail(w, "sum");
		ops = (uint64_t)n;
	} else {
		fprintf(stderr, "par_tbb: unknown workload %s\n", w);
		return 2;
	}
	bench_report(w, "tbb", threads, ns, ops);
	return 0;
}
