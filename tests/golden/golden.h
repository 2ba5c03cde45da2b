/*
 * golden.h - shared scaffolding for the golden tests.
 *
 * Each tests/golden/<name>.c ports tests/golden/js/<name>.js to C and must
 * print exactly what `node js/<name>.js` prints (tests/golden/expected/).
 * The loop runs on a virtual clock, so examples that wait seconds finish at
 * once with the same trace.
 *
 * Promise handles that a port does not need to keep are handed to keep(),
 * which releases them when the program ends, so ports read like the
 * JavaScript and still free everything (the suite runs under valgrind).
 */
#ifndef VOW_GOLDEN_H
#define VOW_GOLDEN_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vow/vow.h>

static vow_loop *loop;
static vow_executor *ex;

static vow_promise **kept;
static size_t kept_len, kept_cap;

static inline void golden_die(const char *what)
{
	fprintf(stderr, "golden: %s: %s\n", what, vow_strerror(vow_last_error()));
	exit(2);
}

/* Keep p until the end of the program; returns p.  NULL is fatal. */
static inline vow_promise *keep(vow_promise *p)
{
	if (p == NULL)
		golden_die("a vow call failed");
	if (kept_len == kept_cap) {
		kept_cap = kept_cap ? 2 * kept_cap : 64;
		kept = realloc(kept, kept_cap * sizeof *kept);
		if (kept == NULL)
			golden_die("out of memory");
	}
	kept[kept_len++] = p;
	return p;
}

static inline void golden_begin(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	loop = vow_loop_new(VOW_LOOP_VIRTUAL_CLOCK);
	if (loop == NULL)
		golden_die("vow_loop_new");
	ex = vow_loop_executor(loop);
}

/* Runs the loop until idle, releases everything, and returns main's status. */
static inline int golden_end(void)
{
	int rc = vow_loop_run(loop);

	if (rc != 0) {
		fprintf(stderr, "golden: vow_loop_run: %s\n", vow_strerror(rc));
		return 1;
	}
	for (size_t i = 0; i < kept_len; i++)
		vow_promise_release(kept[i]);
	free(kept);
	vow_loop_free(loop);
	return 0;
}

/* console.log(text) */
static inline void log_text(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline void log_text(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* console.log(label, v), or console.log(v) when label is NULL. */
static inline void log_value(const char *label, vow_value v)
{
	char buf[4096];

	vow_value_format(v, buf, sizeof buf);
	if (label != NULL)
		printf("%s %s\n", label, buf);
	else
		printf("%s\n", buf);
}

/*
 * String(v): errors as "Name: message" ("Name" if no message), promises as
 * "[object Promise]", everything else as console.log.
 */
static inline void string_of(vow_value v, char *buf, size_t size)
{
	if (v.kind == VOW_PROMISE)
		snprintf(buf, size, "[object Promise]");
	else if (vow_is_error(v) && vow_error_message(v)[0] == '\0')
		snprintf(buf, size, "%s", vow_error_name(v));
	else if (vow_is_error(v))
		snprintf(buf, size, "%s: %s", vow_error_name(v), vow_error_message(v));
	else
		vow_value_format(v, buf, size);
}

/* console.log(label, String(v)), or console.log(String(v)) when label is NULL. */
static inline void log_string(const char *label, vow_value v)
{
	char buf[4096];

	string_of(v, buf, sizeof buf);
	if (label != NULL)
		printf("%s %s\n", label, buf);
	else
		printf("%s\n", buf);
}

/* The ReferenceError JavaScript throws on reading an undeclared name. */
static inline vow_value reference_error(const char *name)
{
	return vow_error_named(0, "ReferenceError", "%s is not defined", name);
}

/* process.on(...) with fn as the listener for both rejection events; failure is fatal. */
static inline void on_rejections(vow_rejection_fn fn, void *ud)
{
	if (vow_executor_set_rejection_policy(ex, VOW_REJECTIONS_CALLBACK, fn, ud) != 0)
		golden_die("vow_executor_set_rejection_policy");
}

/* process.on('unhandledRejection', (r, p) => console.log('unhandledRejection', String(r))) */
static inline void log_unhandled(void *ud, vow_rejection_event ev, vow_promise *p, vow_value r)
{
	(void)ud;
	(void)p;
	if (ev == VOW_UNHANDLED_REJECTION)
		log_string("unhandledRejection", r);
}

/* setTimeout(console.log, ms, p): a task logging the promise ctx (borrowed). */
static inline void log_promise(void *ctx)
{
	log_value(NULL, vow_value_promise(ctx));
}

/* A handler: v => console.log(v), as in .then(console.log) */
static inline vow_outcome console_log(void *ctx, vow_value v)
{
	(void)ctx;
	log_value(NULL, v);
	return vow_return(vow_undefined());
}

/* A handler: e => console.log(String(e)) */
static inline vow_outcome console_log_string(void *ctx, vow_value e)
{
	(void)ctx;
	log_string(NULL, e);
	return vow_return(vow_undefined());
}

/* setTimeout(fn, ms) */
static inline void set_timeout(vow_task_fn fn, void *ctx, uint64_t ms)
{
	if (vow_loop_set_timeout(loop, fn, ctx, NULL, ms) == 0)
		golden_die("vow_loop_set_timeout");
}

/* new Promise(r => setTimeout(() => r(value), ms)) and its reject twin. */
struct golden_delayed {
	vow_resolver *resolver;
	vow_value value;
	bool reject;
};

static inline void golden_delayed_fire(void *ctx)
{
	struct golden_delayed *d = ctx;

	if (d->reject)
		vow_resolver_reject(d->resolver, d->value);
	else
		vow_resolver_resolve(d->resolver, d->value);
	vow_resolver_release(d->resolver);
	free(d);
}

static inline vow_promise *golden_delayed(uint64_t ms, vow_value v, bool reject)
{
	struct golden_delayed *d = malloc(sizeof *d);
	vow_promise *p;

	if (d == NULL)
		golden_die("out of memory");
	p = vow_promise_with_resolvers(ex, &d->resolver);
	if (p == NULL)
		golden_die("vow_promise_with_resolvers");
	d->value = v;
	d->reject = reject;
	set_timeout(golden_delayed_fire, d, ms);
	return keep(p);
}

static inline vow_promise *resolve_after(uint64_t ms, vow_value v) { return golden_delayed(ms, v, false); }
static inline vow_promise *reject_after(uint64_t ms, vow_value v) { return golden_delayed(ms, v, true); }

/* Borrowed promise as an item for the combinators (no reference taken). */
static inline vow_value item(vow_promise *p) { return vow_value_promise(p); }

#endif /* VOW_GOLDEN_H */
