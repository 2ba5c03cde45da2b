/*
 * mpi_bench.c - vow-mpi against plain MPI, run under mpirun by run.py (its
 * MPI section; bench/README.md).  Rank 0 prints one JSON line.
 *
 *   mpirun -np 2 mpi_bench <workload> --impl <impl> [--executor loop|pool]
 *                          [--n N] [--reps R] [--spin US] [--batch B]
 *
 * Workloads (ns_per_op is per round trip, per request, ...):
 *   pingpong     N round trips of one int between ranks 0 and 1; the
 *                median round trip (and the mean, p90, p99).
 *                raw:     MPI_Isend + MPI_Wait, MPI_Irecv + MPI_Wait
 *                rawtest: the same, waiting by MPI_Testsome in a loop (what
 *                         vow's poll does, without promises)
 *                vow:     promise-wrapped: the receive's then() handler
 *                         sends the next message and posts the next receive
 *   throughput   completion of many outstanding requests: each rank,
 *                alone on MPI_COMM_SELF, posts N receives, then sends
 *                itself N messages, and waits for all 2N requests; ns per
 *                request (the median of R repetitions in the process).
 *                (Alone, so that MPI's own cost stays flat: between two
 *                ranks a burst of 10k sends overflows the shared-memory
 *                transport and Open MPI walks its list of pending sends
 *                at every progress call, 20-45 us per request measured.)
 *                raw:     MPI_Waitall over the 2N
 *                rawtest: MPI_Testsome over batches of --batch until done
 *                vow:     a promise per request, all() over them, the loop
 *                         (or pool) runs until it settles
 *                promises: what vow does without MPI: the same promises
 *                         and all(), each promise settled by hand (a
 *                         receive's with a status array) in one pass; the
 *                         floor of vow's share with promises as they are
 *   selfround    1 rank or more, each alone: N rounds of a send to itself
 *                and its receive, on MPI_COMM_SELF: no network, so what is
 *                left is the cost of the calls (raw) or of the calls and
 *                vow's promises, poll and handler (vow); `promises` makes
 *                the round's two promises and its handler and settles them
 *                by hand, without MPI (the floor, as in throughput)
 *   idle         one receive outstanding for a second (rank 1 sends after
 *                1 s of sleep): the poller's polls per second and CPU
 *                time (vow only); ns_per_op is the receive's latency past
 *                the send
 *   loopiter     no MPI request: the cost of one loop iteration with an
 *                active poll source that always reports progress (what the
 *                loop executor adds to each poll)
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <vow/mpi.h>
#include <vow/vow.h>

#include "bench_common.h"

static int rank, size, peer;
static const char *workload = "", *impl = "vow", *executor = "loop";
/* impl is "promises": read once, not in each round (selfround's step). */
static bool by_hand;
static long n = 20000, reps = 5, spin_us = 0, batch = 256;

static void die(const char *what)
{
	fprintf(stderr, "mpi_bench %s/%s: %s\n", workload, impl, what);
	MPI_Abort(MPI_COMM_WORLD, 1);
	exit(1);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t thread_cpu_ns(void)
{
	struct rusage ru;

	getrusage(RUSAGE_THREAD, &ru);
	return (uint64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000u +
	       (uint64_t)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000u;
}

static uint64_t process_cpu_ns(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (uint64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000u +
	       (uint64_t)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000u;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static uint64_t median(uint64_t *v, long k)
{
	qsort(v, (size_t)k, sizeof *v, cmp_u64);
	return v[k / 2];
}

/* ---- an executor to run vow on ------------------------------------------------------- */

static vow_loop *loop;
static vow_pool *pool;
static vow_executor *ex;
static vow_mpi *m;

static void vow_setup(void)
{
	vow_mpi_options o = { .batch = (unsigned)batch, .spin_us = (int)spin_us };

	if (strcmp(executor, "pool") == 0) {
		pool = vow_pool_new(&(vow_pool_options){ .threads = 1 });
		ex = vow_pool_executor(pool);
	} else {
		loop = vow_loop_new(0);
		ex = vow_loop_executor(loop);
	}
	m = vow_mpi_new(ex, &o);
	if (m == NULL)
		die("vow_mpi_new failed");
}

static void vow_teardown(void)
{
	vow_mpi_free(m);
	if (pool != NULL)
		vow_pool_free(pool);
	if (loop != NULL)
		vow_loop_free(loop);
}

/* Run until p settles: the loop runs (it returns when idle), the pool is waited on. */
static void vow_run_until(vow_promise *p)
{
	if (loop != NULL) {
		while (vow_promise_state(p) == VOW_PENDING)
			vow_loop_run(loop);
	} else {
		vow_promise_wait(p, -1);
	}
}

/* A receive's status array, as vow-mpi fulfils with (vow/mpi.h). */
static vow_value status_array(int source, int tag, int count)
{
	return vow_array_of(3, (vow_value[]){ [VOW_MPI_SOURCE] = vow_int(source),
					       [VOW_MPI_TAG] = vow_int(tag),
					       [VOW_MPI_COUNT] = vow_int(count) });
}

/* Settle a promise by hand (impl promises) and let go of it. */
static void settle_by_hand(vow_resolver *r, vow_promise *p, vow_value v)
{
	vow_resolver_resolve(r, v);
	vow_resolver_release(r);
	vow_promise_release(p);
}

/* ---- pingpong ------------------------------------------------------------------------- */

static int pp_out, pp_in;
static long pp_left, pp_rounds;
static vow_resolver *pp_done;
/* Rank 0: when each round trip ended (a clock read per round, both impls). */
static uint64_t *pp_at;

static void pp_step(void);

static vow_outcome pp_got(void *ctx, vow_value v)
{
	(void)ctx;
	(void)v;
	if (pp_in != pp_out + (rank == 0))
		die("pingpong: wrong value");
	if (rank == 0) {
		pp_at[pp_rounds - pp_left + 1] = now_ns();
		pp_out = pp_in;
		if (--pp_left == 0) {
			vow_resolver_resolve(pp_done, vow_undefined());
			return vow_return(vow_undefined());
		}
	} else {
		pp_out = pp_in + 1;
		--pp_left;
	}
	pp_step();
	return vow_return(vow_undefined());
}

/* Rank 0: send, then receive; rank 1: (answer,) then receive the next. */
static void pp_step(void)
{
	vow_promise *r;

	if (rank == 0 || pp_left < pp_rounds)
		vow_promise_release(vow_mpi_isend(m, &pp_out, 1, MPI_INT, peer, 7, MPI_COMM_WORLD));
	if (rank == 1 && pp_left == 0) {
		vow_resolver_resolve(pp_done, vow_undefined());
		return;
	}
	r = vow_mpi_irecv(m, &pp_in, 1, MPI_INT, peer, 7, MPI_COMM_WORLD);
	vow_promise_release(vow_promise_then(r, pp_got, NULL, NULL, NULL));
	vow_promise_release(r);
}

static void raw_wait(MPI_Request *q, bool by_test)
{
	int done = 0, idx;
	MPI_Status st;

	if (!by_test) {
		MPI_Wait(q, MPI_STATUS_IGNORE);
		return;
	}
	while (!done)
		MPI_Testsome(1, q, &done, &idx, &st);
}

static uint64_t pingpong_rounds(long rounds)
{
	uint64_t t0, t1;

	MPI_Barrier(MPI_COMM_WORLD);
	if (strcmp(impl, "vow") == 0) {
		vow_promise *done = vow_promise_with_resolvers(ex, &pp_done);

		pp_left = rounds;
		pp_rounds = rounds;
		pp_out = 0;
		t0 = bench_now_ns();
		pp_at[0] = now_ns();
		pp_step();
		vow_run_until(done);
		t1 = bench_now_ns();
		vow_resolver_release(pp_done);
		vow_promise_release(done);
	} else {
		bool by_test = strcmp(impl, "rawtest") == 0;
		int out = 0, in = -1;

		t0 = bench_now_ns();
		pp_at[0] = now_ns();
		for (long i = 0; i < rounds; i++) {
			MPI_Request q;

			if (rank == 0) {
				MPI_Isend(&out, 1, MPI_INT, peer, 7, MPI_COMM_WORLD, &q);
				raw_wait(&q, by_test);
				MPI_Irecv(&in, 1, MPI_INT, peer, 7, MPI_COMM_WORLD, &q);
				raw_wait(&q, by_test);
				if (in != out + 1)
					die("pingpong: wrong value");
				pp_at[i + 1] = now_ns();
				out = in;
			} else {
				MPI_Irecv(&in, 1, MPI_INT, peer, 7, MPI_COMM_WORLD, &q);
				raw_wait(&q, by_test);
				out = in + 1;
				MPI_Isend(&out, 1, MPI_INT, peer, 7, MPI_COMM_WORLD, &q);
				raw_wait(&q, by_test);
			}
		}
		t1 = bench_now_ns();
	}
	return t1 - t0;
}

/*
 * ns_per_op is the median round trip: on a shared machine a few round
 * trips that wait for a descheduled peer (or, with vow, for a back-off
 * sleep) would otherwise decide the mean.  The mean and the tail are
 * reported too.
 */
static void pingpong(void)
{
	long warm = n / 10 > 100 ? n / 10 : 100;
	uint64_t ns, *rt;

	if (size != 2)
		die("pingpong needs 2 ranks");
	pp_at = calloc((size_t)n + 1, sizeof *pp_at);
	rt = calloc((size_t)n, sizeof *rt);
	if (strcmp(impl, "vow") == 0)
		vow_setup();
	(void)pingpong_rounds(warm);
	ns = pingpong_rounds(n);
	if (rank == 0) {
		vow_mpi_stats st = { 0 };

		for (long i = 0; i < n; i++)
			rt[i] = pp_at[i + 1] - pp_at[i];
		qsort(rt, (size_t)n, sizeof *rt, cmp_u64);
		if (m != NULL)
			vow_mpi_stats_read(m, &st);
		printf("{\"workload\":\"pingpong\",\"impl\":\"%s\",\"executor\":\"%s\",\"threads\":1,"
		       "\"ns_per_op\":%.1f,\"ops\":%ld,\"peak_rss_kb\":%ld,\"mean_ns\":%.1f,"
		       "\"p90_ns\":%llu,\"p99_ns\":%llu,\"polls\":%llu,\"tests\":%llu,\"spins\":%llu}\n",
		       impl, executor, (double)rt[n / 2], n, bench_peak_rss_kb(),
		       (double)ns / (double)n, (unsigned long long)rt[n * 9 / 10],
		       (unsigned long long)rt[n * 99 / 100], (unsigned long long)st.polls,
		       (unsigned long long)st.tests, (unsigned long long)st.spins);
	}
	free(rt);
	free(pp_at);
	if (m != NULL)
		vow_teardown();
}

/* ---- throughput ------------------------------------------------------------------------ */

/* Run until all (over items[0..k)) fulfils; then let go of it and of the items. */
static void await_all(vow_promise *all, vow_value *items, long k)
{
	vow_run_until(all);
	if (vow_promise_state(all) != VOW_FULFILLED)
		die("throughput: all() did not fulfil");
	vow_promise_release(all);
	for (long i = 0; i < k; i++)
		vow_value_drop(items[i]);
}

static uint64_t throughput_once(int *rbuf, int *sbuf, MPI_Request *reqs, int *idx,
				MPI_Status *sts, vow_value *items, vow_resolver **res)
{
	uint64_t t0, t1;

	for (long i = 0; i < n; i++) {
		rbuf[i] = -1;
		sbuf[i] = (int)i;
	}
	t0 = bench_now_ns();
	if (strcmp(impl, "vow") == 0) {
		vow_promise *all;

		for (long i = 0; i < n; i++)
			items[i] = vow_value_promise(
				vow_mpi_irecv(m, &rbuf[i], 1, MPI_INT, 0, (int)(i & 0x7fff), MPI_COMM_SELF));
		for (long i = 0; i < n; i++)
			items[n + i] = vow_value_promise(
				vow_mpi_isend(m, &sbuf[i], 1, MPI_INT, 0, (int)(i & 0x7fff), MPI_COMM_SELF));
		all = vow_promise_all(ex, items, (size_t)(2 * n));
		await_all(all, items, 2 * n);
	} else if (strcmp(impl, "promises") == 0) {
		vow_promise *all;

		for (long i = 0; i < 2 * n; i++)
			items[i] = vow_value_promise(vow_promise_with_resolvers(ex, &res[i]));
		all = vow_promise_all(ex, items, (size_t)(2 * n));
		for (long i = 0; i < 2 * n; i++) {
			vow_value v = vow_undefined();

			if (i < n) {
				rbuf[i] = sbuf[i]; /* the message */
				v = status_array(0, (int)(i & 0x7fff), 1);
			}
			vow_resolver_resolve(res[i], v);
			vow_resolver_release(res[i]);
		}
		await_all(all, items, 2 * n);
	} else {
		for (long i = 0; i < n; i++)
			MPI_Irecv(&rbuf[i], 1, MPI_INT, 0, (int)(i & 0x7fff), MPI_COMM_SELF, &reqs[i]);
		for (long i = 0; i < n; i++)
			MPI_Isend(&sbuf[i], 1, MPI_INT, 0, (int)(i & 0x7fff), MPI_COMM_SELF, &reqs[n + i]);
		if (strcmp(impl, "raw") == 0) {
			MPI_Waitall((int)(2 * n), reqs, MPI_STATUSES_IGNORE);
		} else {
			long left = 2 * n;

			while (left > 0) {
				for (long pos = 0; pos < 2 * n; pos += batch) {
					int len = (int)(2 * n - pos < batch ? 2 * n - pos : batch), out = 0;

					MPI_Testsome(len, &reqs[pos], &out, idx, sts);
					if (out != MPI_UNDEFINED)
						left -= out;
				}
			}
		}
	}
	t1 = bench_now_ns();
	for (long i = 0; i < n; i++)
		if (rbuf[i] != (int)i)
			die("throughput: wrong value received");
	return t1 - t0;
}

static void throughput(void)
{
	int *rbuf = calloc((size_t)n, sizeof *rbuf), *sbuf = calloc((size_t)n, sizeof *sbuf);
	MPI_Request *reqs = calloc((size_t)(2 * n), sizeof *reqs);
	int *idx = calloc((size_t)batch, sizeof *idx);
	MPI_Status *sts = calloc((size_t)batch, sizeof *sts);
	vow_value *items = calloc((size_t)(2 * n), sizeof *items);
	vow_resolver **res = calloc((size_t)(2 * n), sizeof *res);
	uint64_t *t = calloc((size_t)reps, sizeof *t);
	uint64_t ns;

	if (strcmp(impl, "vow") == 0 || strcmp(impl, "promises") == 0)
		vow_setup();
	(void)throughput_once(rbuf, sbuf, reqs, idx, sts, items, res); /* warm-up */
	for (long r = 0; r < reps; r++)
		t[r] = throughput_once(rbuf, sbuf, reqs, idx, sts, items, res);
	ns = median(t, reps);
	if (rank == 0) {
		vow_mpi_stats st = { 0 };

		if (m != NULL)
			vow_mpi_stats_read(m, &st);
		printf("{\"workload\":\"throughput\",\"impl\":\"%s\",\"executor\":\"%s\",\"threads\":1,"
		       "\"ns_per_op\":%.1f,\"ops\":%ld,\"peak_rss_kb\":%ld,\"polls\":%llu,"
		       "\"tests\":%llu,\"reps\":%ld}\n",
		       impl, executor, (double)ns / (double)(2 * n), 2 * n, bench_peak_rss_kb(),
		       (unsigned long long)st.polls, (unsigned long long)st.tests, reps);
	}
	if (m != NULL)
		vow_teardown();
	free(rbuf);
	free(sbuf);
	free(reqs);
	free(idx);
	free(sts);
	free(items);
	free(res);
	free(t);
}

/* ---- selfround -------------------------------------------------------------------------- */

static int self_out, self_in;
static long self_left;
static vow_resolver *self_done;

static vow_outcome self_got(void *ctx, vow_value v);

static void self_step(void)
{
	vow_promise *r;

	if (by_hand) {
		vow_resolver *sr, *rr;
		vow_promise *sp = vow_promise_with_resolvers(ex, &sr);

		r = vow_promise_with_resolvers(ex, &rr);
		vow_promise_release(vow_promise_then(r, self_got, NULL, NULL, NULL));
		self_in = self_out; /* the message */
		settle_by_hand(sr, sp, vow_undefined());
		settle_by_hand(rr, r, status_array(0, 3, 1));
		return;
	}
	r = vow_mpi_irecv(m, &self_in, 1, MPI_INT, 0, 3, MPI_COMM_SELF);

	vow_promise_release(vow_mpi_isend(m, &self_out, 1, MPI_INT, 0, 3, MPI_COMM_SELF));
	vow_promise_release(vow_promise_then(r, self_got, NULL, NULL, NULL));
	vow_promise_release(r);
}

static vow_outcome self_got(void *ctx, vow_value v)
{
	(void)ctx;
	(void)v;
	if (self_in != self_out)
		die("selfround: wrong value");
	self_out++;
	if (--self_left == 0)
		vow_resolver_resolve(self_done, vow_undefined());
	else
		self_step();
	return vow_return(vow_undefined());
}

static uint64_t selfround_once(long rounds)
{
	uint64_t t0, t1;

	if (strcmp(impl, "vow") == 0 || strcmp(impl, "promises") == 0) {
		vow_promise *done = vow_promise_with_resolvers(ex, &self_done);

		self_left = rounds;
		t0 = bench_now_ns();
		self_step();
		vow_run_until(done);
		t1 = bench_now_ns();
		vow_resolver_release(self_done);
		vow_promise_release(done);
	} else {
		int out = 0, in = -1;

		t0 = bench_now_ns();
		for (long i = 0; i < rounds; i++, out++) {
			MPI_Request q[2];

			MPI_Irecv(&in, 1, MPI_INT, 0, 3, MPI_COMM_SELF, &q[0]);
			MPI_Isend(&out, 1, MPI_INT, 0, 3, MPI_COMM_SELF, &q[1]);
			MPI_Waitall(2, q, MPI_STATUSES_IGNORE);
			if (in != out)
				die("selfround: wrong value");
		}
		t1 = bench_now_ns();
	}
	return t1 - t0;
}

static void selfround(void)
{
	uint64_t ns;

	if (strcmp(impl, "vow") == 0 || strcmp(impl, "promises") == 0)
		vow_setup();
	(void)selfround_once(n / 10 + 1);
	ns = selfround_once(n);
	if (rank == 0)
		printf("{\"workload\":\"selfround\",\"impl\":\"%s\",\"executor\":\"%s\",\"threads\":1,"
		       "\"ns_per_op\":%.1f,\"ops\":%ld,\"peak_rss_kb\":%ld}\n",
		       impl, executor, (double)ns / (double)n, n, bench_peak_rss_kb());
	if (m != NULL)
		vow_teardown();
}

/* ---- idle ---------------------------------------------------------------------------- */

static void idle(void)
{
	uint64_t sent_at = 0;

	if (size != 2)
		die("idle needs 2 ranks");
	if (rank == 1) {
		MPI_Barrier(MPI_COMM_WORLD);
		sleep(1);
		sent_at = now_ns();
		MPI_Send(&sent_at, 1, MPI_UINT64_T, 0, 9, MPI_COMM_WORLD);
	} else {
		uint64_t got_at, t0, c0, p0, c1, p1, t1, when = 0;
		vow_mpi_stats st;
		vow_promise *r;

		vow_setup();
		MPI_Barrier(MPI_COMM_WORLD);
		t0 = now_ns();
		c0 = thread_cpu_ns();
		p0 = process_cpu_ns();
		r = vow_mpi_irecv(m, &when, 1, MPI_UINT64_T, 1, 9, MPI_COMM_WORLD);
		vow_run_until(r);
		got_at = now_ns();
		t1 = got_at;
		c1 = thread_cpu_ns();
		p1 = process_cpu_ns();
		vow_mpi_stats_read(m, &st);
		vow_promise_release(r);
		/* Same clock on one machine: the receive's delay past the send. */
		printf("{\"workload\":\"idle\",\"impl\":\"vow\",\"executor\":\"%s\",\"threads\":1,"
		       "\"ns_per_op\":%.1f,\"ops\":1,\"peak_rss_kb\":%ld,\"seconds\":%.3f,"
		       "\"polls\":%llu,\"polls_per_s\":%.0f,\"tests\":%llu,\"spins\":%llu,"
		       "\"spin_ms\":%.3f,\"poller_cpu_pct\":%.3f,\"process_cpu_pct\":%.3f,"
		       "\"spin_us_option\":%ld}\n",
		       executor, (double)(got_at - when), bench_peak_rss_kb(), (double)(t1 - t0) * 1e-9,
		       (unsigned long long)st.polls, (double)st.polls / ((double)(t1 - t0) * 1e-9),
		       (unsigned long long)st.tests, (unsigned long long)st.spins,
		       (double)st.spin_ns * 1e-6,
		       loop != NULL ? 100.0 * (double)(c1 - c0) / (double)(t1 - t0) : -1.0,
		       100.0 * (double)(p1 - p0) / (double)(t1 - t0), spin_us);
		vow_teardown();
	}
}

/* ---- loopiter ------------------------------------------------------------------------- */

static long li_left;

static vow_poll_status li_poll(void *ctx)
{
	(void)ctx;
	return --li_left > 0 ? VOW_POLL_PROGRESS : VOW_POLL_IDLE;
}

static void loopiter(void)
{
	vow_loop *l = vow_loop_new(0);
	vow_poll_source *s;
	uint64_t t0, t1;

	li_left = n;
	s = vow_poll_source_add(vow_loop_executor(l), li_poll, NULL, NULL);
	t0 = bench_now_ns();
	vow_loop_run(l);
	t1 = bench_now_ns();
	vow_poll_source_remove(s);
	vow_loop_free(l);
	if (rank == 0)
		printf("{\"workload\":\"loopiter\",\"impl\":\"vow\",\"executor\":\"loop\",\"threads\":1,"
		       "\"ns_per_op\":%.1f,\"ops\":%ld,\"peak_rss_kb\":%ld}\n",
		       (double)(t1 - t0) / (double)n, n, bench_peak_rss_kb());
}

int main(int argc, char **argv)
{
	int provided, level = MPI_THREAD_FUNNELED;

	/*
	 * The level each side needs: a pool polls on its worker, so vow's
	 * calls come from two threads (SERIALIZED); plain MPI and the loop
	 * make every call on the main thread (FUNNELED), where vow takes no
	 * lock.
	 */
	for (int i = 1; i + 1 < argc; i++)
		if (strcmp(argv[i], "--executor") == 0 && strcmp(argv[i + 1], "pool") == 0)
			level = MPI_THREAD_SERIALIZED;
	MPI_Init_thread(&argc, &argv, level, &provided);
	if (provided < level)
		die("MPI does not provide the thread level asked for");
	MPI_Comm_rank(MPI_COMM_WORLD, &rank);
	MPI_Comm_size(MPI_COMM_WORLD, &size);
	peer = rank ^ 1;
	if (argc > 1)
		workload = argv[1];
	for (int i = 2; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--impl") == 0)
			impl = argv[i + 1];
		else if (strcmp(argv[i], "--executor") == 0)
			executor = argv[i + 1];
		else if (strcmp(argv[i], "--n") == 0)
			n = atol(argv[i + 1]);
		else if (strcmp(argv[i], "--reps") == 0)
			reps = atol(argv[i + 1]);
		else if (strcmp(argv[i], "--spin") == 0)
			spin_us = atol(argv[i + 1]);
		else if (strcmp(argv[i], "--batch") == 0)
			batch = atol(argv[i + 1]);
	}
	if (n < 1 || reps < 1 || batch < 1)
		die("bad arguments");
	by_hand = strcmp(impl, "promises") == 0;
	if (strcmp(workload, "pingpong") == 0)
		pingpong();
	else if (strcmp(workload, "throughput") == 0)
		throughput();
	else if (strcmp(workload, "selfround") == 0)
		selfround();
	else if (strcmp(workload, "idle") == 0)
		idle();
	else if (strcmp(workload, "loopiter") == 0)
		loopiter();
	else
		die("unknown workload (pingpong, throughput, selfround, idle, loopiter)");
	MPI_Finalize();
	return 0;
}
