/*
 * test_pool_fan_in.c - all, allSettled and any on the pool, where each
 * promise input is an element node living in its result slot (fan_in.c):
 * chains of combinators deeper than the inline bound, so that the settle
 * goes on in jobs (a deferred outcome, a deferred finish); values that are
 * not immediates; such a chain settled after its pool is gone; and an
 * input destroyed pending, whose slot must hold a value again before the
 * record drops its slots.
 *
 * Leak checks count vow's live heap blocks (vow__alloc_track, core.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <vow/vow.h>

#include "core.h" /* vow__alloc_track / vow__alloc_live */

/* Far past the 32 levels an internal reaction may nest on one stack. */
enum { DEPTH = 100 };

enum combinator { ALL, ALL_SETTLED, ANY };

static vow_promise *combine(vow_executor *ex, enum combinator c, vow_promise *input)
{
	vow_value item = vow_value_promise(input);

	switch (c) {
	case ALL:
		return vow_promise_all(ex, &item, 1);
	case ALL_SETTLED:
		return vow_promise_all_settled(ex, &item, 1);
	case ANY:
		return vow_promise_any(ex, &item, 1);
	}
	return NULL;
}

/*
 * DEPTH combinators, each over the one before, over a promise settled from
 * main once the chain is built: returns the outermost (waited for).
 */
static vow_promise *settle_chain(vow_pool *pool, enum combinator c, bool fulfil, vow_value v)
{
	vow_executor *ex = vow_pool_executor(pool);
	vow_resolver *r;
	vow_promise *p = vow_promise_with_resolvers(ex, &r);

	assert_non_null(p);
	for (int k = 0; k < DEPTH; k++) {
		vow_promise *q = combine(ex, c, p);

		assert_non_null(q);
		vow_promise_release(p); /* the chain holds itself from the bottom */
		p = q;
	}
	assert_int_equal(fulfil ? vow_resolver_resolve(r, v) : vow_resolver_reject(r, v), 0);
	vow_resolver_release(r);
	assert_int_equal(vow_promise_wait(p, 10000), 0);
	return p;
}

static void track_begin(int64_t *base)
{
	vow__alloc_track(true);
	*base = vow__alloc_live();
}

static void track_end(int64_t base)
{
	assert_int_equal(vow__alloc_live(), base);
	vow__alloc_track(false);
}

/*
 * settle_chain on a new pool of threads workers, over what bottom makes
 * (once the leak count has started); check looks at the outermost.
 */
static void chain_case(unsigned threads, enum combinator c, bool fulfil,
		       vow_value (*bottom)(void), void (*check)(vow_promise *outer))
{
	int64_t base;

	track_begin(&base);
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = threads });
	vow_promise *p = settle_chain(pool, c, fulfil, bottom());

	check(p);
	vow_promise_release(p);
	vow_pool_free(pool);
	track_end(base);
}

static vow_value int_42(void) { return vow_int(42); }
static vow_value error_77(void) { return vow_error(77, "bottom"); }
static vow_value str_deep(void) { return vow_str("deep"); }
static vow_value str_first(void) { return vow_str("first"); }

static void assert_str(vow_value v, const char *text)
{
	assert_int_equal(v.kind, VOW_STRING);
	assert_string_equal(vow_str_cstr(v), text);
}

/* [[...[42]...]], DEPTH arrays deep. */
static void check_nested_42(vow_promise *p)
{
	vow_value v = vow_promise_result(p);

	assert_int_equal(vow_promise_state(p), VOW_FULFILLED);
	for (int k = 0; k < DEPTH; k++) {
		assert_int_equal(v.kind, VOW_ARRAY);
		assert_int_equal(vow_array_len(v), 1);
		v = vow_array_get(v, 0);
	}
	assert_int_equal(v.kind, VOW_INT);
	assert_int_equal(v.as.i, 42);
}

/* all(all(...all(p))) fulfils: a deferred finish at each bound. */
static void nested_all_fulfils(void **state)
{
	(void)state;
	chain_case(1, ALL, true, int_42, check_nested_42);
}

static void check_rejected_77(vow_promise *p)
{
	assert_int_equal(vow_promise_state(p), VOW_REJECTED);
	assert_int_equal(vow_error_code(vow_promise_result(p)), 77);
}

/* The same chain rejected at the bottom: every level rejects with that error. */
static void nested_all_rejects(void **state)
{
	(void)state;
	chain_case(1, ALL, false, error_77, check_rejected_77);
}

/* DEPTH records, each around the array of the one below, around "deep". */
static void check_nested_records(vow_promise *p)
{
	vow_value v = vow_promise_result(p);

	assert_int_equal(vow_promise_state(p), VOW_FULFILLED);
	for (int k = 0; k < DEPTH; k++) {
		assert_int_equal(vow_array_len(v), 1);
		vow_value rec = vow_array_get(v, 0);

		assert_int_equal(vow_settled_status(rec), VOW_FULFILLED);
		v = vow_settled_value(rec);
	}
	assert_str(v, "deep");
}

/* allSettled over a string: a value that is not an immediate at every level. */
static void nested_all_settled_string(void **state)
{
	(void)state;
	chain_case(2, ALL_SETTLED, true, str_deep, check_nested_records);
}

static void check_first(vow_promise *p)
{
	assert_int_equal(vow_promise_state(p), VOW_FULFILLED);
	assert_str(vow_promise_result(p), "first");
}

/* any over a string fulfils every level with the string itself. */
static void nested_any_string(void **state)
{
	(void)state;
	chain_case(2, ANY, true, str_first, check_first);
}

/*
 * The same chain of all settled after its pool is gone (vow/executor.h,
 * LIFETIMES): main settles it down to the inline bound; there the finish
 * is posted as a job, which the closed executor discards on main, and the
 * levels above stay pending.  Everything is freed once released.
 */
static void nested_all_past_pool(void **state)
{
	(void)state;
	int64_t base;
	track_begin(&base);
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 1 });
	vow_executor *ex = vow_pool_executor(pool);
	vow_resolver *r;
	vow_promise *p[DEPTH + 1];
	int settled = 0;

	p[0] = vow_promise_with_resolvers(ex, &r);
	for (int k = 1; k <= DEPTH; k++) {
		p[k] = combine(ex, ALL, p[k - 1]);
		assert_non_null(p[k]);
	}
	assert_int_equal(vow_pool_shutdown(pool, VOW_POOL_DRAIN), 0);
	assert_int_equal(vow_resolver_resolve(r, vow_int(42)), 0);
	vow_resolver_release(r);
	while (settled <= DEPTH && vow_promise_state(p[settled]) == VOW_FULFILLED)
		settled++;
	assert_true(settled > 1 && settled < DEPTH);
	for (int k = settled; k <= DEPTH; k++)
		assert_int_equal(vow_promise_state(p[k]), VOW_PENDING);
	for (int k = 0; k <= DEPTH; k++)
		vow_promise_release(p[k]);
	track_end(base);
}

static vow_outcome return_ctx_str(void *ctx)
{
	return vow_return(vow_str((const char *)ctx));
}

/*
 * An input destroyed pending (its resolver and its last reference let go
 * unresolved): the result stays pending, and the record, once its builder
 * and every other input are done with it, frees slots that all hold values
 * (the destroyed input's slot, which held its node, is undefined again).
 * A then() attached before makes the node's link point at it, so a slot
 * left as it was would not read as a value.
 */
static void input_destroyed_pending(void **state)
{
	(void)state;
	int64_t base;
	track_begin(&base);
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 2 });
	vow_executor *ex = vow_pool_executor(pool);
	vow_resolver *r;
	vow_promise *pending = vow_promise_with_resolvers(ex, &r);
	vow_promise *watch = vow_promise_then(pending, NULL, NULL, NULL, NULL);
	vow_promise *done = vow_spawn(pool, return_ctx_str, "kept");
	vow_value items[3] = { vow_value_promise(done), vow_value_promise(pending), vow_int(3) };
	vow_promise *all = vow_promise_all(ex, items, 3);

	assert_non_null(all);
	assert_int_equal(vow_promise_wait(done, 10000), 0);
	vow_resolver_release(r);
	vow_promise_release(pending); /* destroyed pending: its node lets go */
	vow_promise_release(done);
	vow_promise_release(watch);
	/* Drains and frees the pool: nothing can settle the result now. */
	assert_int_equal(vow_pool_shutdown(pool, VOW_POOL_DRAIN), 0);
	assert_int_equal(vow_promise_state(all), VOW_PENDING);
	vow_promise_release(all); /* past its pool, as vow/executor.h allows */
	track_end(base);
}

static vow_outcome handled(void *ctx, vow_value reason)
{
	(void)ctx;
	(void)reason;
	return vow_return(vow_undefined());
}

/*
 * An input of all that rejects leaves its slot undefined: the record drops
 * the slots it never handed on.  The then() attached after the all is the
 * node's link once the settle has put the list in registration order.
 */
static void rejected_input_slot(void **state)
{
	(void)state;
	int64_t base;
	track_begin(&base);
	vow_pool *pool = vow_pool_new(&(vow_pool_options){ .threads = 2 });
	vow_executor *ex = vow_pool_executor(pool);
	vow_resolver *r;
	vow_promise *input = vow_promise_with_resolvers(ex, &r);
	vow_value items[2] = { vow_value_promise(input), vow_str("plain") };
	vow_promise *all = vow_promise_all(ex, items, 2);
	vow_promise *watch = vow_promise_catch(input, handled, NULL, NULL);

	assert_non_null(all);
	assert_non_null(watch);
	vow_value_drop(items[1]);
	assert_int_equal(vow_resolver_reject(r, vow_error(5, "no")), 0);
	assert_int_equal(vow_promise_wait(all, 10000), 0);
	assert_int_equal(vow_promise_state(all), VOW_REJECTED);
	assert_int_equal(vow_error_code(vow_promise_result(all)), 5);
	vow_resolver_release(r);
	vow_promise_release(input);
	vow_promise_release(watch);
	vow_promise_release(all);
	vow_pool_free(pool);
	track_end(base);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nested_all_fulfils),
		cmocka_unit_test(nested_all_rejects),
		cmocka_unit_test(nested_all_settled_string),
		cmocka_unit_test(nested_any_string),
		cmocka_unit_test(nested_all_past_pool),
		cmocka_unit_test(input_destroyed_pending),
		cmocka_unit_test(rejected_input_slot),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
