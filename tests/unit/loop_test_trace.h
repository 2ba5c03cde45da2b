/*
 * loop_test_trace.h - for the loop's unit tests: the loop under test and
 * the cmocka fixtures that make and free it, and a comma-separated trace
 * that each test records events in and compares whole at the end.
 * Owner thread only (tests that use threads record on the loop's thread).
 */
#ifndef VOW_LOOP_TEST_TRACE_H
#define VOW_LOOP_TEST_TRACE_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <vow/vow.h>

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

/* The loop under test: made by a setup fixture, freed by loop_teardown. */
static vow_loop *L;

static __attribute__((unused)) int loop_setup_virtual(void **state)
{
	(void)state;
	trace_reset();
	L = vow_loop_new(VOW_LOOP_VIRTUAL_CLOCK);
	return L == NULL ? -1 : 0;
}

static __attribute__((unused)) int loop_setup_real(void **state)
{
	(void)state;
	trace_reset();
	L = vow_loop_new(0);
	return L == NULL ? -1 : 0;
}

static __attribute__((unused)) int loop_teardown(void **state)
{
	(void)state;
	vow_loop_free(L);
	L = NULL;
	return 0;
}

#endif /* VOW_LOOP_TEST_TRACE_H */
