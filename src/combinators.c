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

/*
 * RACE'S RECORD.  One block holds every input's reaction - the reaction
 * and job of C.resolve(item).then(resolve, reject), attached in input
 * order as before - and a reference to the result, so an input costs no
 * allocation of its own.  A reaction's ctx is the record; its job runs
 * the handler dispatch chose (the first to settle the result wins, the
 * others' claims fail) and lets go of the record, whose last holder
 * releases the result.
 */
struct race {
	_Atomic size_t refs;      /* the builder's and one per input's reaction */
	vow_promise *result;
	size_t size;              /* bytes allocated */
	_Alignas(struct reaction) unsigned char inputs[];
};

static vow_outcome race_resolve(void *ctx, vow_value value)
{
	vow__promise_resolve(((struct race *)ctx)->result, vow__value_dup(value));
	return vow_return(vow_undefined());
}

static vow_outcome race_reject(void *ctx, vow_value reason)
{
	vow__promise_reject(((struct race *)ctx)->result, vow__value_dup(reason));
	return vow_return(vow_undefined());
}

static void race_release(struct race *rc)
{
	/* acq_rel: the last holder sees every holder's use before freeing. */
	if (vow_fetch_sub(&rc->refs, 1, ACQ_REL) != 1)
		return;
	vow_promise_release(rc->result);
	vow__free_sized(rc, rc->size);
}

static void race_input_run(vow_job *job)
{
	struct reaction *r = (struct reaction *)job;
	struct race *rc = r->ctx;

	(void)r->fn(rc, r->arg); /* race_resolve or race_reject: returns undefined */
	vow__value_drop(r->arg);
	race_release(rc);
}

static void race_input_discard(vow_job *job)
{
	struct reaction *r = (struct reaction *)job;

	vow__value_drop(r->arg);
	race_release(r->ctx);
}

/* Its input was destroyed pending: it never runs. */
static void race_input_free_pending(struct reaction *r)
{
	race_release(r->ctx);
}

static const struct vow__reaction_ops race_input_ops = {
	.job = {
		.run = race_input_run,
		.discard = race_input_discard,
		.kind = VOW_JOB_MICROTASK,
	},
	.free_pending = race_input_free_pending,
};

/*
 * Attach input i's reaction to C.resolve(item); false (result rejected)
 * if it could not, and input i's reference to the record is the caller's
 * to let go.
 */
static bool race_input(vow_executor *ex, struct race *rc, size_t i, vow_value item)
{
	bool borrowed = item.kind == VOW_PROMISE;
	struct reaction *r = (struct reaction *)(void *)rc->inputs + i;
	vow_promise *p;

	if (borrowed && item.as.promise == NULL) {
		vow__promise_reject(rc->result, vow__null_promise_error());
		return false;
	}
	p = borrowed ? item.as.promise : vow_promise_resolve(ex, vow__value_dup(item));
	if (p == NULL) {
		vow__promise_reject(rc->result, vow__oom_error());
		return false;
	}
	vow__reaction_init(r, &race_input_ops, ex, NULL, race_resolve, race_reject, rc, NULL);
	vow__promise_attach(p, r);
	if (!borrowed)
		vow_promise_release(p);
	return true;
}

vow_promise *vow_promise_race(vow_executor *ex, const vow_value *items, size_t n)
{
	vow_promise *result;
	struct race *rc;
	size_t size;

	if (!check_args(ex, items, n))
		return NULL;
	if (n > (SIZE_MAX - sizeof *rc) / sizeof(struct reaction))
		return vow__fail(VOW_ENOMEM);
	result = vow__promise_alloc(ex);
	if (result == NULL || n == 0)
		return result; /* race([]) stays pending */
	size = sizeof *rc + n * sizeof(struct reaction);
	rc = vow__malloc_sized(size);
	if (rc == NULL) {
		vow_promise_release(result);
		return vow__fail(VOW_ENOMEM);
	}
	/* Before any input can see the record: plain stores instead of RMWs. */
	atomic_init(&rc->refs, n + 1);
	rc->result = result;
	rc->size = size;
	vow__promise_set_refs_unpublished(result, 2); /* the caller's and the record's */
	for (size_t i = 0; i < n; i++) {
		if (!race_input(ex, rc, i, items[i])) {
			/* Input i and those after it never attach: their references go. */
			for (size_t j = i; j < n; j++)
				race_release(rc);
			break;
		}
	}
	race_release(rc); /* the builder's */
	return result;
}
