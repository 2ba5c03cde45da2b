/*
 * mem_vow.c - vow's memory, measured (not sizeof).
 *
 *   mem_vow sizes [--n N]   bytes per pending promise, per then() reaction
 *                           (reaction + its derived promise), per
 *                           with_resolvers (promise + resolver): deltas of
 *                           mallinfo2().uordblks (heap bytes in use, malloc's
 *                           chunk headers and rounding included) and of RSS,
 *                           over N objects kept alive at once.
 *   mem_vow soak [--n N]    N promises created, given a reaction, resolved
 *                           and released, 1000 at a time, on the loop; RSS
 *                           and heap-in-use sampled 100 times.
 *   mem_vow suspended [--n N]  N async functions on the loop, each suspended
 *                           at an await of one pending promise: RSS and heap
 *                           deltas per suspended call (its fiber's stack
 *                           pages, its promise), at the default stack size.
 * Prints one JSON object.
 */
#include <malloc.h>
#include <stdint.h>
#include <vow/vow.h>

#include "bench_common.h"

static vow_outcome never(void *ctx, vow_resolver *r)
{
	(void)ctx;
	(void)r;
	return vow_return(vow_undefined()); /* stays pending: nobody keeps r */
}

static vow_outcome noop(void *ctx, vow_value v)
{
	(void)ctx;
	(void)v;
	return vow_return(vow_undefined());
}

static vow_outcome add(void *ctx, vow_value v)
{
	*(int64_t *)ctx += v.as.i;
	return vow_return(vow_undefined());
}

static size_t heap_used(void)
{
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}

static vow_promise *check(vow_promise *p)
{
	if (p == NULL) {
		fprintf(stderr, "vow failed: %s\n", vow_strerror(vow_last_error()));
		exit(1);
	}
	return p;
}

static int sizes(long n)
{
	vow_loop *loop = vow_loop_new(0);
	vow_executor *ex = vow_loop_executor(loop);
	vow_promise **ps = malloc((size_t)n * sizeof *ps);
	vow_promise **ds = malloc((size_t)n * sizeof *ds);
	vow_promise **ws = malloc((size_t)n * sizeof *ws);
	vow_resolver **rs = malloc((size_t)n * sizeof *rs);

	if (ps == NULL || ds == NULL || ws == NULL || rs == NULL)
		return 1;
	/* Touch the arrays now so their pages are not counted below. */
	memset(ps, 0, (size_t)n * sizeof *ps);
	memset(ds, 0, (size_t)n * sizeof *ds);
	memset(ws, 0, (size_t)n * sizeof *ws);
	memset(rs, 0, (size_t)n * sizeof *rs);

	size_t h0 = heap_used();
	long r0 = bench_rss_kb();
	for (long i = 0; i < n; i++)
		ps[i] = check(vow_promise_new(ex, never, NULL));
	size_t h1 = heap_used();
	long r1 = bench_rss_kb();
	for (long i = 0; i < n; i++)
		ds[i] = check(vow_promise_then(ps[i], noop, NULL, NULL, NULL));
	size_t h2 = heap_used();
	long r2 = bench_rss_kb();
	for (long i = 0; i < n; i++)
		ws[i] = check(vow_promise_with_resolvers(ex, &rs[i]));
	size_t h3 = heap_used();
	long r3 = bench_rss_kb();

	double dn = (double)n;
	double pend = (double)(h1 - h0) / dn, then = (double)(h2 - h1) / dn;
	printf("{\"n\":%ld,\"method\":\"mallinfo2() uordblks+hblkhd delta (malloc chunk headers and "
	       "rounding included); rss = /proc/self/statm resident delta\","
	       "\"bytes_per_pending_promise\":%.1f,\"rss_bytes_per_pending_promise\":%.1f,"
	       "\"bytes_per_then\":%.1f,\"rss_bytes_per_then\":%.1f,"
	       "\"bytes_per_reaction\":%.1f,"
	       "\"bytes_per_promise_with_resolver\":%.1f,\"rss_bytes_per_promise_with_resolver\":%.1f}\n",
	       n, pend, (double)(r1 - r0) * 1024.0 / dn,
	       then, (double)(r2 - r1) * 1024.0 / dn,
	       then - pend,
	       (double)(h3 - h2) / dn, (double)(r3 - r2) * 1024.0 / dn);

	for (long i = 0; i < n; i++) {
		vow_resolver_resolve(rs[i], vow_undefined());
		vow_resolver_release(rs[i]);
		vow_promise_release(ws[i]);
		vow_promise_release(ds[i]);
		vow_promise_release(ps[i]);
	}
	vow_loop_run(loop);
	vow_loop_free(loop);
	free(ps);
	free(ds);
	free(ws);
	free(rs);
	return 0;
}

static int soak(long n)
{
	vow_loop *loop = vow_loop_new(0);
	vow_executor *ex = vow_loop_executor(loop);
	long every = n / 100 > 0 ? n / 100 : 1;
	int64_t acc = 0;
	long rss_first = -1, rss_max = 0, rss_last = 0;
	size_t heap_first = 0, heap_max = 0, heap_last = 0;
	uint64_t t0 = bench_now_ns();

	printf("{\"n\":%ld,\"samples\":[", n);
	for (long i = 0; i < n; i++) {
		vow_resolver *r;
		vow_promise *p = check(vow_promise_with_resolvers(ex, &r));
		vow_promise *q = check(vow_promise_then(p, add, NULL, &acc, NULL));

		vow_resolver_resolve(r, vow_int(1));
		vow_resolver_release(r);
		vow_promise_release(p);
		vow_promise_release(q);
		/* Sample before the drain: up to 1000 promises are in flight. */
		if ((i + 1) % every == 0) {
			long rss = bench_rss_kb();
			size_t heap = heap_used();

			if (rss_first < 0) {
				rss_first = rss;
				heap_first = heap;
			}
			rss_max = rss > rss_max ? rss : rss_max;
			heap_max = heap > heap_max ? heap : heap_max;
			rss_last = rss;
			heap_last = heap;
			printf("%s[%ld,%ld,%zu]", (i + 1) / every > 1 ? "," : "", i + 1, rss, heap);
		}
		if ((i + 1) % 1000 == 0)
			vow_loop_run(loop);
	}
	vow_loop_run(loop);
	uint64_t t1 = bench_now_ns();
	vow_loop_free(loop);
	if (acc != n)
		bench_fail("soak", "not every reaction ran");
	printf("],\"sample_columns\":[\"promises\",\"rss_kb\",\"heap_bytes\"],"
	       "\"rss_kb_first\":%ld,\"rss_kb_last\":%ld,\"rss_kb_max\":%ld,"
	       "\"heap_bytes_first\":%zu,\"heap_bytes_last\":%zu,\"heap_bytes_max\":%zu,"
	       "\"ns_per_promise\":%.1f,\"peak_rss_kb\":%ld}\n",
	       rss_first, rss_last, rss_max, heap_first, heap_last, heap_max,
	       (double)(t1 - t0) / (double)n, bench_peak_rss_kb());
	return 0;
}

/* ---- suspended async calls --------------------------------------------------- */

static vow_outcome await_it(void *ctx)
{
	vow_outcome_drop(vow_await(ctx));
	return vow_return(vow_undefined());
}

static int suspended(long n)
{
	vow_loop *loop = vow_loop_new(0);
	vow_executor *ex = vow_loop_executor(loop);
	vow_promise **calls = malloc((size_t)n * sizeof *calls);
	vow_resolver *r;
	vow_promise *p = check(vow_promise_with_resolvers(ex, &r));

	if (calls == NULL)
		return 1;
	memset(calls, 0, (size_t)n * sizeof *calls);
	/* One call first: the fiber machinery's own first-use memory is not counted. */
	vow_promise_release(check(vow_async(ex, await_it, p, NULL)));
	size_t h0 = heap_used();
	long r0 = bench_rss_kb();
	for (long i = 0; i < n; i++)
		calls[i] = check(vow_async(ex, await_it, p, NULL));
	size_t h1 = heap_used();
	long r1 = bench_rss_kb();

	printf("{\"n\":%ld,\"method\":\"/proc/self/statm resident delta over n suspended calls "
	       "(fiber stacks are mmap()ed: RSS, not the heap, holds them); heap = mallinfo2() delta\","
	       "\"rss_bytes_per_suspended_call\":%.1f,\"heap_bytes_per_suspended_call\":%.1f}\n",
	       n, (double)(r1 - r0) * 1024.0 / (double)n, (double)(h1 - h0) / (double)n);
	vow_resolver_resolve(r, vow_int(1));
	vow_resolver_release(r);
	vow_loop_run(loop);
	for (long i = 0; i < n; i++)
		vow_promise_release(calls[i]);
	vow_promise_release(p);
	vow_loop_free(loop);
	free(calls);
	return 0;
}

int main(int argc, char **argv)
{
	struct bench_args a = bench_parse(argc, argv);

	if (strcmp(a.workload, "sizes") == 0)
		return sizes(a.n > 0 ? a.n : 1000000);
	if (strcmp(a.workload, "suspended") == 0)
		return suspended(a.n > 0 ? a.n : 100000);
	if (strcmp(a.workload, "soak") == 0)
		return soak(a.n > 0 ? a.n : 10000000);
	fprintf(stderr, "mem_vow: unknown mode %s\n", a.workload);
	return 2;
}
