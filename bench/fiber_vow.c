/*
 * fiber_vow.c - what a fiber costs (src/fiber.h, an internal API: this
 * program links libvow.a).  Each measurement is repeated --reps times
 * (default 7) and reported as median, min and max.
 *
 *   switch     resume + suspend round trip: a fiber suspends in a loop,
 *              main resumes it --n times (default 10M); ns per round trip
 *   create     vow__fiber_new + resume (runs to the end, never suspends)
 *              + vow__fiber_free, --n / 10 times, from a warm pool
 *   rss        --fibers (default 100,000) fibers each touching a small
 *              frame (256 bytes) and then suspended, all at once: RSS
 *              from /proc/self/statm before and after, in KiB per fiber,
 *              and the number of mappings they added
 *   raw        references: two bare jump_fcontext (boost.context, what a
 *              round trip is made of); the same from two non-inlined
 *              functions, one per side ("wrapped", the shape of resume and
 *              suspend); and a swapcontext round trip (glibc, which saves
 *              the signal mask with a system call)
 *
 * The repetitions are interleaved (each runs every workload once).
 * Output: a table on stdout, then one JSON line per measurement:
 *   {"workload":"...","unit":"...","median":X,"min":X,"max":X,"reps":N}
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

#include "bench_common.h"
#include "fcontext.h"
#include "fiber.h"

struct result {
	const char *workload, *unit;
	double median, min, max;
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static struct result summarise(const char *workload, const char *unit, double *v, int reps)
{
	qsort(v, (size_t)reps, sizeof *v, cmp_double);
	return (struct result){ workload, unit,
				reps % 2 ? v[reps / 2] : (v[reps / 2 - 1] + v[reps / 2]) / 2, v[0],
				v[reps - 1] };
}

static void check(bool ok, const char *what)
{
	if (!ok)
		bench_fail("fiber_vow", what);
}

/* ---- switch ------------------------------------------------------------- */

static void suspend_forever(void *arg)
{
	uint64_t *count = arg;

	for (;;) {
		(*count)++;
		vow__fiber_suspend();
	}
}

static double run_switch(long n)
{
	uint64_t count = 0;
	struct vow__fiber *f = vow__fiber_new(suspend_forever, &count, 0);
	uint64_t t0, t1;

	check(f != NULL, "vow__fiber_new");
	check(!vow__fiber_resume(f), "first resume"); /* warm: started, suspended */
	t0 = bench_now_ns();
	for (long i = 0; i < n; i++)
		vow__fiber_resume(f);
	t1 = bench_now_ns();
	check(count == (uint64_t)n + 1, "round trips counted");
	/* Never finishes: its stack stays mapped until exit (one 64 KiB stack). */
	return (double)(t1 - t0) / (double)n;
}

/* ---- create + run + free --------------------------------------------------- */

static void add_one(void *arg)
{
	(*(uint64_t *)arg)++;
}

static double run_create(long n)
{
	uint64_t count = 0, t0, t1;

	for (int i = 0; i < 100; i++) { /* warm the pool */
		struct vow__fiber *f = vow__fiber_new(add_one, &count, 0);

		check(f != NULL && vow__fiber_resume(f), "warm-up fiber");
		vow__fiber_free(f);
	}
	count = 0;
	t0 = bench_now_ns();
	for (long i = 0; i < n; i++) {
		struct vow__fiber *f = vow__fiber_new(add_one, &count, 0);

		vow__fiber_resume(f);
		vow__fiber_free(f);
	}
	t1 = bench_now_ns();
	check(count == (uint64_t)n, "fibers run");
	return (double)(t1 - t0) / (double)n;
}

/* ---- RSS per suspended fiber --------------------------------------------------- */

static void touch_and_suspend(void *arg)
{
	volatile char frame[256];

	memset((char *)frame, 1, sizeof frame);
	vow__fiber_suspend();
	*(uint64_t *)arg += (uint64_t)frame[0] + frame[255];
}

static long count_mappings(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	long n = 0;
	int c;

	if (f == NULL)
		return -1;
	while ((c = fgetc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

static double run_rss(long n, struct vow__fiber **fs, long *maps_added)
{
	uint64_t sum = 0;
	long before, after, maps0;

	vow__fiber_pool_flush();
	maps0 = count_mappings();
	before = bench_rss_kb();
	for (long i = 0; i < n; i++) {
		fs[i] = vow__fiber_new(touch_and_suspend, &sum, 0);
		check(fs[i] != NULL, "vow__fiber_new (rss)");
		check(!vow__fiber_resume(fs[i]), "fiber suspended");
	}
	after = bench_rss_kb();
	*maps_added = count_mappings() - maps0;
	for (long i = 0; i < n; i++) {
		check(vow__fiber_resume(fs[i]), "fiber finished");
		vow__fiber_free(fs[i]);
	}
	vow__fiber_pool_flush();
	check(sum == (uint64_t)n * 2, "frames kept");
	return (double)(after - before) / (double)n;
}

/* ---- references: bare fcontext, swapcontext --------------------------------- */

static void raw_bounce(transfer_t t)
{
	for (;;)
		t = jump_fcontext(t.fctx, NULL);
}

static double run_raw_fcontext(long n)
{
	enum { SIZE = 64 << 10 };
	char *stack = malloc(SIZE);
	fcontext_t ctx;
	uint64_t t0, t1;

	check(stack != NULL, "malloc");
	ctx = make_fcontext(stack + SIZE, SIZE, raw_bounce);
	ctx = jump_fcontext(ctx, NULL).fctx;
	t0 = bench_now_ns();
	for (long i = 0; i < n; i++)
		ctx = jump_fcontext(ctx, NULL).fctx;
	t1 = bench_now_ns();
	/* The context never ends; its stack is left to the exit. */
	return (double)(t1 - t0) / (double)n;
}

/*
 * The same two jumps, each made from a function that is not inlined, as
 * vow__fiber_resume and vow__fiber_suspend are: each side then returns
 * right after a switch (see the README on what that costs).
 */
static fcontext_t wrapped_fiber, wrapped_main;

__attribute__((noinline)) static void wrapped_suspend(void)
{
	wrapped_main = jump_fcontext(wrapped_main, NULL).fctx;
}

static void wrapped_bounce(transfer_t t)
{
	wrapped_main = t.fctx;
	for (;;)
		wrapped_suspend();
}

__attribute__((noinline)) static void wrapped_resume(void)
{
	wrapped_fiber = jump_fcontext(wrapped_fiber, NULL).fctx;
}

static double run_raw_wrapped(long n)
{
	enum { SIZE = 64 << 10 };
	char *stack = malloc(SIZE);
	uint64_t t0, t1;

	check(stack != NULL, "malloc");
	wrapped_fiber = make_fcontext(stack + SIZE, SIZE, wrapped_bounce);
	wrapped_resume();
	t0 = bench_now_ns();
	for (long i = 0; i < n; i++)
		wrapped_resume();
	t1 = bench_now_ns();
	return (double)(t1 - t0) / (double)n;
}

static ucontext_t uc_main, uc_fiber;

static void uc_bounce(void)
{
	for (;;)
		swapcontext(&uc_fiber, &uc_main);
}

static double run_swapcontext(long n)
{
	enum { SIZE = 64 << 10 };
	char *stack = malloc(SIZE);
	uint64_t t0, t1;

	check(stack != NULL, "malloc");
	getcontext(&uc_fiber);
	uc_fiber.uc_stack.ss_sp = stack;
	uc_fiber.uc_stack.ss_size = SIZE;
	uc_fiber.uc_link = NULL;
	makecontext(&uc_fiber, uc_bounce, 0);
	swapcontext(&uc_main, &uc_fiber);
	t0 = bench_now_ns();
	for (long i = 0; i < n; i++)
		swapcontext(&uc_main, &uc_fiber);
	t1 = bench_now_ns();
	return (double)(t1 - t0) / (double)n;
}

/* ---- driver -------------------------------------------------------------------- */

/* /proc/loadavg's first three fields and a newline, or "?\n". */
static const char *load_average(void)
{
	static char buf[64];
	FILE *f = fopen("/proc/loadavg", "r");
	double a, b, c;

	snprintf(buf, sizeof buf, "?\n");
	if (f != NULL) {
		if (fscanf(f, "%lf %lf %lf", &a, &b, &c) == 3)
			snprintf(buf, sizeof buf, "%.2f %.2f %.2f\n", a, b, c);
		fclose(f);
	}
	return buf;
}

static void print_result(struct result r)
{
	printf("  %-28s %10.2f %-10s (min %.2f, max %.2f)\n", r.workload, r.median, r.unit, r.min,
	       r.max);
}

int main(int argc, char **argv)
{
	int reps = 7;
	long n = 10000000, fibers = 100000, maps_added = 0;
	struct result res[6];
	int nres = 0;
	double *v;
	struct vow__fiber **fs;

	for (int i = 1; i < argc; i++) {
		if (i + 1 < argc && strcmp(argv[i], "--reps") == 0)
			reps = atoi(argv[++i]);
		else if (i + 1 < argc && strcmp(argv[i], "--n") == 0)
			n = atol(argv[++i]);
		else if (i + 1 < argc && strcmp(argv[i], "--fibers") == 0)
			fibers = atol(argv[++i]);
		else {
			fprintf(stderr, "usage: %s [--reps R] [--n N] [--fibers F]\n", argv[0]);
			return 2;
		}
	}
	if (reps < 1 || n < 10 || fibers < 1)
		return 2;
	v = calloc((size_t)reps * 6, sizeof *v);
	fs = calloc((size_t)fibers, sizeof *fs);
	check(v != NULL && fs != NULL, "calloc");
	memset(fs, 0, (size_t)fibers * sizeof *fs); /* touched before any RSS reading */

	/*
	 * Interleaved: repetition r runs every workload once, so a noisy
	 * moment of a shared machine hits all of them alike.
	 */
	for (int r = 0; r < reps; r++) {
		v[0 * reps + r] = run_switch(n);
		v[1 * reps + r] = run_create(n / 10);
		v[2 * reps + r] = run_rss(fibers, fs, &maps_added);
		v[3 * reps + r] = run_raw_fcontext(n);
		v[4 * reps + r] = run_raw_wrapped(n);
		v[5 * reps + r] = run_swapcontext(n / 10);
	}
	res[nres++] = summarise("switch (resume+suspend)", "ns", v + 0 * reps, reps);
	res[nres++] = summarise("create+run+free (warm)", "ns", v + 1 * reps, reps);
	res[nres++] = summarise("rss per suspended fiber", "KiB", v + 2 * reps, reps);
	res[nres++] = summarise("raw: 2 x jump_fcontext", "ns", v + 3 * reps, reps);
	res[nres++] = summarise("raw: 2 jumps, wrapped", "ns", v + 4 * reps, reps);
	res[nres++] = summarise("raw: swapcontext round trip", "ns", v + 5 * reps, reps);

	printf("fiber_vow: median of %d runs; switch %ld round trips, create %ld fibers, "
	       "rss %ld fibers (stack size %zu); load average %s",
	       reps, n, n / 10, fibers, vow__fiber_stack_size(), load_average());
	for (int i = 0; i < nres; i++)
		print_result(res[i]);
	printf("  %ld suspended fibers added %ld mappings (last run)\n", fibers, maps_added);
	for (int i = 0; i < nres; i++)
		printf("{\"workload\":\"%s\",\"unit\":\"%s\",\"median\":%.3f,\"min\":%.3f,"
		       "\"max\":%.3f,\"reps\":%d}\n",
		       res[i].workload, res[i].unit, res[i].median, res[i].min, res[i].max, reps);
	free(fs);
	free(v);
	return 0;
}
