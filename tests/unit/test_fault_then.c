/*
 * test_fault_then.c - fault injection over then / catch / finally chains on
 * the loop, with the constructors that start them (resolve, reject, new,
 * try, withResolvers): the N-th allocation fails, for every N the scenario
 * makes (see fault.h for the invariants every run checks).
 */
#include "fault.h"

enum { NCTX = 12 };

static vow_executor *g_ex; /* the run's loop executor, for handlers */

/* Handlers run once, before their context's destructor. */
static struct fault_ctx *enter(void *ctx)
{
	struct fault_ctx *c = ctx;

	assert_int_equal(c->dtor, 0);
	c->ran++;
	assert_int_equal(c->ran, 1);
	return c;
}

/* An out-of-memory reason travels on untouched. */
static bool is_oom(vow_value v)
{
	return vow_error_code(v) == VOW_ENOMEM;
}

static vow_outcome add_one(void *ctx, vow_value v)
{
	enter(ctx);
	assert_int_equal(v.kind, VOW_INT);
	return vow_return(vow_int(v.as.i + 1));
}

/* Throws a heap error; if that cannot be made, it is the OOM error. */
static vow_outcome throw_error(void *ctx, vow_value v)
{
	enter(ctx);
	return vow_throw(vow_error(7, "bad %lld", (long long)v.as.i));
}

static vow_outcome recover(void *ctx, vow_value reason)
{
	enter(ctx);
	if (is_oom(reason))
		return vow_throw(vow_value_dup(reason));
	assert_int_equal(vow_error_code(reason), 7);
	assert_string_equal(vow_error_message(reason), "bad 2");
	return vow_return(vow_int(10));
}

static vow_outcome fin_ok(void *ctx)
{
	enter(ctx);
	return vow_return(vow_undefined());
}

/* Returns a promise for v + 1: the derived promise adopts it. */
static vow_outcome return_promise(void *ctx, vow_value v)
{
	vow_promise *q;

	enter(ctx);
	q = vow_promise_resolve(g_ex, vow_int(v.as.i + 1));
	if (q == NULL) {
		assert_int_equal(vow_last_error(), VOW_ENOMEM);
		return vow_throw(vow_error(VOW_ENOMEM, "no promise"));
	}
	return vow_return(vow_value_promise(q));
}

/* finally whose callback returns a rejected promise: its reason wins. */
static vow_outcome fin_reject(void *ctx)
{
	vow_promise *q;

	enter(ctx);
	q = vow_promise_reject(g_ex, vow_error(42, "from finally"));
	if (q == NULL)
		return vow_throw(vow_error(VOW_ENOMEM, "no promise"));
	return vow_return(vow_value_promise(q));
}

static vow_outcome reason_code(void *ctx, vow_value reason)
{
	enter(ctx);
	if (is_oom(reason))
		return vow_throw(vow_value_dup(reason));
	return vow_return(vow_int(vow_error_code(reason)));
}

static vow_outcome executor_resolves(void *ctx, vow_resolver *r)
{
	(void)ctx;
	assert_int_equal(vow_resolver_resolve(r, vow_int(5)), 0);
	return vow_return(vow_undefined());
}

static vow_outcome try_body(void *ctx)
{
	(void)ctx;
	return vow_return(vow_str("tried"));
}

static void resolve_later(void *ctx)
{
	vow_resolver *r = ctx;

	assert_int_equal(vow_resolver_resolve(r, vow_int(100)), 0);
	vow_resolver_release(r);
}

/* then(p) if p exists; records whether context i was handed over. */
static vow_promise *then_ck(vow_promise *p, vow_handler_fn f, vow_handler_fn r,
			    struct fault_ctx *c, bool *used)
{
	vow_promise *d;

	if (p == NULL)
		return NULL;
	*used = true;
	d = vow_promise_then(p, f, r, c, fault_ctx_dtor);
	fault_check_null(d);
	if (d == NULL)
		assert_int_equal(c->dtor, 1); /* at once, on failure */
	return d;
}

static vow_promise *finally_ck(vow_promise *p, vow_thunk_fn f, struct fault_ctx *c, bool *used)
{
	vow_promise *d;

	if (p == NULL)
		return NULL;
	*used = true;
	d = vow_promise_finally(p, f, c, fault_ctx_dtor);
	fault_check_null(d);
	if (d == NULL)
		assert_int_equal(c->dtor, 1);
	return d;
}

/* Settled, and either the expected int or an out-of-memory rejection. */
static void check_int(vow_promise *p, int64_t want)
{
	if (p == NULL)
		return;
	assert_int_not_equal(vow_promise_state(p), VOW_PENDING);
	if (fault_is_oom_rejection(p)) {
		assert_true(fault_happened());
		return;
	}
	assert_int_equal(vow_promise_state(p), VOW_FULFILLED);
	assert_int_equal(vow_promise_result(p).kind, VOW_INT);
	assert_int_equal(vow_promise_result(p).as.i, want);
}

static void scenario_chain(void *arg)
{
	struct fault_ctx c[NCTX];
	bool used[NCTX];
	vow_promise *ps[16] = { NULL };
	vow_resolver *res = NULL;
	vow_loop *loop;
	size_t np = 0;

	(void)arg;
	memset(c, 0, sizeof c);
	memset(used, 0, sizeof used);
	fault_rejection_events = 0;
	loop = vow_loop_new(0);
	fault_check_null(loop);
	if (loop == NULL)
		return;
	g_ex = vow_loop_executor(loop);
	assert_int_equal(vow_executor_set_rejection_policy(g_ex, VOW_REJECTIONS_CALLBACK,
							   fault_on_rejection, NULL), 0);

	/* 1 -> 2 -> throw "bad 2" -> 10 -> finally -> 11 (adopted) -> finally rejects 42 -> 42 */
	ps[0] = vow_promise_resolve(g_ex, vow_int(1));
	fault_check_null(ps[0]);
	ps[1] = then_ck(ps[0], add_one, NULL, &c[0], &used[0]);
	ps[2] = then_ck(ps[1], throw_error, NULL, &c[1], &used[1]);
	ps[3] = then_ck(ps[2], NULL, recover, &c[2], &used[2]);
	ps[4] = finally_ck(ps[3], fin_ok, &c[3], &used[3]);
	ps[5] = then_ck(ps[4], return_promise, NULL, &c[4], &used[4]);
	ps[6] = finally_ck(ps[5], fin_reject, &c[5], &used[5]);
	ps[7] = then_ck(ps[6], add_one, reason_code, &c[6], &used[6]);

	/* A pending promise settled by a microtask, with two reactions. */
	ps[8] = vow_promise_with_resolvers(g_ex, &res);
	fault_check_null(ps[8]);
	if (ps[8] == NULL)
		assert_null(res);
	ps[9] = then_ck(ps[8], add_one, NULL, &c[7], &used[7]);
	ps[10] = finally_ck(ps[8], fin_ok, &c[8], &used[8]);
	if (res != NULL) {
		int rc = vow_loop_queue_microtask(loop, resolve_later, res, NULL);

		fault_check_rc(rc);
		if (rc != 0)
			resolve_later(res); /* settle it now instead */
	}

	/* new Promise(executor), Promise.try, Promise.reject + catch */
	ps[11] = vow_promise_new(g_ex, executor_resolves, NULL);
	fault_check_null(ps[11]);
	ps[12] = then_ck(ps[11], add_one, NULL, &c[9], &used[9]);
	ps[13] = vow_promise_try(g_ex, try_body, NULL);
	fault_check_null(ps[13]);
	ps[14] = vow_promise_reject(g_ex, vow_error(9, "rejected"));
	fault_check_null(ps[14]);
	ps[15] = then_ck(ps[14], NULL, reason_code, &c[10], &used[10]);
	np = 16;

	assert_int_equal(vow_loop_run(loop), 0);

	/* Every promise that was made is settled: none is left half-resolved. */
	for (size_t i = 0; i < np; i++)
		if (ps[i] != NULL)
			assert_int_not_equal(vow_promise_state(ps[i]), VOW_PENDING);
	check_int(ps[1], 2);
	check_int(ps[3], 10);
	check_int(ps[4], 10);
	check_int(ps[5], 11);
	check_int(ps[7], 42);
	check_int(ps[9], 101);
	check_int(ps[10], 100);
	check_int(ps[12], 6);
	check_int(ps[15], 9);
	/* The body's vow_str() may itself give the OOM error: it is the value. */
	if (ps[13] != NULL && vow_error_code(vow_promise_result(ps[13])) != VOW_ENOMEM)
		assert_string_equal(vow_str_cstr(vow_promise_result(ps[13])), "tried");
	if (!fault__armed) {
		/* The clean run: every link exists and nothing went unhandled. */
		for (size_t i = 0; i < np; i++)
			assert_non_null(ps[i]);
		assert_int_equal(fault_rejection_events, 0);
		assert_int_equal(c[4].ran, 1);
	}
	for (size_t i = 0; i < np; i++)
		vow_promise_release(ps[i]);
	vow_loop_free(loop);
	fault_ctx_check_all(c, NCTX, used);
}

static void test_fault_then_chain(void **state)
{
	(void)state;
	fault_sweep("then/catch/finally chain", scenario_chain, NULL, true);
}

static vow_outcome never_then(void *self, vow_resolver *r)
{
	(void)self;
	(void)r;
	fail_msg("then() of a thenable whose adoption job was discarded");
	return vow_return(vow_undefined());
}

static void count_release(void *self)
{
	(*(int *)self)++;
}

static const vow_thenable_ops never_ops = { never_then, count_release };

/*
 * A chain that is never run: the loop is freed with the reactions still
 * queued or attached, so contexts are destroyed by the discard path.
 */
static void scenario_discarded(void *arg)
{
	struct fault_ctx c[4];
	bool used[4] = { false };
	vow_promise *p0, *p1, *p2, *p3, *t;
	vow_resolver *res;
	vow_loop *loop;
	int released = 0;

	(void)arg;
	memset(c, 0, sizeof c);
	loop = vow_loop_new(0);
	fault_check_null(loop);
	if (loop == NULL)
		return;
	g_ex = vow_loop_executor(loop);
	p0 = vow_promise_resolve(g_ex, vow_str("x"));
	fault_check_null(p0);
	p1 = then_ck(p0, add_one, NULL, &c[0], &used[0]);
	p2 = finally_ck(p1, fin_ok, &c[1], &used[1]);
	p3 = then_ck(p2, NULL, reason_code, &c[2], &used[2]);
	/* Adoption jobs queued, never run: a promise and a foreign thenable. */
	if (p3 != NULL) {
		vow_promise *a = vow_promise_with_resolvers(g_ex, &res);

		fault_check_null(a);
		if (a != NULL) {
			assert_int_equal(vow_resolver_resolve(res, vow_value_promise(
								     vow_promise_dup(p3))), 0);
			vow_resolver_release(res);
			vow_promise_release(a);
		}
	}
	t = vow_promise_resolve(g_ex, vow_thenable(&never_ops, &released));
	fault_check_null(t);
	vow_promise_release(t);
	vow_promise_release(p0);
	vow_promise_release(p1);
	vow_promise_release(p2);
	vow_promise_release(p3);
	vow_loop_free(loop);
	for (int i = 0; i < 3; i++)
		assert_int_equal(c[i].ran, 0);
	fault_ctx_check_all(c, 4, used);
	assert_int_equal(released, 1); /* made or not, released once */
}

static void test_fault_then_discarded(void **state)
{
	(void)state;
	fault_sweep("then chain, never run", scenario_discarded, NULL, true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fault_then_chain),
		cmocka_unit_test(test_fault_then_discarded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
