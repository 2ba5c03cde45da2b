/*
 * test_bad_input_inline.c - every public function of inline.h with NULL, or
 * while another thread runs the executor, as one table (bad_input.h);
 * docs/bad-input.md, section inline.h, lists the same IDs.
 */
#include "bad_input.h"

BAD(vow_inline_new, none)
{
	vow_inline *ie = vow_inline_new();

	(void)f;
	assert_non_null(ie);
	assert_non_null(vow_inline_executor(ie));
	vow_inline_free(ie);
}
BAD(vow_inline_executor, null)
{
	(void)f;
	bad_input_set_other_error();
	assert_null(vow_inline_executor(NULL));
	assert_int_equal(vow_last_error(), VOW_ESHUTDOWN); /* not set */
}
BAD(vow_inline_run, null) { (void)f; assert_int_equal(vow_inline_run(NULL), VOW_EINVAL); }
BAD(vow_inline_run_one, null) { (void)f; assert_int_equal(vow_inline_run_one(NULL), VOW_EINVAL); }

/*
 * While a job of ie runs, another thread calls vow_inline_run (or
 * run_one): it gets VOW_EBUSY and runs nothing; the job queued behind the
 * running one is left to the runner.
 */
struct busy {
	vow_inline *ie;
	bool one;     /* call vow_inline_run_one instead */
	long rc;
	int later;    /* runs of the job queued behind */
};

static void *run_elsewhere(void *arg)
{
	struct busy *b = arg;

	b->rc = b->one ? vow_inline_run_one(b->ie) : vow_inline_run(b->ie);
	return NULL;
}

static vow_outcome try_run_elsewhere(void *ctx, vow_value v)
{
	(void)v;
	bad_input_on_thread(run_elsewhere, ctx);
	return vow_return(vow_undefined());
}

static vow_outcome count_later(void *ctx, vow_value v)
{
	(void)v;
	((struct busy *)ctx)->later++;
	return vow_return(vow_undefined());
}

static void run_while_busy(bool one)
{
	struct busy b = {.ie = vow_inline_new(), .one = one, .rc = 1};
	vow_promise *p, *q1, *q2;

	assert_non_null(b.ie);
	p = vow_promise_resolve(vow_inline_executor(b.ie), vow_int(1));
	q1 = vow_promise_then(p, try_run_elsewhere, NULL, &b, NULL);
	q2 = vow_promise_then(p, count_later, NULL, &b, NULL);
	assert_int_equal(vow_inline_run(b.ie), 2);
	assert_int_equal(b.rc, VOW_EBUSY);
	assert_int_equal(b.later, 1);
	vow_promise_release(p);
	vow_promise_release(q1);
	vow_promise_release(q2);
	vow_inline_free(b.ie);
}
BAD(vow_inline_run, busy) { (void)f; run_while_busy(false); }
BAD(vow_inline_run_one, busy) { (void)f; run_while_busy(true); }
BAD(vow_inline_free, null) { (void)f; vow_inline_free(NULL); }

static const struct row rows[] = {
	ROW(vow_inline_new, none),
	ROW(vow_inline_executor, null),
	ROW(vow_inline_run, null), ROW(vow_inline_run, busy),
	ROW(vow_inline_run_one, null), ROW(vow_inline_run_one, busy),
	ROW(vow_inline_free, null), PRE(vow_inline_free, running),
};

BAD_INPUT_MAIN("bad_input_inline", rows)
