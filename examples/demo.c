/*
 * demo.c - a tour of vow's JS mode: classic ordering puzzles from the seed
 * guides, each printed with the JavaScript it mirrors and the trace vow
 * produces (the same trace Node prints; the golden tests check that).
 */
#include <stdio.h>
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
	vow_loop_set_timeout(loop, fire, d, ms);
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
	vow_loop_set_timeout(loop, late_catch, ps[0], 10);
	scene_end(ps, 1);
}

int main(void)
{
	printf("vow %s: JavaScript's promise ordering, in C\n", vow_version_string());
	abdc();
	finally_order();
	combinators();
	unhandled();
	return 0;
}
