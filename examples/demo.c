/*
 * demo.c - a tour of vow.  First JS mode: classic ordering puzzles from the
 * seed guides, each printed with the JavaScript it mirrors and the trace vow
 * produces (the same trace Node prints; the golden tests check that),
 * async/await included.  Then parallel mode: an async function on the pool,
 * and thousands of computations fanned out on it, some of which fail,
 * combined with all and allSettled on the loop.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <vow/vow.h>

static vow_loop *loop;
static vow_executor *ex;

static void scene(const char *title, const char *js)
{
	printf("\n== %s\n%s\n-- trace:\n", title, js);
	loop = vow_loop_new(VOW_LOOP_VIRTUAL_CLOCK);
	ex = vow_loop_executor(loop);
}

static void scene_end(vow_promise **ps, size_t n)
{
	vow_loop_run(loop);
	for (size_t i = 0; i < n; i++)
		vow_promise_release(ps[i]);
	vow_loop_free(loop);
}

/* A handler that prints its label (and the value, when asked to). */
static vow_outcome say(void *label, vow_value v)
{
	(void)v;
	printf("%s\n", (const char *)label);
	return vow_return(vow_undefined());
}

static vow_outcome say_value(void *label, vow_value v)
{
	char buf[256];

	vow_value_format(v, buf, sizeof buf);
	printf("%s %s\n", (const char *)label, buf);
	return vow_return(vow_undefined());
}

static vow_outcome nothing(void *ctx)
{
	(void)ctx;
	return vow_return(vow_undefined());
}

/* ---- A B D C ----------------------------------------------------------- */

static vow_outcome a_then_nested(void *ctx, vow_value v)
{
	vow_promise *inner = vow_promise_resolve(ex, vow_undefined());
	vow_promise *b = vow_promise_then(inner, say, NULL, "B", NULL);
	vow_promise *c = vow_promise_then(b, say, NULL, "C", NULL);

	say(ctx, v);
	vow_promise_release(inner);
	vow_promise_release(b);
	vow_promise_release(c);
	return vow_return(vow_undefined());
}

static void abdc(void)
{
	vow_promise *ps[3];

	scene("A B D C: a nested chain interleaves with the outer one",
	      "Promise.resolve().then(() => { log('A');\n"
	      "  Promise.resolve().then(() => log('B')).then(() => log('C')) })\n"
	      ".then(() => log('D'))");
	ps[0] = vow_promise_resolve(ex, vow_undefined());
	ps[1] = vow_promise_then(ps[0], a_then_nested, NULL, "A", NULL);
	ps[2] = vow_promise_then(ps[1], say, NULL, "D", NULL);
	scene_end(ps, 3);
}

/* ---- finally costs two extra jobs ------------------------------------- */

static vow_outcome to_undefined(void *ctx, vow_value v)
{
	(void)ctx;
	(void)v;
	return vow_return(vow_undefined());
}

static void finally_order(void)
{
	vow_promise *ps[12];
	size_t n = 0;

	scene("finally passes values through, two jobs later than then",
	      "Promise.resolve(2).then(() => {}, () => {}).then(v => log('a fulfilled', v))\n"
	      "Promise.resolve(2).finally(() => {}).then(v => log('b fulfilled', v))\n"
	      "Promise.reject(3).then(() => {}, () => {}).then(v => log('c fulfilled', v))\n"
	      "Promise.reject(3).finally(() => {}).catch(r => log('d rejected', r))");
	ps[n] = vow_promise_resolve(ex, vow_int(2)), n++;
	ps[n] = vow_promise_then(ps[n - 1], to_undefined, to_undefined, NULL, NULL), n++;
	ps[n] = vow_promise_then(ps[n - 1], say_value, NULL, "a fulfilled", NULL), n++;
	ps[n] = vow_promise_resolve(ex, vow_int(2)), n++;
	ps[n] = vow_promise_finally(ps[n - 1], nothing, NULL, NULL), n++;
	ps[n] = vow_promise_then(ps[n - 1], say_value, NULL, "b fulfilled", NULL), n++;
	ps[n] = vow_promise_reject(ex, vow_int(3)), n++;
	ps[n] = vow_promise_then(ps[n - 1], to_undefined, to_undefined, NULL, NULL), n++;
	ps[n] = vow_promise_then(ps[n - 1], say_value, NULL, "c fulfilled", NULL), n++;
	ps[n] = vow_promise_reject(ex, vow_int(3)), n++;
	ps[n] = vow_promise_finally(ps[n - 1], nothing, NULL, NULL), n++;
	ps[n] = vow_promise_catch(ps[n - 1], say_value, "d rejected", NULL), n++;
	scene_end(ps, n);
}

/* ---- race and allSettled over timers ----------------------------------- */

struct delayed {
	vow_resolver *r;
	vow_value v;
	bool reject;
};

static void fire(void *ctx)
{
	struct delayed *d = ctx;

	if (d->reject)
		vow_resolver_reject(d->r, d->v);
	else
		vow_resolver_resolve(d->r, d->v);
	vow_resolver_release(d->r);
}

static vow_promise *after(struct delayed *d, uint64_t ms, vow_value v, bool reject)
{
	vow_promise *p = vow_promise_with_resolvers(ex, &d->r);

	d->v = v;
	d->reject = reject;
	vow_loop_set_timeout(loop, fire, d, NULL, ms);
	return p;
}

static void combinators(void)
{
	struct delayed d[3];
	vow_promise *ps[7];
	vow_value items[3];

	scene("race and allSettled over three timers",
	      "const ps = [delay(300, 'slow'), delayReject(100, new Error('fast fail')), delay(200, 'mid')]\n"
	      "Promise.race(ps).then(v => log('race settled:', v), r => log('race settled:', r))\n"
	      "Promise.allSettled(ps).then(rs => log('allSettled:', rs))");
	ps[0] = after(&d[0], 300, vow_str("slow"), false);
	ps[1] = after(&d[1], 100, vow_error(0, "fast fail"), true);
	ps[2] = after(&d[2], 200, vow_str("mid"), false);
	for (int i = 0; i < 3; i++)
		items[i] = vow_value_promise(ps[i]); /* borrowed by the combinators */
	ps[3] = vow_promise_race(ex, items, 3);
	ps[4] = vow_promise_then(ps[3], say_value, say_value, "race settled:", NULL);
	ps[5] = vow_promise_all_settled(ex, items, 3);
	ps[6] = vow_promise_then(ps[5], say_value, NULL, "allSettled:", NULL);
	scene_end(ps, 7);
}

/* ---- unhandled rejections ---------------------------------------------- */

/* ---- async / await on the loop -------------------------------------------- */

static struct delayed f_one, f_two;

/* async function f(): two awaits, the second one caught */
static vow_outcome f_body(void *ctx)
{
	vow_value v;
	vow_outcome o;

	(void)ctx;
	printf("f: start\n");
	v = VOW_AWAIT_VALUE(vow_value_promise(after(&f_one, 100, vow_str("one"), false)));
	say_value("f: got", v);
	vow_value_drop(v);
	o = vow_await_value(vow_value_promise(
		after(&f_two, 50, vow_error(0, "two"), true)));
	if (vow_outcome_is_throw(o))
		say_value("f: caught", o.value);
	vow_outcome_drop(o);
	return vow_return(vow_str("f: done"));
}

static vow_outcome say_string(void *ctx, vow_value v)
{
	(void)ctx;
	printf("%s\n", vow_str_cstr(v));
	return vow_return(vow_undefined());
}

static void async_await(void)
{
	vow_promise *ps[2];

	scene("async / await: the body runs at once up to its first await",
	      "async function f() {\n"
	      "  log('f: start')\n"
	      "  const v = await delay(100, 'one'); log('f: got', v)\n"
	      "  try { await delayReject(50, new Error('two')) } catch (e) { log('f: caught', e) }\n"
	      "  return 'f: done'\n"
	      "}\n"
	      "log('before'); f().then(log); log('after')");
	printf("before\n");
	ps[0] = vow_async(ex, f_body, NULL, NULL);
	ps[1] = vow_promise_then(ps[0], say_string, NULL, NULL, NULL);
	printf("after\n");
	scene_end(ps, 2);
}

static void on_rejection(void *ud, vow_rejection_event ev, vow_promise *p, vow_value reason)
{
	char buf[256];

	(void)ud;
	(void)p;
	vow_value_format(reason, buf, sizeof buf);
	printf("%s %s\n", ev == VOW_UNHANDLED_REJECTION ? "unhandledRejection" : "rejectionHandled",
	       buf);
}

static void late_catch(void *ctx)
{
	vow_promise_release(vow_promise_catch(ctx, say_value, "caught late:", NULL));
}

static void unhandled(void)
{
	vow_promise *ps[1];

	scene("an unhandled rejection is reported after the microtasks drain",
	      "process.on('unhandledRejection', ...); process.on('rejectionHandled', ...)\n"
	      "const p = Promise.reject(new Error('nobody listens'))\n"
	      "setTimeout(() => p.catch(e => log('caught late:', e)), 10)");
	vow_executor_set_rejection_policy(ex, VOW_REJECTIONS_CALLBACK, on_rejection, NULL);
	ps[0] = vow_promise_reject(ex, vow_error(0, "nobody listens"));
	vow_loop_set_timeout(loop, late_catch, ps[0], NULL, 10);
	scene_end(ps, 1);
}

/* ---- parallel mode: fan out on the pool, combine on the loop ------------ */

enum { BLOCKS = 4000, BLOCK_SIZE = 1000, CORRUPT_EVERY = 487 };

static atomic_ullong cpu_ns; /* summed over the tasks: the work done */

static uint64_t clock_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static bool is_prime(uint64_t n)
{
	if (n < 2)
		return false;
	for (uint64_t d = 2; d * d <= n; d++)
		if (n % d == 0)
			return false;
	return true;
}

/* A task: count the primes of one block; every 487th block is "corrupt". */
static vow_outcome count_block(void *ctx)
{
	uintptr_t block = (uintptr_t)ctx;
	uint64_t start = clock_ns(CLOCK_THREAD_CPUTIME_ID);
	int64_t primes = 0;
	vow_outcome o;

	for (uint64_t n = block * BLOCK_SIZE; n < (block + 1) * BLOCK_SIZE; n++)
		primes += is_prime(n);
	if (block % CORRUPT_EVERY == CORRUPT_EVERY - 1)
		o = vow_throw(vow_error((int)block, "block %u is corrupt", (unsigned)block));
	else
		o = vow_return(vow_int(primes));
	/* Relaxed: a plain sum, read for the summary after every task finished. */
	atomic_fetch_add_explicit(&cpu_ns, clock_ns(CLOCK_THREAD_CPUTIME_ID) - start,
				  memory_order_relaxed);
	return o;
}

struct fan_out {
	vow_pool *pool;
	int64_t shown;    /* the last tenth shown */
	uint64_t started_ns;
};

/* allSettled's progress, [k, n] as blocks finish: a line every tenth. */
static void show_progress(void *ctx, vow_value k_of_n)
{
	struct fan_out *f = ctx;
	int64_t k = vow_array_get(k_of_n, 0).as.i, n = vow_array_get(k_of_n, 1).as.i;

	if (k * 10 / n > f->shown) {
		f->shown = k * 10 / n;
		fprintf(stderr, "progress: %lld/%lld blocks\n", (long long)k, (long long)n);
	}
}

static vow_outcome report_first_failure(void *ctx, vow_value reason)
{
	char buf[256];

	(void)ctx;
	vow_value_format(reason, buf, sizeof buf);
	printf("Promise.all rejected with the first failure to arrive: %s\n", buf);
	return vow_return(vow_undefined());
}

static vow_outcome summarise(void *ctx, vow_value records)
{
	struct fan_out *f = ctx;
	double wall_ms = (double)(clock_ns(CLOCK_MONOTONIC) - f->started_ns) / 1e6;
	double work_ms = (double)atomic_load_explicit(&cpu_ns, memory_order_relaxed) / 1e6;
	int64_t primes = 0;
	size_t failed = 0;

	for (size_t i = 0; i < vow_array_len(records); i++) {
		vow_value rec = vow_array_get(records, i);

		if (vow_settled_status(rec) == VOW_FULFILLED)
			primes += vow_settled_value(rec).as.i;
		else
			failed++;
	}
	fprintf(stderr, "progress: %zu/%zu blocks\n", vow_array_len(records), vow_array_len(records));
	vow_loop_unref(loop); /* the loop may end: nothing more comes from the pool */
	printf("allSettled: %zu blocks fulfilled, %zu rejected; %lld primes below %d "
	       "outside the corrupt blocks\n",
	       vow_array_len(records) - failed, failed, (long long)primes, BLOCKS * BLOCK_SIZE);
	printf("%u workers: %.0f ms of work in %.0f ms of wall time (%.2fx)\n",
	       vow_pool_threads(f->pool), work_ms, wall_ms, work_ms / wall_ms);
	return vow_return(vow_undefined());
}

static void parallel(void)
{
	static vow_value items[BLOCKS];
	struct fan_out f = {.pool = vow_pool_new(NULL)};
	vow_promise *ps[4];

	printf("\n== parallel mode: %d blocks of %d numbers, primes counted on the pool,\n"
	       "   every %dth block fails; combined with all and allSettled on the loop\n",
	       BLOCKS, BLOCK_SIZE, CORRUPT_EVERY);
	loop = vow_loop_new(0);
	ex = vow_loop_executor(loop);
	f.started_ns = clock_ns(CLOCK_MONOTONIC);
	for (uintptr_t i = 0; i < BLOCKS; i++)
		items[i] = vow_value_promise(vow_spawn(f.pool, count_block, (void *)i));
	/* The combinators run on the loop: results hop from the workers to it. */
	ps[0] = vow_promise_all(ex, items, BLOCKS);
	ps[1] = vow_promise_catch(ps[0], report_first_failure, NULL, NULL);
	ps[2] = vow_promise_all_settled(ex, items, BLOCKS);
	ps[3] = vow_promise_then(ps[2], summarise, NULL, &f, NULL);
	vow_promise_on_progress(ps[2], show_progress, &f, NULL);
	/* The loop cannot see the pool's work coming: keep it until the summary. */
	vow_loop_ref(loop);
	vow_loop_run(loop);
	for (size_t i = 0; i < BLOCKS; i++)
		vow_value_drop(items[i]);
	for (size_t i = 0; i < 4; i++)
		vow_promise_release(ps[i]);
	vow_loop_free(loop);
	vow_pool_free(f.pool);
}

/* ---- an async function on the pool ------------------------------------------ */

static vow_executor *pool_ex;

/*
 * async fib: each call starts its two children as async calls, so that they
 * run in parallel, then awaits both (const a = f(n-1), b = f(n-2); return
 * await a + await b).  If the first rejects, the second is dropped unawaited.
 */
static vow_outcome async_fib(void *ctx)
{
	long n = (long)(intptr_t)ctx;
	vow_value pa, pb, b;
	vow_outcome oa;

	if (n < 2)
		return vow_return(vow_int(n));
	pa = vow_value_promise(vow_async_spawn(pool_ex, async_fib, (void *)(intptr_t)(n - 1), NULL));
	pb = vow_value_promise(vow_async_spawn(pool_ex, async_fib, (void *)(intptr_t)(n - 2), NULL));
	oa = vow_await_value(pa);
	if (vow_outcome_is_throw(oa)) {
		vow_value_drop(pb);
		return oa;
	}
	b = VOW_AWAIT_VALUE(pb);
	return vow_return(vow_int(oa.value.as.i + b.as.i));
}

static void async_on_pool(void)
{
	vow_pool *pool = vow_pool_new(NULL);
	uint64_t t0 = clock_ns(CLOCK_MONOTONIC);
	vow_pool_stats st;
	vow_promise *p;

	printf("\n== async functions on the pool: fib(25), every call awaits two spawned calls\n");
	pool_ex = vow_pool_executor(pool);
	p = vow_async_spawn(pool_ex, async_fib, (void *)(intptr_t)25, NULL);
	vow_promise_wait(p, -1);
	vow_pool_stats_read(pool, &st);
	printf("fib(25) = %lld: 242785 async calls on %u workers in %.0f ms; each await of a\n"
	       "child still running set its caller aside, and %llu jobs were stolen\n",
	       (long long)vow_promise_result(p).as.i, vow_pool_threads(pool),
	       (double)(clock_ns(CLOCK_MONOTONIC) - t0) / 1e6, (unsigned long long)st.steals);
	vow_promise_release(p);
	vow_pool_free(pool);
}

int main(void)
{
	printf("vow %s: JavaScript's promise ordering, in C\n", vow_version_string());
	abdc();
	finally_order();
	combinators();
	async_await();
	unhandled();
	async_on_pool();
	parallel();
	return 0;
}
