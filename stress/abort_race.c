/*
 * abort_race - an abort races everything that listens to the signal.
 *
 * Each round, on a 2-worker pool, one controller's signal is given to: a
 * 1 ms delay, a spawned task, an async function awaiting a promise with
 * vow_await_signal, a plain listener, and an AbortSignal.any composite.
 * The main thread then lets go of its own signal reference (everything
 * that took the signal only borrowed it), and two racer threads start
 * together: one aborts, the other resolves the awaited promise, removes
 * the listener and releases the composite.  Checks: each promise settles
 * exactly once, either as if the abort came first (rejected with the
 * reason; the task did not run) or as if it came last; the listener ran at
 * most once, exactly when its removal said VOW_EALREADY, and its
 * destructor ran exactly once; nothing leaks (ASan, valgrind) and nothing
 * races (TSan).
 */
#include <pthread.h>
#include <sched.h>
#include <vow/vow.h>

#include "stress_common.h"

#define REASON 4242

struct round {
	vow_abort_controller *c;
	vow_abort_signal *any;
	vow_resolver *awaited_res;
	vow_promise *awaited;
	vow_abort_listener *listener;
	atomic_int listener_runs;
	atomic_int listener_dtors;
	atomic_int task_runs;
	int remove_rc;
};

static struct round *cur;
static uint64_t aborted_first[3]; /* rounds the abort won: delay, task, await */
static struct stress_barrier start_b, end_b;
static atomic_bool quit;

static void on_abort(void *ctx, vow_value reason)
{
	struct round *r = ctx;

	if (reason.kind != VOW_INT || reason.as.i != REASON)
		stress_violation("listener saw the wrong reason");
	atomic_fetch_add(&r->listener_runs, 1);
}

static void on_abort_dtor(void *ctx)
{
	atomic_fetch_add(&((struct round *)ctx)->listener_dtors, 1);
}

static vow_outcome task(void *ctx)
{
	atomic_fetch_add(&((struct round *)ctx)->task_runs, 1);
	return vow_return(vow_int(7));
}

static vow_outcome awaiting_body(void *ctx)
{
	struct round *r = ctx;

	return vow_await_signal(r->awaited, vow_abort_controller_signal(r->c));
}

static void *aborter(void *arg)
{
	(void)arg;
	for (;;) {
		stress_barrier_wait(&start_b);
		if (atomic_load(&quit))
			break;
		if (vow_abort_controller_abort(cur->c, vow_int(REASON)) != 0)
			stress_violation("abort: not the first");
		stress_barrier_wait(&end_b);
	}
	return NULL;
}

static void *resolver(void *arg)
{
	(void)arg;
	for (;;) {
		stress_barrier_wait(&start_b);
		if (atomic_load(&quit))
			break;
		struct round *r = cur;
		if (vow_resolver_resolve(r->awaited_res, vow_int(1)) != 0)
			stress_violation("resolve failed");
		r->remove_rc = vow_abort_listener_remove(r->listener);
		vow_abort_signal_release(r->any);
		stress_barrier_wait(&end_b);
	}
	return NULL;
}

/* p settled (within 10 s) as fulfilled with want, or rejected with REASON. */
static bool check(const char *what, vow_promise *p, int64_t want)
{
	if (vow_promise_wait(p, 10000) != 0) {
		stress_violation("%s: did not settle", what);
		return false;
	}
	vow_value v = vow_promise_result(p);
	if (vow_promise_state(p) == VOW_REJECTED) {
		if (v.kind != VOW_INT || v.as.i != REASON)
			stress_violation("%s: rejected with the wrong reason", what);
		return false;
	}
	if (want >= 0 && (v.kind != VOW_INT || v.as.i != want))
		stress_violation("%s: fulfilled with the wrong value", what);
	return true;
}

static void play(vow_pool *pool, struct round *r, uint64_t n)
{
	vow_executor *ex = vow_pool_executor(pool);
	vow_abort_signal *s;
	vow_promise *delay, *spawned, *awaiting;

	memset(r, 0, sizeof *r);
	r->c = vow_abort_controller_new();
	s = vow_abort_signal_dup(vow_abort_controller_signal(r->c));
	r->awaited = vow_promise_with_resolvers(ex, &r->awaited_res);
	delay = vow_delay(ex, n % 2, s);
	spawned = vow_spawn_signal(pool, task, r, s);
	awaiting = vow_async(ex, awaiting_body, r, NULL);
	r->listener = vow_abort_signal_add_listener(s, on_abort, r, on_abort_dtor);
	r->any = vow_abort_signal_any(&s, 1);
	if (r->c == NULL || delay == NULL || spawned == NULL || awaiting == NULL ||
	    r->listener == NULL || r->any == NULL) {
		stress_violation("setup failed: %s", vow_strerror(vow_last_error()));
		exit(1);
	}
	/* The controller keeps the signal; everything else only borrowed it. */
	vow_abort_signal_release(s);
	cur = r;
	stress_barrier_wait(&start_b);
	stress_barrier_wait(&end_b);

	aborted_first[0] += !check("delay", delay, -1);
	bool ran = check("spawned task", spawned, 7);
	aborted_first[1] += !ran;
	if (atomic_load(&r->task_runs) != (ran ? 1 : 0))
		stress_violation("task ran %d times, its promise %s", atomic_load(&r->task_runs),
				 ran ? "fulfilled" : "rejected");
	aborted_first[2] += !check("await_signal", awaiting, 1);

	int runs = atomic_load(&r->listener_runs);
	if (runs > 1 || (runs == 1) != (r->remove_rc == VOW_EALREADY) ||
	    (runs == 0 && r->remove_rc != 0))
		stress_violation("listener ran %d times, remove said %d", runs, r->remove_rc);
	if (atomic_load(&r->listener_dtors) != 1)
		stress_violation("listener dtor ran %d times", atomic_load(&r->listener_dtors));

	vow_promise_release(delay);
	vow_promise_release(spawned);
	vow_promise_release(awaiting);
	vow_resolver_release(r->awaited_res);
	vow_promise_release(r->awaited);
	vow_abort_controller_release(r->c);
}

int main(int argc, char **argv)
{
	struct stress_args a = stress_parse(argc, argv, (struct stress_args){ .threads = 2 });
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = a.threads ? a.threads : 2 });
	struct stress_clock c = stress_clock_start();
	struct round *r = calloc(1, sizeof *r);
	pthread_t th[2];
	uint64_t rounds = 0;

	if (pool == NULL || r == NULL)
		return 2;
	vow_executor_set_rejection_policy(vow_pool_executor(pool), VOW_REJECTIONS_IGNORE, NULL,
					  NULL);
	start_b.n = end_b.n = 3;
	pthread_create(&th[0], NULL, aborter, NULL);
	pthread_create(&th[1], NULL, resolver, NULL);
	while (stress_continue(&c, &a, "abort_race", rounds)) {
		play(pool, r, rounds);
		rounds++;
	}
	atomic_store(&quit, true);
	stress_barrier_wait(&start_b);
	pthread_join(th[0], NULL);
	pthread_join(th[1], NULL);
	vow_pool_free(pool);
	free(r);
	char extra[128];
	snprintf(extra, sizeof extra, "the abort won %llu delays, %llu tasks, %llu awaits",
		 (unsigned long long)aborted_first[0], (unsigned long long)aborted_first[1],
		 (unsigned long long)aborted_first[2]);
	return stress_finish(&c, "abort_race", rounds, extra);
}
