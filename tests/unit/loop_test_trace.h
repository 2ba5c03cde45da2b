/*
 * loop_test_trace.h - a comma-separated trace for the loop's unit tests:
 * each test records events and compares the whole string at the end.
 * Owner thread only (tests that use threads record on the loop's thread).
 */
#ifndef VOW_LOOP_TEST_TRACE_H
#define VOW_LOOP_TEST_TRACE_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static char trace_buf[4096];

static void trace_reset(void)
{
	trace_buf[0] = '\0';
}

__attribute__((format(printf, 1, 2), unused))
static void trace_add(const char *fmt, ...)
{
	size_t len = strlen(trace_buf);
	va_list ap;

	if (len > 0 && len + 1 < sizeof trace_buf)
		trace_buf[len++] = ',';
	va_start(ap, fmt);
	vsnprintf(trace_buf + len, sizeof trace_buf - len, fmt, ap);
	va_end(ap);
}

/* A task callback that records its ctx (a string literal). */
static __attribute__((unused)) void trace_task(void *ctx)
{
	trace_add("%s", (const char *)ctx);
}

#endif /* VOW_LOOP_TEST_TRACE_H */
