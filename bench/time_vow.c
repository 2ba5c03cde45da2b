/*
 * time_vow.c - what cancellation and time cost (vow/abort.h), measured.
 *
 *   time_vow costs [--n N]   prints one JSON object:
 *     abort_check_ns      vow_abort_signal_aborted on a signal that has not
 *                         aborted (what a task polling its signal pays)
 *     listener_ns         vow_abort_signal_add_listener + _remove
 *     pool_timer_ns       on a worker: vow_delay(pool, 60 s, signal) and
 *                         then the abort that rejects it and cancels its
 *                         timer (promise, listener, timer start and cancel)
 *     pool_fire_ns        on a worker: N vow_delay(pool, 0) fired and
 *                         settled, waited for together: per delay
 *     delay_late_us       200 sequential vow_delay(pool, 2 ms) waited for
 *                         from main: how late each settled (median, p90,
 *                         max), the timer thread's wake-up plus the
 *                         worker's and main's
 *     idle_cpu_us         CPU time the whole process used over 1 s with an
 *                         idle 2-worker pool, without and then with a
 *                         strong timer 60 s away
 *   Each cost is the median of 5 runs, with the min and max beside it.
 */
#include <stdint.h>
#include <vow/vow.h>

#include "bench_common.h"

enum { RUNS = 5 };

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* "name":{"median":..,"min":..,"max":..} over RUNS samples */
static void print_stat(const char *name, double *v, int n, const char *sep)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	printf("\"%s\":{\"median\":%.2f,\"min\":%.2f,\"max\":%.2f}%s", name, v[n / 2], v[0],
	       v[n - 1], sep);
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static double cpu_us(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e6 +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
}

static void die(const char *what)
{
	fprintf(stderr, "time_vow: %s: %s\n", what, vow_strerror(vow_last_error()));
	exit(1);
}

/* ---- on the calling thread ------------------------------------------------ */

static double abort_check(long n)
{
	vow_abort_controller *c = vow_abort_controller_new();
	vow_abort_signal *s = vow_abort_controller_signal(c);
	long seen = 0;
	double t0 = now_ns();

	for (long i = 0; i < n; i++) {
		seen += vow_abort_signal_aborted(s);
		__asm__ volatile("" ::: "memory"); /* one check per iteration, not hoisted */
	}
	double dt = now_ns() - t0;
	if (seen != 0)
		die("a signal aborted by itself");
	vow_abort_controller_release(c);
	return dt / (double)n;
}

static void no_listener(void *ctx, vow_value reason)
{
	(void)ctx;
	(void)reason;
}

static double listener(long n)
{
	vow_abort_controller *c = vow_abort_controller_new();
	vow_abort_signal *s = vow_abort_controller_signal(c);
	double t0 = now_ns();

	for (long i = 0; i < n; i++)
		if (vow_abort_listener_remove(vow_abort_signal_add_listener(s, no_listener, NULL,
									   NULL)) != 0)
			die("listener");
	double dt = now_ns() - t0;
	vow_abort_controller_release(c);
	return dt / (double)n;
}

/* ---- on a worker of the pool ------------------------------------------------ */

struct on_worker {
	vow_pool *pool;
	long n;
	double ns;
};

static vow_outcome timers_cancelled(void *ctx)
{
	struct on_worker *w = ctx;
	vow_executor *ex = vow_pool_executor(w->pool);
	double t0 = now_ns();

	for (long i = 0; i < w->n; i++) {
		vow_abort_controller *c = vow_abort_controller_new();
		vow_promise *d = vow_delay(ex, 60000, vow_abort_controller_signal(c));

		if (d == NULL)
			die("vow_delay");
		vow_abort_controller_abort(c, vow_undefined());
		if (vow_promise_state(d) != VOW_REJECTED)
			die("an aborted delay did not reject");
		vow_promise_release(d);
		vow_abort_controller_release(c);
	}
	w->ns = (now_ns() - t0) / (double)w->n;
	return vow_return(vow_undefined());
}

static vow_outcome timers_fired(void *ctx)
{
	struct on_worker *w = ctx;
	vow_executor *ex = vow_pool_executor(w->pool);
	vow_value *items = malloc((size_t)w->n * sizeof *items);
	double t0 = now_ns();

	if (items == NULL)
		die("malloc");
	for (long i = 0; i < w->n; i++)
		items[i] = vow_value_promise(vow_delay(ex, 0, NULL));
	vow_promise *all = vow_promise_all(ex, items, (size_t)w->n);
	if (vow_promise_wait(all, -1) != 0 || vow_promise_state(all) != VOW_FULFILLED)
		die("the delays did not fulfil");
	w->ns = (now_ns() - t0) / (double)w->n;
	vow_promise_release(all);
	for (long i = 0; i < w->n; i++)
		vow_value_drop(items[i]);
	free(items);
	return vow_return(vow_undefined());
}

static double on_worker(vow_pool *pool, vow_thunk_fn fn, long n)
{
	struct on_worker w = { pool, n, 0 };
	vow_promise *p = vow_spawn(pool, fn, &w);

	if (vow_promise_wait(p, -1) != 0 || vow_promise_state(p) != VOW_FULFILLED)
		die("the measuring task failed");
	vow_promise_release(p);
	return w.ns;
}

/* ---- from main --------------------------------------------------------------- */

static void delay_lateness(vow_pool *pool, double *median, double *p90, double *max)
{
	enum { N = 200, MS = 2 };
	double late[N];

	for (int i = 0; i < N; i++) {
		double t0 = now_ns();
		vow_promise *d = vow_delay(vow_pool_executor(pool), MS, NULL);

		if (vow_promise_wait(d, -1) != 0)
			die("vow_delay");
		late[i] = (now_ns() - t0) / 1e3 - MS * 1000.0;
		vow_promise_release(d);
	}
	qsort(late, N, sizeof *late, cmp_double);
	*median = late[N / 2];
	*p90 = late[N * 9 / 10];
	*max = late[N - 1];
}

static double idle_cpu(vow_pool *pool, bool with_timer)
{
	vow_promise *d = NULL;
	struct timespec second = { 1, 0 };

	if (with_timer)
		d = vow_delay(vow_pool_executor(pool), 60000, NULL);
	double c0 = cpu_us();
	nanosleep(&second, NULL);
	double used = cpu_us() - c0;
	vow_promise_release(d); /* the timer stays until the pool goes */
	return used;
}

int main(int argc, char **argv)
{
	long n = 1000000;
	double check[RUNS], lis[RUNS], cancel[RUNS], fire[RUNS];

	if (argc < 2 || strcmp(argv[1], "costs") != 0) {
		fprintf(stderr, "usage: time_vow costs [--n N]\n");
		return 2;
	}
	for (int i = 2; i + 1 < argc; i += 2)
		if (strcmp(argv[i], "--n") == 0)
			n = strtol(argv[i + 1], NULL, 10);
	if (n < 1000)
		n = 1000;

	for (int r = 0; r < RUNS; r++) {
		check[r] = abort_check(100 * n);
		lis[r] = listener(n);
	}
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 2 });
	if (pool == NULL)
		die("vow_pool_new");
	/* The aborted delays reject on purpose: no report for each. */
	vow_executor_set_rejection_policy(vow_pool_executor(pool), VOW_REJECTIONS_IGNORE, NULL, NULL);
	for (int r = 0; r < RUNS; r++) {
		cancel[r] = on_worker(pool, timers_cancelled, n / 4);
		fire[r] = on_worker(pool, timers_fired, n / 10);
	}
	double late_med, late_p90, late_max;
	delay_lateness(pool, &late_med, &late_p90, &late_max);
	double idle = idle_cpu(pool, false), idle_timer = idle_cpu(pool, true);
	vow_pool_shutdown(pool, VOW_POOL_CANCEL);

	printf("{\"n\":%ld,", n);
	print_stat("abort_check_ns", check, RUNS, ",");
	print_stat("listener_ns", lis, RUNS, ",");
	print_stat("pool_timer_ns", cancel, RUNS, ",");
	print_stat("pool_fire_ns", fire, RUNS, ",");
	printf("\"delay_late_us\":{\"median\":%.1f,\"p90\":%.1f,\"max\":%.1f},", late_med, late_p90,
	       late_max);
	printf("\"idle_cpu_us\":{\"no_timer\":%.0f,\"timer_60s\":%.0f}}\n", idle, idle_timer);
	return 0;
}
