/*
 * bench_common.h - what every C benchmark process shares: the clock, the
 * argument parser and the one-line JSON result the driver (run.py) reads.
 *
 * A benchmark process runs ONE (workload, threads, size) and prints exactly
 * one line on stdout:
 *   {"workload":"...","impl":"...","threads":N,"ns_per_op":X,"ops":N,
 *    "peak_rss_kb":N,"wall_ns":N,"ru_maxrss_kb":N,"sys_ns":N,"minflt":N}
 * peak_rss_kb is the process's peak RSS at exit (VmHWM, see below): the
 * whole process, warm-up included.  Anything else goes to stderr.  A wrong
 * result exits 1 (a benchmark that computes the wrong thing is not timed).
 */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

/*
 * The kernel's share of the timed region: system CPU time (all threads)
 * and minor page faults between the last two bench_now_ns() calls.  Every
 * benchmark brackets its timed region with exactly two calls and times its
 * warm-up first, so at bench_report() the last two calls are the timed
 * region's.  (A fault costs a trip into the kernel and a zeroed page: a
 * workload that touches 100 MB of fresh memory pays for ~25,000 of them.)
 */
struct bench_kernel_mark {
	uint64_t sys_ns;
	long minflt;
};
static struct bench_kernel_mark bench_marks[2];
static unsigned bench_mark_count;

static inline void bench_mark_kernel(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	bench_marks[bench_mark_count++ & 1] = (struct bench_kernel_mark){
		(uint64_t)ru.ru_stime.tv_sec * 1000000000u + (uint64_t)ru.ru_stime.tv_usec * 1000u,
		ru.ru_minflt,
	};
}

static inline uint64_t bench_now_ns(void)
{
	struct timespec ts;

	bench_mark_kernel();

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/*
 * Peak RSS in kB: VmHWM from /proc/self/status, the high-water mark of this
 * process's own address space.  getrusage()'s ru_maxrss is NOT used as the
 * number: Linux carries the parent's peak across fork+exec into it, so every
 * process the (Python) driver starts would report at least the driver's
 * RSS.  ru_maxrss is still printed (as "ru_maxrss_kb") for reference.
 */
static inline long bench_ru_maxrss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss; /* kilobytes on Linux */
}

static inline long bench_peak_rss_kb(void)
{
	char line[256];
	long kb = -1;
	FILE *f = fopen("/proc/self/status", "r");

	if (f != NULL) {
		while (fgets(line, sizeof line, f) != NULL)
			if (sscanf(line, "VmHWM: %ld kB", &kb) == 1)
				break;
		fclose(f);
	}
	return kb >= 0 ? kb : bench_ru_maxrss_kb();
}

/* Current RSS in kB, from /proc/self/statm (resident pages). */
static inline long bench_rss_kb(void)
{
	long size = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f == NULL)
		return -1;
	if (fscanf(f, "%ld %ld", &size, &resident) != 2)
		resident = -1;
	fclose(f);
	return resident < 0 ? -1 : resident * (4096 / 1024);
}

static inline void bench_report(const char *workload, const char *impl, unsigned threads,
				uint64_t wall_ns, uint64_t ops)
{
	/* The newer mark minus the older: the timed region (see bench_marks). */
	struct bench_kernel_mark end = bench_marks[(bench_mark_count - 1) & 1];
	struct bench_kernel_mark begin = bench_marks[bench_mark_count & 1];

	if (bench_mark_count < 2)
		begin = end;
	printf("{\"workload\":\"%s\",\"impl\":\"%s\",\"threads\":%u,\"ns_per_op\":%.3f,"
	       "\"ops\":%llu,\"peak_rss_kb\":%ld,\"wall_ns\":%llu,\"ru_maxrss_kb\":%ld,"
	       "\"sys_ns\":%llu,\"minflt\":%ld}\n",
	       workload, impl, threads, (double)wall_ns / (double)(ops ? ops : 1),
	       (unsigned long long)ops, bench_peak_rss_kb(), (unsigned long long)wall_ns,
	       bench_ru_maxrss_kb(), (unsigned long long)(end.sys_ns - begin.sys_ns),
	       end.minflt - begin.minflt);
	fflush(stdout);
}

static inline void bench_fail(const char *workload, const char *what)
{
	fprintf(stderr, "bench %s: WRONG RESULT: %s\n", workload, what);
	exit(1);
}

/*
 * Arguments: <workload> [--n N] [--m M] [--threads T]
 * n: the workload's size (items, links, rounds...), m: a second size
 * (inputs per round, fib argument...), threads: worker threads.
 */
struct bench_args {
	const char *workload;
	long n;
	long m;
	unsigned threads;
	long cutoff;
};

static inline struct bench_args bench_parse(int argc, char **argv)
{
	struct bench_args a = {NULL, -1, -1, 1, -1};

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--n") == 0 && i + 1 < argc)
			a.n = atol(argv[++i]);
		else if (strcmp(argv[i], "--m") == 0 && i + 1 < argc)
			a.m = atol(argv[++i]);
		else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
			a.threads = (unsigned)atoi(argv[++i]);
		else if (strcmp(argv[i], "--cutoff") == 0 && i + 1 < argc)
			a.cutoff = atol(argv[++i]);
		else if (argv[i][0] != '-' && a.workload == NULL)
			a.workload = argv[i];
		else {
			fprintf(stderr, "usage: %s <workload> [--n N] [--m M] [--threads T] [--cutoff C]\n",
				argv[0]);
			exit(2);
		}
	}
	if (a.workload == NULL) {
		fprintf(stderr, "usage: %s <workload> [--n N] [--m M] [--threads T] [--cutoff C]\n",
			argv[0]);
		exit(2);
	}
	return a;
}

/* The work of one map item: 64 rounds of xorshift64*, identical in every impl. */
static inline uint64_t bench_map_item(uint64_t x)
{
	x = x * 0x9E3779B97F4A7C15ull + 1;
	for (int i = 0; i < 64; i++) {
		x ^= x >> 12;
		x ^= x << 25;
		x ^= x >> 27;
		x *= 0x2545F4914F6CDD1Dull;
	}
	return x;
}

/* Sequential fib, the cutoff's leaf, identical in every impl. */
static inline long bench_fib_seq(long n)
{
	return n < 2 ? n : bench_fib_seq(n - 1) + bench_fib_seq(n - 2);
}

/* Number of calls of the recursive fib(n): 2*fib(n+1) - 1. */
static inline uint64_t bench_fib_calls(long n)
{
	uint64_t a = 0, b = 1;

	for (long i = 0; i < n + 1; i++) {
		uint64_t t = a + b;
		a = b;
		b = t;
	}
	return 2 * a - 1;
}

#endif /* BENCH_COMMON_H */
