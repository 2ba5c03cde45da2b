/*
 * test_promise_ctx_dtor.c - the handler-context contract of then / catch /
 * finally: ctx_dtor runs exactly once, after the handler ran, when the other
 * handler of the pair ran, when the reaction is discarded (the promise
 * never settles and goes away; the loop is freed first), and at once when
 * the call fails.
 */
#include "trace.h"

/* ---- the ctx_dtor contract: exactly once, in every case ----------------------- */

struct dctx {
	int dtor;
	int ran;
};

static void dctx_dtor(void *ctx)
{
	((struct dctx *)ctx)->dtor++;
}

static vow_outcome dctx_handler(void *ctx, vow_value v)
{
	struct dctx *c = ctx;

	(void)v;
	assert_int_equal(c->dtor, 0); /* the dtor runs after the handler */
	c->ran++;
	return vow_return(vow_undefined());
}

static vow_outcome dctx_thunk(void *ctx)
{
	((struct dctx *)ctx)->ran++;
	return vow_return(vow_undefined());
}

static void test_ctx_dtor_after_handler(void **state)
{
	vow_loop *loop = test_loop_new();
	struct dctx c = {0, 0};
	vow_promise *p = vow_promise_resolve(vow_loop_executor(loop), vow_int(1));
	vow_promise *d = vow_promise_then(p, dctx_handler, dctx_handler, &c, dctx_dtor);

	(void)state;
	assert_int_equal(c.dtor, 0);
	test_loop_run(loop);
	assert_int_equal(c.ran, 1);
	assert_int_equal(c.dtor, 1);
	vow_promise_release(p);
	vow_promise_release(d);
	vow_loop_free(loop);
	assert_int_equal(c.dtor, 1);
}

/* Only on_fulfilled given, the promise rejects: on_fulfilled never runs. */
static void test_ctx_dtor_when_other_handler_ran(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_executor *ex = vow_loop_executor(loop);
	struct dctx c1 = {0, 0}, c2 = {0, 0};
	vow_promise *r = vow_promise_reject(ex, vow_int(1));
	vow_promise *f = vow_promise_resolve(ex, vow_int(1));
	vow_promise *d1 = vow_promise_then(r, dctx_handler, NULL, &c1, dctx_dtor);
	vow_promise *d2 = vow_promise_catch(f, dctx_handler, &c2, dctx_dtor);

	(void)state;
	test_loop_run(loop);
	assert_int_equal(c1.ran, 0);
	assert_int_equal(c1.dtor, 1);
	assert_int_equal(c2.ran, 0);
	assert_int_equal(c2.dtor, 1);
	vow_promise_release(r);
	vow_promise_release(f);
	vow_promise_release(d1);
	vow_promise_release(d2);
	vow_loop_free(loop);
	assert_int_equal(c1.dtor, 1);
	assert_int_equal(c2.dtor, 1);
}

/* The promise never settles; its last reference goes: reactions are discarded. */
static void test_ctx_dtor_never_settled_released(void **state)
{
	vow_loop *loop = test_loop_new();
	struct dctx c = {0, 0}, cf = {0, 0};
	vow_resolver *r;
	vow_promise *p = test_deferred(vow_loop_executor(loop), &r);
	vow_promise *d = vow_promise_then(p, dctx_handler, dctx_handler, &c, dctx_dtor);
	vow_promise *df = vow_promise_finally(p, dctx_thunk, &cf, dctx_dtor);

	(void)state;
	test_loop_run(loop);
	assert_int_equal(c.dtor, 0);
	vow_promise_release(d);
	vow_promise_release(df);
	vow_promise_release(p);
	assert_int_equal(c.dtor, 0); /* the resolver still holds p */
	vow_resolver_release(r);
	assert_int_equal(c.ran, 0);
	assert_int_equal(c.dtor, 1);
	assert_int_equal(cf.ran, 0);
	assert_int_equal(cf.dtor, 1);
	vow_loop_free(loop);
	assert_int_equal(c.dtor, 1);
	assert_int_equal(cf.dtor, 1);
}

/* The reaction job is queued but the loop is freed before it runs. */
static void test_ctx_dtor_discarded_on_loop_free(void **state)
{
	vow_loop *loop = test_loop_new();
	struct dctx c = {0, 0};
	vow_promise *p = vow_promise_resolve(vow_loop_executor(loop), vow_int(1));
	vow_promise *d = vow_promise_then(p, dctx_handler, dctx_handler, &c, dctx_dtor);

	(void)state;
	vow_promise_release(p);
	vow_promise_release(d);
	assert_int_equal(c.dtor, 0);
	vow_loop_free(loop);
	assert_int_equal(c.ran, 0);
	assert_int_equal(c.dtor, 1);
}

static void test_ctx_dtor_when_then_fails(void **state)
{
	struct dctx c = {0, 0};

	(void)state;
	assert_null(vow_promise_then(NULL, dctx_handler, dctx_handler, &c, dctx_dtor));
	assert_int_equal(vow_last_error(), VOW_EINVAL);
	assert_int_equal(c.dtor, 1);
	assert_null(vow_promise_catch(NULL, dctx_handler, &c, dctx_dtor));
	assert_int_equal(c.dtor, 2);
	assert_null(vow_promise_finally(NULL, trace_thunk, &c, dctx_dtor));
	assert_int_equal(c.dtor, 3);
	assert_null(vow_promise_finally(NULL, NULL, &c, dctx_dtor));
	assert_int_equal(c.dtor, 4);
	assert_int_equal(c.ran, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ctx_dtor_after_handler),
		cmocka_unit_test(test_ctx_dtor_when_other_handler_ran),
		cmocka_unit_test(test_ctx_dtor_never_settled_released),
		cmocka_unit_test(test_ctx_dtor_discarded_on_loop_free),
		cmocka_unit_test(test_ctx_dtor_when_then_fails),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
