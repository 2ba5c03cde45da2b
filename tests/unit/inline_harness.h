/*
 * inline_harness.h - runs the loop-based promise tests on the inline
 * executor (vow/inline.h) instead of the loop.  Included by trace.h when a
 * test file is built with VOW_TEST_INLINE (tests/CMakeLists.txt lists
 * which).
 *
 * The tests name vow_loop and the few loop functions they use; here those
 * names mean a small driver of an inline executor with timers on a virtual
 * clock, built from public calls only: "run" runs queued jobs until none is
 * left, then fires the earliest timer (time jumps to its deadline; FIFO
 * among equal deadlines) and runs the jobs that queued, and so on until no
 * job and no timer is left.  Each timer is a macrotask whose microtasks
 * drain before the next, as on the loop, so every expected trace is the
 * loop's (and Node's).
 */
#ifndef VOW_TESTS_INLINE_HARNESS_H
#define VOW_TESTS_INLINE_HARNESS_H

#include <stdint.h>
#include <stdlib.h>

#include <vow/vow.h>

struct test_timer {
	uint64_t deadline, seq;
	vow_task_fn fn;
	void *ctx;
	vow_dtor_fn ctx_dtor;
	struct test_timer *next; /* sorted by (deadline, seq) */
};

typedef struct test_inline_loop {
	vow_inline *ie;
	uint64_t now, seq;
	struct test_timer *timers;
} test_inline_loop;

#define vow_loop test_inline_loop
#define vow_loop_executor(l) vow_inline_executor((l)->ie)

static inline uint64_t test_inline_now(const test_inline_loop *l)
{
	return l->now;
}
#define vow_loop_now test_inline_now

static inline vow_timer_id test_inline_set_timeout(test_inline_loop *l, vow_task_fn fn,
						   void *ctx, vow_dtor_fn ctx_dtor, uint64_t ms)
{
	struct test_timer *t = malloc(sizeof *t), **link = &l->timers;

	assert_non_null(t);
	t->deadline = l->now + (ms == 0 ? 1 : ms);
	t->seq = ++l->seq;
	t->fn = fn;
	t->ctx = ctx;
	t->ctx_dtor = ctx_dtor;
	while (*link != NULL && (*link)->deadline <= t->deadline)
		link = &(*link)->next;
	t->next = *link;
	*link = t;
	return t->seq;
}
#define vow_loop_set_timeout test_inline_set_timeout

static inline int test_inline_run(test_inline_loop *l)
{
	for (;;) {
		struct test_timer *t;

		assert_true(vow_inline_run(l->ie) >= 0);
		t = l->timers;
		if (t == NULL)
			return 0;
		l->timers = t->next;
		l->now = t->deadline;
		t->fn(t->ctx);
		if (t->ctx_dtor != NULL)
			t->ctx_dtor(t->ctx);
		free(t);
	}
}

static inline void test_inline_free(test_inline_loop *l)
{
	while (l->timers != NULL) {
		struct test_timer *t = l->timers;

		l->timers = t->next;
		if (t->ctx_dtor != NULL)
			t->ctx_dtor(t->ctx);
		free(t);
	}
	vow_inline_free(l->ie);
	free(l);
}
#define vow_loop_free test_inline_free

static inline test_inline_loop *test_loop_new(void)
{
	test_inline_loop *l = calloc(1, sizeof *l);

	assert_non_null(l);
	l->ie = vow_inline_new();
	assert_non_null(l->ie);
	assert_int_equal(vow_executor_set_rejection_policy(vow_inline_executor(l->ie),
							    VOW_REJECTIONS_IGNORE, NULL, NULL), 0);
	return l;
}

static inline void test_loop_run(test_inline_loop *l)
{
	assert_int_equal(test_inline_run(l), 0);
}

#endif /* VOW_TESTS_INLINE_HARNESS_H */
