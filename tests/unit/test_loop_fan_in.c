/*
 * test_loop_fan_in.c - all, allSettled, any and race on the loop, where
 * each input's reaction lives in the combinator's record (fan_in.c,
 * ELEMENT REACTIONS; combinators.c, RACE'S RECORD): values that are not
 * immediates reach their slots (or race's result) and are dropped exactly
 * once; the ways a reaction ends without running (its job discarded when
 * the loop is freed, its input destroyed pending) let go of the record;
 * and an input given twice gets two reactions.
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

/* A loop to run on, once the leak count has started (*base: live blocks). */
static vow_loop *begin(int64_t *base, vow_executor **ex)
{
	vow_loop *loop;

	vow__alloc_track(true);
	*base = vow__alloc_live();
	loop = vow_loop_new(0);
	assert_non_null(loop);
	*ex = vow_loop_executor(loop);
	return loop;
}

/* Free the loop (NULL: the test did) and check that nothing is left. */
static void end(vow_loop *loop, int64_t base)
{
	if (loop != NULL)
		vow_loop_free(loop);
	assert_int_equal(vow__alloc_live(), base);
	vow__alloc_track(false);
}

static void assert_str(vow_value v, const char *want)
{
	assert_int_equal(v.kind, VOW_STRING);
	assert_string_equal(vow_str_cstr(v), want);
}

/* Two pending inputs and a third item, on a loop begin() made. */
struct inputs {
	int64_t base;
	vow_loop *loop;
	vow_executor *ex;
	vow_resolver *r[2];
	vow_value items[3]; /* the two promises, then the string third (or undefined) */
};

/* Made after the leak count starts, as begin() says. */
static void inputs_begin(struct inputs *in, const char *third)
{
	in->loop = begin(&in->base, &in->ex);
	for (size_t i = 0; i < 2; i++)
		in->items[i] = vow_value_promise(vow_promise_with_resolvers(in->ex, &in->r[i]));
	in->items[2] = third != NULL ? vow_str(third) : vow_undefined();
}

/* Let go of the resolvers and the items (a pending input is destroyed). */
static void inputs_let_go(struct inputs *in)
{
	for (size_t i = 0; i < 2; i++)
		vow_resolver_release(in->r[i]);
	for (size_t i = 0; i < 3; i++)
		vow_value_drop(in->items[i]);
}

/* Strings through all, allSettled and any: each in its slot, in input order. */
static void heap_values_in_order(void **state)
{
	(void)state;
	struct inputs in;
	inputs_begin(&in, "plain");
	vow_promise *all = vow_promise_all(in.ex, in.items, 3);
	vow_promise *settled = vow_promise_all_settled(in.ex, in.items, 2);
	vow_promise *any = vow_promise_any(in.ex, in.items, 2);

	/* Settled out of order: the slots follow the inputs. */
	assert_int_equal(vow_resolver_reject(in.r[1], vow_str("second")), 0);
	assert_int_equal(vow_resolver_resolve(in.r[0], vow_str("first")), 0);
	assert_int_equal(vow_loop_run(in.loop), 0);

	assert_int_equal(vow_promise_state(all), VOW_REJECTED);
	assert_str(vow_promise_result(all), "second");
	assert_int_equal(vow_promise_state(settled), VOW_FULFILLED);
	assert_int_equal(vow_settled_status(vow_array_get(vow_promise_result(settled), 0)),
			 VOW_FULFILLED);
	assert_str(vow_settled_value(vow_array_get(vow_promise_result(settled), 0)), "first");
	assert_int_equal(vow_settled_status(vow_array_get(vow_promise_result(settled), 1)),
			 VOW_REJECTED);
	assert_str(vow_settled_value(vow_array_get(vow_promise_result(settled), 1)), "second");
	assert_int_equal(vow_promise_state(any), VOW_FULFILLED);
	assert_str(vow_promise_result(any), "first");

	inputs_let_go(&in);
	vow_promise_release(all);
	vow_promise_release(settled);
	vow_promise_release(any);
	end(in.loop, in.base);
}

/*
 * The inputs settle (their element jobs are queued, holding the values)
 * and the loop is freed before it runs them: the discarded jobs drop
 * their values and let go of the records; the results stay pending.
 */
static void jobs_discarded_at_loop_free(void **state)
{
	(void)state;
	struct inputs in;
	inputs_begin(&in, NULL);
	vow_promise *c[3] = {
		vow_promise_all(in.ex, in.items, 2),
		vow_promise_all_settled(in.ex, in.items, 2),
		vow_promise_any(in.ex, in.items, 2),
	};

	assert_int_equal(vow_resolver_resolve(in.r[0], vow_str("queued")), 0);
	assert_int_equal(vow_resolver_reject(in.r[1], vow_str("queued too")), 0);
	inputs_let_go(&in);
	vow_loop_free(in.loop);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(vow_promise_state(c[i]), VOW_PENDING);
		vow_promise_release(c[i]);
	}
	end(NULL, in.base);
}

/*
 * An input destroyed pending (its resolver and last reference let go
 * unresolved) frees its element reaction, which lets go of the record;
 * the other input's value, already in its slot, is dropped with the
 * record.
 */
static void input_destroyed_pending(void **state)
{
	(void)state;
	int64_t base;
	vow_executor *ex;
	vow_loop *loop = begin(&base, &ex);
	vow_resolver *r;
	vow_promise *pending = vow_promise_with_resolvers(ex, &r);
	vow_promise *done = vow_promise_resolve(ex, vow_str("kept"));
	vow_value items[2] = { vow_value_promise(done), vow_value_promise(pending) };
	vow_promise *all = vow_promise_all(ex, items, 2);
	vow_promise *settled = vow_promise_all_settled(ex, items, 2);

	assert_int_equal(vow_loop_run(loop), 0);
	vow_resolver_release(r);
	vow_value_drop(items[0]);
	vow_value_drop(items[1]); /* destroyed pending: its reactions let go */
	assert_int_equal(vow_loop_run(loop), 0);
	assert_int_equal(vow_promise_state(all), VOW_PENDING);
	assert_int_equal(vow_promise_state(settled), VOW_PENDING);
	vow_promise_release(all);
	vow_promise_release(settled);
	end(loop, base);
}

/* One promise given twice: two reactions in two slots, both filled. */
static void same_input_twice(void **state)
{
	(void)state;
	int64_t base;
	vow_executor *ex;
	vow_loop *loop = begin(&base, &ex);
	vow_resolver *r;
	vow_promise *p = vow_promise_with_resolvers(ex, &r);
	vow_value items[2] = { vow_value_promise(p), vow_value_promise(p) };
	vow_promise *all = vow_promise_all(ex, items, 2);

	assert_int_equal(vow_resolver_resolve(r, vow_str("twice")), 0);
	assert_int_equal(vow_loop_run(loop), 0);
	assert_int_equal(vow_promise_state(all), VOW_FULFILLED);
	assert_int_equal(vow_array_len(vow_promise_result(all)), 2);
	assert_str(vow_array_get(vow_promise_result(all), 0), "twice");
	assert_str(vow_array_get(vow_promise_result(all), 1), "twice");
	vow_resolver_release(r);
	vow_promise_release(p);
	vow_promise_release(all);
	end(loop, base);
}

/*
 * race: the first input to settle wins; the others' values are dropped.
 * A plain value's job is queued by race() itself, so it beats inputs
 * settled after the call (node: race([p1, p2, 'late']) fulfils with
 * 'late', race([p1, p2]) rejects with 'first').
 */
static void race_first_wins(void **state)
{
	(void)state;
	struct inputs in;
	inputs_begin(&in, "late");
	vow_promise *race3 = vow_promise_race(in.ex, in.items, 3);
	vow_promise *race2 = vow_promise_race(in.ex, in.items, 2);

	assert_int_equal(vow_resolver_reject(in.r[1], vow_str("first")), 0);
	assert_int_equal(vow_resolver_resolve(in.r[0], vow_str("second")), 0);
	assert_int_equal(vow_loop_run(in.loop), 0);
	assert_int_equal(vow_promise_state(race3), VOW_FULFILLED);
	assert_str(vow_promise_result(race3), "late");
	assert_int_equal(vow_promise_state(race2), VOW_REJECTED);
	assert_str(vow_promise_result(race2), "first");
	inputs_let_go(&in);
	vow_promise_release(race3);
	vow_promise_release(race2);
	end(in.loop, in.base);
}

/*
 * race's inputs settle and the loop is freed before their jobs run, or an
 * input is destroyed pending: the record goes with the last reaction and
 * the result stays pending.
 */
static void race_reactions_let_go(void **state)
{
	(void)state;
	struct inputs in;
	inputs_begin(&in, NULL);
	vow_promise *race = vow_promise_race(in.ex, in.items, 2);

	assert_int_equal(vow_resolver_resolve(in.r[0], vow_str("queued")), 0);
	inputs_let_go(&in);     /* the second input destroyed pending */
	vow_loop_free(in.loop); /* the first one's job discarded */
	assert_int_equal(vow_promise_state(race), VOW_PENDING);
	vow_promise_release(race);
	end(NULL, in.base);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(heap_values_in_order),
		cmocka_unit_test(jobs_discarded_at_loop_free),
		cmocka_unit_test(input_destroyed_pending),
		cmocka_unit_test(same_input_twice),
		cmocka_unit_test(race_first_wins),
		cmocka_unit_test(race_reactions_let_go),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
