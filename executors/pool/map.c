/*
 * map.c - vow_spawn_map: a parallel map over the indices [0, n) on the pool.
 *
 * One record per call holds what every item needs (fn, ctx, the array of
 * slots, the result promise) and two counters.  The work is done by range
 * jobs: the job for [lo, hi) splits off its upper half as a new job while
 * the range has more than grain items, then runs the items left (a leaf)
 * one after another.  Posted from a worker, a half goes onto that worker's
 * own deque: the owner takes back the small halves it split off last
 * (newest first: the items next to the ones it just ran), and idle workers
 * steal the big halves it split off first (oldest first) and split them
 * again.  The root job [0, n) lives in the record.
 *
 * THE COUNTERS.
 *
 *   remaining  items not finished yet; starts at n.  An item is finished
 *              when its value is in its slot, or when it rejected the
 *              result (a throw, a bad outcome, a rejected thenable, no
 *              memory to adopt).  A leaf finishes the items it can itself
 *              and subtracts them in one fetch_sub; an item whose fn
 *              returned a thenable is finished by its adoption reaction
 *              when the thenable settles.  Whoever brings remaining to 0
 *              moves the array into the result: fulfils it, or drops the
 *              array if a rejection claimed the result first.
 *   refs       holders of the record: every range job, queued or running,
 *              and every adoption reaction's context.  Whoever brings it
 *              to 0 frees the record.  It is not remaining because a job
 *              discarded by VOW_POOL_CANCEL lets go of the record without
 *              finishing its items (the result then stays pending).
 *
 *   event                    remaining            refs
 *   --------------------     ------------------   -----------------------
 *   vow_spawn_map            = n                  = 1 (the root job)
 *   a job splits a range     -                    +1 (the new job)
 *   a leaf ends              - items it finished  -1 (its job)
 *   a job is discarded       -                    -1
 *   an item adopts           -                    +1 (the reaction's context)
 *   that thenable settles    -1                   -1 (ctx_dtor, after the handler)
 *   it is freed unsettled    -                    -1 (ctx_dtor)
 *
 * Concurrency: items run at the same time on different workers, and an
 * adoption's handler on whichever thread settles its thenable (the pool
 * runs internal reactions where their promise settles: that may be a
 * thread outside the pool, or the leaf itself, inside the attach).  Each
 * writes only its own slot, before the
 * count down that finishes it.  The count downs are acq_rel RMWs on one
 * counter, so the one that reaches 0 acquires every slot write.  Several
 * items may reject the result at once: the first claim wins
 * (vow__promise_reject) and the other reasons are dropped, as in all().
 */
#include "debug_yield.h"
#include "objects.h"
#include "pool_impl.h"
#include "small_cache.h"

struct map;

/* The job for items [lo, hi). */
struct range_job {
	vow_job job;
	struct map *m;
	size_t lo, hi;
};

struct map {
	_Atomic size_t remaining;
	_Atomic size_t refs;
	vow_map_fn fn;
	void *ctx;
	struct vow_pool *pool;
	size_t grain;           /* a range of at most this many items is a leaf */
	vow_promise *result;
	vow_value slots;        /* moved into result by the last count down */
	struct range_job root;  /* [0, n): one allocation less per call */
};

/* The context of an item's adoption reaction. */
struct map_item {
	struct map *m;
	size_t index;
};

_Static_assert(sizeof(struct map) <= SMALL_MAX, "the record is a small block");
_Static_assert(sizeof(struct range_job) <= SMALL_MAX, "a range job is a small block");

static const vow_job_ops range_ops;

static void map_release(struct map *m)
{
	/*
	 * acq_rel: every holder's writes (the last count down's moving the
	 * array out above all) happen-before the free.
	 */
	if (vow_fetch_sub(&m->refs, 1, ACQ_REL) != 1)
		return;
	vow_value_drop(m->slots);
	vow_promise_release(m->result);
	vow__free_small(m, sizeof *m);
}

/* Finish k items; whoever finishes the last one settles the result. */
static void map_count_down(struct map *m, size_t k)
{
	vow_value slots;

	vow__debug_yield();
	/*
	 * acq_rel: the release publishes the slots this caller wrote; every
	 * count down is an RMW on remaining, so each earlier one heads a
	 * release sequence that the final decrement reads, and its acquire
	 * sees the whole array.
	 */
	if (vow_fetch_sub(&m->remaining, k, ACQ_REL) != k)
		return;
	slots = m->slots;
	m->slots = vow_undefined();
	/* Fulfils, or drops the array if a rejection claimed the result first. */
	vow__promise_resolve(m->result, slots);
}

/* ---- items that return a thenable ------------------------------------------ */

static vow_outcome item_fulfilled(void *ctx, vow_value v)
{
	struct map_item *it = ctx;

	vow_array_set(it->m->slots, it->index, vow_value_dup(v));
	map_count_down(it->m, 1);
	return vow_return(vow_undefined());
}

static vow_outcome item_rejected(void *ctx, vow_value reason)
{
	struct map_item *it = ctx;

	vow__promise_reject(it->m->result, vow_value_dup(reason));
	map_count_down(it->m, 1);
	return vow_return(vow_undefined());
}

static void item_release(void *ctx)
{
	struct map_item *it = ctx;
	struct map *m = it->m;

	vow__free_small(it, sizeof *it);
	map_release(m);
}

/*
 * Make slot index adopt thenable t (moved), as all() does with an input:
 * attach to C.resolve(t), which is t itself for a promise.  Returns false
 * if memory ran out: the result has then been rejected and the item is the
 * caller's to finish.
 */
static bool item_adopt(struct map *m, size_t index, vow_value t)
{
	vow_executor *ex = &m->pool->ex;
	struct map_item *it = vow__malloc_small(sizeof *it);
	vow_promise *p;
	int rc;

	if (it == NULL) {
		vow_value_drop(t);
		goto oom;
	}
	p = vow_promise_resolve(ex, t);
	if (p == NULL) {
		vow__free_small(it, sizeof *it);
		goto oom;
	}
	it->m = m;
	it->index = index;
	/* Relaxed: the caller's job holds a reference; the attach publishes it. */
	vow_fetch_add(&m->refs, 1, RELAXED);
	rc = vow__promise_subscribe(p, ex, item_fulfilled, item_rejected, it, item_release);
	vow_promise_release(p);
	if (rc == 0)
		return true;
	/* item_release has run. */
oom:
	vow__promise_reject(m->result, vow__oom_error());
	return false;
}

/* ---- range jobs ------------------------------------------------------------- */

/* Run items [lo, hi); returns how many it finished (not left to adoptions). */
static size_t run_items(struct map *m, size_t lo, size_t hi)
{
	/* Constant while the record lives; copies survive the calls to fn. */
	vow_map_fn fn = m->fn;
	void *ctx = m->ctx;
	/* Each slot is in range and still undefined: no vow_array_set checks. */
	vow_value *slots = ((struct array_obj *)m->slots.as.obj)->items;
	size_t finished = 0;

	for (size_t i = lo; i < hi; i++) {
		vow_outcome o = fn(ctx, i);

		switch (o.kind) {
		case VOW_OUTCOME_RETURN:
			if (!vow_is_thenable(o.value))
				slots[i] = o.value;
			else if (item_adopt(m, i, o.value))
				continue; /* its reaction finishes it */
			break;
		case VOW_OUTCOME_THROW:
			vow__promise_reject(m->result, o.value);
			break;
		default:
			/* As vow__promise_settle_outcome: the value is not trusted. */
			vow__promise_reject(m->result, vow__bad_outcome_error("handler", o.kind));
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
	m->pool->ex.ops->post(&m->pool->ex, &r->job);
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
	if (finished != 0)
		map_count_down(m, finished);
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
	vow_value slots;
	struct map *m;

	if (pool == NULL || fn == NULL)
		return vow__fail(VOW_EINVAL);
	result = vow__promise_alloc(&pool->ex);
	if (result == NULL)
		return NULL;
	slots = vow_array(n);
	if (slots.kind != VOW_ARRAY) {
		vow_promise_release(result);
		return vow__fail(VOW_ENOMEM);
	}
	if (n == 0) {
		/* all([]) fulfils at once. */
		vow__promise_resolve(result, slots);
		return result;
	}
	m = vow__malloc_small(sizeof *m);
	if (m == NULL) {
		vow_value_drop(slots);
		vow_promise_release(result);
		return vow__fail(VOW_ENOMEM);
	}
	atomic_init(&m->remaining, n);
	atomic_init(&m->refs, 1); /* the root job's */
	m->fn = fn;
	m->ctx = ctx;
	m->pool = pool;
	m->grain = map_grain(n, pool->n);
	/* result is not published yet: the caller's reference and the record's. */
	vow__promise_set_refs_unpublished(result, 2);
	m->result = result;
	m->slots = slots;
	m->root.job.next = NULL;
	m->root.job.ops = &range_ops;
	m->root.m = m;
	m->root.lo = 0;
	m->root.hi = n;
	/* post publishes the record and everything the caller wrote before. */
	pool->ex.ops->post(&pool->ex, &m->root.job);
	return result;
}
