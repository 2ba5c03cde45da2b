/*
 * trace.h - a trace buffer for the promise unit tests, plus the few helpers
 * every test file uses (a loop to run on, counting destructors, handlers that
 * log).
 *
 * Handlers append "label:value" tokens, separated by single spaces; a test
 * compares the whole trace with the exact expected text:
 *
 *     trace_reset();
 *     ... attach handlers that call trace_log("a", v) ...
 *     assert_int_equal(vow_loop_run(loop), 0);
 *     assert_trace("a:1 b:2");
 *
 * Values print compactly and unambiguously (trace_fmt_value):
 *   undefined null true false 42 1.5 str(text as is) box ptr
 *   Error(message) TypeError(message) AggregateError(message)
 *   [item,item]  {fulfilled,value}  {rejected,reason}  promise  thenable
 *
 * Each test file is one translation unit, so the state here is per file.
 * Include after <cmocka.h>'s prerequisites (stdarg, stddef, setjmp, stdint).
 */
#ifndef VOW_TESTS_TRACE_H
#define VOW_TESTS_TRACE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <vow/vow.h>

/* ---- the trace buffer ----------------------------------------------------- */

#define TRACE_CAP 8192

struct trace {
	char buf[TRACE_CAP];
	size_t len;
	int overflow;
};

static inline struct trace *trace_buf(void)
{
	static struct trace t;
	return &t;
}

static inline void trace_reset(void)
{
	struct trace *t = trace_buf();

	t->buf[0] = '\0';
	t->len = 0;
	t->overflow = 0;
}

static inline const char *trace_get(void)
{
	return trace_buf()->buf;
}

/* Append one token (printf-style), preceded by a space unless first. */
static inline void trace_add(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline void trace_add(const char *fmt, ...)
{
	struct trace *t = trace_buf();
	va_list ap;
	int n;

	if (t->len > 0 && t->len + 1 < TRACE_CAP)
		t->buf[t->len++] = ' ';
	va_start(ap, fmt);
	n = vsnprintf(t->buf + t->len, TRACE_CAP - t->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= TRACE_CAP - t->len) {
		t->overflow = 1;
		t->len = TRACE_CAP - 1;
	} else {
		t->len += (size_t)n;
	}
	t->buf[t->len] = '\0';
}

/* Format v as described at the top; returns buf. */
static inline char *trace_fmt_value(vow_value v, char *buf, size_t size)
{
	size_t off = 0;

#define TRACE__PUT(...)                                                          \
	do {                                                                     \
		int n_ = snprintf(buf + off, off < size ? size - off : 0, __VA_ARGS__); \
		if (n_ > 0)                                                      \
			off += (size_t)n_;                                       \
		if (off >= size)                                                 \
			off = size - 1;                                          \
	} while (0)

	buf[0] = '\0';
	switch (v.kind) {
	case VOW_UNDEFINED: TRACE__PUT("undefined"); break;
	case VOW_NULL: TRACE__PUT("null"); break;
	case VOW_BOOL: TRACE__PUT("%s", v.as.b ? "true" : "false"); break;
	case VOW_INT: TRACE__PUT("%lld", (long long)v.as.i); break;
	case VOW_DOUBLE: TRACE__PUT("%g", v.as.d); break;
	case VOW_PTR: TRACE__PUT("ptr"); break;
	case VOW_STRING: TRACE__PUT("%s", vow_str_cstr(v)); break;
	case VOW_BOX: TRACE__PUT("box"); break;
	case VOW_ERROR:
		TRACE__PUT("%s(%s)", vow_error_name(v), vow_error_message(v));
		break;
	case VOW_ARRAY:
		TRACE__PUT("[");
		for (size_t i = 0; i < vow_array_len(v); i++) {
			char item[256];

			trace_fmt_value(vow_array_get(v, i), item, sizeof item);
			TRACE__PUT("%s%s", i > 0 ? "," : "", item);
		}
		TRACE__PUT("]");
		break;
	case VOW_SETTLED: {
		char item[256];

		trace_fmt_value(vow_settled_value(v), item, sizeof item);
		TRACE__PUT("{%s,%s}",
			   vow_settled_status(v) == VOW_FULFILLED ? "fulfilled"
			   : vow_settled_status(v) == VOW_REJECTED ? "rejected" : "?",
			   item);
		break;
	}
	case VOW_PROMISE: TRACE__PUT("promise"); break;
	case VOW_THENABLE: TRACE__PUT("thenable"); break;
	default: TRACE__PUT("kind%d", (int)v.kind); break;
	}
#undef TRACE__PUT
	return buf;
}

/* Append "label:value". */
static inline void trace_log(const char *label, vow_value v)
{
	char buf[1024];

	trace_add("%s:%s", label, trace_fmt_value(v, buf, sizeof buf));
}

/* The whole trace must equal expected (and must not have overflowed). */
#define assert_trace(expected)                                                  \
	do {                                                                     \
		assert_false(trace_buf()->overflow);                            \
		assert_string_equal(trace_get(), (expected));                  \
	} while (0)

/* ---- handlers that log ------------------------------------------------------ */
/* ctx is a const char * label (a string literal; no ctx_dtor needed). */

/* Logs "label:value" and returns the value (fulfils the derived promise). */
static inline vow_outcome trace_pass(void *ctx, vow_value v)
{
	trace_log(ctx, v);
	return vow_return(vow_value_dup(v));
}

/* Logs "label:value" and throws it again (rejects the derived promise). */
static inline vow_outcome trace_rethrow(void *ctx, vow_value v)
{
	trace_log(ctx, v);
	return vow_throw(vow_value_dup(v));
}

/* Logs "label" only and returns undefined: one step of a tick counter. */
static inline vow_outcome trace_tick(void *ctx, vow_value v)
{
	(void)v;
	trace_add("%s", (const char *)ctx);
	return vow_return(vow_undefined());
}

/* Logs "label" only (a finally handler) and returns undefined. */
static inline vow_outcome trace_thunk(void *ctx)
{
	trace_add("%s", (const char *)ctx);
	return vow_return(vow_undefined());
}

/*
 * p.then(tick labels[0]).then(tick labels[1])...: a parallel chain that
 * logs one label per job, to measure another chain against.  Releases the
 * intermediate promises (the reactions keep them alive).
 */
static inline void trace_ticks(vow_promise *p, const char *const *labels, size_t n)
{
	vow_promise *cur = vow_promise_dup(p);

	for (size_t i = 0; i < n; i++) {
		vow_promise *next = vow_promise_then(cur, trace_tick, trace_tick,
						     (void *)labels[i], NULL);
		assert_non_null(next);
		vow_promise_release(cur);
		cur = next;
	}
	vow_promise_release(cur);
}

/* Attach then(on_f, on_r) with a label and drop the derived promise. */
static inline void trace_then(vow_promise *p, vow_handler_fn on_f, vow_handler_fn on_r,
			      const char *label)
{
	vow_promise *d = vow_promise_then(p, on_f, on_r, (void *)label, NULL);

	assert_non_null(d);
	vow_promise_release(d);
}

/* ---- counting destructors ------------------------------------------------- */

/* ctx_dtor / box dtor / thenable release that counts: ctx is an int *. */
static inline void count_dtor(void *ctx)
{
	++*(int *)ctx;
}

/* ---- the loop ------------------------------------------------------------- */

#ifdef VOW_TEST_INLINE
#include "inline_harness.h" /* the same tests on the inline executor */
#else
/*
 * A loop on the virtual clock with unhandled rejections ignored, so that
 * tests whose derived promises reject without a handler stay quiet.  The
 * rejection tests set their own policy.
 */
static inline vow_loop *test_loop_new(void)
{
	vow_loop *loop = vow_loop_new(VOW_LOOP_VIRTUAL_CLOCK);

	assert_non_null(loop);
	assert_int_equal(vow_executor_set_rejection_policy(vow_loop_executor(loop),
							    VOW_REJECTIONS_IGNORE, NULL, NULL), 0);
	return loop;
}

/* Run to idle; the run must succeed. */
static inline void test_loop_run(vow_loop *loop)
{
	assert_int_equal(vow_loop_run(loop), 0);
}
#endif

/* A promise that is still pending, with the resolver that settles it. */
static inline vow_promise *test_deferred(vow_executor *ex, vow_resolver **r)
{
	vow_promise *p = vow_promise_with_resolvers(ex, r);

	assert_non_null(p);
	assert_non_null(*r);
	return p;
}

#endif /* VOW_TESTS_TRACE_H */
