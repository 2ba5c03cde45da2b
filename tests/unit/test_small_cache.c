/*
 * test_small_cache.c - the per-thread cache of small blocks (small_cache.h):
 * a class holds at most SMALL_CACHE_BYTES of freed blocks and hands them
 * back before asking the allocator; past the cap a freed block goes to the
 * allocator at once; the test flush hands everything back and leaves the
 * cache armed with its whole room again.  Counted through a custom
 * allocator (vow_set_allocator), which the cache does not bypass.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

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

enum { SIZE = 48, CAP = SMALL_CACHE_BYTES / SIZE, OVER = 10 };

static void *blocks[CAP + OVER];

/* Allocate n blocks of SIZE: how many came from the allocator. */
static long take(size_t n)
{
	long before = atomic_load(&mallocs);

	for (size_t i = 0; i < n; i++) {
		blocks[i] = vow__malloc_small(SIZE);
		assert_non_null(blocks[i]);
	}
	return atomic_load(&mallocs) - before;
}

/* Free n blocks of SIZE: how many went to the allocator. */
static long give(size_t n)
{
	long before = atomic_load(&frees);

	for (size_t i = 0; i < n; i++)
		vow__free_small(blocks[i], SIZE);
	return atomic_load(&frees) - before;
}

static void cap_per_class(void **state)
{
	(void)state;
	if (!VOW_SMALL_CACHE)
		skip(); /* sanitizer and valgrind builds bypass the cache */
	assert_int_equal(vow_set_allocator(my_malloc, NULL, my_free), 0);
	vow__small_cache_flush();

	/* Empty: every block from the allocator; freed, all but OVER cached. */
	assert_int_equal(take(CAP + OVER), CAP + OVER);
	assert_int_equal(give(CAP + OVER), OVER);
	/* The cached ones come back first, then the allocator's. */
	assert_int_equal(take(CAP + OVER), OVER);
	/* After the full cache lets OVER go, it holds CAP again. */
	assert_int_equal(give(CAP + OVER), OVER);
	/* Another class has room of its own: its block is cached. */
	{
		void *b = vow__malloc_small(SIZE + 8);
		long before = atomic_load(&frees);

		vow__free_small(b, SIZE + 8);
		assert_int_equal(atomic_load(&frees), before);
	}

	/* The test flush hands all back and the cache takes CAP again. */
	{
		long before = atomic_load(&frees);

		vow__small_cache_flush();
		assert_true(atomic_load(&frees) - before >= CAP);
	}
	assert_int_equal(take(CAP), CAP);
	assert_int_equal(give(CAP), 0);
	vow__small_cache_flush();
	assert_int_equal(atomic_load(&frees), atomic_load(&mallocs));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cap_per_class),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
