/*
 * test_fault_thenable.c - fault injection over adoption: promises resolved
 * with vow promises and with foreign thenables (NewPromiseResolveThenableJob
 * and its resolver pair), from resolvers, handlers, executor functions and
 * Promise.resolve: the N-th allocation fails, for every N the scenario
 * makes (fault.h).
 *
 * Every run: each promise made settles, with the expected value or reason
 * or with the out-of-memory error; each thenable is released exactly once
 * and its then() called at most once; contexts are destroyed exactly once.
 */
#include "fault.h"

enum script {
	T_RESOLVE,        /* resolve(n) inside then() */
	T_RESOLVE_NESTED, /* resolve(another thenable, which resolves n) */
	T_THROW_AFTER,    /* resolve(n), then throw (ignored) */
	T_REJECT,         /* reject(n) */
	T_TIMER,          /* keeps the resolver, resolves n from a timer */
	T_THROW,          /* throws n */
};

struct ft {
	enum script script;
	int64_t n;
	int then_calls;
	int released;
	bool made;          /* a thenable value exists (release owed) */
	struct ft *nested;  /* T_RESOLVE_NESTED */
	vow_resolver *kept; /* T_TIMER */
};

static vow_loop *g_loop;

static void ft_release(void *self)
{
	((struct ft *)self)->released++;
}

static vow_outcome ft_then(void *self, vow_resolver *r);
static const vow_thenable_ops ft_ops = { ft_then, ft_release };

/* A thenable value for t, or the OOM error (then t was released at once). */
static vow_value ft_value(struct ft *t)
{
	t->made = true;
	return vow_thenable(&ft_ops, t);
}

static void ft_timer(void *ctx)
{
	struct ft *t = ctx;

	assert_int_equal(vow_resolver_resolve(t->kept, vow_int(t->n)), 0);
	vow_resolver_release(t->kept);
	t->kept = NULL;
}

static vow_outcome ft_then(void *self, vow_resolver *r)
{
	struct ft *t = self;

	t->then_calls++;
	assert_int_equal(t->then_calls, 1);
	switch (t->script) {
	case T_RESOLVE:
		assert_int_equal(vow_resolver_resolve(r, vow_int(t->n)), 0);
		break;
	case T_RESOLVE_NESTED:
		/* If the nested thenable cannot be made, that resolves with the OOM error. */
		assert_int_equal(vow_resolver_resolve(r, ft_value(t->nested)), 0);
		break;
	case T_THROW_AFTER:
		assert_int_equal(vow_resolver_resolve(r, vow_int(t->n)), 0);
		return vow_throw(vow_int(-1));
	case T_REJECT:
		assert_int_equal(vow_resolver_reject(r, vow_int(t->n)), 0);
		break;
	case T_TIMER:
		t->kept = vow_resolver_dup(r);
		if (vow_loop_set_timeout(g_loop, ft_timer, t, NULL, 5) == 0) {
			assert_true(fault_happened());
			vow_resolver_release(t->kept);
			t->kept = NULL;
			return vow_throw(vow_error(VOW_ENOMEM, "no timer"));
		}
		break;
	case T_THROW:
		return vow_throw(vow_int(t->n));
	}
	return vow_return(vow_undefined());
}

/* ---- the scenario ------------------------------------------------------------ */

enum { NFT = 8, NP = 10, NCTX = 2 };

struct run {
	struct ft ft[NFT];
	vow_promise *p[NP];
	struct fault_ctx c[NCTX];
	bool used[NCTX];
	vow_resolver *res_inner;
};

static struct run *g_run;

/* A handler returning a thenable: the derived promise adopts it. */
static vow_outcome return_thenable(void *ctx, vow_value v)
{
	struct fault_ctx *c = ctx;

	(void)v;
	assert_int_equal(c->dtor, 0);
	c->ran++;
	return vow_return(ft_value(&g_run->ft[c->tag]));
}

/* An executor function resolving with a thenable. */
static vow_outcome executor_adopts(void *ctx, vow_resolver *r)
{
	assert_int_equal(vow_resolver_resolve(r, ft_value(ctx)), 0);
	return vow_return(vow_undefined());
}

static void resolve_inner(void *ctx)
{
	struct run *r = ctx;

	assert_int_equal(vow_resolver_resolve(r->res_inner, vow_int(60)), 0);
	vow_resolver_release(r->res_inner);
	r->res_inner = NULL;
}

/*
 * Settled as st with want, or with the OOM error: rejected with it, or
 * fulfilled with it where the thenable value itself could not be made
 * (vow_thenable() then returns the OOM error, a plain value).
 */
static void check_at(int which, vow_promise *p, vow_state st, int64_t want)
{
	vow_value v;

	if (p == NULL)
		return;
	assert_int_not_equal(vow_promise_state(p), VOW_PENDING);
	v = vow_promise_result(p);
	if (vow_error_code(v) == VOW_ENOMEM) {
		assert_true(fault_happened());
		return;
	}
	if (vow_promise_state(p) != st || v.kind != VOW_INT || v.as.i != want)
		fail_msg("promise %d: state %d, value kind %d (%lld, code %d); expected state %d, %lld",
			 which, (int)vow_promise_state(p), (int)v.kind, (long long)v.as.i,
			 vow_error_code(v), (int)st, (long long)want);
}

#define check(p, st, want) check_at(__LINE__, (p), (st), (want))

static void scenario_adoption(void *arg)
{
	struct run run;
	struct run *r = &run;
	vow_executor *ex;
	vow_promise *inner = NULL, *base;
	vow_resolver *res;

	(void)arg;
	memset(r, 0, sizeof *r);
	g_run = r;
	r->ft[0] = (struct ft){ .script = T_RESOLVE, .n = 10 };
	r->ft[1] = (struct ft){ .script = T_RESOLVE_NESTED, .n = 0, .nested = &r->ft[2] };
	r->ft[2] = (struct ft){ .script = T_RESOLVE, .n = 20 };
	r->ft[3] = (struct ft){ .script = T_THROW_AFTER, .n = 30 };
	r->ft[4] = (struct ft){ .script = T_REJECT, .n = 40 };
	r->ft[5] = (struct ft){ .script = T_TIMER, .n = 50 };
	r->ft[6] = (struct ft){ .script = T_THROW, .n = 70 };
	r->ft[7] = (struct ft){ .script = T_RESOLVE, .n = 80 };
	fault_rejection_events = 0;
	g_loop = vow_loop_new(VOW_LOOP_VIRTUAL_CLOCK);
	fault_check_null(g_loop);
	if (g_loop == NULL)
		return;
	ex = vow_loop_executor(g_loop);
	assert_int_equal(vow_executor_set_rejection_policy(ex, VOW_REJECTIONS_CALLBACK,
							   fault_on_rejection, NULL), 0);

	/* Promise.resolve(thenable) for each script. */
	r->p[0] = vow_promise_resolve(ex, ft_value(&r->ft[0]));
	r->p[1] = vow_promise_resolve(ex, ft_value(&r->ft[1]));
	r->p[2] = vow_promise_resolve(ex, ft_value(&r->ft[3]));
	r->p[3] = vow_promise_resolve(ex, ft_value(&r->ft[4]));
	r->p[4] = vow_promise_resolve(ex, ft_value(&r->ft[5]));
	for (int i = 0; i < 5; i++)
		fault_check_null(r->p[i]);

	/* A resolver resolved with a pending vow promise, settled by a microtask. */
	inner = vow_promise_with_resolvers(ex, &r->res_inner);
	fault_check_null(inner);
	r->p[5] = vow_promise_with_resolvers(ex, &res);
	fault_check_null(r->p[5]);
	if (r->p[5] != NULL) {
		if (inner != NULL)
			assert_int_equal(vow_resolver_resolve(res, vow_value_promise(
								     vow_promise_dup(inner))), 0);
		else
			assert_int_equal(vow_resolver_resolve(res, vow_int(60)), 0);
		vow_resolver_release(res);
	}
	if (inner != NULL) {
		int rc = vow_loop_queue_microtask(g_loop, resolve_inner, r, NULL);

		fault_check_rc(rc);
		if (rc != 0)
			resolve_inner(r);
	}

	/* A handler returning a thenable that throws; executor adopting a thenable. */
	base = vow_promise_resolve(ex, vow_int(0));
	fault_check_null(base);
	if (base != NULL) {
		r->c[0].tag = 6;
		r->used[0] = true;
		r->p[6] = vow_promise_then(base, return_thenable, NULL, &r->c[0], fault_ctx_dtor);
		fault_check_null(r->p[6]);
		vow_promise_release(base);
	}
	r->p[7] = vow_promise_new(ex, executor_adopts, &r->ft[7]);
	fault_check_null(r->p[7]);
	/* A promise resolved with itself: TypeError (VOW_ESELF). */
	r->p[8] = vow_promise_with_resolvers(ex, &res);
	fault_check_null(r->p[8]);
	if (r->p[8] != NULL) {
		assert_int_equal(vow_resolver_resolve(res, vow_value_promise(
							     vow_promise_dup(r->p[8]))), 0);
		vow_resolver_release(res);
	}
	/* A promise resolved with a settled promise, attached twice. */
	if (r->p[0] != NULL) {
		r->used[1] = true;
		r->p[9] = vow_promise_catch(r->p[3] != NULL ? r->p[3] : r->p[0], NULL,
					    &r->c[1], fault_ctx_dtor);
		fault_check_null(r->p[9]);
	}

	assert_int_equal(vow_loop_run(g_loop), 0);

	check(r->p[0], VOW_FULFILLED, 10);
	check(r->p[1], VOW_FULFILLED, 20);
	check(r->p[2], VOW_FULFILLED, 30);
	check(r->p[3], VOW_REJECTED, 40);
	check(r->p[5], VOW_FULFILLED, 60);
	check(r->p[6], VOW_REJECTED, 70);
	check(r->p[7], VOW_FULFILLED, 80);
	if (r->p[4] != NULL) {
		/* Rejected by the thenable itself if it could not set its timer. */
		assert_int_not_equal(vow_promise_state(r->p[4]), VOW_PENDING);
		if (vow_error_code(vow_promise_result(r->p[4])) == VOW_ENOMEM)
			assert_true(fault_happened()); /* the thenable or its timer */
		else
			check(r->p[4], VOW_FULFILLED, 50);
	}
	if (r->p[8] != NULL) {
		int code = vow_error_code(vow_promise_result(r->p[8]));

		assert_int_equal(vow_promise_state(r->p[8]), VOW_REJECTED);
		assert_true(code == VOW_ESELF || (code == VOW_ENOMEM && fault_happened()));
	}
	if (r->p[9] != NULL)
		assert_int_not_equal(vow_promise_state(r->p[9]), VOW_PENDING);
	if (!fault__armed) {
		for (int i = 0; i < NP; i++)
			assert_non_null(r->p[i]);
		assert_int_equal(vow_promise_state(r->p[4]), VOW_FULFILLED);
		for (int i = 0; i < NFT; i++)
			assert_int_equal(r->ft[i].then_calls, 1);
	}
	for (int i = 0; i < NP; i++)
		vow_promise_release(r->p[i]);
	vow_promise_release(inner);
	vow_loop_free(g_loop);
	g_loop = NULL;
	for (int i = 0; i < NFT; i++) {
		assert_int_equal(r->ft[i].released, r->ft[i].made ? 1 : 0);
		assert_true(r->ft[i].then_calls <= 1);
		assert_null(r->ft[i].kept);
	}
	assert_null(r->res_inner);
	fault_ctx_check_all(r->c, NCTX, r->used);
	g_run = NULL;
}

static void test_fault_adoption(void **state)
{
	(void)state;
	fault_sweep("thenable adoption", scenario_adoption, NULL, true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fault_adoption),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
