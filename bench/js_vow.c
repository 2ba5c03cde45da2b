/*
 * js_vow.c - the JS-mode workloads on vow's loop (real clock).  Each one has
 * a twin in js_node.js that does the same thing in the same order; see
 * bench/README.md for what each measures.
 *
 *   js_vow <workload> [--n N] [--m M]
 *   workloads: then_chain, all, all_settled, new_resolve_then, race, any,
 *              await_loop, await_pingpong
 *
 * One warm-up run at 1/100 of the size, then one timed run.  The timed
 * region starts after the loop exists and ends when vow_loop_run() returns
 * and every reference the benchmark holds is released (vow frees eagerly;
 * node's garbage collector may run later, outside the timed region).
 */
#include <stdint.h>
#include <vow/vow.h>

#include "bench_common.h"

static vow_loop *loop;
static vow_executor *ex;

static void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (p == NULL) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	return p;
}

static vow_promise *check(vow_promise *p, const char *what)
{
	if (p == NULL) {
		fprintf(stderr, "%s failed: %s\n", what, vow_strerror(vow_last_error()));
		exit(1);
	}
	return p;
}

/* ---- then_chain: p.then(inc) n times off a resolved promise ---------- */

static vow_outcome inc(void *ctx, vow_value v)
{
	(void)ctx;
	return vow_return(vow_int(v.as.i + 1));
}

static vow_outcome store(void *ctx, vow_value v)
{
	*(int64_t *)ctx = v.as.i;
	return vow_return(vow_undefined());
}

static uint64_t then_chain(long n)
{
	int64_t result = -1;
	uint64_t t0 = bench_now_ns();
	vow_promise *p = check(vow_promise_resolve(ex, vow_int(0)), "resolve");

	for (long i = 0; i < n; i++) {
		vow_promise *q = check(vow_promise_then(p, inc, NULL, NULL, NULL), "then");

		vow_promise_release(p);
		p = q;
	}
	vow_promise *last = check(vow_promise_then(p, store, NULL, &result, NULL), "then");
	vow_promise_release(p);
	vow_loop_run(loop);
	vow_promise_release(last);
	uint64_t t1 = bench_now_ns();
	if (result != n)
		bench_fail("then_chain", "final value != n");
	return t1 - t0;
}

/* ---- all / all_settled: n pending promises, combine, resolve in order -- */

struct sums {
	int64_t sum;
	long fulfilled, rejected, len;
};

static vow_outcome sum_array(void *ctx, vow_value arr)
{
	struct sums *s = ctx;
	size_t n = vow_array_len(arr);

	s->len = (long)n;
	for (size_t i = 0; i < n; i++)
		s->sum += vow_array_get(arr, i).as.i;
	return vow_return(vow_undefined());
}

static vow_outcome sum_settled(void *ctx, vow_value arr)
{
	struct sums *s = ctx;
	size_t n = vow_array_len(arr);

	s->len = (long)n;
	for (size_t i = 0; i < n; i++) {
		vow_value rec = vow_array_get(arr, i);

		if (vow_settled_status(rec) == VOW_FULFILLED)
			s->fulfilled++;
		else
			s->rejected++;
		s->sum += vow_settled_value(rec).as.i;
	}
	return vow_return(vow_undefined());
}

static uint64_t fan_in(long n, int settled)
{
	vow_resolver **rs = xmalloc((size_t)n * sizeof *rs);
	vow_value *items = xmalloc((size_t)n * sizeof *items);
	struct sums s = {0, 0, 0, 0};
	uint64_t t0 = bench_now_ns();

	for (long i = 0; i < n; i++)
		items[i] = vow_value_promise(check(vow_promise_with_resolvers(ex, &rs[i]), "new"));
	vow_promise *comb = check(settled ? vow_promise_all_settled(ex, items, (size_t)n)
					  : vow_promise_all(ex, items, (size_t)n), "combine");
	vow_promise *done = check(vow_promise_then(comb, settled ? sum_settled : sum_array, NULL,
						   &s, NULL), "then");
	for (long i = 0; i < n; i++) {
		if (settled && (i & 1))
			vow_resolver_reject(rs[i], vow_int(i));
		else
			vow_resolver_resolve(rs[i], vow_int(i));
		vow_resolver_release(rs[i]);
		vow_value_drop(items[i]);
	}
	vow_loop_run(loop);
	vow_promise_release(comb);
	vow_promise_release(done);
	uint64_t t1 = bench_now_ns();
	if (s.len != n || s.sum != (int64_t)n * (n - 1) / 2)
		bench_fail(settled ? "all_settled" : "all", "sum or length");
	if (settled && (s.fulfilled != (n + 1) / 2 || s.rejected != n / 2))
		bench_fail("all_settled", "fulfilled/rejected counts");
	free(rs);
	free(items);
	return t1 - t0;
}

/* ---- new_resolve_then: n independent new Promise(res => res(i)).then(add) */

static vow_outcome exec_resolve(void *ctx, vow_resolver *r)
{
	vow_resolver_resolve(r, vow_int((int64_t)(intptr_t)ctx));
	return vow_return(vow_undefined());
}

static vow_outcome add(void *ctx, vow_value v)
{
	*(int64_t *)ctx += v.as.i;
	return vow_return(vow_undefined());
}

static uint64_t new_resolve_then(long n)
{
	int64_t acc = 0;
	uint64_t t0 = bench_now_ns();

	for (long i = 0; i < n; i++) {
		vow_promise *p = check(vow_promise_new(ex, exec_resolve, (void *)(intptr_t)i), "new");
		vow_promise *q = check(vow_promise_then(p, add, NULL, &acc, NULL), "then");

		vow_promise_release(p);
		vow_promise_release(q);
	}
	vow_loop_run(loop);
	uint64_t t1 = bench_now_ns();
	if (acc != (int64_t)n * (n - 1) / 2)
		bench_fail("new_resolve_then", "sum");
	return t1 - t0;
}

/* ---- race / any: rounds x m pending inputs, settled in input order ---- */

static uint64_t fan_in_first(long rounds, long m, int any)
{
	vow_resolver **rs = xmalloc((size_t)m * sizeof *rs);
	vow_value *items = xmalloc((size_t)m * sizeof *items);
	uint64_t t0 = bench_now_ns();

	for (long r = 0; r < rounds; r++) {
		int64_t winner = -1;

		for (long i = 0; i < m; i++)
			items[i] = vow_value_promise(check(vow_promise_with_resolvers(ex, &rs[i]), "new"));
		vow_promise *comb = check(any ? vow_promise_any(ex, items, (size_t)m)
					      : vow_promise_race(ex, items, (size_t)m), "combine");
		vow_promise *done = check(vow_promise_then(comb, store, NULL, &winner, NULL), "then");
		for (long i = 0; i < m; i++) {
			/* race: input 0 wins.  any: all but the last reject. */
			if (any && i != m - 1)
				vow_resolver_reject(rs[i], vow_int(i));
			else
				vow_resolver_resolve(rs[i], vow_int(i));
			vow_resolver_release(rs[i]);
			vow_value_drop(items[i]);
		}
		vow_loop_run(loop);
		vow_promise_release(comb);
		vow_promise_release(done);
		if (winner != (any ? m - 1 : 0))
			bench_fail(any ? "any" : "race", "winner");
	}
	uint64_t t1 = bench_now_ns();
	free(rs);
	free(items);
	return t1 - t0;
}

/* ---- await_loop: one async function awaits n plain values in a loop ---- */

struct await_loop {
	long n;
	int64_t sum;
};

static vow_outcome await_values(void *ctx)
{
	struct await_loop *w = ctx;

	for (long i = 0; i < w->n; i++) {
		vow_value v = VOW_AWAIT_VALUE(vow_int(i));

		w->sum += v.as.i;
	}
	return vow_return(vow_undefined());
}

static uint64_t await_loop(long n)
{
	struct await_loop w = { n, 0 };
	uint64_t t0 = bench_now_ns();
	vow_promise *p = check(vow_async(ex, await_values, &w, NULL), "async");

	vow_loop_run(loop);
	vow_promise_release(p);
	uint64_t t1 = bench_now_ns();
	if (w.sum != (int64_t)n * (n - 1) / 2)
		bench_fail("await_loop", "sum");
	return t1 - t0;
}

/*
 * await_pingpong: two async functions await n/2 values each; each one's
 * continuation is queued behind the other's, so every await suspends and
 * resumes its fiber through the microtask queue.
 */
static uint64_t await_pingpong(long n)
{
	struct await_loop a = { n / 2, 0 }, b = { n - n / 2, 0 };
	uint64_t t0 = bench_now_ns();
	vow_promise *pa = check(vow_async(ex, await_values, &a, NULL), "async");
	vow_promise *pb = check(vow_async(ex, await_values, &b, NULL), "async");

	vow_loop_run(loop);
	vow_promise_release(pa);
	vow_promise_release(pb);
	uint64_t t1 = bench_now_ns();
	if (a.sum != (int64_t)a.n * (a.n - 1) / 2 || b.sum != (int64_t)b.n * (b.n - 1) / 2)
		bench_fail("await_pingpong", "sum");
	return t1 - t0;
}

int main(int argc, char **argv)
{
	struct bench_args a = bench_parse(argc, argv);
	const char *w = a.workload;
	long n = a.n > 0 ? a.n : 1000000;
	long m = a.m > 0 ? a.m : 1000;
	long warm = n / 100 > 0 ? n / 100 : 1;
	uint64_t ns, ops = (uint64_t)n;

	loop = vow_loop_new(0);
	if (loop == NULL)
		return 1;
	ex = vow_loop_executor(loop);
	if (strcmp(w, "then_chain") == 0) {
		then_chain(warm);
		ns = then_chain(n);
	} else if (strcmp(w, "all") == 0 || strcmp(w, "all_settled") == 0) {
		int settled = strcmp(w, "all_settled") == 0;

		fan_in(warm, settled);
		ns = fan_in(n, settled);
	} else if (strcmp(w, "new_resolve_then") == 0) {
		new_resolve_then(warm);
		ns = new_resolve_then(n);
	} else if (strcmp(w, "race") == 0 || strcmp(w, "any") == 0) {
		int any = strcmp(w, "any") == 0;

		fan_in_first(warm, m, any);
		ns = fan_in_first(n, m, any);
		ops = (uint64_t)n * (uint64_t)m;
	} else if (strcmp(w, "await_loop") == 0) {
		await_loop(warm);
		ns = await_loop(n);
	} else if (strcmp(w, "await_pingpong") == 0) {
		await_pingpong(warm);
		ns = await_pingpong(n);
	} else {
		fprintf(stderr, "js_vow: unknown workload %s\n", w);
		return 2;
	}
	vow_loop_free(loop);
	bench_report(w, "vow", 1, ns, ops);
	return 0;
}
