/*
 * fault.h - the fault-injection driver of tests/unit/test_fault_*.c
 * (neco's fail_counters habit: every allocation path fails cleanly).
 *
 * fault_sweep(name, scenario, arg, exact) runs scenario(arg) once with no
 * failure, counting the allocations it makes (vow__alloc_count), then once
 * for every N from 1 to that count with the N-th allocation failing
 * (vow__alloc_fail_at).  After every run the number of live blocks must be
 * back to its baseline (vow__alloc_live: the leak check that works without
 * valgrind).  exact: the scenario allocates the same number of blocks on
 * every run (a single-threaded loop), so every injected failure must
 * happen; otherwise (threads) N runs to a margin past the clean count and
 * a run in which the armed failure did not happen is only counted.
 *
 * A scenario checks its own invariants: every call that returns NULL
 * reports VOW_ENOMEM (fault_check_null) and happened in a faulted run;
 * every handler context's destructor runs exactly once (struct fault_ctx);
 * every promise a call returned is settled once the loop is idle (none is
 * left claimed but unsettled); exact results in the clean run.
 */
#ifndef VOW_TESTS_FAULT_H
#define VOW_TESTS_FAULT_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <vow/vow.h>

#include "core.h" /* vow__alloc_* */

/* ---- the current run ------------------------------------------------------ */

static bool fault__armed;

/* True if this run armed a failure and it has happened by now. */
static inline bool fault_happened(void)
{
	return fault__armed && !vow__alloc_fail_pending();
}

/* A call returned NULL: it must be ENOMEM, in a run where a failure happened. */
#define fault_check_null(ptr)                                                   \
	do {                                                                     \
		if ((ptr) == NULL) {                                             \
			assert_int_equal(vow_last_error(), VOW_ENOMEM);         \
			assert_true(fault_happened());                           \
		}                                                                \
	} while (0)

/* A call returned an int: 0, or ENOMEM in a run where a failure happened. */
#define fault_check_rc(rc)                                                      \
	do {                                                                     \
		int rc_ = (rc);                                                  \
		if (rc_ != 0) {                                                  \
			assert_int_equal(rc_, VOW_ENOMEM);                       \
			assert_true(fault_happened());                           \
		}                                                                \
	} while (0)

/* ---- handler contexts whose destructor is counted --------------------------- */

struct fault_ctx {
	int ran;  /* handler calls */
	int dtor; /* destructor calls */
	int tag;  /* free for the scenario */
};

static inline void fault_ctx_dtor(void *ctx)
{
	struct fault_ctx *c = ctx;

	assert_int_equal(c->dtor, 0);
	c->dtor++;
}

/* Every context handed to vow must have been destroyed exactly once. */
static inline void fault_ctx_check_all(struct fault_ctx *c, size_t n, const bool *used)
{
	for (size_t i = 0; i < n; i++)
		assert_int_equal(c[i].dtor, used == NULL || used[i] ? 1 : 0);
}

/* A settled promise's outcome: the expected one, or an out-of-memory rejection. */
static inline bool fault_is_oom_rejection(const vow_promise *p)
{
	return vow_promise_state(p) == VOW_REJECTED &&
	       vow_error_code(vow_promise_result(p)) == VOW_ENOMEM;
}

/* Unhandled-rejection events of the run (an OOM rejection nobody handles). */
static int fault_rejection_events;

static inline void fault_on_rejection(void *ud, vow_rejection_event ev, vow_promise *p,
				      vow_value reason)
{
	(void)ud;
	(void)ev;
	(void)p;
	(void)reason;
	fault_rejection_events++;
}

/* ---- the sweep -------------------------------------------------------------- */

struct fault_result {
	uint64_t clean_allocs; /* allocations of the clean run */
	uint64_t points;       /* runs with a failure armed (N values) */
	uint64_t injected;     /* of those, runs in which it happened */
};

static inline struct fault_result fault_sweep(const char *name, void (*scenario)(void *arg),
					      void *arg, bool exact)
{
	struct fault_result r = { 0, 0, 0 };
	int64_t base;
	uint64_t c0, max;

	vow__alloc_track(true);
	vow__alloc_fail_at(0);
	fault__armed = false;
	base = vow__alloc_live();
	c0 = vow__alloc_count();
	scenario(arg);
	r.clean_allocs = vow__alloc_count() - c0;
	assert_int_equal(vow__alloc_live(), base);
	assert_true(r.clean_allocs > 0);

	max = exact ? r.clean_allocs : r.clean_allocs + r.clean_allocs / 2 + 8;
	for (uint64_t n = 1; n <= max; n++) {
		bool happened;

		if (getenv("FAULT_VERBOSE") != NULL)
			fprintf(stderr, "fault: %s: failing allocation %llu\n", name,
				(unsigned long long)n);
		fault__armed = true;
		vow__alloc_fail_at(n);
		scenario(arg);
		happened = !vow__alloc_fail_pending();
		vow__alloc_fail_at(0);
		fault__armed = false;
		r.points++;
		r.injected += happened;
		if (exact && !happened)
			fail_msg("%s: allocation %llu of %llu was never made", name,
				 (unsigned long long)n, (unsigned long long)r.clean_allocs);
		if (vow__alloc_live() != base)
			fail_msg("%s: failing allocation %llu leaks %lld block(s)", name,
				 (unsigned long long)n, (long long)(vow__alloc_live() - base));
	}
	printf("fault: %-28s %4llu allocations in the clean run, %4llu injection points run, "
	       "%4llu failed an allocation\n",
	       name, (unsigned long long)r.clean_allocs, (unsigned long long)r.points,
	       (unsigned long long)r.injected);
	fflush(stdout);
	return r;
}

#endif /* VOW_TESTS_FAULT_H */
