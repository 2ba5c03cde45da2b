/*
 * test_small_cache.c - the per-thread cache of small blocks and its depot
 * (small_cache.h): a class holds two magazines per thread and parks further
 * full ones in the depot, up to SMALL_DEPOT_MAGAZINES, before a freed block
 * goes to the allocator; cached blocks come back before the allocator is
 * asked; a thread that frees what another allocated hands it back through
 * the depot, while it runs and when it exits; the test flush hands
 * everything back and leaves the cache armed.  Counted through a custom
 * allocator (vow_set_allocator), which the cache does not bypass.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <vow/vow.h>
#include "small_cache.h"

static atomic_long mallocs, frees;

static void *my_malloc(size_t size)
{
	atomic_fetch_add(&mallocs, 1);
	return malloc(size);
}

static void my_free(void *p)
{
	atomic_fetch_add(&frees, 1);
	free(p);
}

enum {
	SIZE = 48,
	MAG = SMALL_MAGAZINE_BYTES / SIZE,     /* blocks per magazine */
	DEPOT = SMALL_DEPOT_MAGAZINES,
	OVER = 10,
	N = MAG * (DEPOT + 2) + OVER, /* the active one, the one set aside, the depot, OVER */
};

static void *blocks[N];

/* Allocate blocks [from, from + n) of SIZE: how many came from the allocator. */
static long take_range(size_t from, size_t n)
{
	long before = atomic_load(&mallocs);

	for (size_t i = from; i < from + n; i++) {
		blocks[i] = vow__malloc_small(SIZE);
		assert_non_null(blocks[i]);
	}
	return atomic_load(&mallocs) - before;
}

static long take(size_t n)
{
	return take_range(0, n);
}

/* Free blocks [from, from + n): how many went to the allocator. */
static long give_range(size_t from, size_t n)
{
	long before = atomic_load(&frees);

	for (size_t i = from; i < from + n; i++)
		vow__free_small(blocks[i], SIZE);
	return atomic_load(&frees) - before;
}

static long give(size_t n)
{
	return give_range(0, n);
}

static int setup(void **state)
{
	(void)state;
	if (!VOW_SMALL_CACHE)
		return 0;
	/* Once per process: the allocator is fixed at vow's first allocation. */
	if (atomic_load(&mallocs) == 0 && vow_set_allocator(my_malloc, NULL, my_free) != 0)
		return -1;
	vow__small_cache_flush();
	return 0;
}

/* After a test: everything handed back, nothing lost. */
static int teardown(void **state)
{
	(void)state;
	if (VOW_SMALL_CACHE) {
		vow__small_cache_flush();
		assert_int_equal(atomic_load(&frees), atomic_load(&mallocs));
	}
	return 0;
}

static void magazines_and_depot(void **state)
{
	(void)state;
	if (!VOW_SMALL_CACHE)
		skip(); /* ASan and valgrind builds bypass the cache */

	/* Empty: every block from the allocator. */
	assert_int_equal(take(N), N);
	/* Freed: two magazines stay, DEPOT go to the depot, the last full one goes. */
	assert_int_equal(give(N), MAG);
	/* Cached blocks come back first: OVER, the one set aside, the depot's. */
	assert_int_equal(take(N), MAG);
	/* Another class has room of its own: its block is cached. */
	{
		void *b = vow__malloc_small(SIZE + 8);
		long before = atomic_load(&frees);

		vow__free_small(b, SIZE + 8);
		assert_int_equal(atomic_load(&frees), before);
	}
	assert_int_equal(give(N), MAG);

	/* The test flush hands all back, the depot's too; then it starts afresh. */
	{
		long before = atomic_load(&frees);

		vow__small_cache_flush();
		assert_int_equal(atomic_load(&frees) - before, N - MAG + 1);
	}
	assert_int_equal(take(2 * MAG), 2 * MAG);
	assert_int_equal(give(2 * MAG), 0);
}

/* ---- blocks freed on another thread come back through the depot ---------------- */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int step;

static void step_to(int to)
{
	pthread_mutex_lock(&lock);
	step = to;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
}

static void step_wait(int at)
{
	pthread_mutex_lock(&lock);
	while (step < at)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
}

/* The consumer: frees three magazines' worth that main allocated, then exits. */
static void *consumer(void *arg)
{
	long *freed = arg;

	*freed = give(3 * MAG);
	step_to(1);
	step_wait(2);
	return NULL; /* its exit flush: its two full magazines to the depot */
}

static int cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t) * (void *const *)a, y = (uintptr_t) * (void *const *)b;

	return x < y ? -1 : x > y;
}

static void handed_back_through_depot(void **state)
{
	static void *given[3 * MAG];
	pthread_t t;
	long freed = -1;

	(void)state;
	if (!VOW_SMALL_CACHE)
		skip();
	step = 0;
	assert_int_equal(take(3 * MAG), 3 * MAG);
	memcpy(given, blocks, sizeof given);
	qsort(given, 3 * MAG, sizeof given[0], cmp_ptr);
	assert_int_equal(pthread_create(&t, NULL, consumer, &freed), 0);

	/* While the consumer runs, one magazine is in the depot: main takes it. */
	step_wait(1);
	assert_int_equal(freed, 0);
	assert_int_equal(take_range(0, MAG), 0);
	/* When it has exited, its other two are there too. */
	step_to(2);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(take_range(MAG, 2 * MAG), 0);
	/* The very blocks main had allocated, each once. */
	qsort(blocks, 3 * MAG, sizeof blocks[0], cmp_ptr);
	assert_memory_equal(blocks, given, sizeof given);
	assert_int_equal(give(3 * MAG), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(magazines_and_depot, setup, teardown),
		cmocka_unit_test_setup_teardown(handed_back_through_depot, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
