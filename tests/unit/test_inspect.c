/*
 * test_inspect.c - vow_value_inspect / vow_value_format against Node 20.
 *
 * The cases live in inspect_cases.js; inspect_expected.h holds what Node
 * printed for them (regenerate with gen_inspect_expected.sh).  Each case's
 * value is written in a small language that this file parses into vow values
 * exactly as inspect_cases.js parses it into JavaScript values.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <vow/vow.h>

#include "unit/inspect_expected.h"

/* ---- building values from the case language ------------------------------ */

typedef struct builder {
	const char *src;
	size_t i;
	vow_loop *loop;
	vow_value cycles[16]; /* self-containing arrays, unlinked after use */
	size_t ncycles;
} builder;

static void ws(builder *b)
{
	while (b->src[b->i] == ' ' || b->src[b->i] == '\t' || b->src[b->i] == '\n')
		b->i++;
}

static void expect_ch(builder *b, char ch)
{
	ws(b);
	if (b->src[b->i] != ch)
		fail_msg("expected '%c' at %zu in %s", ch, b->i, b->src);
	b->i++;
}

static void put_utf8(char *out, size_t *n, uint32_t cp)
{
	if (cp < 0x80) {
		out[(*n)++] = (char)cp;
	} else if (cp < 0x800) {
		out[(*n)++] = (char)(0xC0 | (cp >> 6));
		out[(*n)++] = (char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		out[(*n)++] = (char)(0xE0 | (cp >> 12));
		out[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[(*n)++] = (char)(0x80 | (cp & 0x3F));
	} else {
		out[(*n)++] = (char)(0xF0 | (cp >> 18));
		out[(*n)++] = (char)(0x80 | ((cp >> 12) & 0x3F));
		out[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[(*n)++] = (char)(0x80 | (cp & 0x3F));
	}
}

/* A JSON string literal, decoded to UTF-8 (malloc'd; *len gets its length). */
static char *json_string(builder *b, size_t *len)
{
	const char *s = b->src;
	size_t cap = strlen(s + b->i) * 4 + 1, n = 0;
	char *out = malloc(cap);

	assert_non_null(out);
	expect_ch(b, '"');
	while (s[b->i] != '"') {
		char ch = s[b->i++];
		uint32_t cp;

		if (ch != '\\') {
			out[n++] = ch;
			continue;
		}
		ch = s[b->i++];
		switch (ch) {
		case 'n': out[n++] = '\n'; break;
		case 't': out[n++] = '\t'; break;
		case 'r': out[n++] = '\r'; break;
		case 'b': out[n++] = '\b'; break;
		case 'f': out[n++] = '\f'; break;
		case 'u':
			cp = (uint32_t)strtoul((char[]){s[b->i], s[b->i + 1], s[b->i + 2], s[b->i + 3], 0}, NULL, 16);
			b->i += 4;
			if (cp >= 0xD800 && cp <= 0xDBFF && s[b->i] == '\\' && s[b->i + 1] == 'u') {
				uint32_t lo = (uint32_t)strtoul(
					(char[]){s[b->i + 2], s[b->i + 3], s[b->i + 4], s[b->i + 5], 0}, NULL, 16);
				b->i += 6;
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			}
			put_utf8(out, &n, cp);
			break;
		default: out[n++] = ch; break; /* \" \\ \/ */
		}
	}
	b->i++;
	out[n] = '\0';
	*len = n;
	return out;
}

static vow_value parse_value(builder *b);

/* Parses "a, b, ...)" or "...]" into a malloc'd array of values. */
static vow_value *parse_list(builder *b, char close, size_t *count)
{
	size_t n = 0, cap = 8;
	vow_value *items = malloc(cap * sizeof *items);

	assert_non_null(items);
	ws(b);
	if (b->src[b->i] == close) {
		b->i++;
		*count = 0;
		return items;
	}
	for (;;) {
		if (n == cap) {
			cap *= 2;
			items = realloc(items, cap * sizeof *items);
			assert_non_null(items);
		}
		items[n++] = parse_value(b);
		ws(b);
		if (b->src[b->i] == ',') {
			b->i++;
			continue;
		}
		expect_ch(b, close);
		*count = n;
		return items;
	}
}

static vow_value make_array(vow_value *items, size_t n, bool cyclic)
{
	vow_value a = vow_array(n + (cyclic ? 1 : 0));

	assert_int_equal(a.kind, VOW_ARRAY);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(vow_array_set(a, i, items[i]), 0);
	if (cyclic)
		assert_int_equal(vow_array_set(a, n, vow_value_dup(a)), 0);
	return a;
}

static const char *str_arg(vow_value *a, size_t n, size_t i)
{
	assert_true(i < n);
	assert_int_equal(a[i].kind, VOW_STRING);
	return vow_str_cstr(a[i]);
}

static vow_value promise_value(vow_promise *p)
{
	assert_non_null(p);
	return vow_value_promise(p);
}

static vow_value call(builder *b, const char *fn, vow_value *a, size_t n)
{
	vow_executor *ex = vow_loop_executor(b->loop);
	vow_value v = vow_undefined();
	vow_value arg = n > 0 ? a[0] : vow_undefined();
	size_t used = n;

	if (strcmp(fn, "fulfilled") == 0) {
		v = vow_settled(VOW_FULFILLED, arg);
	} else if (strcmp(fn, "rejected") == 0) {
		v = vow_settled(VOW_REJECTED, arg);
	} else if (strcmp(fn, "Error") == 0) {
		v = vow_error(-100, "%s", str_arg(a, n, 0));
		used = 0; /* the message is copied */
	} else if (strcmp(fn, "TypeError") == 0) {
		v = vow_type_error("%s", str_arg(a, n, 0));
		used = 0;
	} else if (strcmp(fn, "AggregateError") == 0) {
		v = vow_aggregate_error(arg, str_arg(a, n, 1));
		used = 1;
	} else if (strcmp(fn, "Promise") == 0) {
		v = promise_value(vow_promise_resolve(ex, arg));
	} else if (strcmp(fn, "PromiseRejected") == 0) {
		v = promise_value(vow_promise_reject(ex, arg));
	} else if (strcmp(fn, "PromisePending") == 0) {
		vow_resolver *r = NULL;

		v = promise_value(vow_promise_with_resolvers(ex, &r));
		vow_resolver_release(r);
	} else if (strcmp(fn, "rep") == 0) {
		const char *s = str_arg(a, n, 1);
		size_t len = strlen(s), times;
		char *out;

		assert_int_equal(a[0].kind, VOW_INT);
		times = (size_t)a[0].as.i;
		out = malloc(len * times + 1);
		assert_non_null(out);
		for (size_t k = 0; k < times; k++)
			memcpy(out + k * len, s, len);
		v = vow_strn(out, len * times);
		free(out);
		used = 0;
	} else if (strcmp(fn, "range") == 0) {
		assert_int_equal(a[0].kind, VOW_INT);
		assert_int_equal(a[1].kind, VOW_INT);
		v = vow_array((size_t)a[1].as.i);
		for (int64_t k = 0; k < a[1].as.i; k++)
			vow_array_set(v, (size_t)k, vow_int(a[0].as.i + k));
		used = 0;
	} else if (strcmp(fn, "cycle") == 0) {
		v = make_array(a, n, true);
		assert_true(b->ncycles < sizeof b->cycles / sizeof b->cycles[0]);
		b->cycles[b->ncycles++] = v;
		return v;
	} else {
		fail_msg("unknown function %s", fn);
	}
	/* Release the arguments the constructor did not take (moved: a[0..used)). */
	for (size_t k = used; k < n; k++)
		vow_value_drop(a[k]);
	return v;
}

static vow_value parse_value(builder *b)
{
	const char *s = b->src;
	size_t start;

	ws(b);
	if (s[b->i] == '[') {
		size_t n;
		vow_value *items, a;

		b->i++;
		items = parse_list(b, ']', &n);
		a = make_array(items, n, false);
		free(items);
		return a;
	}
	if (s[b->i] == '"') {
		size_t len;
		char *str = json_string(b, &len);
		vow_value v = vow_strn(str, len);

		free(str);
		return v;
	}
	start = b->i;
	if (s[b->i] == '-' || (s[b->i] >= '0' && s[b->i] <= '9') || strncmp(s + b->i, "NaN", 3) == 0 ||
	    strncmp(s + b->i, "Infinity", 8) == 0) {
		char tok[64];
		size_t len;
		bool integer = true;

		if (s[b->i] == '-')
			b->i++;
		while (s[b->i] != '\0' && strchr("0123456789.eE+-NaInfity", s[b->i]) != NULL)
			b->i++;
		len = b->i - start;
		assert_true(len < sizeof tok);
		memcpy(tok, s + start, len);
		tok[len] = '\0';
		for (size_t k = tok[0] == '-' ? 1 : 0; k < len; k++)
			if (tok[k] < '0' || tok[k] > '9')
				integer = false;
		if (integer)
			return vow_int(strtoll(tok, NULL, 10));
		return vow_double(strtod(tok, NULL));
	}
	while ((s[b->i] >= 'a' && s[b->i] <= 'z') || (s[b->i] >= 'A' && s[b->i] <= 'Z') ||
	       (s[b->i] >= '0' && s[b->i] <= '9') || s[b->i] == '_')
		b->i++;
	{
		char name[32];
		size_t len = b->i - start, n;
		vow_value *args, v;

		assert_true(len > 0 && len < sizeof name);
		memcpy(name, s + start, len);
		name[len] = '\0';
		if (strcmp(name, "undefined") == 0)
			return vow_undefined();
		if (strcmp(name, "null") == 0)
			return vow_null();
		if (strcmp(name, "true") == 0)
			return vow_bool(true);
		if (strcmp(name, "false") == 0)
			return vow_bool(false);
		expect_ch(b, '(');
		args = parse_list(b, ')', &n);
		v = call(b, name, args, n);
		free(args);
		return v;
	}
}

/* ---- helpers ----------------------------------------------------------------- */

/* Renders v with snprintf semantics checked: returns a malloc'd string. */
static char *render(vow_value v, bool format)
{
	size_t (*fn)(vow_value, char *, size_t) = format ? vow_value_format : vow_value_inspect;
	size_t need = fn(v, NULL, 0), again;
	char *buf = malloc(need + 1), small[8];

	assert_non_null(buf);
	memset(buf, 'X', need + 1);
	again = fn(v, buf, need + 1);
	assert_int_equal(again, need);
	assert_int_equal(buf[need], '\0');
	/* Truncation: at most size-1 bytes and a NUL, same return value. */
	assert_int_equal(fn(v, small, sizeof small), need);
	assert_int_equal(strlen(small), need < sizeof small ? need : sizeof small - 1);
	assert_memory_equal(small, buf, strlen(small));
	return buf;
}

static void break_cycles(builder *b)
{
	for (size_t k = 0; k < b->ncycles; k++)
		vow_array_set(b->cycles[k], vow_array_len(b->cycles[k]) - 1, vow_undefined());
	b->ncycles = 0;
}

/* ---- tests ------------------------------------------------------------------- */

static void test_node_cases(void **state)
{
	size_t failures = 0, count = sizeof inspect_cases / sizeof inspect_cases[0];
	vow_loop *loop;

	(void)state;
	assert_true(count >= 60);
	loop = vow_loop_new(0);
	assert_non_null(loop);
	assert_int_equal(vow_executor_set_rejection_policy(vow_loop_executor(loop),
							   VOW_REJECTIONS_IGNORE, NULL, NULL), 0);
	for (size_t k = 0; k < count; k++) {
		const struct inspect_case *tc = &inspect_cases[k];
		builder b = {.src = tc->value, .loop = loop};
		vow_value v = parse_value(&b);
		char *got;

		ws(&b);
		assert_int_equal(b.src[b.i], '\0');
		got = render(v, tc->format != 0);
		if (strcmp(got, tc->expected) != 0) {
			failures++;
			print_error("case %zu (%s %s):\n--- expected\n%s\n--- got\n%s\n", k,
				    tc->format ? "format" : "inspect", tc->value, tc->expected, got);
		}
		free(got);
		break_cycles(&b);
		vow_value_drop(v);
	}
	assert_int_equal(vow_loop_run(loop), 0);
	vow_loop_free(loop);
	assert_int_equal(failures, 0);
}

static void expect_text(vow_value v, bool format, const char *want)
{
	char *got = render(v, format);

	assert_string_equal(got, want);
	free(got);
}

static void test_int64_beyond_2_53(void **state)
{
	(void)state;
	expect_text(vow_int(INT64_MAX), false, "9223372036854775807");
	expect_text(vow_int(INT64_MIN), false, "-9223372036854775808");
	expect_text(vow_int(9007199254740993), true, "9007199254740993");
}

static void test_non_js_kinds(void **state)
{
	int x = 0;
	char want[64], got[64];
	vow_value box = vow_box(&x, NULL), arr;

	(void)state;
	snprintf(want, sizeof want, "[Box 0x%jx]", (uintmax_t)(uintptr_t)&x);
	vow_value_inspect(box, got, sizeof got);
	assert_string_equal(got, want);
	snprintf(want, sizeof want, "[Pointer 0x%jx]", (uintmax_t)(uintptr_t)&x);
	vow_value_format(vow_ptr(&x), got, sizeof got);
	assert_string_equal(got, want);
	expect_text(vow_ptr(NULL), false, "[Pointer 0x0]");

	arr = vow_array(2);
	vow_array_set(arr, 0, box);
	vow_array_set(arr, 1, vow_int(1));
	snprintf(want, sizeof want, "[ [Box 0x%jx], 1 ]", (uintmax_t)(uintptr_t)&x);
	vow_value_inspect(arr, got, sizeof got);
	assert_string_equal(got, want);
	vow_value_drop(arr);
}

static vow_outcome never_then(void *self, vow_resolver *r)
{
	(void)self;
	(void)r;
	return vow_return(vow_undefined());
}

static void test_thenable(void **state)
{
	static const vow_thenable_ops ops = {.then = never_then, .release = NULL};
	vow_value t = vow_thenable(&ops, NULL), arr = vow_array(1);

	(void)state;
	expect_text(t, false, "[Thenable]");
	vow_array_set(arr, 0, t);
	expect_text(arr, true, "[ [Thenable] ]");
	vow_value_drop(arr);
}

static void test_embedded_nul_and_raw_format(void **state)
{
	vow_value s = vow_strn("a\0b", 3);
	char buf[8];

	(void)state;
	assert_int_equal(vow_value_format(s, buf, sizeof buf), 3);
	assert_memory_equal(buf, "a\0b", 4);
	expect_text(s, false, "'a\\x00b'");
	vow_value_drop(s);
}

static void test_zero_size_buffer(void **state)
{
	char c = 'Q';

	(void)state;
	assert_int_equal(vow_value_inspect(vow_int(12345), &c, 0), 5);
	assert_int_equal(c, 'Q');
	assert_int_equal(vow_value_inspect(vow_int(12345), &c, 1), 5);
	assert_int_equal(c, '\0');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_node_cases),
		cmocka_unit_test(test_int64_beyond_2_53),
		cmocka_unit_test(test_non_js_kinds),
		cmocka_unit_test(test_thenable),
		cmocka_unit_test(test_embedded_nul_and_raw_format),
		cmocka_unit_test(test_zero_size_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
