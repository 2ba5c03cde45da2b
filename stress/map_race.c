/*
 * map_race - vow_spawn_map rounds on the pool (--threads workers, default:
 * online CPUs) with a random item count in [0, --n] (default 5000).
 *
 * Each round draws its own mix: in some rounds every k-th item throws, in
 * most every m-th item returns a pending promise whose resolver goes to a
 * plain settler thread, which settles its batches in a shuffled order (in
 * some rounds rejecting one of them).  Every fourth round the map is
 * started inside a task that waits for it (a helping wait) and returns it.
 * Checks, every round: each index ran exactly once (also after an early
 * rejection: the other items still run); with no thrower and no rejected
 * promise the result is an array of length n with the exact value in every
 * slot; otherwise it is rejected with the reason of one of the failing
 * items.
 */
#include <pthread.h>
#include <vow/vow.h>

#include "stress_common.h"

/* ---- the settler thread ----------------------------------------------------- */

struct pending {
	vow_resolver *r;
	size_t index;
	int64_t value; /* to resolve with */
	bool reject;   /* reject with an error whose code is index instead */
};

static struct {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct pending *q;
	size_t len, cap;
	bool quit;
	atomic_size_t pushed, settled; /* this round */
} settler = { .lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER };

static bool settler_push(struct pending p)
{
	bool ok = true;

	pthread_mutex_lock(&settler.lock);
	if (settler.len == settler.cap) {
		size_t cap = settler.cap ? settler.cap * 2 : 256;
		struct pending *q = realloc(settler.q, cap * sizeof *q);

		if (q == NULL) {
			ok = false;
			goto out;
		}
		settler.q = q;
		settler.cap = cap;
	}
	settler.q[settler.len++] = p;
	atomic_fetch_add(&settler.pushed, 1);
	pthread_cond_signal(&settler.cond);
out:
	pthread_mutex_unlock(&settler.lock);
	return ok;
}

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static int64_t value_of(uint64_t round, size_t i)
{
	return (int64_t)(round % 1000003) * 10007 + (int64_t)i;
}

static void *settler_main(void *arg)
{
	uint64_t seed = 0x2545f4914f6cdd1dull;
	struct pending *batch = NULL;
	size_t cap = 0;

	(void)arg;
	pthread_mutex_lock(&settler.lock);
	for (;;) {
		size_t n;

		while (settler.len == 0 && !settler.quit)
			pthread_cond_wait(&settler.cond, &settler.lock);
		if (settler.len == 0)
			break;
		/* Take the whole batch; settle it without the lock, shuffled. */
		n = settler.len;
		if (n > cap) {
			struct pending *b = realloc(batch, n * sizeof *b);

			if (b == NULL) {
				stress_violation("settler: out of memory");
				break;
			}
			batch = b;
			cap = n;
		}
		memcpy(batch, settler.q, n * sizeof *batch);
		settler.len = 0;
		pthread_mutex_unlock(&settler.lock);
		for (size_t i = n - 1; i > 0; i--) {
			size_t k = xorshift(&seed) % (i + 1);
			struct pending t = batch[i];

			batch[i] = batch[k];
			batch[k] = t;
		}
		for (size_t i = 0; i < n; i++) {
			struct pending *p = &batch[i];
			int rc = p->reject
				? vow_resolver_reject(p->r, vow_error((int)p->index, "rejected"))
				: vow_resolver_resolve(p->r, vow_int(p->value));

			if (rc != 0)
				stress_violation("settling promise %zu failed: %d", p->index, rc);
			vow_resolver_release(p->r);
			atomic_fetch_add(&settler.settled, 1);
		}
		pthread_mutex_lock(&settler.lock);
	}
	pthread_mutex_unlock(&settler.lock);
	free(batch);
	return NULL;
}

/* ---- one round ----------------------------------------------------------------- */

/* Written by the main thread between rounds; the post of the map publishes it. */
static struct round {
	vow_pool *pool;
	uint64_t round;
	size_t n;
	size_t throw_every, throw_at;   /* throw_every 0: nobody throws */
	size_t promise_every;           /* 0: no promises */
	size_t reject_index;            /* SIZE_MAX: none is rejected */
	unsigned spin;                  /* work per item, in loop turns */
	atomic_uint *runs;
	atomic_size_t total;
	atomic_uint out_of_range;
} rd;

static bool throws(size_t i)
{
	return rd.throw_every != 0 && i % rd.throw_every == rd.throw_at;
}

static bool returns_promise(size_t i)
{
	return !throws(i) && rd.promise_every != 0 && i % rd.promise_every == 0;
}

static _Thread_local volatile unsigned spin_sink; /* keeps the busy loop */

static vow_outcome item(void *ctx, size_t i)
{
	vow_outcome o;

	(void)ctx;
	if (i >= rd.n) {
		atomic_fetch_add(&rd.out_of_range, 1);
		return vow_return(vow_undefined());
	}
	for (unsigned k = 0; k < (i * 7 + rd.spin) % 64 * rd.spin / 8; k++)
		spin_sink = k;
	if (throws(i)) {
		o = vow_throw(vow_error((int)i, "thrown"));
	} else if (returns_promise(i)) {
		vow_resolver *r;
		vow_promise *p = vow_promise_with_resolvers(vow_pool_executor(rd.pool), &r);

		if (p == NULL || !settler_push((struct pending){ r, i, value_of(rd.round, i),
								   i == rd.reject_index })) {
			stress_violation("item %zu: no promise", i);
			vow_resolver_release(r);
			vow_promise_release(p);
			o = vow_throw(vow_error(-1, "no promise"));
		} else {
			o = vow_return(vow_value_promise(p));
		}
	} else {
		o = vow_return(vow_int(value_of(rd.round, i)));
	}
	/* Last: once total reaches n, no item touches the round any more. */
	atomic_fetch_add(&rd.runs[i], 1);
	atomic_fetch_add(&rd.total, 1);
	return o;
}

/* The map started, and waited for, inside a task; the task's promise adopts it. */
static vow_outcome map_in_task(void *ctx)
{
	vow_promise *p = vow_spawn_map(rd.pool, rd.n, item, ctx);

	if (p == NULL)
		return vow_throw(vow_error(-2, "vow_spawn_map failed in a task"));
	if (vow_promise_wait(p, -1) != 0)
		stress_violation("round %llu: wait inside a task failed",
				 (unsigned long long)rd.round);
	return vow_return(vow_value_promise(p));
}

/* Spin until *counter reaches want; false after 30 s. */
static bool wait_count(atomic_size_t *counter, size_t want)
{
	double t0 = stress_now();
	struct timespec ts = { 0, 100000 };

	while (atomic_load(counter) < want) {
		if (stress_now() - t0 > 30)
			return false;
		nanosleep(&ts, NULL);
	}
	return true;
}

static void check_result(vow_promise *p, uint64_t round)
{
	bool any_fails = rd.reject_index != SIZE_MAX;
	vow_value v = vow_promise_result(p);

	for (size_t i = 0; i < rd.n && !any_fails; i++)
		any_fails = throws(i);
	if (!any_fails) {
		if (vow_promise_state(p) != VOW_FULFILLED || vow_array_len(v) != rd.n) {
			stress_violation("round %llu: n=%zu not fulfilled with the array",
					 (unsigned long long)round, rd.n);
			return;
		}
		for (size_t i = 0; i < rd.n; i++) {
			vow_value x = vow_array_get(v, i);

			if (x.kind != VOW_INT || x.as.i != value_of(round, i)) {
				stress_violation("round %llu: slot %zu wrong",
						 (unsigned long long)round, i);
				return;
			}
		}
	} else {
		int code = vow_error_code(v);

		if (vow_promise_state(p) != VOW_REJECTED || !vow_is_error(v) || code < 0 ||
		    (size_t)code >= rd.n ||
		    !(throws((size_t)code) || (size_t)code == rd.reject_index))
			stress_violation("round %llu: n=%zu rejected with the wrong reason (%d)",
					 (unsigned long long)round, rd.n, code);
	}
}

int main(int argc, char **argv)
{
	struct stress_args a = stress_parse(argc, argv, (struct stress_args){ .n = 5000 });
	size_t max_n = a.n ? a.n : 5000;
	struct stress_clock c = stress_clock_start();
	uint64_t rounds = 0, rejected = 0, seed = 88172645463325252ull;
	pthread_t st;
	vow_pool_stats s;

	rd.pool = vow_pool_new(&(vow_pool_options){ .threads = a.threads });
	rd.runs = calloc(max_n, sizeof *rd.runs);
	if (rd.pool == NULL || rd.runs == NULL || pthread_create(&st, NULL, settler_main, NULL)) {
		fprintf(stderr, "map_race: setup failed\n");
		return 1;
	}
	while (stress_continue(&c, &a, "map_race", rounds)) {
		vow_promise *p;

		rd.round = rounds;
		rd.n = xorshift(&seed) % (max_n + 1);
		rd.throw_every = xorshift(&seed) % 4 == 0 ? 1 + xorshift(&seed) % 3000 : 0;
		rd.throw_at = rd.throw_every ? xorshift(&seed) % rd.throw_every : 0;
		rd.promise_every = xorshift(&seed) % 4 != 0 ? 1 + xorshift(&seed) % 40 : 0;
		rd.reject_index = SIZE_MAX;
		if (rd.promise_every != 0 && rd.n != 0 && xorshift(&seed) % 8 == 0) {
			size_t k = xorshift(&seed) % ((rd.n - 1) / rd.promise_every + 1);

			if (returns_promise(k * rd.promise_every))
				rd.reject_index = k * rd.promise_every;
		}
		rd.spin = (unsigned)(xorshift(&seed) % 64);
		for (size_t i = 0; i < rd.n; i++)
			atomic_store(&rd.runs[i], 0);
		atomic_store(&rd.total, 0);
		atomic_store(&rd.out_of_range, 0);
		atomic_store(&settler.pushed, 0);
		atomic_store(&settler.settled, 0);

		/* The spawn / map publishes everything written above to the items. */
		p = rounds % 4 == 3 ? vow_spawn(rd.pool, map_in_task, NULL)
				    : vow_spawn_map(rd.pool, rd.n, item, NULL);
		if (p == NULL) {
			stress_violation("round %llu: no promise", (unsigned long long)rounds);
			break;
		}
		if (vow_promise_wait(p, 30000) != 0)
			stress_violation("round %llu: n=%zu never settled",
					 (unsigned long long)rounds, rd.n);
		else
			check_result(p, rounds);
		rejected += vow_promise_state(p) == VOW_REJECTED;
		vow_promise_release(p);
		/* Items may still run after an early rejection: all must, once. */
		if (!wait_count(&rd.total, rd.n))
			stress_violation("round %llu: only %zu of %zu items ran",
					 (unsigned long long)rounds, atomic_load(&rd.total), rd.n);
		for (size_t i = 0; i < rd.n; i++) {
			if (atomic_load(&rd.runs[i]) != 1) {
				stress_violation("round %llu: item %zu ran %u times",
						 (unsigned long long)rounds, i,
						 atomic_load(&rd.runs[i]));
				break;
			}
		}
		if (atomic_load(&rd.out_of_range) != 0)
			stress_violation("round %llu: fn called past n",
					 (unsigned long long)rounds);
		/* Even promises of a rejected round are settled before the next one. */
		if (!wait_count(&settler.settled, atomic_load(&settler.pushed)))
			stress_violation("round %llu: settler stuck", (unsigned long long)rounds);
		rounds++;
	}
	pthread_mutex_lock(&settler.lock);
	settler.quit = true;
	pthread_cond_signal(&settler.cond);
	pthread_mutex_unlock(&settler.lock);
	pthread_join(st, NULL); /* no settling from outside once the pool shuts down */
	vow_pool_stats_read(rd.pool, &s);
	vow_pool_free(rd.pool);
	free(rd.runs);
	free(settler.q);
	char extra[160];
	snprintf(extra, sizeof extra, "n<=%zu, %llu rejected, tasks %llu, steals %llu",
		 max_n, (unsigned long long)rejected, (unsigned long long)s.tasks_run,
		 (unsigned long long)s.steals);
	return stress_finish(&c, "map_race", rounds, extra);
}
