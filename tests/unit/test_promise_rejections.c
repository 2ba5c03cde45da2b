/*
 * test_promise_rejections.c - unhandled-rejection tracking on the loop
 * (HostPromiseRejectionTracker, Node's unhandledRejection /
 * rejectionHandled) and the WARN / IGNORE / ABORT policies.
 *
 * The callback logs "unhandled:<reason>" / "handled:<reason>".  Expected
 * traces come from node v20 runs of the JavaScript in the comments, where
 *   process.on('unhandledRejection', (r, p) => log('unhandled:' + r));
 *   process.on('rejectionHandled', p => log('handled:' + p.tag));
 * and each promise's tag is its reason.
 */
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "trace.h"

static int events;

static void on_rejection(void *ud, vow_rejection_event ev, vow_promise *p, vow_value reason)
{
	(void)ud;
	events++;
	assert_int_equal(vow_promise_state(p), VOW_REJECTED);
	trace_log(ev == VOW_UNHANDLED_REJECTION ? "unhandled" : "handled", reason);
}

static vow_loop *loop_with_callback(void)
{
	vow_loop *loop = test_loop_new();

	assert_int_equal(vow_executor_set_rejection_policy(vow_loop_executor(loop),
							    VOW_REJECTIONS_CALLBACK,
							    on_rejection, NULL), 0);
	trace_reset();
	events = 0;
	return loop;
}

static void log_timer(void *ctx)
{
	trace_add("%s", (const char *)ctx);
}

static const char *const M2[] = {"m1", "m2"};

/*
 * Reported after the microtask queue has drained, before the next timer.
 *
 * Promise.reject('a');
 * Promise.resolve().then(() => { log('m1'); }).then(() => { log('m2'); });
 * setTimeout(() => { log('timer'); });
 * node: m1 m2 unhandled:a timer
 */
static void test_unhandled_after_drain(void **state)
{
	vow_loop *loop = loop_with_callback();
	vow_executor *ex = vow_loop_executor(loop);
	vow_promise *a = vow_promise_reject(ex, vow_str("a"));
	vow_promise *tick = vow_promise_resolve(ex, vow_undefined());

	(void)state;
	trace_ticks(tick, M2, 2);
	assert_int_not_equal(vow_loop_set_timeout(loop, log_timer, "timer", NULL, 0), 0);
	vow_promise_release(a);
	vow_promise_release(tick);
	test_loop_run(loop);
	assert_trace("m1 m2 unhandled:a timer");
	vow_loop_free(loop);
}

static vow_outcome attach_catch(void *ctx, vow_value v)
{
	(void)v;
	trace_add("m2");
	trace_then(ctx, NULL, trace_pass, "caught");
	return vow_return(vow_undefined());
}

/*
 * A handler attached later in the same drain: no event.
 *
 * const p = Promise.reject('a');
 * Promise.resolve().then(() => { log('m1'); })
 *   .then(() => { log('m2'); p.catch(r => { log('caught:' + r); }); });
 * setTimeout(() => { log('timer'); });
 * node: m1 m2 caught:a timer
 */
static void test_handled_in_same_drain_no_event(void **state)
{
	vow_loop *loop = loop_with_callback();
	vow_executor *ex = vow_loop_executor(loop);
	vow_promise *p = vow_promise_reject(ex, vow_str("a"));
	vow_promise *tick = vow_promise_resolve(ex, vow_undefined());
	vow_promise *m1 = vow_promise_then(tick, trace_tick, NULL, "m1", NULL);

	(void)state;
	trace_then(m1, attach_catch, NULL, (void *)p);
	assert_int_not_equal(vow_loop_set_timeout(loop, log_timer, "timer", NULL, 0), 0);
	test_loop_run(loop);
	assert_trace("m1 m2 caught:a timer");
	assert_int_equal(events, 0);
	vow_promise_release(m1);
	vow_promise_release(tick);
	vow_promise_release(p);
	vow_loop_free(loop);
}

struct late {
	vow_promise *catch_these[2];
	vow_promise *reject_new; /* out: a promise rejected in the timer */
	vow_executor *ex;
};

static void late_timer(void *ctx)
{
	struct late *l = ctx;
	vow_promise *m;

	trace_add("timer1");
	for (int i = 0; i < 2 && l->catch_these[i] != NULL; i++)
		trace_then(l->catch_these[i], NULL, trace_pass, "caught");
	if (l->reject_new == NULL) {
		m = vow_promise_resolve(l->ex, vow_undefined());
		trace_then(m, trace_tick, NULL, "m");
		vow_promise_release(m);
	} else {
		vow_promise_release(l->reject_new); /* the placeholder */
		l->reject_new = vow_promise_reject(l->ex, vow_str("d"));
	}
}

/*
 * A handler attached in a later timer: rejectionHandled, after that
 * macrotask's microtasks.
 *
 * const p = Promise.reject('a'); p.tag = 'a';
 * setTimeout(() => { log('timer1'); p.catch(r => { log('caught:' + r); });
 *                    Promise.resolve().then(() => { log('m'); }); }, 1);
 * setTimeout(() => { log('timer2'); }, 2);
 * node: unhandled:a timer1 caught:a m handled:a timer2
 */
static void test_handled_in_later_timer(void **state)
{
	vow_loop *loop = loop_with_callback();
	vow_executor *ex = vow_loop_executor(loop);
	vow_promise *p = vow_promise_reject(ex, vow_str("a"));
	struct late l = {{p, NULL}, NULL, ex};

	(void)state;
	assert_int_not_equal(vow_loop_set_timeout(loop, late_timer, &l, NULL, 1), 0);
	assert_int_not_equal(vow_loop_set_timeout(loop, log_timer, "timer2", NULL, 2), 0);
	test_loop_run(loop);
	assert_trace("unhandled:a timer1 caught:a m handled:a timer2");
	vow_promise_release(p);
	vow_loop_free(loop);
}

/*
 * Several events: rejection order, handled ones skipped, rejectionHandled
 * before new unhandledRejection events of the same checkpoint.
 *
 * const a = Promise.reject('a'), b = Promise.reject('b'), c = Promise.reject('c');
 * Promise.resolve().then(() => { b.catch(() => { log('caught:b'); }); });
 * setTimeout(() => { log('timer1'); c.catch(() => { log('caught:c'); });
 *   a.catch(() => { log('caught:a'); }); Promise.reject('d'); }, 1);
 * setTimeout(() => { log('timer2'); }, 2);
 * node: caught:b unhandled:a unhandled:c timer1 caught:c caught:a handled:c
 *       handled:a unhandled:d timer2
 */
static vow_outcome catch_b(void *ctx, vow_value v)
{
	(void)v;
	trace_then(ctx, NULL, trace_pass, "caught");
	return vow_return(vow_undefined());
}

static void test_event_order(void **state)
{
	vow_loop *loop = loop_with_callback();
	vow_executor *ex = vow_loop_executor(loop);
	vow_promise *a = vow_promise_reject(ex, vow_str("a"));
	vow_promise *b = vow_promise_reject(ex, vow_str("b"));
	vow_promise *c = vow_promise_reject(ex, vow_str("c"));
	vow_promise *tick = vow_promise_resolve(ex, vow_undefined());
	struct late l = {{c, a}, vow_promise_resolve(ex, vow_undefined()), ex};

	(void)state;
	trace_then(tick, catch_b, NULL, (void *)b);
	assert_int_not_equal(vow_loop_set_timeout(loop, late_timer, &l, NULL, 1), 0);
	assert_int_not_equal(vow_loop_set_timeout(loop, log_timer, "timer2", NULL, 2), 0);
	test_loop_run(loop);
	assert_trace("caught:b unhandled:a unhandled:c timer1 caught:c caught:a handled:c "
		     "handled:a unhandled:d timer2");
	assert_int_equal(events, 5);
	vow_promise_release(a);
	vow_promise_release(b);
	vow_promise_release(c);
	vow_promise_release(tick);
	vow_promise_release(l.reject_new);
	vow_loop_free(loop);
}

static void on_rejection_attaches(void *ud, vow_rejection_event ev, vow_promise *p, vow_value reason)
{
	vow_promise *m;

	on_rejection(ud, ev, p, reason);
	if (ev == VOW_UNHANDLED_REJECTION) {
		trace_then(p, NULL, trace_pass, "caught");
		m = vow_promise_resolve(vow_promise_executor(p), vow_undefined());
		trace_then(m, trace_tick, NULL, "micro");
		vow_promise_release(m);
	}
}

/*
 * The callback itself attaches a handler and queues a microtask: both run
 * before the next macrotask, then rejectionHandled.
 *
 * process.on('unhandledRejection', (r, p) => { log('unhandled:' + r);
 *   p.catch(x => { log('caught:' + x); });
 *   Promise.resolve().then(() => { log('micro'); }); });
 * const a = Promise.reject('a'); a.tag = 'a';
 * setTimeout(() => { log('timer'); }, 1);
 * node: unhandled:a caught:a micro handled:a timer
 */
static void test_callback_attaches_handler(void **state)
{
	vow_loop *loop = loop_with_callback();
	vow_executor *ex = vow_loop_executor(loop);
	vow_promise *a;

	(void)state;
	assert_int_equal(vow_executor_set_rejection_policy(ex, VOW_REJECTIONS_CALLBACK,
							    on_rejection_attaches, NULL), 0);
	a = vow_promise_reject(ex, vow_str("a"));
	assert_int_not_equal(vow_loop_set_timeout(loop, log_timer, "timer", NULL, 1), 0);
	vow_promise_release(a);
	test_loop_run(loop);
	assert_trace("unhandled:a caught:a micro handled:a timer");
	vow_loop_free(loop);
}

/* ---- policies ------------------------------------------------------------------ */

/* Run fn with stderr redirected to a temporary file; return what it wrote. */
static void capture_stderr(void (*fn)(vow_rejection_policy), vow_rejection_policy pol,
			   char *out, size_t size)
{
	FILE *tmp = tmpfile();
	int saved;
	size_t n;

	assert_non_null(tmp);
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	assert_true(saved >= 0);
	assert_true(dup2(fileno(tmp), STDERR_FILENO) >= 0);
	fn(pol);
	fflush(stderr);
	assert_true(dup2(saved, STDERR_FILENO) >= 0);
	close(saved);
	rewind(tmp);
	n = fread(out, 1, size - 1, tmp);
	out[n] = '\0';
	fclose(tmp);
}

/* An unhandled rejection, then a late handler in a timer. */
static void late_catch(void *ctx)
{
	trace_then(ctx, NULL, trace_pass, "caught");
}

static void rejection_scenario(vow_rejection_policy pol)
{
	vow_loop *loop = test_loop_new();
	vow_executor *ex = vow_loop_executor(loop);
	vow_promise *p;

	/* cb is ignored by every policy but CALLBACK. */
	assert_int_equal(vow_executor_set_rejection_policy(ex, pol, on_rejection, NULL), 0);
	p = vow_promise_reject(ex, vow_str("a"));
	assert_int_not_equal(vow_loop_set_timeout(loop, late_catch, p, NULL, 1), 0);
	test_loop_run(loop);
	vow_promise_release(p);
	vow_loop_free(loop);
}

static void test_policy_warn_prints(void **state)
{
	char out[1024];

	(void)state;
	trace_reset();
	events = 0;
	capture_stderr(rejection_scenario, VOW_REJECTIONS_WARN, out, sizeof out);
	assert_int_equal(events, 0);
	assert_trace("caught:a");
	/* The reason is rendered as util.inspect does ('a'). */
	assert_string_equal(out, "vow: unhandled promise rejection: 'a'\n"
				 "vow: promise rejection was handled asynchronously: 'a'\n");
}

static void test_policy_ignore_is_silent(void **state)
{
	char out[1024];

	(void)state;
	trace_reset();
	events = 0;
	capture_stderr(rejection_scenario, VOW_REJECTIONS_IGNORE, out, sizeof out);
	assert_int_equal(events, 0);
	assert_trace("caught:a");
	assert_string_equal(out, "");
}

/* ABORT: prints, then abort() on the unhandled rejection (in a child). */
static void test_policy_abort(void **state)
{
	pid_t pid;
	int status;

	(void)state;
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);

		if (devnull >= 0)
			dup2(devnull, STDERR_FILENO);
		rejection_scenario(VOW_REJECTIONS_ABORT);
		_exit(0); /* not reached if the policy works */
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unhandled_after_drain),
		cmocka_unit_test(test_handled_in_same_drain_no_event),
		cmocka_unit_test(test_handled_in_later_timer),
		cmocka_unit_test(test_event_order),
		cmocka_unit_test(test_callback_attaches_handler),
		cmocka_unit_test(test_policy_warn_prints),
		cmocka_unit_test(test_policy_ignore_is_silent),
		cmocka_unit_test(test_policy_abort),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
