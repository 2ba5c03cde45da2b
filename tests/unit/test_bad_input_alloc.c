/*
 * test_bad_input_alloc.c - vow_set_allocator (alloc.h) with an incomplete
 * set of functions, and after vow has allocated, as one table
 * (bad_input.h); docs/bad-input.md, section alloc.h, lists the same IDs.
 *
 * Every row runs after vow's first allocation (the row's loop), so a valid
 * call gives VOW_EBUSY; the invalid ones show that the arguments are
 * checked first.  A failed call changes nothing: the functions below are
 * never called.
 */
#include "bad_input.h"

static int calls;

static void *my_malloc(size_t size)
{
	calls++;
	return malloc(size);
}

static void *my_calloc(size_t n, size_t size)
{
	calls++;
	return calloc(n, size);
}

static void my_free(void *p)
{
	calls++;
	free(p);
}

/*
 * vow still allocates with libc: an array too big for the thread cache
 * (which would hide the allocator) comes and goes unseen.
 */
static void expect_allocator_unchanged(struct fx *f)
{
	vow_value a = vow_array(1 << 16);

	(void)f;
	assert_int_equal(a.kind, VOW_ARRAY);
	vow_value_drop(a);
	assert_int_equal(calls, 0);
}

BAD(vow_set_allocator, malloc_without_free)
{
	calls = 0;
	assert_int_equal(vow_set_allocator(my_malloc, NULL, NULL), VOW_EINVAL);
	assert_int_equal(vow_set_allocator(my_malloc, my_calloc, NULL), VOW_EINVAL);
	expect_allocator_unchanged(f);
}
BAD(vow_set_allocator, free_without_malloc)
{
	calls = 0;
	assert_int_equal(vow_set_allocator(NULL, NULL, my_free), VOW_EINVAL);
	assert_int_equal(vow_set_allocator(NULL, my_calloc, my_free), VOW_EINVAL);
	expect_allocator_unchanged(f);
}
BAD(vow_set_allocator, calloc_alone)
{
	calls = 0;
	assert_int_equal(vow_set_allocator(NULL, my_calloc, NULL), VOW_EINVAL);
	expect_allocator_unchanged(f);
}
BAD(vow_set_allocator, after_first_allocation)
{
	calls = 0;
	assert_int_equal(vow_set_allocator(my_malloc, my_calloc, my_free), VOW_EBUSY);
	assert_int_equal(vow_set_allocator(my_malloc, NULL, my_free), VOW_EBUSY);
	/* Restoring libc's functions is a change too. */
	assert_int_equal(vow_set_allocator(NULL, NULL, NULL), VOW_EBUSY);
	expect_allocator_unchanged(f);
}

static const struct row rows[] = {
	ROW(vow_set_allocator, malloc_without_free), ROW(vow_set_allocator, free_without_malloc),
	ROW(vow_set_allocator, calloc_alone), ROW(vow_set_allocator, after_first_allocation),
	PRE(vow_set_allocator, while_threads_use_vow),
};

BAD_INPUT_MAIN("bad_input_alloc", rows)
