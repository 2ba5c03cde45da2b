/*
 * test_abort.c - vow/abort.h: controllers and signals, listeners and their
 * removal (also against an abort on another thread), AbortSignal.any and
 * .timeout, vow_delay / vow_timeout on the loop (virtual clock: exact
 * times) and on the pool, vow_spawn_signal, and vow_await_signal.
 */
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <vow/vow.h>

static int64_t int_of(vow_value v)
{
	assert_int_equal(v.kind, VOW_INT);
	return v.as.i;
}

/* The rejections these tests make on purpose are not reported. */
static vow_executor *quiet(vow_executor *ex)
{
	assert_int_equal(vow_executor_set_rejection_policy(ex, VOW_REJECTIONS_IGNORE, NULL, NULL), 0);
	return ex;
}

/* ---- controllers, signals, listeners ------------------------------------------ */

struct trace {
	char text[64];
	int dtors;
};

static void trace_add(struct trace *t, const char *s)
{
	strncat(t->text, s, sizeof t->text - strlen(t->text) - 1);
}

static void listen_a(void *ctx, vow_value reason)
{
	(void)reason;
	trace_add(ctx, "a");
}

static void listen_b(void *ctx, vow_value reason)
{
	trace_add(ctx, vow_str_cstr(reason));
}

static void count_dtor(void *ctx)
{
	((struct trace *)ctx)->dtors++;
}

static void default_reason_is_abort_error(void **state)
{
	vow_abort_controller *c = vow_abort_controller_new();
	vow_abort_signal *s = vow_abort_controller_signal(c);
	vow_value r;

	(void)state;
	assert_false(vow_abort_signal_aborted(s));
	assert_int_equal(vow_abort_signal_reason(s).kind, VOW_UNDEFINED);
	assert_int_equal(vow_abort_controller_abort(c, vow_undefined()), 0);
	assert_true(vow_abort_signal_aborted(s));
	r = vow_abort_signal_reason(s);
	assert_string_equal(vow_error_name(r), "AbortError");
	assert_string_equal(vow_error_message(r), "This operation was aborted");
	assert_int_equal(vow_error_code(r), VOW_EABORTED);
	assert_int_equal(vow_abort_controller_abort(c, vow_str("late")), VOW_EALREADY);
	assert_string_equal(vow_error_name(vow_abort_signal_reason(s)), "AbortError");

	vow_outcome o = vow_abort_signal_throw(s);
	assert_true(vow_outcome_is_throw(o));
	vow_outcome_drop(o);
	vow_abort_controller_release(c);
}

static void listeners_run_once_in_order(void **state)
{
	struct trace t = { 0 };
	vow_abort_controller *c = vow_abort_controller_new();
	vow_abort_signal *s = vow_abort_signal_dup(vow_abort_controller_signal(c));
	vow_abort_listener *gone;

	(void)state;
	assert_non_null(vow_abort_signal_add_listener(s, listen_a, &t, count_dtor));
	gone = vow_abort_signal_add_listener(s, listen_a, &t, count_dtor);
	assert_non_null(vow_abort_signal_add_listener(s, listen_b, &t, count_dtor));
	assert_int_equal(vow_abort_listener_remove(gone), 0);
	assert_int_equal(t.dtors, 1);
	/* The controller may go first: the signal lives on. */
	assert_int_equal(vow_abort_controller_abort(c, vow_str("R")), 0);
	vow_abort_controller_release(c);
	assert_string_equal(t.text, "aR");
	assert_int_equal(t.dtors, 3);

	/* Late: never runs, its dtor has. */
	assert_null(vow_abort_signal_add_listener(s, listen_a, &t, count_dtor));
	assert_int_equal(vow_last_error(), VOW_EALREADY);
	assert_int_equal(t.dtors, 4);
	assert_string_equal(t.text, "aR");
	vow_abort_signal_release(s);
}

static vow_abort_listener *self_listener;
static int self_remove_rc = 1;

static void remove_self(void *ctx, vow_value reason)
{
	(void)ctx;
	(void)reason;
	self_remove_rc = vow_abort_listener_remove(self_listener);
}

static void remove_from_inside_returns_at_once(void **state)
{
	vow_abort_controller *c = vow_abort_controller_new();

	(void)state;
	self_listener = vow_abort_signal_add_listener(vow_abort_controller_signal(c), remove_self,
						      NULL, NULL);
	assert_non_null(self_listener);
	assert_int_equal(vow_abort_controller_abort(c, vow_undefined()), 0);
	assert_int_equal(self_remove_rc, VOW_EALREADY);
	vow_abort_controller_release(c);
}

static void any_follows_the_first(void **state)
{
	struct trace t = { 0 };
	vow_abort_controller *a = vow_abort_controller_new(), *b = vow_abort_controller_new();
	vow_abort_signal *src[] = { vow_abort_controller_signal(a), vow_abort_controller_signal(b) };
	vow_abort_signal *any = vow_abort_signal_any(src, 2);
	vow_abort_signal *gone = vow_abort_signal_any(src, 2);
	vow_abort_signal *none = vow_abort_signal_any(NULL, 0);

	(void)state;
	assert_non_null(any);
	assert_non_null(gone);
	assert_non_null(none);
	assert_non_null(vow_abort_signal_add_listener(any, listen_b, &t, NULL));
	/* A released composite stops listening to its sources. */
	vow_abort_signal_release(gone);
	assert_int_equal(vow_abort_controller_abort(b, vow_str("b")), 0);
	assert_int_equal(vow_abort_controller_abort(a, vow_str("a")), 0);
	assert_string_equal(t.text, "b");
	assert_string_equal(vow_str_cstr(vow_abort_signal_reason(any)), "b");
	assert_false(vow_abort_signal_aborted(none));

	/* Already aborted sources: the first in order. */
	vow_abort_signal *late = vow_abort_signal_any(src, 2);
	assert_true(vow_abort_signal_aborted(late));
	assert_string_equal(vow_str_cstr(vow_abort_signal_reason(late)), "a");

	vow_abort_signal *bad[] = { src[0], NULL };
	assert_null(vow_abort_signal_any(bad, 2));
	assert_int_equal(vow_last_error(), VOW_EINVAL);
	vow_abort_signal_release(late);
	vow_abort_signal_release(none);
	vow_abort_signal_release(any);
	vow_abort_controller_release(a);
	vow_abort_controller_release(b);
}

/* ---- remove against an abort on another thread ---------------------------------- */

struct slow_listener {
	_Atomic int entered;
	_Atomic int finished;
};

static void slow_listen(void *ctx, vow_value reason)
{
	struct slow_listener *sl = ctx;
	struct timespec ts = { 0, 20 * 1000 * 1000 };

	(void)reason;
	atomic_store(&sl->entered, 1);
	nanosleep(&ts, NULL);
	atomic_store(&sl->finished, 1);
}

static void *abort_thread(void *c)
{
	vow_abort_controller_abort(c, vow_undefined());
	return NULL;
}

static void remove_waits_for_a_running_listener(void **state)
{
	struct slow_listener sl = { 0, 0 };
	vow_abort_controller *c = vow_abort_controller_new();
	vow_abort_listener *l = vow_abort_signal_add_listener(vow_abort_controller_signal(c),
							      slow_listen, &sl, NULL);
	pthread_t th;

	(void)state;
	assert_int_equal(pthread_create(&th, NULL, abort_thread, c), 0);
	while (!atomic_load(&sl.entered))
		sched_yield();
	assert_int_equal(vow_abort_listener_remove(l), VOW_EALREADY);
	/* remove returned: the listener is done with sl. */
	assert_int_equal(atomic_load(&sl.finished), 1);
	pthread_join(th, NULL);
	vow_abort_controller_release(c);
}

/* ---- delay and timeout on the loop (virtual clock) ------------------------------ */

static vow_loop *loop;
static uint64_t settled_at;

static vow_outcome note_time(void *ctx, vow_value v)
{
	(void)ctx;
	(void)v;
	settled_at = vow_loop_now(loop);
	return vow_return(vow_undefined());
}

static void loop_delay_fulfils_on_time(void **state)
{
	vow_promise *d, *t;

	(void)state;
	loop = vow_loop_new(VOW_LOOP_VIRTUAL_CLOCK);
	d = vow_delay(vow_loop_executor(loop), 250, NULL);
	t = vow_promise_then(d, note_time, NULL, NULL, NULL);
	assert_int_equal(vow_loop_run(loop), 0);
	assert_int_equal(vow_promise_state(d), VOW_FULFILLED);
	assert_int_equal(vow_promise_result(d).kind, VOW_UNDEFINED);
	assert_int_equal(settled_at, 250);
	vow_promise_release(t);
	vow_promise_release(d);
	vow_loop_free(loop);
}

static void abort_task(void *c)
{
	vow_abort_controller_abort(c, vow_str("stop"));
}

/* An aborted delay clears its timer: the loop ends at the abort, not at 10 s. */
static void loop_abort_clears_the_timer(void **state)
{
	vow_abort_controller *c = vow_abort_controller_new();
	vow_promise *d;

	(void)state;
	loop = vow_loop_new(VOW_LOOP_VIRTUAL_CLOCK);
	quiet(vow_loop_executor(loop));
	d = vow_delay(vow_loop_executor(loop), 10000, vow_abort_controller_signal(c));
	assert_int_not_equal(vow_loop_set_timeout(loop, abort_task, c, NULL, 30), 0);
	assert_int_equal(vow_loop_run(loop), 0);
	assert_int_equal(vow_loop_now(loop), 30);
	assert_int_equal(vow_promise_state(d), VOW_REJECTED);
	assert_string_equal(vow_str_cstr(vow_promise_result(d)), "stop");

	/* Aborted already: rejects at once, no timer. */
	vow_promise *e = vow_delay(vow_loop_executor(loop), 10000, vow_abort_controller_signal(c));
	assert_int_equal(vow_promise_state(e), VOW_REJECTED);
	assert_int_equal(vow_loop_run(loop), 0);
	assert_int_equal(vow_loop_now(loop), 30);
	vow_promise_release(e);
	vow_promise_release(d);
	vow_abort_controller_release(c);
	vow_loop_free(loop);
}

static void loop_timeout_rejects_and_lets_go(void **state)
{
	vow_resolver *r;
	vow_promise *never, *t, *fast, *tf;

	(void)state;
	loop = vow_loop_new(VOW_LOOP_VIRTUAL_CLOCK);
	quiet(vow_loop_executor(loop));
	never = vow_promise_with_resolvers(vow_loop_executor(loop), &r);
	t = vow_timeout(never, 100);
	fast = vow_delay(vow_loop_executor(loop), 10, NULL);
	tf = vow_timeout(fast, 5000);
	assert_int_equal(vow_loop_run(loop), 0);
	/* The 5 s timer went when fast settled: the loop ended at 100. */
	assert_int_equal(vow_loop_now(loop), 100);
	assert_int_equal(vow_promise_state(t), VOW_REJECTED);
	assert_string_equal(vow_error_name(vow_promise_result(t)), "TimeoutError");
	assert_int_equal(vow_error_code(vow_promise_result(t)), VOW_ETIMEDOUT);
	assert_int_equal(vow_promise_state(tf), VOW_FULFILLED);
	assert_int_equal(vow_promise_state(never), VOW_PENDING);
	vow_resolver_release(r);
	vow_promise_release(tf);
	vow_promise_release(fast);
	vow_promise_release(t);
	vow_promise_release(never);
	vow_loop_free(loop);
}

/* AbortSignal.timeout's timer does not keep the loop running. */
static void loop_signal_timeout_is_weak(void **state)
{
	vow_abort_signal *s;

	(void)state;
	loop = vow_loop_new(VOW_LOOP_VIRTUAL_CLOCK);
	s = vow_abort_signal_timeout(vow_loop_executor(loop), 1000);
	assert_non_null(s);
	assert_int_equal(vow_loop_run(loop), 0);
	assert_int_equal(vow_loop_now(loop), 0);
	assert_false(vow_abort_signal_aborted(s));
	/* With a strong timer after it, it fires first. */
	vow_promise *d = vow_delay(vow_loop_executor(loop), 2000, NULL);
	assert_int_equal(vow_loop_run(loop), 0);
	assert_true(vow_abort_signal_aborted(s));
	assert_string_equal(vow_error_name(vow_abort_signal_reason(s)), "TimeoutError");
	vow_promise_release(d);
	vow_abort_signal_release(s);
	vow_loop_free(loop);
}

static void bad_executors(void **state)
{
	vow_inline *ie = vow_inline_new();
	vow_executor *in = vow_inline_executor(ie);

	(void)state;
	assert_null(vow_delay(NULL, 1, NULL));
	assert_int_equal(vow_last_error(), VOW_EINVAL);
	assert_null(vow_delay(in, 1, NULL));
	assert_int_equal(vow_last_error(), VOW_ENOTSUP);
	assert_null(vow_abort_signal_timeout(in, 1));
	assert_int_equal(vow_last_error(), VOW_ENOTSUP);
	assert_null(vow_timeout(NULL, 1));
	assert_int_equal(vow_last_error(), VOW_EINVAL);

	/* A promise keeps its executor's handle after the pool is gone. */
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 1 });
	vow_promise *p = vow_promise_resolve(vow_pool_executor(pool), vow_int(1));
	vow_pool_free(pool);
	assert_null(vow_delay(vow_promise_executor(p), 1, NULL));
	assert_int_equal(vow_last_error(), VOW_ESHUTDOWN);
	assert_null(vow_abort_signal_timeout(vow_promise_executor(p), 1));
	assert_int_equal(vow_last_error(), VOW_ESHUTDOWN);
	assert_null(vow_timeout(p, 1));
	assert_int_equal(vow_last_error(), VOW_ESHUTDOWN);
	vow_promise_release(p);
	vow_inline_free(ie);
}

/*
 * Pending timers outlive their executor: a timeout signal, a delay on it
 * and a timeout of a pending promise, their loop freed (or their pool shut
 * down with VOW_POOL_CANCEL; DRAIN would wait for the delay) before any
 * fires.  Their timers are discarded with the executor; the signal never
 * aborts and the promises stay pending, and they are released afterwards
 * in either order (ASan and valgrind check nothing is touched or leaked).
 */
static void timers_outlive_their_executor(bool pool_first, bool signal_first)
{
	vow_pool *pool = pool_first ? vow_pool_new(&(vow_pool_options){ .threads = 1 }) : NULL;
	vow_loop *lp = pool_first ? NULL : vow_loop_new(VOW_LOOP_VIRTUAL_CLOCK);
	vow_executor *ex = quiet(pool != NULL ? vow_pool_executor(pool) : vow_loop_executor(lp));
	vow_abort_signal *s = vow_abort_signal_timeout(ex, 60000);
	vow_promise *d = vow_delay(ex, 60000, s);
	vow_resolver *r;
	vow_promise *pending = vow_promise_with_resolvers(ex, &r);
	vow_promise *t = vow_timeout(pending, 60000);

	assert_non_null(s);
	assert_non_null(d);
	assert_non_null(t);
	if (pool != NULL)
		assert_int_equal(vow_pool_shutdown(pool, VOW_POOL_CANCEL), 0);
	else
		vow_loop_free(lp);
	assert_false(vow_abort_signal_aborted(s));
	assert_int_equal(vow_promise_state(d), VOW_PENDING);
	assert_int_equal(vow_promise_state(t), VOW_PENDING);
	if (signal_first)
		vow_abort_signal_release(s);
	vow_promise_release(d);
	vow_promise_release(t);
	vow_resolver_release(r);
	vow_promise_release(pending);
	if (!signal_first)
		vow_abort_signal_release(s);
}

static void loop_timers_outlive_the_loop(void **state)
{
	(void)state;
	timers_outlive_their_executor(false, true);
	timers_outlive_their_executor(false, false);
}

static void pool_timers_outlive_the_pool(void **state)
{
	(void)state;
	timers_outlive_their_executor(true, true);
	timers_outlive_their_executor(true, false);
}

/* ---- the pool ---------------------------------------------------------------------- */

static void pool_delay_and_cross_thread_abort(void **state)
{
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 2 });
	vow_executor *ex = quiet(vow_pool_executor(pool));
	vow_promise *d = vow_delay(ex, 5, NULL);

	(void)state;
	assert_int_equal(vow_promise_wait(d, -1), 0);
	assert_int_equal(vow_promise_state(d), VOW_FULFILLED);
	vow_promise_release(d);

	/*
	 * Aborted from this thread while its timer is started on the pool's
	 * (a minute away: the abort must win); the others fire.
	 */
	for (int i = 0; i < 200; i++) {
		vow_abort_controller *c = vow_abort_controller_new();
		uint64_t ms = i % 2 == 0 ? 60000 : 1 + (uint64_t)(i % 3);
		vow_promise *p = vow_delay(ex, ms, vow_abort_controller_signal(c));

		if (i % 2 == 0)
			vow_abort_controller_abort(c, vow_int(i));
		assert_int_equal(vow_promise_wait(p, -1), 0);
		if (i % 2 == 0) {
			assert_int_equal(vow_promise_state(p), VOW_REJECTED);
			assert_int_equal(int_of(vow_promise_result(p)), i);
		} else {
			assert_int_equal(vow_promise_state(p), VOW_FULFILLED);
		}
		vow_promise_release(p);
		vow_abort_controller_release(c);
	}

	vow_resolver *r;
	vow_promise *never = vow_promise_with_resolvers(ex, &r);
	vow_promise *t = vow_timeout(never, 10);
	assert_int_equal(vow_promise_wait(t, -1), 0);
	assert_string_equal(vow_error_name(vow_promise_result(t)), "TimeoutError");
	vow_resolver_release(r);
	vow_promise_release(never);
	vow_promise_release(t);
	/* DRAIN does not wait for a weak signal timer. */
	vow_abort_signal *s = vow_abort_signal_timeout(ex, 60000);
	assert_int_equal(vow_pool_shutdown(pool, VOW_POOL_DRAIN), 0);
	assert_false(vow_abort_signal_aborted(s));
	vow_abort_signal_release(s);
}

static _Atomic int task_runs;

static vow_outcome polling_task(void *ctx)
{
	vow_abort_signal *s = ctx;

	atomic_fetch_add(&task_runs, 1);
	if (vow_abort_signal_aborted(s))
		return vow_abort_signal_throw(s);
	return vow_return(vow_int(7));
}

static void spawn_signal(void **state)
{
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 2 });
	vow_abort_controller *c = vow_abort_controller_new();
	vow_abort_signal *s = vow_abort_controller_signal(c);
	vow_promise *ran, *skipped;

	(void)state;
	quiet(vow_pool_executor(pool));
	ran = vow_spawn_signal(pool, polling_task, s, s);
	assert_int_equal(vow_promise_wait(ran, -1), 0);
	assert_int_equal(int_of(vow_promise_result(ran)), 7);
	vow_abort_controller_abort(c, vow_str("cancelled"));
	skipped = vow_spawn_signal(pool, polling_task, s, s);
	assert_int_equal(vow_promise_wait(skipped, -1), 0);
	assert_int_equal(vow_promise_state(skipped), VOW_REJECTED);
	assert_string_equal(vow_str_cstr(vow_promise_result(skipped)), "cancelled");
	assert_int_equal(vow_pool_shutdown(pool, VOW_POOL_DRAIN), 0);
	assert_int_equal(atomic_load(&task_runs), 1);
	vow_promise_release(ran);
	vow_promise_release(skipped);
	vow_abort_controller_release(c);
}

/* ---- vow_await_signal ---------------------------------------------------------------- */

struct awaiting {
	vow_promise *target;
	vow_abort_signal *signal;
	bool threw;
	vow_value got;
};

static vow_outcome await_with_signal(void *ctx)
{
	struct awaiting *a = ctx;
	vow_outcome o = vow_await_signal(a->target, a->signal);

	a->threw = vow_outcome_is_throw(o);
	a->got = o.value; /* moved here; the test drops it */
	return vow_return(vow_undefined());
}

static void await_signal_on_the_loop(void **state)
{
	vow_abort_controller *c = vow_abort_controller_new();
	vow_resolver *r;
	struct awaiting a = { 0 }, b = { 0 }, early = { 0 };
	vow_promise *fa, *fb, *fe;

	(void)state;
	loop = vow_loop_new(VOW_LOOP_VIRTUAL_CLOCK);
	vow_executor *ex = vow_loop_executor(loop);
	a.target = vow_promise_with_resolvers(ex, &r);
	a.signal = vow_abort_controller_signal(c);
	b.target = vow_delay(ex, 5, NULL);
	b.signal = a.signal;
	fa = vow_async(ex, await_with_signal, &a, NULL);
	fb = vow_async(ex, await_with_signal, &b, NULL);
	assert_int_not_equal(vow_loop_set_timeout(loop, abort_task, c, NULL, 20), 0);
	assert_int_equal(vow_loop_run(loop), 0);
	assert_true(a.threw);
	assert_string_equal(vow_str_cstr(a.got), "stop");
	assert_false(b.threw);
	assert_int_equal(b.got.kind, VOW_UNDEFINED);
	assert_int_equal(vow_promise_state(a.target), VOW_PENDING);

	/* Aborted already: throws without waiting. */
	early.target = a.target;
	early.signal = a.signal;
	fe = vow_async(ex, await_with_signal, &early, NULL);
	assert_true(early.threw);
	assert_int_equal(vow_loop_run(loop), 0);

	vow_value_drop(a.got);
	vow_value_drop(early.got);
	vow_resolver_release(r);
	vow_promise_release(a.target);
	vow_promise_release(b.target);
	vow_promise_release(fa);
	vow_promise_release(fb);
	vow_promise_release(fe);
	vow_abort_controller_release(c);
	vow_loop_free(loop);
}

static void await_signal_on_the_pool(void **state)
{
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 2 });
	vow_executor *ex = vow_pool_executor(pool);

	(void)state;
	for (int i = 0; i < 100; i++) {
		vow_abort_controller *c = vow_abort_controller_new();
		vow_resolver *r;
		struct awaiting a = { 0 };
		vow_promise *f;

		a.target = vow_promise_with_resolvers(ex, &r);
		a.signal = vow_abort_controller_signal(c);
		f = vow_async(ex, await_with_signal, &a, NULL);
		/* Race the abort against the resolve, from this thread. */
		if (i % 2) {
			vow_abort_controller_abort(c, vow_int(-1));
			vow_resolver_resolve(r, vow_int(i));
		} else {
			vow_resolver_resolve(r, vow_int(i));
			vow_abort_controller_abort(c, vow_int(-1));
		}
		assert_int_equal(vow_promise_wait(f, -1), 0);
		/* Either outcome may win a race that close, but exactly one did. */
		if (a.threw)
			assert_int_equal(int_of(a.got), -1);
		else
			assert_int_equal(int_of(a.got), i);
		vow_value_drop(a.got);
		vow_resolver_release(r);
		vow_promise_release(a.target);
		vow_promise_release(f);
		vow_abort_controller_release(c);
	}
	assert_int_equal(vow_pool_shutdown(pool, VOW_POOL_DRAIN), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(default_reason_is_abort_error),
		cmocka_unit_test(listeners_run_once_in_order),
		cmocka_unit_test(remove_from_inside_returns_at_once),
		cmocka_unit_test(any_follows_the_first),
		cmocka_unit_test(remove_waits_for_a_running_listener),
		cmocka_unit_test(loop_delay_fulfils_on_time),
		cmocka_unit_test(loop_abort_clears_the_timer),
		cmocka_unit_test(loop_timeout_rejects_and_lets_go),
		cmocka_unit_test(loop_signal_timeout_is_weak),
		cmocka_unit_test(bad_executors),
		cmocka_unit_test(loop_timers_outlive_the_loop),
		cmocka_unit_test(pool_timers_outlive_the_pool),
		cmocka_unit_test(pool_delay_and_cross_thread_abort),
		cmocka_unit_test(spawn_signal),
		cmocka_unit_test(await_signal_on_the_loop),
		cmocka_unit_test(await_signal_on_the_pool),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
