/* timer_heap.c - timer min-heap keyed by (deadline, seq) + id index (timer_heap.h). */
#include <string.h>

#include "core.h"
#include "timer_heap.h"

#define INITIAL_HEAP 8
#define INITIAL_SLOTS 16

/*
 * Timer ids are unique in the process, not just per loop, so that an id of
 * one loop is not an active timer of another (vow_loop_clear_timer gives
 * VOW_ENOTFOUND instead of clearing whichever timer has the same number).
 * 0 is never a valid id.
 */
static _Atomic uint64_t next_id = 1;

void vow__timers_init(struct vow__timers *t)
{
	memset(t, 0, sizeof *t);
	t->next_seq = 1;
}

void vow__timers_fini(struct vow__timers *t, void (*drop)(struct vow__timer *tm))
{
	struct vow__timer **slots = t->slots, **heap = t->heap;
	size_t nslots = t->nslots;

	/* Emptied first: a destructor may not touch the store, but be safe. */
	vow__timers_init(t);
	for (size_t i = 0; i < nslots; i++)
		if (slots[i] != NULL)
			drop(slots[i]);
	vow__free(slots);
	vow__free(heap);
}

/* ---- heap ---------------------------------------------------------------- */

static bool timer_before(const struct vow__timer *a, const struct vow__timer *b)
{
	if (a->deadline != b->deadline)
		return a->deadline < b->deadline;
	return a->seq < b->seq;
}

static void heap_set(struct vow__timers *t, size_t i, struct vow__timer *tm)
{
	t->heap[i] = tm;
	tm->heap_pos = i;
}

static void heap_up(struct vow__timers *t, size_t i)
{
	struct vow__timer *tm = t->heap[i];

	while (i > 0) {
		size_t parent = (i - 1) / 2;

		if (!timer_before(tm, t->heap[parent]))
			break;
		heap_set(t, i, t->heap[parent]);
		i = parent;
	}
	heap_set(t, i, tm);
}

static void heap_down(struct vow__timers *t, size_t i)
{
	struct vow__timer *tm = t->heap[i];

	for (;;) {
		size_t child = 2 * i + 1;

		if (child >= t->len)
			break;
		if (child + 1 < t->len && timer_before(t->heap[child + 1], t->heap[child]))
			child++;
		if (!timer_before(t->heap[child], tm))
			break;
		heap_set(t, i, t->heap[child]);
		i = child;
	}
	heap_set(t, i, tm);
}

static void heap_push(struct vow__timers *t, struct vow__timer *tm)
{
	assert(t->len < t->cap); /* the reserve invariant (timers.h) */
	heap_set(t, t->len++, tm);
	heap_up(t, tm->heap_pos);
}

static void heap_remove(struct vow__timers *t, struct vow__timer *tm)
{
	size_t i = tm->heap_pos;
	struct vow__timer *last;

	assert(i < t->len && t->heap[i] == tm);
	last = t->heap[--t->len];
	tm->heap_pos = VOW__TIMER_NOT_IN_HEAP;
	if (last == tm)
		return;
	heap_set(t, i, last);
	if (i > 0 && timer_before(last, t->heap[(i - 1) / 2]))
		heap_up(t, i);
	else
		heap_down(t, i);
}

/* ---- index: id -> timer, linear probing ----------------------------------- */

static size_t slot_home(const struct vow__timers *t, uint64_t id)
{
	/* Fibonacci hashing: ids are sequential, spread them over the table. */
	return (size_t)((id * UINT64_C(0x9E3779B97F4A7C15)) >> 32) & (t->nslots - 1);
}

static void index_put(struct vow__timers *t, struct vow__timer *tm)
{
	size_t mask = t->nslots - 1;
	size_t i = slot_home(t, tm->id);

	while (t->slots[i] != NULL)
		i = (i + 1) & mask;
	t->slots[i] = tm;
}

static size_t index_slot(const struct vow__timers *t, uint64_t id)
{
	size_t mask = t->nslots - 1;
	size_t i;

	if (t->nslots == 0)
		return SIZE_MAX;
	for (i = slot_home(t, id); t->slots[i] != NULL; i = (i + 1) & mask)
		if (t->slots[i]->id == id)
			return i;
	return SIZE_MAX;
}

/* Backward-shift deletion keeps every probe chain unbroken. */
static void index_delete_slot(struct vow__timers *t, size_t hole)
{
	size_t mask = t->nslots - 1;
	size_t j = hole;

	for (;;) {
		size_t home;

		j = (j + 1) & mask;
		if (t->slots[j] == NULL)
			break;
		home = slot_home(t, t->slots[j]->id);
		/* Move slots[j] into the hole unless its home lies in (hole, j]. */
		if ((j > hole && (home <= hole || home > j)) ||
		    (j < hole && (home <= hole && home > j))) {
			t->slots[hole] = t->slots[j];
			hole = j;
		}
	}
	t->slots[hole] = NULL;
}

static int index_grow(struct vow__timers *t, size_t nslots)
{
	struct vow__timer **old = t->slots;
	size_t old_n = t->nslots;

	t->slots = vow__calloc(nslots, sizeof *t->slots);
	if (t->slots == NULL) {
		t->slots = old;
		return VOW_ENOMEM;
	}
	t->nslots = nslots;
	for (size_t i = 0; i < old_n; i++)
		if (old[i] != NULL)
			index_put(t, old[i]);
	vow__free(old);
	return 0;
}

/* ---- public (to the loop) ---------------------------------------------------- */

int vow__timers_reserve(struct vow__timers *t)
{
	size_t need = t->live + 1;

	if (need > t->cap) {
		size_t cap = t->cap ? t->cap * 2 : INITIAL_HEAP;
		struct vow__timer **heap;

		if (cap < t->cap || cap > SIZE_MAX / sizeof *heap)
			return VOW_ENOMEM;
		heap = vow__malloc(cap * sizeof *heap);
		if (heap == NULL)
			return VOW_ENOMEM;
		if (t->len)
			memcpy(heap, t->heap, t->len * sizeof *heap);
		vow__free(t->heap);
		t->heap = heap;
		t->cap = cap;
	}
	if (need * 2 > t->nslots) {
		size_t nslots = t->nslots ? t->nslots * 2 : INITIAL_SLOTS;

		if (nslots < t->nslots || nslots > SIZE_MAX / sizeof *t->slots)
			return VOW_ENOMEM;
		/* A grown heap left behind on failure is harmless: spare room. */
		if (index_grow(t, nslots) != 0)
			return VOW_ENOMEM;
	}
	return 0;
}

void vow__timers_add(struct vow__timers *t, struct vow__timer *tm)
{
	assert(t->live + 1 <= t->cap && (t->live + 1) * 2 <= t->nslots);
	/* Relaxed: only uniqueness matters; the id publishes nothing. */
	tm->id = vow_fetch_add(&next_id, 1, RELAXED);
	tm->seq = t->next_seq++;
	index_put(t, tm);
	t->live++;
	heap_push(t, tm);
}

void vow__timers_rearm(struct vow__timers *t, struct vow__timer *tm)
{
	assert(tm->heap_pos == VOW__TIMER_NOT_IN_HEAP);
	tm->seq = t->next_seq++;
	heap_push(t, tm);
}

struct vow__timer *vow__timers_peek(const struct vow__timers *t)
{
	return t->len ? t->heap[0] : NULL;
}

struct vow__timer *vow__timers_pop(struct vow__timers *t)
{
	struct vow__timer *tm = vow__timers_peek(t);

	if (tm != NULL)
		heap_remove(t, tm);
	return tm;
}

struct vow__timer *vow__timers_find(const struct vow__timers *t, uint64_t id)
{
	size_t i = index_slot(t, id);

	return i == SIZE_MAX ? NULL : t->slots[i];
}

void vow__timers_forget(struct vow__timers *t, struct vow__timer *tm)
{
	size_t i = index_slot(t, tm->id);

	assert(i != SIZE_MAX && t->slots[i] == tm);
	if (tm->heap_pos != VOW__TIMER_NOT_IN_HEAP)
		heap_remove(t, tm);
	index_delete_slot(t, i);
	t->live--;
}
