/*
 * fiber_pool - async functions and waiting tasks suspend and resume across
 * the pool's workers at random.
 *
 * Each round: a pool of 1..--threads workers (default 2), CALLS async
 * functions started with vow_async_spawn and as many plain tasks.  Each
 * async function runs STEPS steps; each step, chosen at random, awaits a
 * promise that is: already settled; settled by a spawned task; settled by
 * a plain thread (the settler); the promise of another async function
 * started for it; or a plain value; and it sometimes waits with a short
 * deadline on a promise nobody settles in time.  Each plain task waits
 * (vow_promise_wait, which sets its fiber aside) for a spawned child and
 * then for a promise the settler fulfils.  A canary in every frame is
 * checked after every switch, each call sums what it received and the sum
 * must be exact; the pool is freed with everything settled.  The number of
 * resumptions that continued on another thread than they suspended on is
 * reported (migrations).
 */
#include <pthread.h>
#include <unistd.h>
#include <vow/vow.h>

#include "stress_common.h"

enum { CALLS = 24, TASKS = 24, STEPS = 40 };

static vow_pool *pool;
static vow_executor *ex;
static atomic_long migrations, steps_done;

/* ---- the settler: a plain thread that settles what it is handed ---------------------- */

static pthread_mutex_t settle_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t settle_cond = PTHREAD_COND_INITIALIZER;
static vow_resolver *to_settle[CALLS * STEPS + TASKS];
static size_t settle_head, settle_tail;
static bool settler_stop;

static void settle_later(vow_resolver *r)
{
	pthread_mutex_lock(&settle_lock);
	to_settle[settle_tail++ % (sizeof to_settle / sizeof to_settle[0])] = r;
	pthread_cond_signal(&settle_cond);
	pthread_mutex_unlock(&settle_lock);
}

static void *settler_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&settle_lock);
	for (;;) {
		while (settle_head == settle_tail && !settler_stop)
			pthread_cond_wait(&settle_cond, &settle_lock);
		if (settle_head == settle_tail)
			break;
		vow_resolver *r = to_settle[settle_head++ % (sizeof to_settle / sizeof to_settle[0])];

		pthread_mutex_unlock(&settle_lock);
		vow_resolver_resolve(r, vow_int(3));
		vow_resolver_release(r);
		pthread_mutex_lock(&settle_lock);
	}
	pthread_mutex_unlock(&settle_lock);
	return NULL;
}

/* ---- the work ------------------------------------------------------------------------- */

static uint64_t next_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static vow_outcome two(void *ctx)
{
	(void)ctx;
	return vow_return(vow_int(2));
}

static vow_outcome five_async(void *ctx)
{
	vow_value v;

	(void)ctx;
	v = VOW_AWAIT_VALUE(vow_value_promise(vow_spawn(pool, two, NULL)));
	return vow_return(vow_int(v.as.i + 3));
}

/* The identity of the running thread, read afresh (never across a switch). */
__attribute__((noinline)) static pthread_t self(void)
{
	return pthread_self();
}

struct call {
	uint64_t seed;
	int64_t expect, got;
};

static vow_outcome call_body(void *ctx)
{
	struct call *c = ctx;
	volatile uint64_t canary = 0x5eed0000u ^ c->seed;
	uint64_t seed = c->seed;

	for (int i = 0; i < STEPS; i++) {
		pthread_t before = self();
		vow_outcome o;
		vow_resolver *r;
		vow_promise *p;

		switch (next_rand(&seed) % 6) {
		case 0: /* already settled */
			o = vow_await_value(vow_value_promise(vow_promise_resolve(ex, vow_int(1))));
			c->expect += 1;
			break;
		case 1: /* a spawned task */
			o = vow_await_value(vow_value_promise(vow_spawn(pool, two, NULL)));
			c->expect += 2;
			break;
		case 2: /* a plain thread */
			p = vow_promise_with_resolvers(ex, &r);
			settle_later(r);
			o = vow_await(p);
			vow_promise_release(p);
			c->expect += 3;
			break;
		case 3: /* another async function */
			o = vow_await_value(vow_value_promise(vow_async_spawn(ex, five_async, NULL, NULL)));
			c->expect += 5;
			break;
		case 4: /* a plain value */
			o = vow_await_value(vow_int(7));
			c->expect += 7;
			break;
		default: { /* a deadline that passes */
			vow_resolver *never_r;
			vow_promise *never = vow_promise_with_resolvers(ex, &never_r);
			int rc = vow_promise_wait(never, 1);

			vow_resolver_release(never_r);
			vow_promise_release(never);
			o = vow_return(vow_int(rc == VOW_ETIMEDOUT ? 11 : -1000000));
			c->expect += 11;
			break;
		}
		}
		if (canary != (0x5eed0000u ^ c->seed))
			stress_violation("a frame's canary changed across an await");
		if (o.kind != VOW_OUTCOME_RETURN)
			stress_violation("an await rejected");
		else
			c->got += o.value.as.i;
		vow_outcome_drop(o);
		if (!pthread_equal(before, self()))
			atomic_fetch_add(&migrations, 1);
		atomic_fetch_add(&steps_done, 1);
	}
	return vow_return(vow_int(c->got));
}

static vow_outcome waiting_task(void *ctx)
{
	vow_promise *child = vow_spawn(pool, two, NULL);
	vow_resolver *r;
	vow_promise *p = vow_promise_with_resolvers(ex, &r);
	int64_t sum;

	(void)ctx;
	settle_later(r);
	if (vow_promise_wait(child, -1) != 0 || vow_promise_wait(p, -1) != 0)
		stress_violation("a wait on a worker failed");
	sum = vow_promise_result(child).as.i + vow_promise_result(p).as.i;
	vow_promise_release(child);
	vow_promise_release(p);
	return vow_return(vow_int(sum));
}

int main(int argc, char **argv)
{
	struct stress_args a = stress_parse(argc, argv, (struct stress_args){ .threads = 2 });
	unsigned maxt = a.threads ? a.threads : 2;
	struct stress_clock clk = stress_clock_start();
	static struct call calls[CALLS];
	uint64_t rounds = 0;

	while (stress_continue(&clk, &a, "fiber_pool", rounds)) {
		vow_promise *cp[CALLS], *tp[TASKS];
		pthread_t settler;

		pool = vow_pool_new(&(vow_pool_options){ .threads = 1 + rounds % maxt });
		ex = vow_pool_executor(pool);
		settler_stop = false;
		settle_head = settle_tail = 0;
		pthread_create(&settler, NULL, settler_main, NULL);
		for (int i = 0; i < CALLS; i++) {
			calls[i] = (struct call){ .seed = 0x9e3779b97f4a7c15ull * (rounds * CALLS + i + 1) | 1 };
			cp[i] = vow_async_spawn(ex, call_body, &calls[i], NULL);
		}
		for (int i = 0; i < TASKS; i++)
			tp[i] = vow_spawn(pool, waiting_task, NULL);
		for (int i = 0; i < CALLS; i++) {
			if (vow_promise_wait(cp[i], 60000) != 0 ||
			    vow_promise_state(cp[i]) != VOW_FULFILLED ||
			    vow_promise_result(cp[i]).as.i != calls[i].expect)
				stress_violation("round %llu: call %d got %lld, expected %lld",
						 (unsigned long long)rounds, i,
						 (long long)vow_promise_result(cp[i]).as.i,
						 (long long)calls[i].expect);
			vow_promise_release(cp[i]);
		}
		for (int i = 0; i < TASKS; i++) {
			if (vow_promise_wait(tp[i], 60000) != 0 || vow_promise_result(tp[i]).as.i != 5)
				stress_violation("round %llu: task %d", (unsigned long long)rounds, i);
			vow_promise_release(tp[i]);
		}
		vow_pool_free(pool);
		pthread_mutex_lock(&settle_lock);
		settler_stop = true;
		pthread_cond_signal(&settle_cond);
		pthread_mutex_unlock(&settle_lock);
		pthread_join(settler, NULL);
		rounds++;
	}
	fprintf(stderr, "fiber_pool: %ld steps, %ld resumed on another thread\n",
		atomic_load(&steps_done), atomic_load(&migrations));
	return stress_finish(&clk, "fiber_pool", rounds, NULL);
}
