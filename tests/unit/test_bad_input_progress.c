/*
 * test_bad_input_progress.c - every public function of progress.h with
 * NULL arguments or in the wrong state, as one table (bad_input.h);
 * docs/bad-input.md, section progress.h, lists the same IDs.
 */
#include "bad_input.h"

static void never_runs(void *ctx, vow_value v)
{
	(void)ctx;
	(void)v;
	fail_msg("a progress listener ran");
}

BAD(vow_promise_on_progress, null_promise)
{
	assert_int_equal(vow_promise_on_progress(NULL, never_runs, &f->dtor, count_dtor), VOW_EINVAL);
	assert_int_equal(f->dtor, 1);
}
BAD(vow_promise_on_progress, null_fn)
{
	vow_resolver *r;
	vow_promise *p = vow_promise_with_resolvers(f->ex, &r);

	assert_int_equal(vow_promise_on_progress(p, NULL, &f->dtor, count_dtor), VOW_EINVAL);
	assert_int_equal(f->dtor, 1);
	assert_false(vow_promise_is_handled(p));
	vow_resolver_release(r);
	vow_promise_release(p);
}
BAD(vow_promise_on_progress, settled)
{
	vow_promise *p = vow_promise_resolve(f->ex, vow_int(1));

	assert_int_equal(vow_promise_on_progress(p, never_runs, &f->dtor, count_dtor), VOW_EALREADY);
	assert_int_equal(f->dtor, 1);
	assert_false(vow_promise_is_handled(p));
	vow_promise_release(p);
}
BAD(vow_resolver_progress, null)
{
	assert_int_equal(vow_resolver_progress(NULL, vow_box(&f->dtor, count_dtor)), VOW_EINVAL);
	assert_int_equal(f->dtor, 1);
}
BAD(vow_resolver_progress, resolved)
{
	vow_resolver *r, *r2;
	vow_promise *p = vow_promise_with_resolvers(f->ex, &r);
	vow_promise *pending = vow_promise_with_resolvers(f->ex, &r2);

	/* The rejection below is on purpose. */
	assert_int_equal(vow_executor_set_rejection_policy(f->ex, VOW_REJECTIONS_IGNORE, NULL, NULL), 0);
	assert_int_equal(vow_promise_on_progress(p, never_runs, NULL, NULL), 0);
	/* Resolved with a pending promise: p stays pending, r is used. */
	assert_int_equal(vow_resolver_resolve(r, vow_value_promise(vow_promise_dup(pending))), 0);
	assert_int_equal(vow_promise_state(p), VOW_PENDING);
	assert_int_equal(vow_resolver_progress(r, vow_box(&f->dtor, count_dtor)), VOW_EALREADY);
	assert_int_equal(f->dtor, 1);
	vow_resolver_reject(r2, vow_int(0));
	assert_int_equal(vow_resolver_progress(r2, vow_box(&f->dtor, count_dtor)), VOW_EALREADY);
	assert_int_equal(f->dtor, 2);
	vow_resolver_release(r);
	vow_resolver_release(r2);
	vow_promise_release(p);
	vow_promise_release(pending);
}
BAD(vow_resolver_progress, unheard)
{
	vow_resolver *r;
	vow_promise *p = vow_promise_with_resolvers(f->ex, &r);

	assert_int_equal(vow_resolver_progress(r, vow_box(&f->dtor, count_dtor)), 0);
	assert_int_equal(f->dtor, 1);
	vow_resolver_release(r);
	vow_promise_release(p);
}

static const struct row rows[] = {
	ROW(vow_promise_on_progress, null_promise), ROW(vow_promise_on_progress, null_fn),
	ROW(vow_promise_on_progress, settled),
	ROW(vow_resolver_progress, null), ROW(vow_resolver_progress, resolved),
	ROW(vow_resolver_progress, unheard),
};

BAD_INPUT_MAIN("bad_input_progress", rows)
