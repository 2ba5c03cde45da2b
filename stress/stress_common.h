/*
 * stress_common.h - shared scaffolding of the stress programs: command
 * line (--threads N --rounds N --seconds S, stop at whichever bound comes
 * first), a progress line to stderr every second, a final summary line,
 * and violation reporting (any violation makes the exit status non-zero).
 */
#ifndef VOW_STRESS_COMMON_H
#define VOW_STRESS_COMMON_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct stress_args {
	unsigned threads;   /* meaning depends on the program; 0: its default */
	uint64_t rounds;    /* 0: no limit */
	double seconds;     /* 0: no limit */
	uint64_t n;         /* program-specific size (--n) */
};

static atomic_ulong stress_violations;

static inline double stress_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline void stress_usage(const char *prog)
{
	fprintf(stderr, "usage: %s [--threads N] [--rounds N] [--seconds S] [--n N]\n", prog);
	exit(2);
}

static inline struct stress_args stress_parse(int argc, char **argv, struct stress_args defaults)
{
	struct stress_args a = defaults;

	for (int i = 1; i < argc; i++) {
		if (i + 1 >= argc)
			stress_usage(argv[0]);
		if (strcmp(argv[i], "--threads") == 0)
			a.threads = (unsigned)strtoul(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--rounds") == 0)
			a.rounds = strtoull(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--seconds") == 0)
			a.seconds = strtod(argv[++i], NULL);
		else if (strcmp(argv[i], "--n") == 0)
			a.n = strtoull(argv[++i], NULL, 10);
		else
			stress_usage(argv[0]);
	}
	if (a.rounds == 0 && a.seconds <= 0)
		a.seconds = 5; /* never unbounded */
	return a;
}

/* Report one violation (printed; counted for the exit status). */
__attribute__((format(printf, 1, 2)))
static inline void stress_violation(const char *fmt, ...)
{
	va_list ap;

	if (atomic_fetch_add(&stress_violations, 1) >= 20)
		return; /* keep the log readable */
	fputs("VIOLATION: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

struct stress_clock {
	double start, last_report;
};

static inline struct stress_clock stress_clock_start(void)
{
	double t = stress_now();

	return (struct stress_clock){ t, t };
}

/* True while another round may start; prints progress once a second. */
static inline bool stress_continue(struct stress_clock *c, const struct stress_args *a,
				   const char *name, uint64_t rounds_done)
{
	double t = stress_now();

	if (t - c->last_report >= 1.0) {
		c->last_report = t;
		fprintf(stderr, "%s: %.0fs, %llu rounds, %lu violations\n", name, t - c->start,
			(unsigned long long)rounds_done, atomic_load(&stress_violations));
	}
	if (atomic_load(&stress_violations) != 0)
		return false;
	if (a->rounds != 0 && rounds_done >= a->rounds)
		return false;
	if (a->seconds > 0 && t - c->start >= a->seconds)
		return false;
	return true;
}

/* Final summary; returns the exit status. */
static inline int stress_finish(struct stress_clock *c, const char *name, uint64_t rounds_done,
				const char *extra)
{
	double dt = stress_now() - c->start;
	unsigned long v = atomic_load(&stress_violations);

	fprintf(stderr, "%s: %s: %llu rounds in %.2fs (%.0f rounds/s)%s%s, %lu violations\n",
		name, v ? "FAIL" : "OK", (unsigned long long)rounds_done, dt,
		dt > 0 ? (double)rounds_done / dt : 0.0, extra ? ", " : "", extra ? extra : "", v);
	return v ? 1 : 0;
}

/* A reusable spinning barrier for `n` threads (yields while waiting). */
struct stress_barrier {
	atomic_uint count;
	atomic_uint generation;
	unsigned n;
};

#include <sched.h>

static inline void stress_barrier_wait(struct stress_barrier *b)
{
	unsigned gen = atomic_load(&b->generation);

	if (atomic_fetch_add(&b->count, 1) + 1 == b->n) {
		atomic_store(&b->count, 0);
		atomic_fetch_add(&b->generation, 1);
		return;
	}
	while (atomic_load(&b->generation) == gen)
		sched_yield();
}

#endif /* VOW_STRESS_COMMON_H */
