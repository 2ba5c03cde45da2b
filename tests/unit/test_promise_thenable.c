/*
 * test_promise_thenable.c - foreign thenables (vow_thenable with a vtable):
 * the Promises/A+ 2.3.3 rules and the job timing of adoption.  Expected
 * traces of the ordering tests come from node v20 runs of the JavaScript in
 * the comments.
 */
#include "trace.h"

enum script {
	RESOLVE,              /* resolve(1) */
	RESOLVE_TWICE,        /* resolve(1); resolve(2) */
	RESOLVE_THEN_REJECT,  /* resolve(1); reject('r') */
	THROW_AFTER_RESOLVE,  /* resolve(1); throw box */
	THROW,                /* throw 'thrown' */
	REJECT,               /* reject('r') */
	RESOLVE_THENABLE,     /* resolve(next), next is another thenable */
	NEVER,                /* drops the resolver */
	KEEP,                 /* keeps the resolver for a timer */
	ZERO,                 /* returns the invalid zero outcome */
	RESOLVE_THEN_ZERO,    /* resolve(1); returns the zero outcome */
	RESOLVE_TARGET,       /* resolve(the promise adopting this thenable) */
};

struct ft {
	enum script script;
	const char *label;
	int then_calls;
	int released;
	int second_rc;        /* return code of the second settle call */
	int box_dtor;
	vow_value next;       /* RESOLVE_THENABLE: moved out when used */
	vow_resolver *kept;
	vow_promise *target;  /* vow_resolver_promise() as seen in then() */
};

static vow_outcome ft_then(void *self, vow_resolver *r)
{
	struct ft *t = self;
	vow_outcome zero = {0, vow_undefined()};
	vow_value next;

	t->then_calls++;
	t->target = vow_resolver_promise(r);
	trace_add("%s", t->label);
	switch (t->script) {
	case RESOLVE:
		assert_int_equal(vow_resolver_resolve(r, vow_int(1)), 0);
		break;
	case RESOLVE_TWICE:
		assert_int_equal(vow_resolver_resolve(r, vow_int(1)), 0);
		t->second_rc = vow_resolver_resolve(r, vow_int(2));
		break;
	case RESOLVE_THEN_REJECT:
		assert_int_equal(vow_resolver_resolve(r, vow_int(1)), 0);
		t->second_rc = vow_resolver_reject(r, vow_str("r"));
		break;
	case THROW_AFTER_RESOLVE:
		assert_int_equal(vow_resolver_resolve(r, vow_int(1)), 0);
		return vow_throw(vow_box(&t->box_dtor, count_dtor));
	case THROW:
		return vow_throw(vow_str("thrown"));
	case REJECT:
		assert_int_equal(vow_resolver_reject(r, vow_str("r")), 0);
		break;
	case RESOLVE_THENABLE:
		next = t->next;
		t->next = vow_undefined();
		assert_int_equal(vow_resolver_resolve(r, next), 0);
		break;
	case NEVER:
		break;
	case KEEP:
		t->kept = vow_resolver_dup(r);
		break;
	case ZERO:
		return zero;
	case RESOLVE_THEN_ZERO:
		assert_int_equal(vow_resolver_resolve(r, vow_int(1)), 0);
		return zero;
	case RESOLVE_TARGET:
		assert_int_equal(vow_resolver_resolve(r, vow_value_promise(
					 vow_promise_dup(vow_resolver_promise(r)))), 0);
		break;
	}
	return vow_return(vow_undefined());
}

static void ft_release(void *self)
{
	((struct ft *)self)->released++;
}

static const vow_thenable_ops ft_ops = {.then = ft_then, .release = ft_release};

static const char *const ABCD[] = {"a", "b", "c", "d"};

/* Promise.resolve(thenable) for script s; checks the then() call is a job. */
static vow_promise *adopt(vow_loop *loop, struct ft *t)
{
	vow_promise *p = vow_promise_resolve(vow_loop_executor(loop), vow_thenable(&ft_ops, t));

	assert_non_null(p);
	assert_int_equal(t->then_calls, 0); /* never synchronously */
	assert_int_equal(vow_promise_state(p), VOW_PENDING);
	return p;
}

/*
 * then() is called once, from a job; resolving inside it settles p at once.
 *
 * const t = { then(res, rej) { log('then'); res(1); } };
 * const p = Promise.resolve(t);
 * log('sync');
 * p.then(v => { log('p:' + v); });
 * Promise.resolve().then(() => { log('a'); }).then(() => { log('b'); }).then(() => { log('c'); });
 * node: sync then a p:1 b c
 */
static void test_thenable_then_called_once_from_job(void **state)
{
	vow_loop *loop = test_loop_new();
	struct ft t = {.script = RESOLVE, .label = "then"};
	vow_promise *p, *tick;

	(void)state;
	trace_reset();
	p = adopt(loop, &t);
	trace_add("sync");
	trace_then(p, trace_pass, trace_pass, "p");
	tick = vow_promise_resolve(vow_loop_executor(loop), vow_undefined());
	trace_ticks(tick, ABCD, 3);
	test_loop_run(loop);
	assert_trace("sync then a p:1 b c");
	assert_int_equal(t.then_calls, 1);
	assert_ptr_equal(t.target, p);
	/* The adoption job held the only reference to the thenable value. */
	assert_int_equal(t.released, 1);
	vow_promise_release(p);
	vow_promise_release(tick);
	vow_loop_free(loop);
	assert_int_equal(t.released, 1);
}

/* Run script s through Promise.resolve(thenable); returns p after the loop. */
static vow_promise *run_script(vow_loop *loop, struct ft *t)
{
	vow_promise *p = adopt(loop, t);

	test_loop_run(loop);
	assert_int_equal(t->then_calls, 1);
	return p;
}

static void test_thenable_resolve_twice_first_wins(void **state)
{
	vow_loop *loop = test_loop_new();
	struct ft t = {.script = RESOLVE_TWICE, .label = "then"};
	vow_promise *p = run_script(loop, &t);

	(void)state;
	assert_int_equal(t.second_rc, VOW_EALREADY);
	assert_int_equal(vow_promise_state(p), VOW_FULFILLED);
	assert_int_equal(vow_promise_result(p).as.i, 1);
	vow_promise_release(p);
	vow_loop_free(loop);
	assert_int_equal(t.released, 1);
}

static void test_thenable_resolve_then_reject(void **state)
{
	vow_loop *loop = test_loop_new();
	struct ft t = {.script = RESOLVE_THEN_REJECT, .label = "then"};
	vow_promise *p = run_script(loop, &t);

	(void)state;
	assert_int_equal(t.second_rc, VOW_EALREADY);
	assert_int_equal(vow_promise_state(p), VOW_FULFILLED);
	assert_int_equal(vow_promise_result(p).as.i, 1);
	vow_promise_release(p);
	vow_loop_free(loop);
	assert_int_equal(t.released, 1);
}

static void test_thenable_throw_after_resolve_ignored(void **state)
{
	vow_loop *loop = test_loop_new();
	struct ft t = {.script = THROW_AFTER_RESOLVE, .label = "then"};
	vow_promise *p = run_script(loop, &t);

	(void)state;
	assert_int_equal(vow_promise_state(p), VOW_FULFILLED);
	assert_int_equal(vow_promise_result(p).as.i, 1);
	assert_int_equal(t.box_dtor, 1); /* the ignored thrown value was released */
	vow_promise_release(p);
	vow_loop_free(loop);
	assert_int_equal(t.released, 1);
}

static void test_thenable_throw_rejects(void **state)
{
	vow_loop *loop = test_loop_new();
	struct ft t = {.script = THROW, .label = "then"};
	struct ft t2 = {.script = REJECT, .label = "then"};
	vow_promise *p = run_script(loop, &t);
	vow_promise *p2 = run_script(loop, &t2);

	(void)state;
	assert_int_equal(vow_promise_state(p), VOW_REJECTED);
	assert_string_equal(vow_str_cstr(vow_promise_result(p)), "thrown");
	assert_int_equal(vow_promise_state(p2), VOW_REJECTED);
	assert_string_equal(vow_str_cstr(vow_promise_result(p2)), "r");
	vow_promise_release(p);
	vow_promise_release(p2);
	vow_loop_free(loop);
	assert_int_equal(t.released, 1);
	assert_int_equal(t2.released, 1);
}

static void test_thenable_invalid_outcome(void **state)
{
	vow_loop *loop = test_loop_new();
	struct ft t = {.script = ZERO, .label = "then"};
	struct ft t2 = {.script = RESOLVE_THEN_ZERO, .label = "then"};
	vow_promise *p = run_script(loop, &t);
	vow_promise *p2 = run_script(loop, &t2);

	(void)state;
	assert_int_equal(vow_promise_state(p), VOW_REJECTED);
	assert_string_equal(vow_error_name(vow_promise_result(p)), "TypeError");
	assert_int_equal(vow_error_code(vow_promise_result(p)), VOW_EBADOUTCOME);
	/* After a resolve, the invalid outcome is ignored like a throw. */
	assert_int_equal(vow_promise_state(p2), VOW_FULFILLED);
	assert_int_equal(vow_promise_result(p2).as.i, 1);
	vow_promise_release(p);
	vow_promise_release(p2);
	vow_loop_free(loop);
}

/*
 * then() resolves with the very promise that adopts the thenable:
 * const p = Promise.resolve({ then(res) { res(p); } });  -> TypeError (cycle)
 */
static void test_thenable_resolves_with_target(void **state)
{
	vow_loop *loop = test_loop_new();
	struct ft t = {.script = RESOLVE_TARGET, .label = "then"};
	vow_promise *p = run_script(loop, &t);

	(void)state;
	assert_ptr_equal(t.target, p);
	assert_int_equal(vow_promise_state(p), VOW_REJECTED);
	assert_string_equal(vow_error_name(vow_promise_result(p)), "TypeError");
	assert_int_equal(vow_error_code(vow_promise_result(p)), VOW_ESELF);
	vow_promise_release(p);
	vow_loop_free(loop);
	assert_int_equal(t.released, 1);
}

/*
 * A thenable resolving with another thenable: adopted recursively, one
 * more job per level.
 *
 * const inner = { then(res, rej) { log('inner-then'); res('deep'); } };
 * const outer = { then(res, rej) { log('outer-then'); res(inner); } };
 * const p = Promise.resolve(outer);
 * p.then(v => { log('p:' + v); });
 * Promise.resolve().then(() => { log('a'); }).then(() => { log('b'); })
 *   .then(() => { log('c'); }).then(() => { log('d'); });
 * node: outer-then a inner-then b p:deep c d
 */
static void test_thenable_recursive_adoption(void **state)
{
	vow_loop *loop = test_loop_new();
	struct ft inner = {.script = RESOLVE_THENABLE, .label = "inner-then"};
	struct ft outer = {.script = RESOLVE_THENABLE, .label = "outer-then"};
	vow_promise *p, *tick;

	(void)state;
	inner.next = vow_str("deep");
	outer.next = vow_thenable(&ft_ops, &inner);
	trace_reset();
	p = adopt(loop, &outer);
	trace_then(p, trace_pass, trace_pass, "p");
	tick = vow_promise_resolve(vow_loop_executor(loop), vow_undefined());
	trace_ticks(tick, ABCD, 4);
	test_loop_run(loop);
	assert_trace("outer-then a inner-then b p:deep c d");
	assert_int_equal(outer.then_calls, 1);
	assert_int_equal(inner.then_calls, 1);
	vow_promise_release(p);
	vow_promise_release(tick);
	vow_loop_free(loop);
	assert_int_equal(outer.released, 1);
	assert_int_equal(inner.released, 1);
}

/*
 * A handler that returns a thenable: then() runs one job later, and the
 * derived promise settles in the same job.
 *
 * const t = { then(res) { log('then'); res('t'); } };
 * Promise.resolve(0).then(() => { log('h'); return t; }).then(v => { log('after:' + v); });
 * Promise.resolve().then(() => { log('c1'); }).then(() => { log('c2'); })
 *   .then(() => { log('c3'); }).then(() => { log('c4'); });
 * node: h c1 then c2 after:t c3 c4
 */
static vow_outcome return_thenable(void *ctx, vow_value v)
{
	(void)v;
	trace_add("h");
	return vow_return(vow_thenable(&ft_ops, ctx));
}

static void test_handler_returning_thenable_timing(void **state)
{
	vow_loop *loop = test_loop_new();
	vow_executor *ex = vow_loop_executor(loop);
	static const char *const C4[] = {"c1", "c2", "c3", "c4"};
	struct ft t = {.script = RESOLVE_THENABLE, .label = "then"};
	vow_promise *p = vow_promise_resolve(ex, vow_int(0));
	vow_promise *d = vow_promise_then(p, return_thenable, NULL, &t, NULL);
	vow_promise *tick = vow_promise_resolve(ex, vow_undefined());

	(void)state;
	t.next = vow_str("t");
	trace_reset();
	trace_then(d, trace_pass, trace_pass, "after");
	trace_ticks(tick, C4, 4);
	test_loop_run(loop);
	assert_trace("h c1 then c2 after:t c3 c4");
	vow_promise_release(p);
	vow_promise_release(d);
	vow_promise_release(tick);
	vow_loop_free(loop);
	assert_int_equal(t.then_calls, 1);
	assert_int_equal(t.released, 1);
}

/* then() never calls back: p stays pending; releasing everything leaks nothing. */
static void test_thenable_never_calls_back(void **state)
{
	vow_loop *loop = test_loop_new();
	struct ft t = {.script = NEVER, .label = "then"};
	vow_promise *p;
	int dtor = 0;
	vow_promise *d;

	(void)state;
	trace_reset();
	p = adopt(loop, &t);
	d = vow_promise_then(p, trace_pass, trace_pass, &dtor, count_dtor);
	test_loop_run(loop);
	assert_int_equal(t.then_calls, 1);
	assert_int_equal(vow_promise_state(p), VOW_PENDING);
	assert_trace("then");
	vow_promise_release(d);
	vow_promise_release(p);
	assert_int_equal(dtor, 1); /* p's reaction was discarded with p */
	vow_loop_free(loop);
	assert_int_equal(t.released, 1);
	assert_int_equal(dtor, 1);
}

static void settle_kept(void *ctx)
{
	struct ft *t = ctx;

	trace_add("timer");
	assert_int_equal(vow_resolver_resolve(t->kept, vow_str("kept")), 0);
	assert_int_equal(vow_resolver_reject(t->kept, vow_str("no")), VOW_EALREADY);
	vow_resolver_release(t->kept);
	t->kept = NULL;
}

/* then() keeps its resolver (dup) and settles it later from a timer. */
static void test_thenable_keeps_resolver(void **state)
{
	vow_loop *loop = test_loop_new();
	struct ft t = {.script = KEEP, .label = "then"};
	vow_promise *p;

	(void)state;
	trace_reset();
	p = adopt(loop, &t);
	trace_then(p, trace_pass, trace_pass, "p");
	assert_int_not_equal(vow_loop_set_timeout(loop, settle_kept, &t, NULL, 5), 0);
	test_loop_run(loop);
	assert_trace("then timer p:kept");
	assert_null(t.kept);
	assert_int_equal(vow_promise_state(p), VOW_FULFILLED);
	vow_promise_release(p);
	vow_loop_free(loop);
	assert_int_equal(t.released, 1);
}

/* The thenable value itself: release runs once, when the last reference goes. */
static void test_thenable_release_once(void **state)
{
	struct ft t = {.script = RESOLVE, .label = "then"};
	vow_value v = vow_thenable(&ft_ops, &t);

	(void)state;
	assert_int_equal(v.kind, VOW_THENABLE);
	assert_true(vow_is_thenable(v));
	assert_ptr_equal(vow_thenable_self(v), &t);
	vow_value_dup(v);
	vow_value_drop(v);
	assert_int_equal(t.released, 0);
	vow_value_drop(v);
	assert_int_equal(t.released, 1);
	assert_int_equal(t.then_calls, 0);
}

/* A thenable adopted but the loop freed before the job runs: released once. */
static void test_thenable_job_discarded(void **state)
{
	vow_loop *loop = test_loop_new();
	struct ft t = {.script = RESOLVE, .label = "then"};
	vow_promise *p = adopt(loop, &t);

	(void)state;
	vow_promise_release(p);
	vow_loop_free(loop);
	assert_int_equal(t.then_calls, 0);
	assert_int_equal(t.released, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_thenable_then_called_once_from_job),
		cmocka_unit_test(test_thenable_resolve_twice_first_wins),
		cmocka_unit_test(test_thenable_resolve_then_reject),
		cmocka_unit_test(test_thenable_throw_after_resolve_ignored),
		cmocka_unit_test(test_thenable_throw_rejects),
		cmocka_unit_test(test_thenable_invalid_outcome),
		cmocka_unit_test(test_thenable_resolves_with_target),
		cmocka_unit_test(test_thenable_recursive_adoption),
		cmocka_unit_test(test_handler_returning_thenable_timing),
		cmocka_unit_test(test_thenable_never_calls_back),
		cmocka_unit_test(test_thenable_keeps_resolver),
		cmocka_unit_test(test_thenable_release_once),
		cmocka_unit_test(test_thenable_job_discarded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
