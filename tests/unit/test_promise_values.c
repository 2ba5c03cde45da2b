/*
 * test_promise_values.c - the values promises carry (strings, boxes,
 * errors, arrays, settled records, references) and the error codes
 * (vow_strerror / vow_err_name over VOW_ERRNO_MAP, vow_last_error).
 */
#include <pthread.h>

#include "core.h" /* vow__alloc_fail_at */
#include "trace.h"

/* ---- immediates and strings ------------------------------------------------ */

static void test_immediates(void **state)
{
	(void)state;
	assert_int_equal(vow_undefined().kind, VOW_UNDEFINED);
	assert_int_equal(vow_null().kind, VOW_NULL);
	assert_int_equal(vow_bool(true).kind, VOW_BOOL);
	assert_true(vow_bool(true).as.b);
	assert_int_equal(vow_int(-5).as.i, -5);
	assert_int_equal(vow_int(INT64_MAX).as.i, INT64_MAX);
	assert_true(vow_double(1.5).as.d == 1.5);
	assert_ptr_equal(vow_ptr(&state).as.ptr, &state);
	/* dup and drop are no-ops on immediates. */
	assert_int_equal(vow_value_dup(vow_int(3)).as.i, 3);
	vow_value_drop(vow_int(3));
	vow_value_drop(vow_ptr(&state));
	assert_false(vow_is_error(vow_int(1)));
	assert_false(vow_is_thenable(vow_null()));
}

static void test_strings(void **state)
{
	vow_value a = vow_str("abc");
	vow_value e = vow_str(NULL);
	vow_value n = vow_strn("abcdef", 3);
	vow_value z = vow_strn("a\0b", 3);
	vow_value f = vow_strf("%d-%s", 4, "x");

	(void)state;
	assert_int_equal(a.kind, VOW_STRING);
	assert_string_equal(vow_str_cstr(a), "abc");
	assert_int_equal(vow_str_len(a), 3);
	assert_string_equal(vow_str_cstr(e), "");
	assert_int_equal(vow_str_len(e), 0);
	assert_string_equal(vow_str_cstr(n), "abc");
	assert_int_equal(vow_str_len(n), 3);
	assert_int_equal(vow_str_len(z), 3);
	assert_memory_equal(vow_str_cstr(z), "a\0b", 4);
	assert_string_equal(vow_str_cstr(f), "4-x");
	assert_int_equal(vow_str_len(f), 3);
	/* The string is a copy. */
	{
		char buf[] = "mutable";
		vow_value c = vow_str(buf);

		buf[0] = 'X';
		assert_string_equal(vow_str_cstr(c), "mutable");
		vow_value_drop(c);
	}
	vow_value_drop(a);
	vow_value_drop(e);
	vow_value_drop(n);
	vow_value_drop(z);
	vow_value_drop(f);
}

/* ---- boxes and reference counts ---------------------------------------------- */

static void test_box_destructor_once(void **state)
{
	int dtor = 0;
	vow_value b = vow_box(&dtor, count_dtor);

	(void)state;
	assert_int_equal(b.kind, VOW_BOX);
	assert_ptr_equal(vow_box_data(b), &dtor);
	assert_int_equal(vow_value_dup(b).as.obj, b.as.obj);
	vow_value_dup(b);
	vow_value_dup(b);
	vow_value_drop(b);
	vow_value_drop(b);
	vow_value_drop(b);
	assert_int_equal(dtor, 0); /* one reference left */
	assert_ptr_equal(vow_box_data(b), &dtor);
	vow_value_drop(b);
	assert_int_equal(dtor, 1);
}

static void test_box_null_destructor(void **state)
{
	int data = 7;
	vow_value b = vow_box(&data, NULL);

	(void)state;
	assert_ptr_equal(vow_box_data(b), &data);
	vow_value_drop(b);
	assert_int_equal(data, 7);
}

/* A box held by a promise's result is released with the promise. */
static void test_box_in_promise(void **state)
{
	vow_loop *loop = test_loop_new();
	int dtor = 0;
	vow_promise *p = vow_promise_resolve(vow_loop_executor(loop), vow_box(&dtor, count_dtor));
	vow_value v = vow_value_promise(vow_promise_dup(p));

	(void)state;
	vow_value_dup(v);
	vow_value_drop(v);
	vow_value_drop(v);
	assert_int_equal(dtor, 0);
	assert_ptr_equal(vow_box_data(vow_promise_result(p)), &dtor);
	vow_promise_release(p);
	assert_int_equal(dtor, 1);
	vow_loop_free(loop);
}

/* ---- errors ---------------------------------------------------------------------- */

static void test_error_values(void **state)
{
	vow_value e = vow_error(42, "bad %d", 7);
	vow_value t = vow_type_error("not a %s", "function");

	(void)state;
	assert_true(vow_is_error(e));
	assert_string_equal(vow_error_name(e), "Error");
	assert_int_equal(vow_error_code(e), 42);
	assert_string_equal(vow_error_message(e), "bad 7");
	assert_int_equal(vow_error_errors(e).kind, VOW_UNDEFINED);
	assert_string_equal(vow_error_name(t), "TypeError");
	assert_string_equal(vow_error_message(t), "not a function");
	assert_int_equal(vow_error_code(t), VOW_EINVAL); /* current behaviour */
	vow_value_drop(e);
	vow_value_drop(t);
}

static void test_aggregate_error(void **state)
{
	int dtor = 0;
	vow_value errs = vow_array(2);
	vow_value agg, bad;

	(void)state;
	assert_int_equal(vow_array_set(errs, 0, vow_str("x")), 0);
	assert_int_equal(vow_array_set(errs, 1, vow_box(&dtor, count_dtor)), 0);
	agg = vow_aggregate_error(errs, "all failed"); /* errs is moved */
	assert_string_equal(vow_error_name(agg), "AggregateError");
	assert_int_equal(vow_error_code(agg), VOW_EAGGREGATE);
	assert_string_equal(vow_error_message(agg), "all failed");
	assert_int_equal(vow_array_len(vow_error_errors(agg)), 2);
	assert_string_equal(vow_str_cstr(vow_array_get(vow_error_errors(agg), 0)), "x");
	vow_value_drop(agg);
	assert_int_equal(dtor, 1);
	/* Not an array: replaced by an empty one (and released); NULL message: "". */
	bad = vow_aggregate_error(vow_box(&dtor, count_dtor), NULL);
	assert_int_equal(dtor, 2);
	assert_int_equal(vow_error_errors(bad).kind, VOW_ARRAY);
	assert_int_equal(vow_array_len(vow_error_errors(bad)), 0);
	assert_string_equal(vow_error_message(bad), "");
	vow_value_drop(bad);
}

/* The out-of-memory error: immortal, so dup/drop leave it alone. */
static void test_oom_error(void **state)
{
	vow_value e = vow_array(SIZE_MAX);

	(void)state;
	assert_int_equal(e.kind, VOW_ERROR);
	assert_int_equal(vow_error_code(e), VOW_ENOMEM);
	assert_string_equal(vow_error_name(e), "Error");
	assert_string_equal(vow_error_message(e), "out of memory");
	for (int i = 0; i < 3; i++)
		vow_value_drop(vow_value_dup(e));
	vow_value_drop(e);
	vow_value_drop(e);
	assert_int_equal(vow_error_code(e), VOW_ENOMEM);
}

/* ---- arrays and settled records ------------------------------------------------ */

/* vow_array_of moves its items in: in order, each released once with the array. */
static void test_array_of(void **state)
{
	int d0 = 0, d1 = 0, d_oom = 0;
	vow_value items[3] = { vow_box(&d0, count_dtor), vow_int(7), vow_box(&d1, count_dtor) };
	vow_value a = vow_array_of(3, items);
	vow_value e = vow_array_of(0, NULL);
	vow_value lost[2] = { vow_int(1), vow_box(&d_oom, count_dtor) };

	(void)state;
	assert_int_equal(a.kind, VOW_ARRAY);
	assert_int_equal(vow_array_len(a), 3);
	assert_ptr_equal(vow_array_get(a, 0).as.obj, items[0].as.obj);
	assert_int_equal(vow_array_get(a, 1).as.i, 7);
	assert_ptr_equal(vow_array_get(a, 2).as.obj, items[2].as.obj);
	assert_int_equal(d0 + d1, 0);
	vow_value_drop(a);
	assert_int_equal(d0, 1);
	assert_int_equal(d1, 1);
	assert_int_equal(e.kind, VOW_ARRAY);
	assert_int_equal(vow_array_len(e), 0);
	vow_value_drop(e);
	/* Out of memory: the out-of-memory error, and the items released. */
	vow__alloc_fail_at(1);
	e = vow_array_of(2, lost);
	assert_false(vow__alloc_fail_pending());
	assert_int_equal(e.kind, VOW_ERROR);
	assert_int_equal(vow_error_code(e), VOW_ENOMEM);
	assert_int_equal(d_oom, 1);
}

static void test_arrays(void **state)
{
	int d_old = 0, d_new = 0, d_out = 0, d_na = 0;
	vow_value a = vow_array(3);

	(void)state;
	assert_int_equal(a.kind, VOW_ARRAY);
	assert_int_equal(vow_array_len(a), 3);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(vow_array_get(a, i).kind, VOW_UNDEFINED);
	assert_int_equal(vow_array_set(a, 0, vow_int(10)), 0);
	assert_int_equal(vow_array_set(a, 2, vow_box(&d_old, count_dtor)), 0);
	/* Replacing releases the old item. */
	assert_int_equal(vow_array_set(a, 2, vow_box(&d_new, count_dtor)), 0);
	assert_int_equal(d_old, 1);
	/* Out of range: VOW_EINVAL and the item is released. */
	assert_int_equal(vow_array_set(a, 3, vow_box(&d_out, count_dtor)), VOW_EINVAL);
	assert_int_equal(d_out, 1);
	assert_int_equal(vow_array_set(vow_int(1), 0, vow_box(&d_na, count_dtor)), VOW_EINVAL);
	assert_int_equal(d_na, 1);
	assert_int_equal(vow_array_get(a, 0).as.i, 10);
	assert_int_equal(vow_array_get(a, 1).kind, VOW_UNDEFINED);
	assert_int_equal(vow_array_get(a, 3).kind, VOW_UNDEFINED);
	{
		vow_value s = vow_str("abc");

		assert_int_equal(vow_array_len(s), 0);
		assert_int_equal(vow_array_get(s, 0).kind, VOW_UNDEFINED);
		vow_value_drop(s);
	}
	vow_value_drop(a);
	assert_int_equal(d_new, 1);
	assert_int_equal(d_old, 1);
	{
		vow_value empty = vow_array(0);

		assert_int_equal(empty.kind, VOW_ARRAY);
		assert_int_equal(vow_array_len(empty), 0);
		vow_value_drop(empty);
	}
}

static void test_settled_records(void **state)
{
	int dtor = 0;
	vow_value f = vow_settled(VOW_FULFILLED, vow_int(1));
	vow_value r = vow_settled(VOW_REJECTED, vow_box(&dtor, count_dtor));

	(void)state;
	assert_int_equal(f.kind, VOW_SETTLED);
	assert_int_equal(vow_settled_status(f), VOW_FULFILLED);
	assert_int_equal(vow_settled_value(f).as.i, 1);
	assert_int_equal(vow_settled_status(r), VOW_REJECTED);
	assert_ptr_equal(vow_box_data(vow_settled_value(r)), &dtor);
	assert_int_equal(vow_settled_status(vow_int(1)), VOW_PENDING);
	assert_int_equal(vow_settled_value(vow_int(1)).kind, VOW_UNDEFINED);
	vow_value_drop(f);
	vow_value_drop(r);
	assert_int_equal(dtor, 1);
}

/* Accessors on the wrong kind give NULL / 0 / undefined. */
static void test_accessors_wrong_kind(void **state)
{
	vow_value i = vow_int(1);

	(void)state;
	assert_null(vow_str_cstr(i));
	assert_int_equal(vow_str_len(i), 0);
	assert_null(vow_box_data(i));
	assert_int_equal(vow_error_code(i), 0);
	assert_null(vow_error_name(i));
	assert_null(vow_error_message(i));
	assert_int_equal(vow_error_errors(i).kind, VOW_UNDEFINED);
	assert_null(vow_thenable_self(i));
	assert_int_equal(vow_array_len(i), 0);
}

/* ---- error codes ------------------------------------------------------------------- */

struct errno_row {
	int code;
	const char *name;
	const char *meaning;
};

static const struct errno_row errno_rows[] = {
#define ROW(name, value, meaning) {VOW_##name, "VOW_" #name, meaning},
	VOW_ERRNO_MAP(ROW)
#undef ROW
};

static void test_strerror_every_code(void **state)
{
	size_t n = sizeof errno_rows / sizeof errno_rows[0];

	(void)state;
	assert_int_equal(n, 16);
	for (size_t i = 0; i < n; i++) {
		assert_true(errno_rows[i].code < 0);
		assert_string_equal(vow_strerror(errno_rows[i].code), errno_rows[i].meaning);
		assert_string_equal(vow_err_name(errno_rows[i].code), errno_rows[i].name);
		for (size_t j = 0; j < i; j++)
			assert_int_not_equal(errno_rows[i].code, errno_rows[j].code);
	}
	assert_string_equal(vow_strerror(0), "success");
	assert_string_equal(vow_strerror(-12345), "unknown error");
	assert_string_equal(vow_strerror(77), "unknown error");
	assert_string_equal(vow_err_name(-12345), "VOW_UNKNOWN");
	assert_string_equal(vow_err_name(77), "VOW_UNKNOWN");
	assert_non_null(vow_err_name(0));
}

static void *last_error_thread(void *arg)
{
	int *out = arg;

	out[0] = vow_last_error(); /* fresh thread: nothing failed yet */
	if (vow_promise_then(NULL, NULL, NULL, NULL, NULL) == NULL)
		out[1] = vow_last_error();
	vow_value_drop(vow_str("a successful call"));
	out[2] = vow_last_error(); /* not reset by success */
	return NULL;
}

static void test_last_error(void **state)
{
	pthread_t th;
	int out[3] = {99, 99, 99};
	vow_loop *loop = test_loop_new();
	vow_promise *p;

	(void)state;
	assert_int_equal(pthread_create(&th, NULL, last_error_thread, out), 0);
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_int_equal(out[0], 0);
	assert_int_equal(out[1], VOW_EINVAL);
	assert_int_equal(out[2], VOW_EINVAL);
	/* On this thread, a NULL return records its code; a success keeps it. */
	assert_null(vow_promise_new(NULL, NULL, NULL));
	assert_int_equal(vow_last_error(), VOW_EINVAL);
	p = vow_promise_resolve(vow_loop_executor(loop), vow_int(1));
	assert_non_null(p);
	assert_int_equal(vow_last_error(), VOW_EINVAL);
	vow_promise_release(p);
	vow_loop_free(loop);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_immediates),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_box_destructor_once),
		cmocka_unit_test(test_box_null_destructor),
		cmocka_unit_test(test_box_in_promise),
		cmocka_unit_test(test_error_values),
		cmocka_unit_test(test_aggregate_error),
		cmocka_unit_test(test_oom_error),
		cmocka_unit_test(test_arrays),
		cmocka_unit_test(test_array_of),
		cmocka_unit_test(test_settled_records),
		cmocka_unit_test(test_accessors_wrong_kind),
		cmocka_unit_test(test_strerror_every_code),
		cmocka_unit_test(test_last_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
