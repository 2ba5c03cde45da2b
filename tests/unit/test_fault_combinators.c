/*
 * test_fault_combinators.c - fault injection over Promise.all, allSettled,
 * race and any, each given a mix of plain values, settled and pending
 * promises and foreign thenables (synchronous and asynchronous): the N-th
 * allocation fails, for every N the scenario makes (fault.h).
 *
 * Every run: the combinator returns a promise or NULL + VOW_ENOMEM; the
 * returned promise settles once the loop is idle; its outcome is the
 * expected one, or differs from it only by out-of-memory errors (an input
 * or the result rejected with, or a thenable's value being, the OOM
 * error); every thenable is released once and every context destroyed once.
 */
#include "trace.h" /* trace_fmt_value: renders values without allocating */
#include "fault.h"

enum combinator { ALL, ALL_SETTLED, RACE, ANY };

struct ft {
	int then_calls;
	int released;
	bool async;         /* settle from a microtask instead of inside then() */
	bool reject;
	int64_t n;
	vow_resolver *kept;
};

static vow_loop *g_loop;

static void ft_settle(struct ft *t, vow_resolver *r)
{
	int rc = t->reject ? vow_resolver_reject(r, vow_int(t->n))
			   : vow_resolver_resolve(r, vow_int(t->n));

	assert_int_equal(rc, 0);
}

static void ft_later(void *ctx)
{
	struct ft *t = ctx;

	ft_settle(t, t->kept);
	vow_resolver_release(t->kept);
	t->kept = NULL;
}

static vow_outcome ft_then(void *self, vow_resolver *r)
{
	struct ft *t = self;

	t->then_calls++;
	assert_int_equal(t->then_calls, 1);
	if (t->async) {
		t->kept = vow_resolver_dup(r);
		if (vow_loop_queue_microtask(g_loop, ft_later, t, NULL) == 0)
			return vow_return(vow_undefined());
		/* Could not defer: settle now, as a careful thenable would. */
		vow_resolver_release(t->kept);
		t->kept = NULL;
	}
	ft_settle(t, r);
	return vow_return(vow_undefined());
}

static void ft_release(void *self)
{
	((struct ft *)self)->released++;
}

static const vow_thenable_ops ft_ops = { ft_then, ft_release };

static void resolve_timer(void *ctx)
{
	vow_resolver *r = ctx;

	assert_int_equal(vow_resolver_resolve(r, vow_int(3)), 0);
	vow_resolver_release(r);
}

/* The result's handler: records the outcome's rendering. */
struct outcome {
	struct fault_ctx c;
	enum combinator which;
	char text[512];
};

static vow_outcome record_value(void *ctx, vow_value v)
{
	struct outcome *o = ctx;

	assert_int_equal(o->c.dtor, 0);
	o->c.ran++;
	trace_fmt_value(v, o->text, sizeof o->text);
	if (o->which == ALL_SETTLED) {
		/* Out of memory may turn a record into a rejected one, never into a non-record. */
		assert_int_equal(v.kind, VOW_ARRAY);
		for (size_t i = 0; i < vow_array_len(v); i++)
			if (vow_array_get(v, i).kind != VOW_SETTLED)
				fail_msg("allSettled slot %zu is not a record: %s", i, o->text);
	}
	return vow_return(vow_undefined());
}

static vow_outcome record_reason(void *ctx, vow_value v)
{
	struct outcome *o = ctx;
	size_t len;

	assert_int_equal(o->c.dtor, 0);
	o->c.ran++;
	strcpy(o->text, "rejected:");
	len = strlen(o->text);
	trace_fmt_value(v, o->text + len, sizeof o->text - len);
	if (vow_error_code(v) == VOW_EAGGREGATE) {
		char errs[256];

		trace_fmt_value(vow_error_errors(v), errs, sizeof errs);
		strncat(o->text, errs, sizeof o->text - strlen(o->text) - 1);
	}
	return vow_return(vow_undefined());
}

static void outcome_dtor(void *ctx)
{
	fault_ctx_dtor(&((struct outcome *)ctx)->c);
}

struct combo_case {
	const char *name;
	enum combinator which;
	/* Inputs: the mixed set A, plus a rejected promise (B), or only rejections (C). */
	enum { SET_A, SET_B, SET_C } set;
	const char *expect;
};

static vow_promise *call(enum combinator w, vow_executor *ex, const vow_value *items, size_t n)
{
	switch (w) {
	case ALL: return vow_promise_all(ex, items, n);
	case ALL_SETTLED: return vow_promise_all_settled(ex, items, n);
	case RACE: return vow_promise_race(ex, items, n);
	case ANY: return vow_promise_any(ex, items, n);
	}
	return NULL;
}

/*
 * Is the actual text the expected one with some parts replaced by OOM
 * errors?  A fulfilment of all, race or any can only be the expected one
 * (its values exist before the call); allSettled's records may turn into
 * rejected ones; a rejection may carry the OOM error.
 */
static void check_outcome(enum combinator w, const char *actual, const char *expect)
{
	if (strcmp(actual, expect) == 0)
		return;
	if (w != ALL_SETTLED && strncmp(actual, "rejected:", 9) != 0)
		fail_msg("outcome \"%s\", expected \"%s\"", actual, expect);
	if (!fault_happened() || strstr(actual, "out of memory") == NULL)
		fail_msg("outcome \"%s\", expected \"%s\" (or an out-of-memory error)", actual,
			 expect);
}

static void scenario_combinator(void *arg)
{
	const struct combo_case *cc = arg;
	struct ft sync = { 0, 0, false, false, 4, NULL };
	struct ft async = { 0, 0, true, false, 5, NULL };
	struct ft rej = { 0, 0, true, true, 8, NULL };
	struct outcome out;
	vow_value items[8];
	size_t n = 0;
	bool thenables_made[3] = { false, false, false };
	vow_resolver *res = NULL;
	vow_promise *pending = NULL, *result, *tail = NULL;
	vow_executor *ex;
	bool ok = true;

	memset(&out, 0, sizeof out);
	out.which = cc->which;
	fault_rejection_events = 0;
	g_loop = vow_loop_new(VOW_LOOP_VIRTUAL_CLOCK);
	fault_check_null(g_loop);
	if (g_loop == NULL)
		return;
	ex = vow_loop_executor(g_loop);
	assert_int_equal(vow_executor_set_rejection_policy(ex, VOW_REJECTIONS_CALLBACK,
							   fault_on_rejection, NULL), 0);

	/* Build the inputs; any that cannot be made ends the scenario cleanly. */
#define ADD_PROMISE(expr)                                                       \
	do {                                                                     \
		vow_promise *p_ = (expr);                                        \
		fault_check_null(p_);                                            \
		if (p_ == NULL)                                                  \
			ok = false;                                              \
		else                                                             \
			items[n++] = vow_value_promise(p_);                      \
	} while (0)
#define ADD_HEAP(expr)                                                          \
	do {                                                                     \
		vow_value v_ = (expr);                                           \
		if (vow_is_error(v_) && vow_error_code(v_) == VOW_ENOMEM) {      \
			assert_true(fault_happened());                           \
			ok = false;                                              \
		} else {                                                         \
			items[n++] = v_;                                         \
		}                                                                \
	} while (0)

	if (cc->set != SET_C) {
		items[n++] = vow_int(1);
		ADD_PROMISE(vow_promise_resolve(ex, vow_int(2)));
		if (ok) {
			pending = vow_promise_with_resolvers(ex, &res);
			fault_check_null(pending);
			if (pending == NULL) {
				ok = false;
			} else {
				/* items[] gets its own reference: it is dropped after the call. */
				items[n++] = vow_value_promise(vow_promise_dup(pending));
				if (vow_loop_set_timeout(g_loop, resolve_timer, res, NULL, 10) == 0) {
					assert_int_equal(vow_last_error(), VOW_ENOMEM);
					assert_true(fault_happened());
					resolve_timer(res);
				}
			}
		}
		if (ok) {
			thenables_made[0] = true;
			ADD_HEAP(vow_thenable(&ft_ops, &sync));
		}
		if (ok) {
			thenables_made[1] = true;
			ADD_HEAP(vow_thenable(&ft_ops, &async));
		}
		if (ok)
			ADD_HEAP(vow_str("six"));
	}
	if (ok && cc->set != SET_A)
		ADD_PROMISE(vow_promise_reject(ex, vow_error(7, "seven")));
	if (ok && cc->set == SET_C) {
		thenables_made[2] = true;
		ADD_HEAP(vow_thenable(&ft_ops, &rej));
	}
#undef ADD_PROMISE
#undef ADD_HEAP

	result = ok ? call(cc->which, ex, items, n) : NULL;
	if (ok) {
		fault_check_null(result);
		if (result != NULL) {
			tail = vow_promise_then(result, record_value, record_reason, &out,
						outcome_dtor);
			fault_check_null(tail);
			if (tail == NULL)
				assert_int_equal(out.c.dtor, 1);
		} else {
			out.c.dtor = 1; /* never handed over */
		}
	} else {
		out.c.dtor = 1;
	}
	for (size_t i = 0; i < n; i++)
		vow_value_drop(items[i]); /* the combinator borrowed them */

	assert_int_equal(vow_loop_run(g_loop), 0);

	if (result != NULL) {
		assert_int_not_equal(vow_promise_state(result), VOW_PENDING);
		if (tail != NULL) {
			assert_int_not_equal(vow_promise_state(tail), VOW_PENDING);
			assert_int_equal(out.c.ran, 1);
			check_outcome(cc->which, out.text, cc->expect);
		}
	}
	if (pending != NULL)
		assert_int_not_equal(vow_promise_state(pending), VOW_PENDING);
	if (!fault__armed) {
		assert_true(ok);
		assert_non_null(tail);
		assert_int_equal(fault_rejection_events, 0);
		assert_string_equal(out.text, cc->expect);
	}
	vow_promise_release(result);
	vow_promise_release(tail);
	vow_promise_release(pending);
	vow_loop_free(g_loop);
	g_loop = NULL;
	assert_int_equal(out.c.dtor, 1);
	/* A thenable value is released once, whether or not it was ever adopted. */
	assert_int_equal(sync.released, thenables_made[0] ? 1 : 0);
	assert_int_equal(async.released, thenables_made[1] ? 1 : 0);
	assert_int_equal(rej.released, thenables_made[2] ? 1 : 0);
	assert_true(sync.then_calls <= 1 && async.then_calls <= 1 && rej.then_calls <= 1);
	assert_null(async.kept);
	assert_null(rej.kept);
}

static const struct combo_case cases[] = {
	{ "all (fulfils)", ALL, SET_A, "[1,2,3,4,5,six]" },
	{ "all (rejects)", ALL, SET_B, "rejected:Error(seven)" },
	{ "allSettled", ALL_SETTLED, SET_B,
	  "[{fulfilled,1},{fulfilled,2},{fulfilled,3},{fulfilled,4},{fulfilled,5},"
	  "{fulfilled,six},{rejected,Error(seven)}]" },
	{ "race", RACE, SET_A, "1" },
	{ "any (fulfils)", ANY, SET_B, "1" },
	{ "any (all reject)", ANY, SET_C,
	  "rejected:AggregateError(All promises were rejected)[Error(seven),8]" },
};

static void test_fault_combinators(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		fault_sweep(cases[i].name, scenario_combinator, (void *)&cases[i], true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fault_combinators),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
