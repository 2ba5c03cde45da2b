/*
 * map.c - vow_spawn_map: a parallel map over the indices [0, n) on the pool.
 *
 * The result is the core's fan-in (core.h, "fan-in"; the same count down
 * into slots that all() uses): each item either writes its value into its
 * slot, rejects the result (a throw, a bad outcome, a rejected thenable, no
 * memory to adopt), or adopts a thenable it returned, which finishes it
 * when the thenable settles.
 *
 * One record per call holds what every item needs (fn, ctx, the fan-in)
 * and its own count of references.  The work is done by range jobs: the
 * job for [lo, hi) splits off its upper half as a new job while the range
 * has more than grain items, then runs the items left (a leaf) one after
 * another and counts down the ones it finished in one RMW.  Posted from a
 * worker, a half goes onto that worker's own deque: the owner takes back
 * the small halves it split off last (newest first: the items next to the
 * ones it just ran), and idle workers steal the big halves it split off
 * first (oldest first) and split them again.  The root job [0, n) lives in
 * the record.
 *
 * THE COUNTS.  The fan-in counts items down (and holds the result); the
 * record's refs counts its holders: every range job, queued or running.
 * Whoever brings refs to 0 frees the record and drops its fan-in
 * reference.  A job discarded by VOW_POOL_CANCEL lets go of the record
 * without finishing its items (the result then stays pending).
 *
 *   event                    fan-in remaining       record refs
 *   --------------------     -------------------    -----------------
 *   vow_spawn_map            = n + 1, then -1       = 1 (the root job)
 *   a job splits a range     -                      +1 (the new job)
 *   a leaf ends              - items it finished    -1 (its job)
 *   a job is discarded       -                      -1
 *   an item adopts           - 1 when it settles    - (a fan-in reference)
 *
 * Concurrency: items run at the same time on different workers, and an
 * adoption's handler on whichever thread settles its thenable.  Each writes
 * only its own slot, before the count down that finishes it (fan_in.c).
 */
#include "debug_yield.h"
#include "pool_impl.h"

struct map;

/* The job for items [lo, hi). */
struct range_job {
	vow_job job;
	struct map *m;
	size_t lo, hi;
};

struct map {
	_Atomic size_t refs;
	vow_map_fn fn;
	void *ctx;
	struct vow_pool *pool;
	size_t grain;           /* a range of at most this many items is a leaf */
	struct vow__fan_in *f;  /* one of its references */
	struct range_job root;  /* [0, n): one allocation less per call */
};

_Static_assert(sizeof(struct map) <= SMALL_MAX, "the record is a small block");
_Static_assert(sizeof(struct range_job) <= SMALL_MAX, "a range job is a small block");

static const vow_job_ops range_ops;

static void map_release(struct map *m)
{
	/* acq_rel: every holder's writes happen-before the free. */
	if (vow_fetch_sub(&m->refs, 1, ACQ_REL) != 1)
		return;
	vow__fan_in_release(m->f);
	vow__free_small(m, sizeof *m);
}

/* ---- range jobs ------------------------------------------------------------- */

/* Run items [lo, hi); returns how many it finished (not left to adoptions). */
static size_t run_items(struct map *m, size_t lo, size_t hi)
{
	/* Constant while the record lives; copies survive the calls to fn. */
	vow_map_fn fn = m->fn;
	void *ctx = m->ctx;
	struct vow__fan_in *f = m->f;
	/* Each slot is in range and still undefined, and only item i writes it. */
	vow_value *slots = vow__fan_in_slots(f);
	size_t finished = 0;

	for (size_t i = lo; i < hi; i++) {
		vow_outcome o = fn(ctx, i);

		switch (o.kind) {
		case VOW_OUTCOME_RETURN:
			if (!vow_is_thenable(o.value)) {
				slots[i] = o.value;
				break;
			}
			/* The adoption's reaction takes this reference. */
			vow__fan_in_ref(f, 1);
			if (vow__fan_in_adopt(f, i, o.value)) {
				vow__value_drop(o.value);
				continue; /* its reaction finishes it */
			}
			vow__value_drop(o.value); /* the result was rejected */
			break;
		case VOW_OUTCOME_THROW:
			vow__fan_in_fail(f, o.value);
			break;
		default:
			/* As vow__promise_settle_outcome: the value is not trusted. */
			vow__fan_in_fail(f, vow__bad_outcome_error("handler", o.kind));
			break;
		}
		finished++;
	}
	return finished;
}

static void range_done(struct range_job *r)
{
	struct map *m = r->m;

	if (r != &m->root)
		vow__free_small(r, sizeof *r);
	map_release(m); /* last: the root job's memory goes with the record */
}

/* Post a job for [lo, hi); false if there is no memory for it. */
static bool range_post(struct map *m, size_t lo, size_t hi)
{
	struct range_job *r = vow__malloc_small(sizeof *r);

	if (r == NULL)
		return false;
	r->job.next = NULL;
	r->job.ops = &range_ops;
	r->m = m;
	r->lo = lo;
	r->hi = hi;
	/* Relaxed: the caller's job holds a reference; post publishes the new one. */
	vow_fetch_add(&m->refs, 1, RELAXED);
	vow_executor_post(m->pool->ex, &r->job);
	return true;
}

static void range_run(vow_job *job)
{
	struct range_job *r = (struct range_job *)job;
	struct map *m = r->m;
	size_t lo = r->lo, hi = r->hi, finished;

	/*
	 * Split off upper halves until a leaf is left.  Without memory for a
	 * half, run the whole rest here: slower, never wrong.
	 */
	while (hi - lo > m->grain) {
		size_t mid = lo + (hi - lo) / 2;

		if (!range_post(m, mid, hi))
			break;
		hi = mid;
	}
	finished = run_items(m, lo, hi);
	vow__debug_yield();
	if (finished != 0)
		vow__fan_in_count_down(m->f, finished);
	range_done(r);
}

static void range_discard(vow_job *job)
{
	/* VOW_POOL_CANCEL: the items never run; the result stays pending. */
	range_done((struct range_job *)job);
}

static const vow_job_ops range_ops = {
	.run = range_run,
	.discard = range_discard,
	.kind = VOW_JOB_MICROTASK,
};

/*
 * The grain: the most items a leaf has.  Halving a range of more than
 * grain items gives leaves of at least grain/2 items, so with grain =
 * ceil(n / (threads * 32)) a map makes at most 2n/grain <= threads * 64
 * leaves.  Tens of leaves per worker let stealing even out items of
 * uneven cost and workers that start late (a thief takes the biggest
 * range left), while what a leaf costs beyond its items - a job, three
 * atomic RMWs, maybe a steal: well under a microsecond - is spread over
 * n / (threads * 64) items or more.  Small n gives a grain of 1 (every
 * item a leaf); n > 0.
 */
static size_t map_grain(size_t n, unsigned threads)
{
	size_t leaves = (size_t)threads * 32;

	return (n - 1) / leaves + 1;
}

vow_promise *vow_spawn_map(vow_pool *pool, size_t n, vow_map_fn fn, void *ctx)
{
	vow_promise *result;
	struct map *m;

	if (pool == NULL || fn == NULL)
		return vow__fail(VOW_EINVAL);
	if (n == 0) {
		/* all([]) fulfils at once. */
		vow_value empty = vow_array(0);

		if (empty.kind != VOW_ARRAY)
			return vow__fail(VOW_ENOMEM);
		return vow_promise_resolve(pool->ex, empty);
	}
	m = vow__malloc_small(sizeof *m);
	if (m == NULL)
		return vow__fail(VOW_ENOMEM);
	/* The fan-in's one reference is the record's. */
	m->f = vow__fan_in_new(pool->ex, n, VOW__FAN_ALL, 1, false, &result);
	if (m->f == NULL) {
		vow__free_small(m, sizeof *m);
		return NULL;
	}
	atomic_init(&m->refs, 1); /* the root job's */
	m->fn = fn;
	m->ctx = ctx;
	m->pool = pool;
	m->grain = map_grain(n, pool->n);
	m->root.job.next = NULL;
	m->root.job.ops = &range_ops;
	m->root.m = m;
	m->root.lo = 0;
	m->root.hi = n;
	/*
	 * The builder's count (fan_in.c) goes before the post: once posted,
	 * the items may finish and the record go at any moment.
	 */
	vow__fan_in_count_down(m->f, 1);
	/* post publishes the record and everything the caller wrote before. */
	vow_executor_post(pool->ex, &m->root.job);
	return result;
}
