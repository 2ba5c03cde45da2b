/*
 * test_fault_loop.c - fault injection over the loop: its creation, timers
 * (timeouts, an interval, a clear), microtasks, vow_loop_post from the
 * owner and from another thread, and promises settled from another thread
 * (a reaction and a rejection-tracker call travel through the inbox): the
 * N-th allocation fails, for every N the scenario makes (fault.h).
 *
 * Every callback whose registration succeeded runs exactly once (the
 * interval exactly three times, the cleared timeout never); a callback
 * whose registration failed never runs.
 */
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include "fault.h"

enum { NT = 3, NM = 4, NP = 2, NX = 3 };

struct run {
	vow_loop *loop;
	/* Registered (1) or not (0), and runs seen. */
	int timeout_set[NT], timeout_ran[NT];
	int interval_set, interval_ran;
	vow_timer_id interval_id;
	int micro_set[NM], micro_ran[NM];
	int post_set[NP], post_ran[NP];
	int xpost_set[NX], xpost_ran[NX];
	/* Settled from the other thread. */
	vow_resolver *res_ok, *res_bad;
	vow_promise *p_ok, *p_bad, *d_ok;
	struct fault_ctx c_ok;
	bool c_ok_used;
	int late_timer_set, late_timer_ran;
};

static struct run *g_run;

static void on_timeout(void *ctx)
{
	g_run->timeout_ran[(intptr_t)ctx]++;
}

static void on_interval(void *ctx)
{
	struct run *r = ctx;

	r->interval_ran++;
	if (r->interval_ran == 3)
		assert_int_equal(vow_loop_clear_timer(r->loop, r->interval_id), 0);
}

static void on_late_timer(void *ctx)
{
	((struct run *)ctx)->late_timer_ran++;
}

static void on_micro(void *ctx)
{
	intptr_t i = (intptr_t)ctx;
	struct run *r = g_run;

	r->micro_ran[i]++;
	if (i == 0) {
		/* A microtask queueing another: it runs in the same drain. */
		int rc = vow_loop_queue_microtask(r->loop, on_micro, (void *)(intptr_t)(NM - 1), NULL);

		fault_check_rc(rc);
		r->micro_set[NM - 1] = rc == 0;
	} else if (i == 1) {
		/* A microtask setting a timer. */
		vow_timer_id id = vow_loop_set_timeout(r->loop, on_late_timer, r, NULL, 50);

		if (id == 0) {
			assert_int_equal(vow_last_error(), VOW_ENOMEM);
			assert_true(fault_happened());
		}
		r->late_timer_set = id != 0;
	}
}

static void on_post(void *ctx)
{
	g_run->post_ran[(intptr_t)ctx]++;
}

static void on_xpost(void *ctx)
{
	g_run->xpost_ran[(intptr_t)ctx]++;
}

static vow_outcome ok_handler(void *ctx, vow_value v)
{
	struct fault_ctx *c = ctx;

	assert_int_equal(c->dtor, 0);
	c->ran++;
	assert_int_equal(v.as.i, 77);
	return vow_return(vow_undefined());
}

/* The other thread: posts tasks and settles two loop promises. */
static void *other_thread(void *arg)
{
	struct run *r = arg;

	for (int i = 0; i < NX; i++) {
		int rc = vow_loop_post(r->loop, on_xpost, (void *)(intptr_t)i, NULL);

		fault_check_rc(rc);
		r->xpost_set[i] = rc == 0;
	}
	if (r->res_ok != NULL) {
		/* Its reaction goes through the inbox to the loop's microtasks. */
		assert_int_equal(vow_resolver_resolve(r->res_ok, vow_int(77)), 0);
		vow_resolver_release(r->res_ok);
		r->res_ok = NULL;
	}
	if (r->res_bad != NULL) {
		/* Unhandled: the tracker call is forwarded as a track job. */
		assert_int_equal(vow_resolver_reject(r->res_bad, vow_int(-1)), 0);
		vow_resolver_release(r->res_bad);
		r->res_bad = NULL;
	}
	vow_loop_unref(r->loop);
	return NULL;
}

static void scenario_loop(void *arg)
{
	struct run run;
	struct run *r = &run;
	pthread_t th;

	(void)arg;
	memset(r, 0, sizeof *r);
	g_run = r;
	fault_rejection_events = 0;
	r->loop = vow_loop_new(VOW_LOOP_VIRTUAL_CLOCK);
	fault_check_null(r->loop);
	if (r->loop == NULL)
		return;
	assert_int_equal(vow_executor_set_rejection_policy(vow_loop_executor(r->loop),
							   VOW_REJECTIONS_CALLBACK,
							   fault_on_rejection, NULL), 0);

	for (intptr_t i = 0; i < NT; i++) {
		vow_timer_id id = vow_loop_set_timeout(r->loop, on_timeout, (void *)i, NULL,
						       i == 2 ? 30 : 5);

		if (id == 0) {
			assert_int_equal(vow_last_error(), VOW_ENOMEM);
			assert_true(fault_happened());
		}
		r->timeout_set[i] = id != 0;
		if (i == 2 && id != 0) {
			/* Cleared before it is due: never runs. */
			assert_int_equal(vow_loop_clear_timer(r->loop, id), 0);
			assert_int_equal(vow_loop_clear_timer(r->loop, id), VOW_ENOTFOUND);
			r->timeout_set[i] = 0;
		}
	}
	r->interval_id = vow_loop_set_interval(r->loop, on_interval, r, NULL, 3);
	if (r->interval_id == 0) {
		assert_int_equal(vow_last_error(), VOW_ENOMEM);
		assert_true(fault_happened());
	}
	r->interval_set = r->interval_id != 0;
	for (intptr_t i = 0; i < NM - 1; i++) {
		int rc = vow_loop_queue_microtask(r->loop, on_micro, (void *)i, NULL);

		fault_check_rc(rc);
		r->micro_set[i] = rc == 0;
	}
	for (intptr_t i = 0; i < NP; i++) {
		int rc = vow_loop_post(r->loop, on_post, (void *)i, NULL);

		fault_check_rc(rc);
		r->post_set[i] = rc == 0;
	}

	r->p_ok = vow_promise_with_resolvers(vow_loop_executor(r->loop), &r->res_ok);
	fault_check_null(r->p_ok);
	if (r->p_ok != NULL) {
		r->c_ok_used = true;
		r->d_ok = vow_promise_then(r->p_ok, ok_handler, NULL, &r->c_ok, fault_ctx_dtor);
		fault_check_null(r->d_ok);
	}
	r->p_bad = vow_promise_with_resolvers(vow_loop_executor(r->loop), &r->res_bad);
	fault_check_null(r->p_bad);

	/* The other thread does all its work before the loop runs: a fixed order. */
	vow_loop_ref(r->loop);
	assert_int_equal(pthread_create(&th, NULL, other_thread, r), 0);
	assert_int_equal(pthread_join(th, NULL), 0);

	assert_int_equal(vow_loop_run(r->loop), 0);

	for (int i = 0; i < NT; i++)
		assert_int_equal(r->timeout_ran[i], r->timeout_set[i]);
	assert_int_equal(r->interval_ran, r->interval_set ? 3 : 0);
	for (int i = 0; i < NM; i++)
		assert_int_equal(r->micro_ran[i], r->micro_set[i]);
	for (int i = 0; i < NP; i++)
		assert_int_equal(r->post_ran[i], r->post_set[i]);
	for (int i = 0; i < NX; i++)
		assert_int_equal(r->xpost_ran[i], r->xpost_set[i]);
	assert_int_equal(r->late_timer_ran, r->late_timer_set);
	if (r->p_ok != NULL)
		assert_int_equal(vow_promise_state(r->p_ok), VOW_FULFILLED);
	if (r->d_ok != NULL) {
		assert_int_equal(r->c_ok.ran, 1);
		assert_int_equal(vow_promise_state(r->d_ok), VOW_FULFILLED);
	}
	if (r->p_bad != NULL)
		assert_int_equal(vow_promise_state(r->p_bad), VOW_REJECTED);
	/* At most one report: none if its tracking record could not be made. */
	assert_true(fault_rejection_events <= 1);
	if (!fault__armed) {
		assert_int_equal(fault_rejection_events, 1);
		assert_int_equal(r->late_timer_ran, 1);
		assert_int_equal(r->micro_ran[NM - 1], 1);
		for (int i = 0; i < NX; i++)
			assert_int_equal(r->xpost_ran[i], 1);
	}
	vow_promise_release(r->p_ok);
	vow_promise_release(r->d_ok);
	vow_promise_release(r->p_bad);
	vow_loop_free(r->loop);
	assert_int_equal(r->c_ok.dtor, r->c_ok_used ? 1 : 0);
	g_run = NULL;
}

static void test_fault_loop(void **state)
{
	(void)state;
	fault_sweep("loop: timers, microtasks, post", scenario_loop, NULL, true);
}

static void count_int(void *ctx)
{
	(*(int *)ctx)++;
}

/* Work left queued when the loop is freed: discarded, nothing leaks. */
static void scenario_loop_free(void *arg)
{
	vow_loop *loop;
	int ran = 0;

	(void)arg;
	loop = vow_loop_new(0);
	fault_check_null(loop);
	if (loop == NULL)
		return;
	fault_check_rc(vow_loop_queue_microtask(loop, count_int, &ran, NULL));
	fault_check_rc(vow_loop_post(loop, count_int, &ran, NULL));
	if (vow_loop_set_timeout(loop, count_int, &ran, NULL, 1000) == 0)
		assert_true(fault_happened());
	if (vow_loop_set_interval(loop, count_int, &ran, NULL, 1000) == 0)
		assert_true(fault_happened());
	/* Ten more: the timer heap and the id index grow with timers in them. */
	for (int i = 0; i < 10; i++) {
		vow_timer_id id = vow_loop_set_timeout(loop, count_int, &ran, NULL, 2000 + (uint64_t)i);

		if (id == 0) {
			assert_int_equal(vow_last_error(), VOW_ENOMEM);
			assert_true(fault_happened());
		} else if (i % 3 == 0) {
			assert_int_equal(vow_loop_clear_timer(loop, id), 0);
		}
	}
	vow_loop_free(loop);
	assert_int_equal(ran, 0);
}

static void test_fault_loop_free(void **state)
{
	(void)state;
	fault_sweep("loop freed with work queued", scenario_loop_free, NULL, true);
}

/*
 * The default WARN policy renders each reason with vow_value_inspect, which
 * allocates: a failure there cuts the text short, nothing else.  stderr is
 * sent to /dev/null for the sweep.
 */
static vow_promise *g_late;

static void attach_late(void *ctx)
{
	struct fault_ctx *c = ctx;
	vow_promise *d = vow_promise_catch(g_late, NULL, c, fault_ctx_dtor);

	fault_check_null(d);
	vow_promise_release(d);
}

static void scenario_warn(void *arg)
{
	struct fault_ctx c = { 0, 0, 0 };
	bool used = false;
	vow_loop *loop;
	vow_value reason;

	(void)arg;
	loop = vow_loop_new(VOW_LOOP_VIRTUAL_CLOCK);
	fault_check_null(loop);
	if (loop == NULL)
		return;
	reason = vow_array(3);
	if (vow_is_error(reason)) {
		assert_true(fault_happened());
	} else {
		vow_array_set(reason, 0, vow_str("a reason"));
		vow_array_set(reason, 1, vow_error(3, "inner"));
		vow_array_set(reason, 2, vow_double(1.5));
	}
	g_late = vow_promise_reject(vow_loop_executor(loop), reason);
	fault_check_null(g_late);
	/* Unhandled after the first checkpoint; handled late from a timer. */
	if (g_late != NULL) {
		used = vow_loop_set_timeout(loop, attach_late, &c, NULL, 10) != 0;
		if (!used)
			assert_true(fault_happened());
	}
	assert_int_equal(vow_loop_run(loop), 0);
	vow_promise_release(g_late);
	g_late = NULL;
	vow_loop_free(loop);
	assert_int_equal(c.dtor, used ? 1 : 0);
}

static void test_fault_loop_warn(void **state)
{
	int saved = dup(STDERR_FILENO);
	int devnull = open("/dev/null", O_WRONLY);

	(void)state;
	assert_true(saved >= 0 && devnull >= 0);
	fflush(stderr);
	dup2(devnull, STDERR_FILENO);
	fault_sweep("loop: WARN reports", scenario_warn, NULL, true);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	close(devnull);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fault_loop),
		cmocka_unit_test(test_fault_loop_free),
		cmocka_unit_test(test_fault_loop_warn),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
