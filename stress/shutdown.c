/*
 * shutdown - pools freed with work in flight, and repeated create/destroy.
 *
 * Each round: a pool of 1..--threads workers (default 3) gets TREES trees
 * of self-spawning tasks (each spawns two children until depth 0) plus
 * reactions on a promise that is settled half-way, then is shut down at
 * once, alternating VOW_POOL_DRAIN and VOW_POOL_CANCEL.  Checks: DRAIN ran
 * every task of every tree exactly; CANCEL ran at most that many; every
 * reaction's context destructor ran exactly once either way; spawned
 * promises are settled iff their task ran.  ASan checks nothing leaked.
 */
#include <vow/vow.h>

#include "stress_common.h"

enum { TREES = 4, DEPTH = 7, REACTIONS = 32 };

static atomic_long ran, dtors;

/* Contexts: a complete binary tree stored in an array (heap order). */
struct tree {
	vow_pool *pool;
	size_t index;
	struct tree *base;
};

static vow_outcome node_task(void *ctx)
{
	struct tree *node = ctx;
	size_t l = 2 * node->index + 1, r = l + 1;
	size_t count = ((size_t)1 << (DEPTH + 1)) - 1;

	atomic_fetch_add(&ran, 1);
	if (l < count)
		vow_promise_release(vow_spawn(node->pool, node_task, &node->base[l]));
	if (r < count)
		vow_promise_release(vow_spawn(node->pool, node_task, &node->base[r]));
	return vow_return(vow_undefined());
}

static vow_outcome react(void *ctx, vow_value v)
{
	(void)ctx;
	(void)v;
	return vow_return(vow_undefined());
}

static void count_dtor(void *ctx)
{
	(void)ctx;
	atomic_fetch_add(&dtors, 1);
}

int main(int argc, char **argv)
{
	struct stress_args a = stress_parse(argc, argv, (struct stress_args){ .threads = 3 });
	unsigned maxt = a.threads ? a.threads : 3;
	size_t count = ((size_t)1 << (DEPTH + 1)) - 1;
	struct tree *nodes = malloc(TREES * count * sizeof *nodes);
	struct stress_clock c = stress_clock_start();
	uint64_t rounds = 0;

	while (stress_continue(&c, &a, "shutdown", rounds)) {
		vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 1 + rounds % maxt });
		vow_resolver *r;
		vow_promise *gate = vow_promise_with_resolvers(vow_pool_executor(pool), &r);
		vow_pool_mode mode = rounds % 2 ? VOW_POOL_CANCEL : VOW_POOL_DRAIN;

		atomic_store(&ran, 0);
		atomic_store(&dtors, 0);
		for (int t = 0; t < TREES; t++) {
			for (size_t i = 0; i < count; i++)
				nodes[t * count + i] = (struct tree){ pool, i, &nodes[t * count] };
			vow_promise_release(vow_spawn(pool, node_task, &nodes[t * count]));
		}
		for (int i = 0; i < REACTIONS; i++) {
			if (i == REACTIONS / 2)
				vow_resolver_resolve(r, vow_int(1));
			vow_promise_release(vow_promise_then(gate, react, NULL, NULL, count_dtor));
		}
		if (vow_pool_shutdown(pool, mode) != 0)
			stress_violation("round %llu: shutdown failed", (unsigned long long)rounds);
		long n = atomic_load(&ran), d = atomic_load(&dtors);
		if (mode == VOW_POOL_DRAIN && n != (long)(TREES * count))
			stress_violation("round %llu: DRAIN ran %ld of %zu tasks",
					 (unsigned long long)rounds, n, TREES * count);
		if (n > (long)(TREES * count))
			stress_violation("round %llu: ran %ld > %zu tasks",
					 (unsigned long long)rounds, n, TREES * count);
		if (d != REACTIONS)
			stress_violation("round %llu: %ld of %d reaction contexts released",
					 (unsigned long long)rounds, d, REACTIONS);
		vow_resolver_release(r);
		vow_promise_release(gate);
		rounds++;
	}
	free(nodes);
	return stress_finish(&c, "shutdown", rounds, NULL);
}
