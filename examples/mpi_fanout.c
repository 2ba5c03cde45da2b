/*
 * mpi_fanout.c - a distributed fan-out with vow-mpi: rank 0 hands blocks of
 * work to the other ranks on demand, each rank maps its block over its own
 * pool, and the results come back to rank 0 as promises that allSettled
 * combines, failures included.
 *
 *   mpirun -np 4 ./mpi_fanout [--blocks 24] [--items 200000] [--threads 2]
 *
 * Rank 0 (the loop, an async function): waits for a worker to ask for work
 * (an irecv from any source); answers with the next block's id and posts an
 * irecv for that block's result - the block's promise; when no block is
 * left it answers "stop".  A worker (an async function on its pool): asks,
 * receives a block, maps it over the pool in 64 chunks with vow_spawn_map,
 * sends the sum back (or the error, if an item failed), asks again.  A fast
 * worker asks more often, so it gets more blocks: that is the balancing.
 *
 * On purpose: blocks 5 and 17 hold a corrupt item, which makes the worker
 * send an error reply; that block's promise rejects and allSettled reports
 * it without losing the others.  With 3 ranks or more the last rank plays
 * a slower machine (each item costs it four times as much) and gets fewer
 * blocks.  On 1 rank there is nobody to hand blocks to: rank 0 maps every
 * block over its own pool, with the same promises and the same output.
 * The checksum of the good blocks is the same whatever the rank count.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <vow/mpi.h>
#include <vow/vow.h>

enum {
	TAG_ASK = 1,       /* worker -> 0: give me a block */
	TAG_WORK = 2,      /* 0 -> worker: a block id, or STOP */
	TAG_RESULT = 100,  /* worker -> 0: TAG_RESULT + block id */
	STOP = -1,
	CHUNKS = 64,       /* a block is mapped over the pool in this many chunks */
	E_CORRUPT = 1,     /* our error code for a corrupt item */
};

static int rank, size, nblocks = 24, threads = 2;
static size_t items = 200000;

static bool corrupt(int block)
{
	return block == 5 || block == 17;
}

static bool slow_rank(int r)
{
	return size >= 3 && r == size - 1;
}

/* ---- the work: one item, one chunk, one block ---------------------------------- */

static uint64_t item_value(uint64_t seed)
{
	uint64_t x = seed * 0x9E3779B97F4A7C15u + 1;

	for (int r = 0; r < 64; r++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
	}
	return x >> 40;
}

struct block_job {
	int block;
	int repeat; /* 4 on the slow rank: the same value, four times the cost */
};

/* vow_map_fn: the partial sum of one chunk of the block. */
static vow_outcome chunk_sum(void *ctx, size_t chunk)
{
	const struct block_job *job = ctx;
	size_t lo = chunk * items / CHUNKS, hi = (chunk + 1) * items / CHUNKS;
	uint64_t sum = 0;

	for (size_t i = lo; i < hi; i++) {
		uint64_t v = 0;

		if (corrupt(job->block) && i == items / 2)
			return vow_throw(vow_error(E_CORRUPT, "corrupt input at item %zu", i));
		for (int k = 0; k < job->repeat; k++)
			v = item_value((uint64_t)job->block * items + i);
		sum += v;
	}
	return vow_return(vow_int((int64_t)sum));
}

static int64_t array_sum(vow_value a)
{
	int64_t s = 0;

	for (size_t i = 0; i < vow_array_len(a); i++)
		s += vow_array_get(a, i).as.i;
	return s;
}

/* ---- what a worker sends back ------------------------------------------------------ */

struct result_msg {
	int64_t sum;
	int32_t ok;
	int32_t rank;
	char error[96];
};

/* ---- rank 0: progress and summary --------------------------------------------------- */

struct block_slot {
	int id;            /* the id sent (the isend's buffer) */
	int rank;          /* who computed it */
	struct result_msg msg;
};

static struct block_slot *slots;
static int done_count;

/* The block's promise: the result message decoded (a rejection for an error reply). */
static vow_outcome decode(void *ctx, vow_value status)
{
	struct block_slot *s = ctx;

	(void)status;
	if (!s->msg.ok)
		return vow_throw(vow_error(E_CORRUPT, "block %d on rank %d: %s", s->id, s->msg.rank,
					   s->msg.error));
	return vow_return(vow_int(s->msg.sum));
}

static vow_outcome progress_ok(void *ctx, vow_value v)
{
	struct block_slot *s = ctx;

	printf("[%2d/%d] block %2d done on rank %d: %lld\n", ++done_count, nblocks, s->id, s->rank,
	       (long long)v.as.i);
	return vow_return(vow_undefined());
}

static vow_outcome progress_failed(void *ctx, vow_value reason)
{
	(void)ctx;
	printf("[%2d/%d] FAILED: %s\n", ++done_count, nblocks, vow_error_message(reason));
	return vow_return(vow_undefined());
}

/* Attach the progress line; the block's own promise goes into items[b]. */
static void watch(vow_value *item, vow_promise *block, struct block_slot *s)
{
	vow_promise_release(vow_promise_then(block, progress_ok, progress_failed, s, NULL));
	*item = vow_value_promise(block);
}

static void summary(vow_value settled, double seconds)
{
	int good = 0, per_rank[64] = { 0 };
	uint64_t checksum = 0;
	char failed[512] = "";

	for (int b = 0; b < nblocks; b++) {
		vow_value rec = vow_array_get(settled, (size_t)b);

		if (slots[b].rank < 64)
			per_rank[slots[b].rank]++;
		if (vow_settled_status(rec) == VOW_FULFILLED) {
			good++;
			checksum = checksum * 31 + (uint64_t)vow_settled_value(rec).as.i;
		} else {
			size_t n = strlen(failed);

			snprintf(failed + n, sizeof failed - n, "%s%d", n ? ", " : "", b);
		}
	}
	printf("summary: %d of %d blocks done, %d failed (blocks %s), in %.2f s\n", good, nblocks,
	       nblocks - good, failed, seconds);
	printf("blocks per rank:");
	for (int r = size == 1 ? 0 : 1; r < size && r < 64; r++)
		printf(" rank %d%s: %d%s", r, slow_rank(r) ? " (slow)" : "", per_rank[r],
		       r + 1 < size ? "," : "\n");
	printf("checksum of the good blocks: %016llx\n", (unsigned long long)checksum);
}

/* ---- rank 0 with workers: hand out blocks on demand ---------------------------------- */

struct coordinator {
	vow_mpi *m;
	vow_executor *ex;
};

static vow_value await_value(vow_promise *p)
{
	vow_outcome o = vow_await(p);

	vow_promise_release(p);
	if (o.kind != VOW_OUTCOME_RETURN) {
		fprintf(stderr, "mpi_fanout: rank %d: %s\n", rank, vow_error_message(o.value));
		MPI_Abort(MPI_COMM_WORLD, 1);
	}
	return o.value;
}

static vow_outcome coordinate(void *ctx)
{
	struct coordinator *c = ctx;
	vow_value *blocks = calloc((size_t)nblocks, sizeof *blocks);
	static const int stop = STOP;
	int next = 0, stopped = 0, workers = size - 1, ask = 0;
	vow_promise *all;
	vow_outcome o;

	while (stopped < workers) {
		/* Who wants work? */
		vow_value st = await_value(vow_mpi_irecv(c->m, &ask, 1, MPI_INT, MPI_ANY_SOURCE,
							 TAG_ASK, MPI_COMM_WORLD));
		int w = (int)vow_array_get(st, VOW_MPI_SOURCE).as.i;

		vow_value_drop(st);
		if (next < nblocks) {
			struct block_slot *s = &slots[next];
			vow_promise *got;

			s->id = next;
			s->rank = w;
			/* Post the result's receive before the block leaves. */
			got = vow_mpi_irecv(c->m, &s->msg, (int)sizeof s->msg, MPI_BYTE, w,
					    TAG_RESULT + next, MPI_COMM_WORLD);
			watch(&blocks[next], vow_promise_then(got, decode, NULL, s, NULL), s);
			vow_promise_release(got);
			vow_value_drop(await_value(vow_mpi_isend(c->m, &s->id, 1, MPI_INT, w, TAG_WORK,
								 MPI_COMM_WORLD)));
			next++;
		} else {
			vow_value_drop(await_value(vow_mpi_isend(c->m, &stop, 1, MPI_INT, w, TAG_WORK,
								 MPI_COMM_WORLD)));
			stopped++;
		}
	}
	all = vow_promise_all_settled(c->ex, blocks, (size_t)nblocks);
	o = vow_await(all);
	vow_promise_release(all);
	for (int b = 0; b < nblocks; b++)
		vow_value_drop(blocks[b]);
	free(blocks);
	return o;
}

/* ---- a worker rank ---------------------------------------------------------------------- */

struct worker {
	vow_mpi *m;
	vow_pool *pool;
	struct block_job *jobs; /* one per block id: see below */
	int blocks;
};

static vow_outcome work(void *ctx)
{
	struct worker *wk = ctx;
	struct result_msg msg;
	int block = 0;

	for (;;) {
		struct block_job *job;
		vow_promise *map;
		vow_outcome o;

		vow_value_drop(await_value(vow_mpi_isend(wk->m, &rank, 1, MPI_INT, 0, TAG_ASK,
							 MPI_COMM_WORLD)));
		vow_value_drop(await_value(vow_mpi_irecv(wk->m, &block, 1, MPI_INT, 0, TAG_WORK,
							 MPI_COMM_WORLD)));
		if (block == STOP)
			break;
		if (block < 0 || block >= nblocks) {
			fprintf(stderr, "mpi_fanout: rank %d: no block %d (different --blocks?)\n", rank,
				block);
			MPI_Abort(MPI_COMM_WORLD, 1);
		}
		/*
		 * Not on this stack: once one chunk throws, the map rejects
		 * while other chunks may still run and read job (vow/pool.h,
		 * vow_spawn_map).  The jobs live until the pool is freed.
		 */
		job = &wk->jobs[block];
		job->block = block;
		job->repeat = slow_rank(rank) ? 4 : 1;
		map = vow_spawn_map(wk->pool, CHUNKS, chunk_sum, job);
		o = vow_await(map);
		vow_promise_release(map);
		memset(&msg, 0, sizeof msg);
		msg.rank = rank;
		msg.ok = o.kind == VOW_OUTCOME_RETURN;
		if (msg.ok)
			msg.sum = array_sum(o.value);
		else
			snprintf(msg.error, sizeof msg.error, "%s", vow_error_message(o.value));
		vow_outcome_drop(o);
		vow_value_drop(await_value(vow_mpi_isend(wk->m, &msg, (int)sizeof msg, MPI_BYTE, 0,
							 TAG_RESULT + block, MPI_COMM_WORLD)));
		wk->blocks++;
	}
	return vow_return(vow_int(wk->blocks));
}

/* ---- one rank alone: every block on the local pool ------------------------------------------- */

static vow_outcome local_sum(void *ctx, vow_value chunks)
{
	(void)ctx;
	return vow_return(vow_int(array_sum(chunks)));
}

/* The same rejection a worker's error reply gives. */
static vow_outcome local_failed(void *ctx, vow_value reason)
{
	struct block_slot *s = ctx;

	return vow_throw(vow_error(E_CORRUPT, "block %d on rank 0: %s", s->id,
				   vow_error_message(reason)));
}

static vow_outcome unref_loop(void *ctx)
{
	vow_loop_unref(ctx);
	return vow_return(vow_undefined());
}

/* ---- main --------------------------------------------------------------------------------- */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
	int provided;
	vow_pool *pool;
	struct block_job *jobs;
	double t0;

	if (MPI_Init_thread(&argc, &argv, MPI_THREAD_SERIALIZED, &provided) != MPI_SUCCESS ||
	    provided < MPI_THREAD_SERIALIZED) {
		fprintf(stderr, "mpi_fanout: needs MPI_THREAD_SERIALIZED\n");
		return 1;
	}
	MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
	MPI_Comm_rank(MPI_COMM_WORLD, &rank);
	MPI_Comm_size(MPI_COMM_WORLD, &size);
	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--blocks") == 0)
			nblocks = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--items") == 0)
			items = (size_t)atol(argv[i + 1]);
		else if (strcmp(argv[i], "--threads") == 0)
			threads = atoi(argv[i + 1]);
	}
	if (nblocks < 1 || items < CHUNKS || threads < 1) {
		if (rank == 0)
			fprintf(stderr, "usage: mpi_fanout [--blocks N] [--items M >= 64] [--threads T]\n");
		MPI_Finalize();
		return 2;
	}
	pool = vow_pool_new(&(vow_pool_options){ .threads = (unsigned)threads });
	/* What the chunks read: it must outlive them all (freed after the pool). */
	jobs = calloc((size_t)nblocks, sizeof *jobs);
	t0 = now_s();

	if (rank == 0) {
		vow_loop *loop = vow_loop_new(0);
		vow_executor *ex = vow_loop_executor(loop);
		vow_value *blocks = NULL;
		vow_promise *all;

		slots = calloc((size_t)nblocks, sizeof *slots);
		if (size == 1) {
			/* Nobody to hand blocks to: every block on this rank's pool. */
			printf("mpi_fanout: 1 rank: computing all %d blocks on rank 0's own pool "
			       "(%d threads)\n", nblocks, threads);
			blocks = calloc((size_t)nblocks, sizeof *blocks);
			for (int b = 0; b < nblocks; b++) {
				vow_promise *map;

				jobs[b].block = b;
				jobs[b].repeat = 1;
				slots[b].id = b;
				slots[b].rank = 0;
				map = vow_spawn_map(pool, CHUNKS, chunk_sum, &jobs[b]);
				watch(&blocks[b],
				      vow_promise_then_on(map, ex, local_sum, local_failed, &slots[b], NULL),
				      &slots[b]);
				vow_promise_release(map);
			}
			all = vow_promise_all_settled(ex, blocks, (size_t)nblocks);
			/*
			 * The pool computes while the loop has nothing to do: hold
			 * the loop until every block is in (vow/loop.h).
			 */
			vow_loop_ref(loop);
			vow_promise_release(vow_promise_finally(all, unref_loop, loop, NULL));
			vow_loop_run(loop);
		} else {
			struct coordinator c = { vow_mpi_new(ex, NULL), ex };

			printf("mpi_fanout: %d ranks: rank 0 hands %d blocks to %d worker(s) on demand%s\n",
			       size, nblocks, size - 1,
			       size >= 3 ? "; the last rank is 4x slower" : "");
			all = vow_async(ex, coordinate, &c, NULL);
			vow_loop_run(loop);
			vow_mpi_free(c.m);
		}
		if (vow_promise_state(all) != VOW_FULFILLED) {
			fprintf(stderr, "mpi_fanout: the blocks did not all settle\n");
			MPI_Abort(MPI_COMM_WORLD, 1);
		}
		summary(vow_promise_result(all), now_s() - t0);
		vow_promise_release(all);
		if (blocks != NULL) {
			for (int b = 0; b < nblocks; b++)
				vow_value_drop(blocks[b]);
			free(blocks);
		}
		free(slots);
		vow_loop_free(loop);
	} else {
		struct worker wk = { vow_mpi_new(vow_pool_executor(pool), NULL), pool, jobs, 0 };
		vow_promise *done = vow_async(vow_pool_executor(pool), work, &wk, NULL);

		vow_promise_wait(done, -1);
		vow_promise_release(done);
		vow_mpi_free(wk.m);
	}
	vow_pool_free(pool); /* waits for chunks still running after a rejection */
	free(jobs);
	MPI_Finalize();
	return 0;
}
