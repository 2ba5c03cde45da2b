/*
 * test_mpi.c - vow-mpi under a real mpirun (ctest label "mpi"; registered
 * at 2 and 4 ranks by tests/mpi/CMakeLists.txt).  One scenario per run:
 *
 *   test_mpi <scenario>
 *
 *   pingpong_loop, pingpong_pool   promises ping-ponged between rank pairs
 *   out_of_order     many receives outstanding, settled in the order their
 *                    messages arrive, not the order they were posted
 *   errors           a truncated receive rejects with MPI_ERR_TRUNCATE; a
 *                    send to a rank that does not exist is rejected at
 *                    once; bad arguments
 *   collectives      ibarrier, iallreduce and ibcast combined with local
 *                    work in one all()
 *   shutdown_loop    the loop freed with receives and a send outstanding
 *   shutdown_pool    the pool shut down with receives outstanding
 *   shutdown_free    vow_mpi_free from a handler with receives outstanding
 *   idle             no request outstanding: the executor stops polling
 *   serialized       pool workers start requests while another polls; the
 *                    main thread's own MPI calls under vow_mpi_lock()
 *   multiple         the same at MPI_THREAD_MULTIPLE, where the context's
 *                    lock is its own mutex instead of the MPI lock
 *   funneled         MPI_THREAD_FUNNELED: only the main thread's loop
 *
 * Every check that fails prints where and calls MPI_Abort, so the whole job
 * stops at once; an alarm bounds every run (besides mpirun --timeout and
 * ctest's TIMEOUT).  Each scenario ends by freeing its context and
 * executor before MPI_Finalize and checks that every request it made was
 * settled (vow_mpi_stats_read): nothing is left behind (ASan's leak check
 * runs too, with only Open MPI's own leaks suppressed: tests/mpi/lsan.supp).
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <vow/mpi.h>
#include <vow/vow.h>

static int rank, size;
static const char *scenario;

static void fail_at(const char *file, int line, const char *what)
{
	fprintf(stderr, "test_mpi %s: rank %d: %s:%d: CHECK(%s) failed\n", scenario, rank, file,
		line, what);
	fflush(stderr);
	MPI_Abort(MPI_COMM_WORLD, 1);
	abort();
}

#define CHECK(c)                                         \
	do {                                             \
		if (!(c))                                \
			fail_at(__FILE__, __LINE__, #c); \
	} while (0)

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double cpu_s(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0)
		;
}

/* The status array of a receive: [source, tag, count]. */
static void check_status(vow_value v, int source, int tag, int count)
{
	CHECK(v.kind == VOW_ARRAY);
	CHECK(vow_array_len(v) == 3);
	CHECK(vow_array_get(v, VOW_MPI_SOURCE).as.i == source);
	CHECK(vow_array_get(v, VOW_MPI_TAG).as.i == tag);
	CHECK(vow_array_get(v, VOW_MPI_COUNT).as.i == count);
}

/*
 * The scenarios check each rejection they expect through the promise's
 * state; the reports of rejections without a handler would only be noise.
 */
static vow_executor *quiet(vow_executor *ex)
{
	CHECK(ex != NULL);
	CHECK(vow_executor_set_rejection_policy(ex, VOW_REJECTIONS_IGNORE, NULL, NULL) == 0);
	return ex;
}

/* Every request m took was settled, and nothing is outstanding. */
static void check_all_settled(vow_mpi *m)
{
	vow_mpi_stats st;

	CHECK(vow_mpi_stats_read(m, &st) == 0);
	CHECK(st.outstanding == 0);
	CHECK(st.added == st.completed);
}

/* await p inside an async function; it must fulfil.  Releases p. */
static vow_value await_ok(vow_promise *p)
{
	vow_outcome o;

	CHECK(p != NULL);
	o = vow_await(p);
	vow_promise_release(p);
	if (o.kind != VOW_OUTCOME_RETURN) {
		char buf[256];

		vow_value_inspect(o.value, buf, sizeof buf);
		fprintf(stderr, "rank %d: rejected: %s\n", rank, buf);
	}
	CHECK(o.kind == VOW_OUTCOME_RETURN);
	return o.value;
}

/* ---- pingpong ----------------------------------------------------------------- */

enum { PP_ROUNDS = 2000, PP_TAG = 11 };

struct pingpong {
	vow_mpi *m;
	int peer;
	bool first; /* sends first */
	int rounds_done;
};

/*
 * An async function: send, receive the answer, check it: the first of the
 * pair sends i and gets i + 1000000 back.
 */
static vow_outcome pingpong_body(void *ctx)
{
	struct pingpong *pp = ctx;
	int out, in = -1;

	for (int i = 0; i < PP_ROUNDS; i++) {
		vow_promise *s, *r;
		vow_value st;

		if (pp->first) {
			out = i;
			s = vow_mpi_isend(pp->m, &out, 1, MPI_INT, pp->peer, PP_TAG, MPI_COMM_WORLD);
			r = vow_mpi_irecv(pp->m, &in, 1, MPI_INT, pp->peer, PP_TAG, MPI_COMM_WORLD);
			vow_value_drop(await_ok(s));
			st = await_ok(r);
			CHECK(in == i + 1000000);
		} else {
			r = vow_mpi_irecv(pp->m, &in, 1, MPI_INT, pp->peer, PP_TAG, MPI_COMM_WORLD);
			st = await_ok(r);
			CHECK(in == i);
			out = in + 1000000;
			s = vow_mpi_isend(pp->m, &out, 1, MPI_INT, pp->peer, PP_TAG, MPI_COMM_WORLD);
			vow_value_drop(await_ok(s));
		}
		check_status(st, pp->peer, PP_TAG, 1);
		vow_value_drop(st);
		pp->rounds_done++;
	}
	return vow_return(vow_int(pp->rounds_done));
}

static void pingpong(bool on_pool)
{
	struct pingpong pp = { .peer = rank ^ 1, .first = (rank & 1) == 0 };
	vow_loop *loop = NULL;
	vow_pool *pool = NULL;
	vow_executor *ex;
	vow_promise *done;
	double t0, t1;

	if (pp.peer >= size) /* an odd rank count: the last rank has no partner */
		return;
	if (on_pool) {
		vow_pool_options o = { .threads = 2 };

		pool = vow_pool_new(&o);
		CHECK(pool != NULL);
		ex = vow_pool_executor(pool);
	} else {
		loop = vow_loop_new(0);
		CHECK(loop != NULL);
		ex = vow_loop_executor(loop);
	}
	pp.m = vow_mpi_new(ex, NULL);
	CHECK(pp.m != NULL);
	CHECK(vow_mpi_executor(pp.m) == ex);
	t0 = now_s();
	done = vow_async(ex, pingpong_body, &pp, NULL);
	CHECK(done != NULL);
	if (on_pool)
		CHECK(vow_promise_wait(done, 60000) == 0);
	else
		CHECK(vow_loop_run(loop) == 0);
	t1 = now_s();
	CHECK(vow_promise_state(done) == VOW_FULFILLED);
	CHECK(vow_promise_result(done).as.i == PP_ROUNDS);
	vow_promise_release(done);
	check_all_settled(pp.m);
	if (rank == 0)
		printf("pingpong on the %s: %d round trips, %.1f us each\n", on_pool ? "pool" : "loop",
		       PP_ROUNDS, (t1 - t0) / PP_ROUNDS * 1e6);
	vow_mpi_free(pp.m);
	if (on_pool)
		vow_pool_free(pool);
	else
		vow_loop_free(loop);
}

/* ---- out of order --------------------------------------------------------------- */

enum { OOO_GROUPS = 8, OOO_GROUP = 16, OOO_N = OOO_GROUPS * OOO_GROUP, OOO_COUNT = 4 };

struct ooo_slot {
	int source, tag;
	int order; /* when its promise settled, 0-based; -1 while pending */
	int *counter;
	int buf[OOO_COUNT];
};

static vow_outcome ooo_settled(void *ctx, vow_value v)
{
	struct ooo_slot *s = ctx;

	check_status(v, s->source, s->tag, OOO_COUNT);
	for (int k = 0; k < OOO_COUNT; k++)
		CHECK(s->buf[k] == s->source * 100000 + s->tag * 10 + k);
	s->order = (*s->counter)++;
	return vow_return(vow_int(s->tag));
}

/*
 * Rank 0 posts OOO_N receives per sender, tags 0..OOO_N-1 in that order.
 * Each sender sends its groups of OOO_GROUP tags last group first, with a
 * pause between groups: every receive of a later group must settle before
 * any of an earlier one.
 */
static void out_of_order(void)
{
	vow_loop *loop = vow_loop_new(0);
	vow_mpi *m = vow_mpi_new(vow_loop_executor(loop), NULL);

	CHECK(m != NULL);
	if (rank == 0) {
		int senders = size - 1, counter = 0;
		struct ooo_slot *slots = calloc((size_t)(senders * OOO_N), sizeof *slots);
		vow_value *items = calloc((size_t)(senders * OOO_N), sizeof *items);
		vow_promise *all;
		vow_value res;

		CHECK(slots != NULL && items != NULL);
		for (int s = 0; s < senders; s++) {
			for (int t = 0; t < OOO_N; t++) {
				struct ooo_slot *sl = &slots[s * OOO_N + t];
				vow_promise *r;

				sl->source = s + 1;
				sl->tag = t;
				sl->order = -1;
				sl->counter = &counter;
				r = vow_mpi_irecv(m, sl->buf, OOO_COUNT, MPI_INT, s + 1, t, MPI_COMM_WORLD);
				CHECK(r != NULL);
				items[s * OOO_N + t] =
					vow_value_promise(vow_promise_then(r, ooo_settled, NULL, sl, NULL));
				vow_promise_release(r);
			}
		}
		all = vow_promise_all_settled(vow_loop_executor(loop), items, (size_t)(senders * OOO_N));
		CHECK(all != NULL);
		/* Tell the senders every receive is posted. */
		CHECK(MPI_Barrier(MPI_COMM_WORLD) == MPI_SUCCESS);
		CHECK(vow_loop_run(loop) == 0);
		CHECK(vow_promise_state(all) == VOW_FULFILLED);
		res = vow_promise_result(all);
		CHECK(vow_array_len(res) == (size_t)(senders * OOO_N));
		for (int i = 0; i < senders * OOO_N; i++) {
			vow_value rec = vow_array_get(res, (size_t)i);

			CHECK(vow_settled_status(rec) == VOW_FULFILLED);
			CHECK(vow_settled_value(rec).as.i == i % OOO_N);
		}
		/* Per sender: every receive of group g settled before any of group g - 1. */
		for (int s = 0; s < senders; s++) {
			struct ooo_slot *sl = &slots[s * OOO_N];

			for (int g = 1; g < OOO_GROUPS; g++) {
				int last_of_g = -1, first_of_prev = counter;

				for (int k = 0; k < OOO_GROUP; k++) {
					int a = sl[g * OOO_GROUP + k].order;
					int b = sl[(g - 1) * OOO_GROUP + k].order;

					CHECK(a >= 0 && b >= 0);
					last_of_g = a > last_of_g ? a : last_of_g;
					first_of_prev = b < first_of_prev ? b : first_of_prev;
				}
				CHECK(last_of_g < first_of_prev);
			}
		}
		printf("out_of_order: %d receives from %d sender(s) settled in arrival order\n",
		       senders * OOO_N, senders);
		for (int i = 0; i < senders * OOO_N; i++)
			vow_value_drop(items[i]);
		vow_promise_release(all);
		free(items);
		free(slots);
	} else {
		int (*bufs)[OOO_COUNT] = calloc(OOO_N, sizeof *bufs);
		vow_promise **sends = calloc(OOO_N, sizeof *sends);

		CHECK(bufs != NULL && sends != NULL);
		CHECK(MPI_Barrier(MPI_COMM_WORLD) == MPI_SUCCESS);
		for (int g = OOO_GROUPS - 1; g >= 0; g--) {
			for (int k = 0; k < OOO_GROUP; k++) {
				int t = g * OOO_GROUP + k;

				for (int j = 0; j < OOO_COUNT; j++)
					bufs[t][j] = rank * 100000 + t * 10 + j;
				sends[t] = vow_mpi_isend(m, bufs[t], OOO_COUNT, MPI_INT, 0, t, MPI_COMM_WORLD);
				CHECK(sends[t] != NULL);
			}
			CHECK(vow_loop_run(loop) == 0); /* this group's sends complete */
			sleep_ms(20);
		}
		for (int t = 0; t < OOO_N; t++) {
			CHECK(vow_promise_state(sends[t]) == VOW_FULFILLED);
			CHECK(vow_promise_result(sends[t]).kind == VOW_UNDEFINED);
			vow_promise_release(sends[t]);
		}
		free(sends);
		free(bufs);
	}
	check_all_settled(m);
	vow_mpi_free(m);
	vow_loop_free(loop);
}

/* ---- errors --------------------------------------------------------------------- */

static void errors(void)
{
	vow_loop *loop = vow_loop_new(0);
	vow_executor *ex = quiet(vow_loop_executor(loop));
	vow_mpi *m = vow_mpi_new(ex, NULL);
	int big[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, small[4] = { 0 };
	MPI_Request req = MPI_REQUEST_NULL;
	vow_promise *p;

	CHECK(m != NULL);
	/* Bad arguments: NULL, an empty request, unknown flags. */
	CHECK(vow_mpi_new(NULL, NULL) == NULL && vow_last_error() == VOW_EINVAL);
	CHECK(vow_mpi_request(m, NULL, MPI_INT, 0) == NULL && vow_last_error() == VOW_EINVAL);
	CHECK(vow_mpi_request(m, &req, MPI_INT, 0) == NULL && vow_last_error() == VOW_EINVAL);
	CHECK(vow_mpi_isend(NULL, big, 1, MPI_INT, 0, 0, MPI_COMM_WORLD) == NULL &&
	      vow_last_error() == VOW_EINVAL);
	CHECK(vow_mpi_stats_read(NULL, NULL) == VOW_EINVAL);
	CHECK(vow_mpi_executor(NULL) == NULL);
	vow_mpi_free(NULL);

	/* An operation MPI refuses to start: rejected at once, nothing outstanding. */
	p = vow_mpi_isend(m, big, 1, MPI_INT, size + 5, 0, MPI_COMM_WORLD);
	CHECK(p != NULL);
	CHECK(vow_promise_state(p) == VOW_REJECTED);
	CHECK(vow_error_code(vow_promise_result(p)) == MPI_ERR_RANK);
	CHECK(strcmp(vow_error_name(vow_promise_result(p)), "MPIError") == 0);
	CHECK(strncmp(vow_error_message(vow_promise_result(p)), "MPI_Isend: ", 11) == 0);
	vow_promise_release(p);

	if (rank == 0) {
		vow_promise *q;
		int got[8] = { 0 };

		/* A receive too small for what comes: MPI_ERR_TRUNCATE. */
		p = vow_mpi_irecv(m, small, 4, MPI_INT, 1, 5, MPI_COMM_WORLD);
		/* A request started by the program itself, handed over. */
		CHECK(MPI_Irecv(got, 8, MPI_INT, 1, 6, MPI_COMM_WORLD, &req) == MPI_SUCCESS);
		q = vow_mpi_request(m, &req, MPI_INT, VOW_MPI_RECV);
		CHECK(q != NULL);
		CHECK(req == MPI_REQUEST_NULL);
		CHECK(vow_loop_run(loop) == 0);
		CHECK(vow_promise_state(p) == VOW_REJECTED);
		CHECK(vow_error_code(vow_promise_result(p)) == MPI_ERR_TRUNCATE);
		CHECK(strcmp(vow_error_name(vow_promise_result(p)), "MPIError") == 0);
		CHECK(strstr(vow_error_message(vow_promise_result(p)), "MPI_Irecv: ") ==
		      vow_error_message(vow_promise_result(p)));
		CHECK(strstr(vow_error_message(vow_promise_result(p)), "MPI_ERR_TRUNCATE") != NULL);
		CHECK(vow_promise_state(q) == VOW_FULFILLED);
		check_status(vow_promise_result(q), 1, 6, 8);
		CHECK(got[7] == 8);
		{
			char buf[200];

			vow_value_inspect(vow_promise_result(p), buf, sizeof buf);
			printf("errors: truncated receive rejected with %s\n", buf);
		}
		vow_promise_release(p);
		vow_promise_release(q);
	} else if (rank == 1) {
		vow_promise *s1 = vow_mpi_isend(m, big, 8, MPI_INT, 0, 5, MPI_COMM_WORLD);
		vow_promise *s2 = vow_mpi_isend(m, big, 8, MPI_INT, 0, 6, MPI_COMM_WORLD);

		CHECK(vow_loop_run(loop) == 0);
		CHECK(vow_promise_state(s1) == VOW_FULFILLED);
		CHECK(vow_promise_state(s2) == VOW_FULFILLED);
		vow_promise_release(s1);
		vow_promise_release(s2);
	}
	check_all_settled(m);
	vow_mpi_free(m);
	vow_loop_free(loop);
}

/* ---- collectives ------------------------------------------------------------------ */

static vow_outcome local_square(void *ctx)
{
	(void)ctx;
	return vow_return(vow_int((int64_t)rank * rank));
}

static vow_outcome unref_loop(void *ctx)
{
	vow_loop_unref(ctx);
	return vow_return(vow_undefined());
}

static void collectives(void)
{
	vow_loop *loop = vow_loop_new(0);
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 1 });
	vow_executor *ex = quiet(vow_loop_executor(loop));
	vow_mpi *m = vow_mpi_new(ex, NULL);
	long sum_in = rank + 1, sum_out = 0;
	int bcast[4] = { 0 };
	vow_value items[4];
	vow_promise *all;
	vow_value res;

	CHECK(m != NULL && pool != NULL);
	if (rank == 0)
		for (int k = 0; k < 4; k++)
			bcast[k] = 40 + k;
	items[0] = vow_value_promise(vow_mpi_ibarrier(m, MPI_COMM_WORLD));
	items[1] = vow_value_promise(vow_mpi_iallreduce(m, &sum_in, &sum_out, 1, MPI_LONG, MPI_SUM,
							MPI_COMM_WORLD));
	items[2] = vow_value_promise(vow_mpi_ibcast(m, bcast, 4, MPI_INT, 0, MPI_COMM_WORLD));
	items[3] = vow_value_promise(vow_spawn(pool, local_square, NULL)); /* local work */
	for (int k = 0; k < 4; k++)
		CHECK(items[k].as.promise != NULL);
	all = vow_promise_all(ex, items, 4);
	/*
	 * The loop would return once the MPI requests are done if the pool
	 * task is not: hold it until all() settles (vow/loop.h).
	 */
	vow_loop_ref(loop);
	vow_promise_release(vow_promise_finally(all, unref_loop, loop, NULL));
	CHECK(vow_loop_run(loop) == 0);
	CHECK(vow_promise_state(all) == VOW_FULFILLED);
	res = vow_promise_result(all);
	CHECK(vow_array_get(res, 0).kind == VOW_UNDEFINED);
	CHECK(vow_array_get(res, 1).kind == VOW_UNDEFINED);
	CHECK(vow_array_get(res, 2).kind == VOW_UNDEFINED);
	CHECK(vow_array_get(res, 3).as.i == (int64_t)rank * rank);
	CHECK(sum_out == (long)size * (size + 1) / 2);
	for (int k = 0; k < 4; k++)
		CHECK(bcast[k] == 40 + k);
	if (rank == 0)
		printf("collectives: ibarrier, iallreduce (sum %ld), ibcast and a pool task in one all()\n",
		       sum_out);
	for (int k = 0; k < 4; k++)
		vow_value_drop(items[k]);
	vow_promise_release(all);
	check_all_settled(m);
	vow_mpi_free(m);
	vow_pool_free(pool);
	vow_loop_free(loop);
}

/* ---- shutdown with requests outstanding ---------------------------------------------- */

enum { BIG = 1 << 20 }; /* ints: 4 MB, far above the eager limit: a rendezvous send */

/*
 * Rank 0: three receives nobody will match and a big send that rank 1
 * receives only 300 ms later; then the executor goes.  Receives must be
 * cancelled (VOW_ESHUTDOWN), the send waited for (fulfilled).
 */
static void shutdown_executor(bool on_pool)
{
	int *big = calloc(BIG, sizeof *big);
	int dummy[3] = { 0 };
	vow_promise *r[3], *s = NULL;
	vow_loop *loop = NULL;
	vow_pool *pool = NULL;
	vow_executor *ex;
	vow_mpi *m;
	double t0, t1;

	CHECK(big != NULL);
	if (on_pool) {
		pool = vow_pool_new(&(vow_pool_options){ .threads = 2 });
		ex = quiet(vow_pool_executor(pool));
	} else {
		loop = vow_loop_new(0);
		ex = quiet(vow_loop_executor(loop));
	}
	m = vow_mpi_new(ex, NULL);
	CHECK(m != NULL);
	CHECK(MPI_Barrier(MPI_COMM_WORLD) == MPI_SUCCESS); /* the 300 ms below start together */
	for (int k = 0; k < 3; k++) {
		r[k] = vow_mpi_irecv(m, &dummy[k], 1, MPI_INT, MPI_ANY_SOURCE, 900 + k, MPI_COMM_WORLD);
		CHECK(r[k] != NULL);
	}
	if (rank == 0 && size > 1) {
		big[BIG - 1] = 77;
		s = vow_mpi_isend(m, big, BIG, MPI_INT, 1, 950, MPI_COMM_WORLD);
		CHECK(s != NULL);
	}
	/*
	 * The pool polls them meanwhile (they move to the poller's arrays);
	 * the loop is never run (it would not return: they stay outstanding),
	 * so its requests are still in the context's inbox at shutdown.
	 */
	if (on_pool)
		sleep_ms(50);
	t0 = now_s();
	if (on_pool)
		CHECK(vow_pool_shutdown(pool, VOW_POOL_DRAIN) == 0);
	else
		vow_loop_free(loop);
	t1 = now_s();
	/* The context shut down with its executor: everything is settled. */
	for (int k = 0; k < 3; k++) {
		CHECK(vow_promise_state(r[k]) == VOW_REJECTED);
		CHECK(vow_error_code(vow_promise_result(r[k])) == VOW_ESHUTDOWN);
		vow_promise_release(r[k]);
	}
	if (s != NULL) {
		CHECK(vow_promise_state(s) == VOW_FULFILLED);
		CHECK(t1 - t0 >= 0.2); /* it waited for rank 1 */
		vow_promise_release(s);
	}
	check_all_settled(m);
	/* Nothing is taken any more. */
	CHECK(vow_mpi_irecv(m, dummy, 1, MPI_INT, 0, 0, MPI_COMM_WORLD) == NULL);
	CHECK(vow_last_error() == VOW_ESHUTDOWN);
	vow_mpi_free(m);
	if (rank == 1) {
		sleep_ms(300);
		CHECK(MPI_Recv(big, BIG, MPI_INT, 0, 950, MPI_COMM_WORLD, MPI_STATUS_IGNORE) ==
		      MPI_SUCCESS);
		CHECK(big[BIG - 1] == 77);
	}
	if (rank == 0)
		printf("shutdown_%s: 3 receives cancelled (VOW_ESHUTDOWN), the send waited for %.0f ms\n",
		       on_pool ? "pool" : "loop", (t1 - t0) * 1e3);
	free(big);
}

struct free_in_handler {
	vow_mpi *m;
};

static void free_context(void *ctx)
{
	struct free_in_handler *f = ctx;

	vow_mpi_free(f->m);
	f->m = NULL;
}

/* vow_mpi_free from a timer on the loop, receives outstanding: the loop then returns. */
static void shutdown_free(void)
{
	vow_loop *loop = vow_loop_new(0);
	struct free_in_handler f = { vow_mpi_new(quiet(vow_loop_executor(loop)), NULL) };
	int dummy = 0;
	vow_promise *r;

	CHECK(f.m != NULL);
	r = vow_mpi_irecv(f.m, &dummy, 1, MPI_INT, MPI_ANY_SOURCE, 990, MPI_COMM_WORLD);
	CHECK(r != NULL);
	CHECK(vow_loop_set_timeout(loop, free_context, &f, NULL, 30) != 0);
	CHECK(vow_loop_run(loop) == 0); /* returns: the source is gone */
	CHECK(f.m == NULL);
	CHECK(vow_promise_state(r) == VOW_REJECTED);
	CHECK(vow_error_code(vow_promise_result(r)) == VOW_ESHUTDOWN);
	vow_promise_release(r);
	vow_loop_free(loop);
	if (rank == 0)
		printf("shutdown_free: vow_mpi_free from a timer cancelled the receive; the loop returned\n");
}

/* ---- idle ---------------------------------------------------------------------------- */

static void noop(void *ctx)
{
	(void)ctx;
}

/*
 * After its requests complete, a context reports VOW_POLL_IDLE and is not
 * polled again: the poll count stays put and no CPU is used while the
 * executor waits 300 ms for something else.
 */
static void idle(void)
{
	int peer = rank ^ 1;
	int out = rank, in = -1;
	vow_mpi_stats a, b;
	double c0, c1;

	if (peer >= size)
		peer = rank; /* talk to itself */
	{
		vow_loop *loop = vow_loop_new(0);
		vow_mpi *m = vow_mpi_new(vow_loop_executor(loop), NULL);
		vow_promise *r = vow_mpi_irecv(m, &in, 1, MPI_INT, peer, 3, MPI_COMM_WORLD);
		vow_promise *s = vow_mpi_isend(m, &out, 1, MPI_INT, peer, 3, MPI_COMM_WORLD);

		CHECK(vow_loop_run(loop) == 0); /* returns: nothing outstanding, source idle */
		CHECK(in == peer);
		CHECK(vow_mpi_stats_read(m, &a) == 0);
		/* A timer keeps the loop busy-waiting for 300 ms: no poll of m meanwhile. */
		c0 = cpu_s();
		CHECK(vow_loop_set_timeout(loop, noop, NULL, NULL, 300) != 0);
		CHECK(vow_loop_run(loop) == 0);
		c1 = cpu_s();
		CHECK(vow_mpi_stats_read(m, &b) == 0);
		CHECK(b.polls == a.polls);
		CHECK(c1 - c0 < 0.05);
		if (rank == 0)
			printf("idle (loop): %llu polls for the exchange, 0 in the next 300 ms, %.1f ms of CPU\n",
			       (unsigned long long)a.polls, (c1 - c0) * 1e3);
		check_all_settled(m);
		vow_promise_release(r);
		vow_promise_release(s);
		vow_mpi_free(m);
		vow_loop_free(loop);
	}
	CHECK(MPI_Barrier(MPI_COMM_WORLD) == MPI_SUCCESS);
	{
		vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 2 });
		vow_mpi *m = vow_mpi_new(vow_pool_executor(pool), NULL);
		vow_promise *r = vow_mpi_irecv(m, &in, 1, MPI_INT, peer, 4, MPI_COMM_WORLD);
		vow_promise *s = vow_mpi_isend(m, &out, 1, MPI_INT, peer, 4, MPI_COMM_WORLD);

		CHECK(vow_promise_wait(r, 30000) == 0 && vow_promise_wait(s, 30000) == 0);
		sleep_ms(20); /* the poller's last poll, which says idle */
		CHECK(vow_mpi_stats_read(m, &a) == 0);
		c0 = cpu_s();
		sleep_ms(300);
		c1 = cpu_s();
		CHECK(vow_mpi_stats_read(m, &b) == 0);
		CHECK(b.polls == a.polls);
		CHECK(c1 - c0 < 0.05);
		if (rank == 0)
			printf("idle (pool): 0 polls in 300 ms after the exchange, %.1f ms of CPU\n",
			       (c1 - c0) * 1e3);
		/* A new request wakes the source. */
		vow_promise_release(r);
		vow_promise_release(s);
		r = vow_mpi_irecv(m, &in, 1, MPI_INT, peer, 5, MPI_COMM_WORLD);
		s = vow_mpi_isend(m, &out, 1, MPI_INT, peer, 5, MPI_COMM_WORLD);
		CHECK(vow_promise_wait(r, 30000) == 0 && vow_promise_wait(s, 30000) == 0);
		CHECK(vow_promise_state(r) == VOW_FULFILLED);
		vow_promise_release(r);
		vow_promise_release(s);
		check_all_settled(m);
		vow_mpi_free(m);
		vow_pool_free(pool);
	}
}

/* ---- serialized: many threads, one lock ------------------------------------------------ */

/*
 * Rounds of sends from pool workers: each round's starters append to the
 * inbox while the poller takes it (the lists trade places when nothing is
 * outstanding, and grow), so TSan sees every hand-over many times.
 */
enum { SER_TASKS = 256, SER_ROUNDS = 4 };

struct ser {
	vow_mpi *m;
	int peer, round;
	int out[SER_TASKS], in[SER_TASKS];
	vow_promise *recv[SER_TASKS];
};

/* What rank r sends as item k of round `round`. */
static int ser_value(int r, int round, int k)
{
	return r * 100000 + round * 1000 + k;
}

/* A pool task: start one send (MPI calls from a worker, serialised by vow). */
static vow_outcome ser_send(void *ctx, size_t k)
{
	struct ser *s = ctx;
	vow_promise *p;

	s->out[k] = ser_value(rank, s->round, (int)k);
	p = vow_mpi_isend(s->m, &s->out[k], 1, MPI_INT, s->peer, 100 + (int)k, MPI_COMM_WORLD);
	return vow_return(vow_value_promise(p)); /* the map waits for it */
}

/* One round: SER_TASKS receives from main, as many sends from pool workers. */
static void ser_round(vow_pool *pool, struct ser *s)
{
	vow_promise *map;

	for (int k = 0; k < SER_TASKS; k++) {
		s->recv[k] = vow_mpi_irecv(s->m, &s->in[k], 1, MPI_INT, s->peer, 100 + k,
					   MPI_COMM_WORLD);
		CHECK(s->recv[k] != NULL);
	}
	map = vow_spawn_map(pool, SER_TASKS, ser_send, s);
	CHECK(vow_promise_wait(map, 30000) == 0);
	CHECK(vow_promise_state(map) == VOW_FULFILLED);
	for (int k = 0; k < SER_TASKS; k++) {
		CHECK(vow_promise_wait(s->recv[k], 30000) == 0);
		CHECK(vow_promise_state(s->recv[k]) == VOW_FULFILLED);
		CHECK(s->in[k] == ser_value(s->peer, s->round, k));
		check_status(vow_promise_result(s->recv[k]), s->peer, 100 + k, 1);
		vow_promise_release(s->recv[k]);
	}
	vow_promise_release(map);
}

/*
 * MPI_THREAD_SERIALIZED with the pool: pool workers start sends while the
 * poller (another worker) tests, and the main thread makes its own MPI
 * calls under vow_mpi_lock(), some of them vow_mpi_* (the lock is
 * recursive for its holder).  TSan runs this too.
 */
static void serialized(void)
{
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 2 });
	struct ser s = { .peer = rank ^ 1 };
	vow_promise *locked_send;
	int mine = rank, got = -1, locked_out = 7;

	if (s.peer >= size)
		s.peer = rank;
	s.m = vow_mpi_new(vow_pool_executor(pool), NULL);
	CHECK(s.m != NULL);
	/* Our own MPI calls while the pool polls, and a vow call inside the lock. */
	vow_mpi_lock();
	CHECK(MPI_Sendrecv(&mine, 1, MPI_INT, s.peer, 99, &got, 1, MPI_INT, s.peer, 99,
			   MPI_COMM_WORLD, MPI_STATUS_IGNORE) == MPI_SUCCESS);
	locked_send = vow_mpi_isend(s.m, &locked_out, 1, MPI_INT, s.peer, 98, MPI_COMM_WORLD);
	vow_mpi_unlock();
	CHECK(got == s.peer);
	CHECK(locked_send != NULL);
	{
		int in98 = -1;
		vow_promise *r98 = vow_mpi_irecv(s.m, &in98, 1, MPI_INT, s.peer, 98, MPI_COMM_WORLD);

		CHECK(vow_promise_wait(r98, 30000) == 0);
		CHECK(vow_promise_state(r98) == VOW_FULFILLED && in98 == 7);
		vow_promise_release(r98);
	}
	for (s.round = 0; s.round < SER_ROUNDS; s.round++)
		ser_round(pool, &s);
	CHECK(vow_promise_wait(locked_send, 30000) == 0);
	vow_promise_release(locked_send);
	check_all_settled(s.m);
	vow_mpi_free(s.m);
	vow_pool_free(pool);
	if (rank == 0)
		printf("%s: %d rounds of %d sends from pool workers, MPI calls of our own "
		       "under vow_mpi_lock\n",
		       scenario, SER_ROUNDS, SER_TASKS);
}

/* ---- funneled ----------------------------------------------------------------------- */

struct other_thread {
	vow_executor *ex;
	vow_mpi *m;
	vow_mpi *got_new;
	int new_err;
	vow_promise *got_send;
	int send_err;
};

static void *from_other_thread(void *arg)
{
	struct other_thread *o = arg;
	int x = 0;

	o->got_new = vow_mpi_new(o->ex, NULL);
	o->new_err = vow_last_error();
	o->got_send = vow_mpi_isend(o->m, &x, 1, MPI_INT, 0, 0, MPI_COMM_WORLD);
	o->send_err = vow_last_error();
	return NULL;
}

static void funneled(void)
{
	vow_loop *loop = vow_loop_new(0);
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 1 });
	vow_mpi *m;
	struct other_thread o = { 0 };
	pthread_t th;
	int out = rank, in = -1, peer = (rank + 1) % size, from = (rank + size - 1) % size;
	vow_promise *r, *s;

	CHECK(vow_mpi_new(vow_pool_executor(pool), NULL) == NULL);
	CHECK(vow_last_error() == VOW_ENOTSUP);
	m = vow_mpi_new(vow_loop_executor(loop), NULL);
	CHECK(m != NULL);
	o.ex = vow_loop_executor(loop);
	o.m = m;
	CHECK(pthread_create(&th, NULL, from_other_thread, &o) == 0);
	CHECK(pthread_join(th, NULL) == 0);
	CHECK(o.got_new == NULL && o.new_err == VOW_ETHREAD);
	CHECK(o.got_send == NULL && o.send_err == VOW_ETHREAD);
	/* The main thread's loop works: a ring exchange. */
	r = vow_mpi_irecv(m, &in, 1, MPI_INT, from, 8, MPI_COMM_WORLD);
	s = vow_mpi_isend(m, &out, 1, MPI_INT, peer, 8, MPI_COMM_WORLD);
	CHECK(vow_loop_run(loop) == 0);
	CHECK(vow_promise_state(r) == VOW_FULFILLED && in == from);
	check_status(vow_promise_result(r), from, 8, 1);
	vow_promise_release(r);
	vow_promise_release(s);
	check_all_settled(m);
	vow_mpi_free(m);
	vow_pool_free(pool);
	vow_loop_free(loop);
	if (rank == 0)
		printf("funneled: the pool and other threads refused, the main thread's loop works\n");
}

/* ---- main -------------------------------------------------------------------------- */

static void on_alarm(int sig)
{
	(void)sig;
	static const char msg[] = "test_mpi: timed out (alarm), aborting\n";
	ssize_t n = write(2, msg, sizeof msg - 1);

	(void)n;
	abort();
}

int main(int argc, char **argv)
{
	int want = MPI_THREAD_SERIALIZED, provided;

	if (argc != 2) {
		fprintf(stderr, "usage: test_mpi <scenario>\n");
		return 2;
	}
	scenario = argv[1];
	signal(SIGALRM, on_alarm);
	alarm(90);
	if (strcmp(scenario, "funneled") == 0)
		want = MPI_THREAD_FUNNELED;
	else if (strcmp(scenario, "multiple") == 0)
		want = MPI_THREAD_MULTIPLE;
	/* Before MPI_Init: a context cannot be made. */
	{
		vow_loop *loop = vow_loop_new(0);

		if (vow_mpi_new(vow_loop_executor(loop), NULL) != NULL || vow_last_error() != VOW_EINVAL) {
			fprintf(stderr, "vow_mpi_new before MPI_Init did not fail with VOW_EINVAL\n");
			return 1;
		}
		vow_loop_free(loop);
	}
	if (MPI_Init_thread(&argc, &argv, want, &provided) != MPI_SUCCESS)
		return 1;
	MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
	MPI_Comm_rank(MPI_COMM_WORLD, &rank);
	MPI_Comm_size(MPI_COMM_WORLD, &size);
	CHECK(provided >= want);
	CHECK(size >= 2);

	if (strcmp(scenario, "pingpong_loop") == 0)
		pingpong(false);
	else if (strcmp(scenario, "pingpong_pool") == 0)
		pingpong(true);
	else if (strcmp(scenario, "out_of_order") == 0)
		out_of_order();
	else if (strcmp(scenario, "errors") == 0)
		errors();
	else if (strcmp(scenario, "collectives") == 0)
		collectives();
	else if (strcmp(scenario, "shutdown_loop") == 0)
		shutdown_executor(false);
	else if (strcmp(scenario, "shutdown_pool") == 0)
		shutdown_executor(true);
	else if (strcmp(scenario, "shutdown_free") == 0)
		shutdown_free();
	else if (strcmp(scenario, "idle") == 0)
		idle();
	else if (strcmp(scenario, "funneled") == 0)
		funneled();
	else if (strcmp(scenario, "serialized") == 0 || strcmp(scenario, "multiple") == 0)
		serialized();
	else
		CHECK(!"unknown scenario");

	CHECK(MPI_Barrier(MPI_COMM_WORLD) == MPI_SUCCESS);
	MPI_Finalize();
	return 0;
}
