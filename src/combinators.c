/*
 * combinators.c - Promise.all, allSettled, race and any (section 27.2.4).
 * all, allSettled and any are the fan-in of fan_in.c over C.resolve of
 * each input; race settles its result from whichever input settles first.
 */
#include "promise_impl.h"

static bool check_args(vow_executor *ex, const vow_value *items, size_t n)
{
	if (ex == NULL || (items == NULL && n > 0)) {
		vow__set_last_error(VOW_EINVAL);
		return false;
	}
	return true;
}

static vow_promise *fan_in(vow_executor *ex, const vow_value *items, size_t n,
			   enum vow__fan_in_kind kind)
{
	vow_promise *result;
	struct vow__fan_in *f;

	if (!check_args(ex, items, n))
		return NULL;
	if (n == 0) {
		/* all([]) and allSettled([]) fulfil at once, any([]) rejects at once. */
		vow_value empty = vow_array(0);

		if (empty.kind != VOW_ARRAY)
			return vow__fail(VOW_ENOMEM);
		if (kind == VOW__FAN_ANY)
			return vow_promise_reject(ex, vow_aggregate_error(
							      empty, "All promises were rejected"));
		return vow_promise_resolve(ex, empty);
	}
	/* The builder's reference and one per input's reaction. */
	f = vow__fan_in_new(ex, n, kind, n + 1, true, &result);
	if (f == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (!vow__fan_in_adopt(f, i, items[i])) {
			/*
			 * An abrupt completion of the spec's loop: input i let
			 * go of its reference but will never count down; the
			 * inputs after it will do neither.  Both counts stay
			 * above zero meanwhile: the builder still holds its
			 * own.  Relaxed: no data moves.
			 */
			for (size_t j = i + 1; j < n; j++)
				vow__fan_in_release(f);
			vow__fan_in_count_down(f, n - i);
			break;
		}
	}
	vow__fan_in_count_down(f, 1); /* the builder's */
	vow__fan_in_release(f);
	return result;
}

vow_promise *vow_promise_all(vow_executor *ex, const vow_value *items, size_t n)
{
	return fan_in(ex, items, n, VOW__FAN_ALL);
}

vow_promise *vow_promise_all_settled(vow_executor *ex, const vow_value *items, size_t n)
{
	return fan_in(ex, items, n, VOW__FAN_ALL_SETTLED);
}

vow_promise *vow_promise_any(vow_executor *ex, const vow_value *items, size_t n)
{
	return fan_in(ex, items, n, VOW__FAN_ANY);
}

/* ---- race ------------------------------------------------------------------ */

static vow_outcome race_resolve(void *ctx, vow_value value)
{
	vow__promise_resolve(ctx, vow__value_dup(value));
	return vow_return(vow_undefined());
}

static vow_outcome race_reject(void *ctx, vow_value reason)
{
	vow__promise_reject(ctx, vow__value_dup(reason));
	return vow_return(vow_undefined());
}

static void race_release(void *ctx)
{
	vow_promise_release(ctx);
}

/* Attach race's handlers to C.resolve(item); false (result rejected) if it could not. */
static bool race_input(vow_executor *ex, vow_promise *result, vow_value item)
{
	bool borrowed = item.kind == VOW_PROMISE;
	vow_promise *p;
	int rc;

	if (borrowed && item.as.promise == NULL) {
		race_release(result);
		vow__promise_reject(result, vow__null_promise_error());
		return false;
	}
	p = borrowed ? item.as.promise : vow_promise_resolve(ex, vow__value_dup(item));
	if (p == NULL) {
		race_release(result);
		vow__promise_reject(result, vow__oom_error());
		return false;
	}
	rc = vow__promise_subscribe(p, ex, race_resolve, race_reject, result, race_release);
	if (!borrowed)
		vow_promise_release(p);
	if (rc != 0) {
		vow__promise_reject(result, vow__oom_error());
		return false;
	}
	return true;
}

vow_promise *vow_promise_race(vow_executor *ex, const vow_value *items, size_t n)
{
	vow_promise *result;

	if (!check_args(ex, items, n))
		return NULL;
	/* Each input's reaction holds a reference to result: 32 bits of them. */
	if (n >= UINT32_MAX)
		return vow__fail(VOW_ENOMEM);
	result = vow__promise_alloc(ex);
	if (result == NULL)
		return NULL;
	/* The caller's and one per input, before any input can see result. */
	vow__promise_set_refs_unpublished(result, (uint32_t)n + 1);
	for (size_t i = 0; i < n; i++) {
		if (!race_input(ex, result, items[i])) {
			/*
			 * Input i released its reference; the inputs after it
			 * never take theirs.  The caller's keeps result alive.
			 */
			for (size_t j = i + 1; j < n; j++)
				vow_promise_release(result);
			break;
		}
	}
	return result;
}
