/*
 * test_promise_executor_fn.c - the executor function of vow_promise_new
 * (runs synchronously; throw rejects; a throw after resolve is ignored; an
 * invalid outcome rejects with a TypeError) and Promise.try.
 */
#include "trace.h"

/* ---- the executor function ----------------------------------------------------- */

struct exec_ctx {
	int action;            /* what the executor function does, see below */
	int *box_dtor;         /* counts releases of the value it throws/returns */
	vow_resolver *kept;    /* action 5: kept for a timer */
	vow_promise *seen;     /* the promise being constructed */
	int resolve_rc;
};

enum { EX_RESOLVE, EX_THROW, EX_RESOLVE_THEN_THROW, EX_ZERO, EX_RETURN_BOX,
       EX_KEEP, EX_REJECT_THEN_RESOLVE, EX_BAD_KIND };

static vow_outcome exec_fn(void *ctx, vow_resolver *r)
{
	struct exec_ctx *c = ctx;
	vow_outcome bad = {0, vow_undefined()};

	trace_add("exec");
	c->seen = vow_resolver_promise(r);
	assert_int_equal(vow_promise_state(c->seen), VOW_PENDING);
	switch (c->action) {
	case EX_RESOLVE:
		c->resolve_rc = vow_resolver_resolve(r, vow_int(1));
		return vow_return(vow_undefined());
	case EX_THROW:
		return vow_throw(vow_str("thrown"));
	case EX_RESOLVE_THEN_THROW:
		c->resolve_rc = vow_resolver_resolve(r, vow_int(1));
		return vow_throw(vow_box(c->box_dtor, count_dtor));
	case EX_ZERO:
		return bad;
	case EX_BAD_KIND:
		bad.kind = 7;
		return bad;
	case EX_RETURN_BOX:
		return vow_return(vow_box(c->box_dtor, count_dtor));
	case EX_KEEP:
		c->kept = vow_resolver_dup(r);
		return vow_return(vow_undefined());
	case EX_REJECT_THEN_RESOLVE:
		vow_resolver_reject(r, vow_str("first"));
		c->resolve_rc = vow_resolver_resolve(r, vow_int(2));
		return vow_return(vow_undefined());
	}
	return bad;
}

static vow_promise *make(vow_executor *ex, struct exec_ctx *c)
{
	vow_promise *p;

	trace_reset();
	p = vow_promise_new(ex, exec_fn, c);
	trace_add("after");
	assert_non_null(p);
	assert_ptr_equal(c->seen, p);
	/* The executor function ran synchronously, before new returned. */
	assert_trace("exec after");
	return p;
}

static void test_executor_runs_synchronously(void **state)
{
	vow_loop *loop = test_loop_new();
	struct exec_ctx c = {.action = EX_RESOLVE};
	vow_promise *p = make(vow_loop_executor(loop), &c);

	(void)state;
	assert_int_equal(c.resolve_rc, 0);
	assert_int_equal(vow_promise_state(p), VOW_FULFILLED);
	assert_int_equal(vow_promise_result(p).as.i, 1);
	vow_promise_release(p);
	vow_loop_free(loop);
}

static void test_executor_throw_rejects(void **state)
{
	vow_loop *loop = test_loop_new();
	struct exec_ctx c = {.action = EX_THROW};
	vow_promise *p = make(vow_loop_executor(loop), &c);

	(void)state;
	assert_int_equal(vow_promise_state(p), VOW_REJECTED);
	assert_string_equal(vow_str_cstr(vow_promise_result(p)), "thrown");
	vow_promise_release(p);
	vow_loop_free(loop);
}

static void test_executor_throw_after_resolve_ignored(void **state)
{
	vow_loop *loop = test_loop_new();
	int dtor = 0;
	struct exec_ctx c = {.action = EX_RESOLVE_THEN_THROW, .box_dtor = &dtor};
	vow_promise *p = make(vow_loop_executor(loop), &c);

	(void)state;
	assert_int_equal(vow_promise_state(p), VOW_FULFILLED);
	assert_int_equal(vow_promise_result(p).as.i, 1);
	assert_int_equal(dtor, 1); /* the ignored thrown value was released */
	vow_promise_release(p);
	vow_loop_free(loop);
}

static void test_executor_reject_then_resolve(void **state)
{
	vow_loop *loop = test_loop_new();
	struct exec_ctx c = {.action = EX_REJECT_THEN_RESOLVE};
	vow_promise *p = make(vow_loop_executor(loop), &c);

	(void)state;
	assert_int_equal(c.resolve_rc, VOW_EALREADY);
	assert_int_equal(vow_promise_state(p), VOW_REJECTED);
	assert_string_equal(vow_str_cstr(vow_promise_result(p)), "first");
	vow_promise_release(p);
	vow_loop_free(loop);
}

static void test_executor_invalid_outcome(void **state)
{
	vow_loop *loop = test_loop_new();
	struct exec_ctx c0 = {.action = EX_ZERO}, c7 = {.action = EX_BAD_KIND};
	vow_promise *p0 = make(vow_loop_executor(loop), &c0);
	vow_promise *p7 = make(vow_loop_executor(loop), &c7);

	(void)state;
	assert_int_equal(vow_promise_state(p0), VOW_REJECTED);
	assert_string_equal(vow_error_name(vow_promise_result(p0)), "TypeError");
	assert_int_equal(vow_error_code(vow_promise_result(p0)), VOW_EBADOUTCOME);
	assert_int_equal(vow_promise_state(p7), VOW_REJECTED);
	assert_string_equal(vow_error_name(vow_promise_result(p7)), "TypeError");
	assert_int_equal(vow_error_code(vow_promise_result(p7)), VOW_EBADOUTCOME);
	vow_promise_release(p0);
	vow_promise_release(p7);
	vow_loop_free(loop);
}

static void test_executor_return_value_released(void **state)
{
	vow_loop *loop = test_loop_new();
	int dtor = 0;
	struct exec_ctx c = {.action = EX_RETURN_BOX, .box_dtor = &dtor};
	vow_promise *p = make(vow_loop_executor(loop), &c);

	(void)state;
	/* A return outcome does not resolve: the promise stays pending. */
	assert_int_equal(vow_promise_state(p), VOW_PENDING);
	assert_int_equal(dtor, 1);
	vow_promise_release(p);
	vow_loop_free(loop);
}

static void settle_kept(void *ctx)
{
	struct exec_ctx *c = ctx;

	trace_add("timer");
	assert_int_equal(vow_resolver_resolve(c->kept, vow_str("late")), 0);
	vow_resolver_release(c->kept);
	c->kept = NULL;
}

/* The executor keeps its resolver and settles it later, from a timer. */
static void test_executor_keeps_resolver(void **state)
{
	vow_loop *loop = test_loop_new();
	struct exec_ctx c = {.action = EX_KEEP};
	vow_promise *p = make(vow_loop_executor(loop), &c);

	(void)state;
	assert_non_null(c.kept);
	assert_int_not_equal(vow_loop_set_timeout(loop, settle_kept, &c, NULL, 10), 0);
	trace_then(p, trace_pass, NULL, "p");
	test_loop_run(loop);
	assert_trace("exec after timer p:late");
	assert_null(c.kept);
	assert_int_equal(vow_promise_state(p), VOW_FULFILLED);
	vow_promise_release(p);
	vow_loop_free(loop);
}

/* ---- Promise.try ---------------------------------------------------------------- */

static vow_outcome try_body(void *ctx)
{
	int action = *(int *)ctx;
	vow_outcome bad = {0, vow_undefined()};

	trace_add("body");
	if (action == 0)
		return vow_return(vow_int(3));
	if (action == 1)
		return vow_throw(vow_str("t"));
	return bad;
}

static void test_promise_try(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_executor *ex = vow_loop_executor(loop);
	int a0 = 0, a1 = 1, a2 = 2;
	vow_promise *p0, *p1, *p2;

	(void)state;
	trace_reset();
	p0 = vow_promise_try(ex, try_body, &a0);
	p1 = vow_promise_try(ex, try_body, &a1);
	p2 = vow_promise_try(ex, try_body, &a2);
	trace_add("after");
	assert_trace("body body body after");
	assert_int_equal(vow_promise_state(p0), VOW_FULFILLED);
	assert_int_equal(vow_promise_result(p0).as.i, 3);
	assert_int_equal(vow_promise_state(p1), VOW_REJECTED);
	assert_string_equal(vow_str_cstr(vow_promise_result(p1)), "t");
	assert_int_equal(vow_promise_state(p2), VOW_REJECTED);
	assert_int_equal(vow_error_code(vow_promise_result(p2)), VOW_EBADOUTCOME);
	vow_promise_release(p0);
	vow_promise_release(p1);
	vow_promise_release(p2);
	vow_loop_free(loop);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_executor_runs_synchronously),
		cmocka_unit_test(test_executor_throw_rejects),
		cmocka_unit_test(test_executor_throw_after_resolve_ignored),
		cmocka_unit_test(test_executor_reject_then_resolve),
		cmocka_unit_test(test_executor_invalid_outcome),
		cmocka_unit_test(test_executor_return_value_released),
		cmocka_unit_test(test_executor_keeps_resolver),
		cmocka_unit_test(test_promise_try),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
