/*
 * test_bad_input_executor.c - every public function of executor.h with NULL
 * or invalid arguments, or called in the wrong state, as one table
 * (bad_input.h); docs/bad-input.md, section executor.h, lists the same IDs.
 */
#include "bad_input.h"

/* ---- executors of the test's own (vow_executor_new) --------------------------- */

static void ignore_wake(void *impl)
{
	(void)impl;
}

/* Jobs never reach them: they are closed before anything is posted. */
static const vow_executor_ops plain_ops = {
	.name = "plain",
	.post = bad_input__never_post,
	.rejection_tracking = VOW_TRACK_AT_DESTROY,
};

static const vow_executor_ops waking_ops = {
	.name = "waking",
	.post = bad_input__never_post,
	.rejection_tracking = VOW_TRACK_AT_DESTROY,
	.wake = ignore_wake,
};

/* A closed executor (no promise on it: release frees it). */
static vow_executor *closed_executor(const vow_executor_ops *ops)
{
	vow_executor *ex = vow_executor_new(ops, NULL);

	assert_non_null(ex);
	vow_executor_close(ex);
	assert_true(vow_executor_is_closed(ex));
	return ex;
}

/* ---- creation, threads, closing ------------------------------------------------ */

BAD(vow_executor_new, ops_null) { (void)f; EXPECT_NULL_EINVAL(vow_executor_new(NULL, f)); }
BAD(vow_executor_new, post_null)
{
	static const vow_executor_ops no_post = {.name = "x", .post = NULL};

	(void)f;
	EXPECT_NULL_EINVAL(vow_executor_new(&no_post, NULL));
}
BAD(vow_executor_new, track_missing)
{
	static const vow_executor_ops no_track = {
		.name = "x", .post = bad_input__never_post, .rejection_tracking = VOW_TRACK_BY_EXECUTOR,
	};

	(void)f;
	EXPECT_NULL_EINVAL(vow_executor_new(&no_track, NULL));
}
BAD(vow_executor_new, unknown_tracking)
{
	static const vow_executor_ops bad_tracking = {
		.name = "x", .post = bad_input__never_post, .rejection_tracking = (vow_rejection_tracking)7,
	};

	(void)f;
	EXPECT_NULL_EINVAL(vow_executor_new(&bad_tracking, NULL));
}
BAD(vow_executor_enter, null)
{
	assert_int_equal(vow_executor_enter(NULL), VOW_EINVAL);
	assert_ptr_equal(vow_executor_current(), f->ex); /* still the loop's thread */
}
BAD(vow_executor_enter, closed)
{
	vow_executor *ex = closed_executor(&plain_ops);

	assert_int_equal(vow_executor_enter(ex), VOW_ESHUTDOWN);
	assert_ptr_equal(vow_executor_current(), f->ex);
	vow_executor_release(ex);
}
BAD(vow_executor_leave, null)
{
	vow_executor_leave(NULL);
	assert_ptr_equal(vow_executor_current(), f->ex);
}
BAD(vow_executor_leave, not_entered)
{
	vow_executor *ex = vow_executor_new(&plain_ops, NULL);

	assert_non_null(ex);
	vow_executor_leave(ex); /* this thread is a thread of the loop, not of ex */
	assert_ptr_equal(vow_executor_current(), f->ex);
	vow_executor_close(ex);
	vow_executor_release(ex);
}

static void *current_on_new_thread(void *arg)
{
	*(vow_executor **)arg = vow_executor_current();
	return NULL;
}
BAD(vow_executor_current, none)
{
	vow_executor *seen = f->ex;

	bad_input_on_thread(current_on_new_thread, &seen);
	assert_null(seen);
}
BAD(vow_executor_close, null)
{
	vow_executor_close(NULL);
	assert_ptr_equal(vow_executor_current(), f->ex);
}
BAD(vow_executor_close, twice)
{
	vow_executor *ex = vow_executor_new(&waking_ops, NULL);
	vow_poll_source *s;

	assert_non_null(ex);
	s = vow_poll_source_add(ex, bad_input__never_poll, &f->dtor, count_dtor);
	assert_non_null(s);
	vow_executor_close(ex);
	assert_int_equal(f->dtor, 1); /* the source went with the first close */
	vow_executor_close(ex);
	assert_int_equal(f->dtor, 1);
	assert_true(vow_executor_is_closed(ex));
	vow_executor_release(ex);
}
BAD(vow_executor_is_closed, null)
{
	(void)f;
	bad_input_set_other_error();
	assert_false(vow_executor_is_closed(NULL));
	assert_int_equal(vow_last_error(), VOW_EINVAL);
}
BAD(vow_executor_release, null) { (void)f; vow_executor_release(NULL); }
BAD(vow_executor_name, null)
{
	(void)f;
	bad_input_set_other_error();
	EXPECT_NULL_EINVAL(vow_executor_name(NULL));
}

/* A job that counts how it ended: run (f->ran) or discard (f->dtor). */
struct counted_job {
	vow_job job; /* first member */
	struct fx *f;
};

static void counted_run(vow_job *job)
{
	((struct counted_job *)job)->f->ran++;
}

static void counted_discard(vow_job *job)
{
	((struct counted_job *)job)->f->dtor++;
}

static const vow_job_ops counted_ops = {
	.run = counted_run, .discard = counted_discard, .kind = VOW_JOB_MICROTASK,
};

BAD(vow_executor_post, closed)
{
	vow_executor *ex = closed_executor(&plain_ops);
	struct counted_job j = {{NULL, &counted_ops}, f};

	vow_executor_post(ex, &j.job);
	assert_int_equal(f->dtor, 1); /* discarded at once, on this thread */
	assert_int_equal(f->ran, 0);
	vow_executor_release(ex);
}

/* ---- unhandled rejections ------------------------------------------------------ */

static void rejection_cb(void *ud, vow_rejection_event ev, vow_promise *p, vow_value r)
{
	(void)ev;
	(void)p;
	(void)r;
	((struct fx *)ud)->ran++;
}

BAD(vow_executor_set_rejection_policy, ex_null) { assert_int_equal(vow_executor_set_rejection_policy(NULL, VOW_REJECTIONS_IGNORE, NULL, f), VOW_EINVAL); }
BAD(vow_executor_set_rejection_policy, unknown_policy)
{
	assert_int_equal(vow_executor_set_rejection_policy(f->ex, (vow_rejection_policy)99, rejection_cb, f), VOW_EINVAL);
	assert_int_equal(vow_executor_set_rejection_policy(f->ex, (vow_rejection_policy)-1, rejection_cb, f), VOW_EINVAL);
}
BAD(vow_executor_set_rejection_policy, callback_without_cb)
{
	vow_promise *p;

	/* A failed call leaves the previous policy in place. */
	assert_int_equal(vow_executor_set_rejection_policy(f->ex, VOW_REJECTIONS_CALLBACK, rejection_cb, f), 0);
	assert_int_equal(vow_executor_set_rejection_policy(f->ex, VOW_REJECTIONS_CALLBACK, NULL, f), VOW_EINVAL);
	assert_int_equal(vow_executor_set_rejection_policy(f->ex, (vow_rejection_policy)99, NULL, NULL), VOW_EINVAL);
	p = vow_promise_reject(f->ex, vow_int(1));
	vow_promise_release(p);
	test_loop_run(f->loop);
	assert_int_equal(f->ran, 1);
}

/* ---- vow_promise_on_settle ------------------------------------------------------- */

static void settle_note(void *ctx)
{
	((struct fx *)ctx)->ran++;
}

BAD(vow_promise_on_settle, p_null)
{
	assert_int_equal(vow_promise_on_settle(NULL, settle_note, &f->dtor, count_dtor), VOW_EINVAL);
	assert_int_equal(f->dtor, 1);
	assert_int_equal(f->ran, 0);
}
BAD(vow_promise_on_settle, fn_null)
{
	vow_resolver *r;
	vow_promise *p = test_deferred(f->ex, &r);

	assert_int_equal(vow_promise_on_settle(p, NULL, &f->dtor, count_dtor), VOW_EINVAL);
	assert_int_equal(f->dtor, 1);
	assert_false(vow_promise_is_handled(p)); /* nothing was attached */
	vow_resolver_release(r);
	vow_promise_release(p);
}

/* ---- poll sources ----------------------------------------------------------------- */

BAD(vow_poll_source_add, ex_null)
{
	EXPECT_NULL_EINVAL(vow_poll_source_add(NULL, bad_input__never_poll, &f->dtor, count_dtor));
	assert_int_equal(f->dtor, 1);
	assert_int_equal(f->ran, 0);
}
BAD(vow_poll_source_add, fn_null)
{
	EXPECT_NULL_EINVAL(vow_poll_source_add(f->ex, NULL, &f->dtor, count_dtor));
	assert_int_equal(f->dtor, 1);
}
BAD(vow_poll_source_add, no_wake)
{
	vow_inline *ie = vow_inline_new();

	assert_non_null(ie);
	EXPECT_NULL_ERR(vow_poll_source_add(vow_inline_executor(ie), bad_input__never_poll, &f->dtor, count_dtor),
			VOW_ENOTSUP);
	assert_int_equal(f->dtor, 1);
	vow_inline_free(ie);
}
BAD(vow_poll_source_add, closed)
{
	vow_executor *ex = closed_executor(&waking_ops);

	EXPECT_NULL_ERR(vow_poll_source_add(ex, bad_input__never_poll, &f->dtor, count_dtor), VOW_ESHUTDOWN);
	assert_int_equal(f->dtor, 1);
	assert_int_equal(f->ran, 0);
	vow_executor_release(ex);
}
BAD(vow_poll_source_wake, null)
{
	(void)f;
	bad_input_set_other_error();
	vow_poll_source_wake(NULL);
	assert_int_equal(vow_last_error(), VOW_EINVAL);
}
BAD(vow_poll_source_remove, null) { (void)f; vow_poll_source_remove(NULL); }
BAD(vow_executor_poll, null)
{
	(void)f;
	bad_input_set_other_error();
	assert_int_equal(vow_executor_poll(NULL), VOW_POLL_IDLE);
	assert_int_equal(vow_last_error(), VOW_EINVAL);
}

static const struct row rows[] = {
	ROW(vow_executor_new, ops_null), ROW(vow_executor_new, post_null),
	ROW(vow_executor_new, track_missing), ROW(vow_executor_new, unknown_tracking),
	ROW(vow_executor_enter, null), ROW(vow_executor_enter, closed),
	ROW(vow_executor_leave, null), ROW(vow_executor_leave, not_entered),
	ROW(vow_executor_current, none),
	ROW(vow_executor_close, null), ROW(vow_executor_close, twice),
	PRE(vow_executor_close, own_thread),
	ROW(vow_executor_is_closed, null),
	ROW(vow_executor_release, null), PRE(vow_executor_release, open),
	ROW(vow_executor_name, null),
	PRE(vow_executor_post, ex_null), PRE(vow_executor_post, job_null),
	ROW(vow_executor_post, closed),
	ROW(vow_executor_set_rejection_policy, ex_null),
	ROW(vow_executor_set_rejection_policy, unknown_policy),
	ROW(vow_executor_set_rejection_policy, callback_without_cb),
	PRE(vow_executor_report_rejection, null),
	ROW(vow_promise_on_settle, p_null), ROW(vow_promise_on_settle, fn_null),
	ROW(vow_poll_source_add, ex_null), ROW(vow_poll_source_add, fn_null),
	ROW(vow_poll_source_add, no_wake), ROW(vow_poll_source_add, closed),
	ROW(vow_poll_source_wake, null), PRE(vow_poll_source_wake, removed),
	ROW(vow_poll_source_remove, null), PRE(vow_poll_source_remove, twice),
	PRE(vow_poll_source_remove, after_close),
	ROW(vow_executor_poll, null),
};

BAD_INPUT_MAIN("bad_input_executor", rows)
