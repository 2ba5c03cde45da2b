/*
 * combinators.c - Promise.all, allSettled, race and any (section 27.2.4).
 *
 * all, allSettled and any share one fan-in record: a countdown that starts
 * at 1 (the spec's remainingElementsCount), gains 1 per input and loses 1
 * when the input loop ends and when each input settles; whoever brings it to
 * zero finishes the result.  Each input's reaction writes only its own slot
 * of the array, so inputs may settle on different threads at once.
 */
#include "promise_impl.h"

enum fan_in_kind { FAN_ALL, FAN_ALL_SETTLED, FAN_ANY };

struct fan_in;
struct element {
	struct fan_in *f;
	size_t index;
};

struct fan_in {
	_Atomic size_t refs;      /* the builder + one per attached element */
	_Atomic size_t remaining; /* remainingElementsCount */
	enum fan_in_kind kind;
	size_t size;              /* bytes allocated (small blocks are cached) */
	vow_promise *result;
	vow_value slots;          /* values, records or reasons, in input order */
	struct element elements[];
};

static struct fan_in *fan_in_alloc(size_t n)
{
	size_t size = sizeof(struct fan_in) + n * sizeof(struct element);
	struct fan_in *f = size <= SMALL_MAX ? vow__malloc_small(size) : vow__malloc(size);

	if (f != NULL)
		f->size = size;
	return f;
}

static void fan_in_free(struct fan_in *f)
{
	if (f->size <= SMALL_MAX)
		vow__free_small(f, f->size);
	else
		vow__free(f);
}

static void fan_in_release(struct fan_in *f)
{
	/* acq_rel: the last holder sees every slot write before freeing. */
	if (vow_fetch_sub(&f->refs, 1, ACQ_REL) != 1)
		return;
	vow__value_drop(f->slots);
	vow_promise_release(f->result);
	fan_in_free(f);
}

static void element_release(void *ctx)
{
	fan_in_release(((struct element *)ctx)->f);
}

/* One count down; the caller that reaches zero settles the result. */
static void fan_in_count_down(struct fan_in *f)
{
	vow_value slots;

	/*
	 * acq_rel: each element's release publishes its slot write; the
	 * acquire on the final decrement pairs with all of them (one release
	 * sequence on remaining).
	 */
	if (vow_fetch_sub(&f->remaining, 1, ACQ_REL) != 1)
		return;
	slots = f->slots;
	f->slots = vow_undefined();
	if (f->kind == FAN_ANY)
		vow__promise_reject(f->result,
				    vow_aggregate_error(slots, "All promises were rejected"));
	else
		vow__promise_resolve(f->result, slots);
}

static vow_outcome element_store(void *ctx, vow_value v)
{
	struct element *e = ctx;

	vow_array_set(e->f->slots, e->index, vow__value_dup(v));
	fan_in_count_down(e->f);
	return vow_return(vow_undefined());
}

static vow_outcome element_store_settled(struct element *e, vow_state st, vow_value v)
{
	vow_value rec = vow_settled(st, vow__value_dup(v));

	if (rec.kind == VOW_SETTLED)
		vow_array_set(e->f->slots, e->index, rec);
	else /* out of memory: no record can stand for this input */
		vow__promise_reject(e->f->result, rec);
	fan_in_count_down(e->f);
	return vow_return(vow_undefined());
}

static vow_outcome element_fulfilled_record(void *ctx, vow_value v)
{
	return element_store_settled(ctx, VOW_FULFILLED, v);
}

static vow_outcome element_rejected_record(void *ctx, vow_value v)
{
	return element_store_settled(ctx, VOW_REJECTED, v);
}

/* Settle the combinator's result directly: all's reject, any's resolve. */
static vow_outcome element_reject_result(void *ctx, vow_value reason)
{
	vow__promise_reject(((struct element *)ctx)->f->result, vow__value_dup(reason));
	return vow_return(vow_undefined());
}

static vow_outcome element_resolve_result(void *ctx, vow_value value)
{
	vow__promise_resolve(((struct element *)ctx)->f->result, vow__value_dup(value));
	return vow_return(vow_undefined());
}

static bool check_args(vow_executor *ex, const vow_value *items, size_t n)
{
	if (ex == NULL || (items == NULL && n > 0)) {
		vow__set_last_error(VOW_EINVAL);
		return false;
	}
	return true;
}

/*
 * Attach the handlers to C.resolve(item).  On failure the result has been
 * rejected with the error, as an abrupt completion in the spec's loop does.
 */
static bool attach_input(vow_executor *ex, vow_promise *result, vow_value item,
			 vow_handler_fn on_fulfilled, vow_handler_fn on_rejected,
			 void *ctx, vow_dtor_fn ctx_dtor)
{
	/* A promise is its own C.resolve(item), borrowed here from the caller. */
	bool borrowed = item.kind == VOW_PROMISE;
	vow_promise *p = borrowed ? item.as.promise : vow_promise_resolve(ex, vow__value_dup(item));
	int rc;

	if (p == NULL) {
		ctx_dtor(ctx);
		vow__promise_reject(result, vow__oom_error());
		return false;
	}
	rc = vow__promise_subscribe(p, ex, on_fulfilled, on_rejected, ctx, ctx_dtor);
	if (!borrowed)
		vow_promise_release(p);
	if (rc != 0) {
		vow__promise_reject(result, vow__oom_error());
		return false;
	}
	return true;
}

static vow_promise *fan_in(vow_executor *ex, const vow_value *items, size_t n,
			   enum fan_in_kind kind)
{
	static const struct {
		vow_handler_fn on_fulfilled, on_rejected;
	} handlers[] = {
		[FAN_ALL] = {element_store, element_reject_result},
		[FAN_ALL_SETTLED] = {element_fulfilled_record, element_rejected_record},
		[FAN_ANY] = {element_resolve_result, element_store},
	};
	vow_promise *result;
	struct fan_in *f;

	if (!check_args(ex, items, n))
		return NULL;
	if (n > (SIZE_MAX - sizeof *f) / sizeof(struct element))
		return vow__fail(VOW_ENOMEM);
	result = vow__promise_alloc(ex);
	if (result == NULL)
		return NULL;
	f = fan_in_alloc(n);
	if (f == NULL) {
		vow_promise_release(result);
		return vow__fail(VOW_ENOMEM);
	}
	f->slots = vow_array(n);
	if (f->slots.kind != VOW_ARRAY) {
		fan_in_free(f);
		vow_promise_release(result);
		return vow__fail(VOW_ENOMEM);
	}
	/*
	 * The builder's count and one per input, set before any input can
	 * see f (attach's release CAS publishes it): plain stores instead of
	 * 2n atomic increments.
	 */
	atomic_init(&f->refs, n + 1);
	atomic_init(&f->remaining, n + 1);
	f->kind = kind;
	vow__promise_set_refs_unpublished(result, 2);
	f->result = result;
	for (size_t i = 0; i < n; i++) {
		struct element *e = &f->elements[i];

		e->f = f;
		e->index = i;
		if (!attach_input(ex, result, items[i], handlers[kind].on_fulfilled,
				  handlers[kind].on_rejected, e, element_release)) {
			/*
			 * Input i released its reference (ctx_dtor) but will
			 * never count down; the inputs after it will do
			 * neither.  Both counts stay above zero meanwhile: the
			 * builder still holds its own.  Relaxed: no data moves.
			 */
			vow_fetch_sub(&f->refs, n - 1 - i, RELAXED);
			vow_fetch_sub(&f->remaining, n - i, RELAXED);
			break;
		}
	}
	fan_in_count_down(f);
	fan_in_release(f);
	return result;
}

vow_promise *vow_promise_all(vow_executor *ex, const vow_value *items, size_t n)
{
	return fan_in(ex, items, n, FAN_ALL);
}

vow_promise *vow_promise_all_settled(vow_executor *ex, const vow_value *items, size_t n)
{
	return fan_in(ex, items, n, FAN_ALL_SETTLED);
}

vow_promise *vow_promise_any(vow_executor *ex, const vow_value *items, size_t n)
{
	return fan_in(ex, items, n, FAN_ANY);
}

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
		if (!attach_input(ex, result, items[i], race_resolve, race_reject, result,
				  race_release)) {
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
