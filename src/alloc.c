/*
 * alloc.c - the single entry point for vow's heap use, the user's allocator
 * (vow_set_allocator), and the fault-injection / accounting hooks of the
 * tests (core.h, "allocation").  The per-thread small-block cache in front
 * of it is small_cache.h and small_cache.c.
 *
 * THE MODE WORD.  One atomic word says whether an allocation must leave
 * the fast path:
 *
 *   bit            set by                       meaning
 *   MODE_STARTED   the first vow__malloc/calloc  vow has allocated: the
 *                                                allocator is fixed now
 *   MODE_TRACK     vow__alloc_track(true)        count calls and live blocks
 *   MODE_FAIL      vow__alloc_fail_at(n > 0)     a failure is armed
 *
 * Fast path (every allocation in production): one relaxed load of the word
 * (vow__alloc_mode; the thread cache's inline paths in small_cache.h read
 * it too) and a compare with MODE_STARTED.  Everything else is the slow path.  All
 * of it is relaxed: the word and the counters publish no data (each block
 * is handed over by whatever hands over the pointer to it), they only
 * count; a failure armed on one thread is seen by another thread's
 * allocations "soon", which is all the tests need (they arm it on the
 * thread that then makes the calls, or before the threads are created).
 */
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "small_cache.h"

enum {
	MODE_STARTED = VOW__ALLOC_MODE_PLAIN,
	MODE_TRACK = 1u << 1,
	MODE_FAIL = 1u << 2,
};

_Atomic unsigned vow__alloc_mode;
/* MODE_FAIL: allocations left until the failing one (1: the next fails). */
static _Atomic uint64_t fail_countdown;
/* MODE_TRACK: vow__malloc/calloc calls (failed ones too), and live blocks. */
static _Atomic uint64_t calls;
static _Atomic int64_t live;

/*
 * The user's allocator (vow_set_allocator).  Written only before vow's
 * first allocation, by a thread that then creates every other thread that
 * uses vow (or hands over otherwise), so plain fields suffice.
 */
static struct {
	void *(*malloc_fn)(size_t);
	void *(*calloc_fn)(size_t, size_t);
	void (*free_fn)(void *);
} fns = { malloc, calloc, free };

int vow_set_allocator(void *(*malloc_fn)(size_t), void *(*calloc_fn)(size_t, size_t),
		      void (*free_fn)(void *))
{
	if ((malloc_fn == NULL) != (free_fn == NULL) || (malloc_fn == NULL && calloc_fn != NULL))
		return VOW_EINVAL;
	/* Relaxed: the caller guarantees no vow call runs concurrently. */
	if (vow_load(&vow__alloc_mode, RELAXED) & MODE_STARTED)
		return VOW_EBUSY;
	if (malloc_fn == NULL) {
		fns.malloc_fn = malloc;
		fns.calloc_fn = calloc;
		fns.free_fn = free;
	} else {
		fns.malloc_fn = malloc_fn;
		fns.calloc_fn = calloc_fn;
		fns.free_fn = free_fn;
	}
	return 0;
}

/* True if this allocation must fail (consumes one step of the countdown). */
static bool fail_now(void)
{
	uint64_t c = vow_load(&fail_countdown, RELAXED);

	/* Relaxed: a counter; only which caller takes the step 1 -> 0 matters. */
	while (c != 0) {
		if (vow_cas_weak(&fail_countdown, &c, c - 1, RELAXED, RELAXED)) {
			if (c != 1)
				return false;
			vow_fetch_and(&vow__alloc_mode, ~(unsigned)MODE_FAIL, RELAXED);
			return true;
		}
	}
	return false;
}

/* The slow path's checks before an allocation; false: fail it. */
static bool alloc_enter(unsigned m)
{
	if (!(m & MODE_STARTED))
		vow_fetch_or(&vow__alloc_mode, MODE_STARTED, RELAXED);
	if (m & MODE_TRACK)
		vow_fetch_add(&calls, 1, RELAXED);
	return !(m & MODE_FAIL) || !fail_now();
}

static void *alloc_leave(unsigned m, void *p)
{
	if (p != NULL && (m & MODE_TRACK))
		vow_fetch_add(&live, 1, RELAXED);
	return p;
}

static void *calloc_by_malloc(size_t n, size_t size)
{
	void *p;

	if (size != 0 && n > SIZE_MAX / size)
		return NULL;
	p = fns.malloc_fn(n * size);
	if (p != NULL)
		memset(p, 0, n * size);
	return p;
}

static void *do_calloc(size_t n, size_t size)
{
	return fns.calloc_fn != NULL ? fns.calloc_fn(n, size) : calloc_by_malloc(n, size);
}

/* The slow paths, out of line so that the fast paths stay a load and a jump. */
__attribute__((noinline, cold)) static void *malloc_slow(unsigned m, size_t size)
{
	if (!alloc_enter(m))
		return NULL;
	return alloc_leave(m, fns.malloc_fn(size));
}

__attribute__((noinline, cold)) static void *calloc_slow(unsigned m, size_t n, size_t size)
{
	if (!alloc_enter(m))
		return NULL;
	return alloc_leave(m, do_calloc(n, size));
}

__attribute__((noinline, cold)) static void free_slow(void *p)
{
	vow_fetch_sub(&live, 1, RELAXED);
	fns.free_fn(p);
}

void *vow__malloc(size_t size)
{
	unsigned m = vow_load(&vow__alloc_mode, RELAXED);

	if (__builtin_expect(m != MODE_STARTED, 0))
		return malloc_slow(m, size);
	return fns.malloc_fn(size);
}

void *vow__calloc(size_t n, size_t size)
{
	unsigned m = vow_load(&vow__alloc_mode, RELAXED);

	if (__builtin_expect(m != MODE_STARTED, 0))
		return calloc_slow(m, n, size);
	return do_calloc(n, size);
}

void vow__free(void *p)
{
	/* The user's free_fn never sees NULL (vow/alloc.h). */
	if (p == NULL)
		return;
	if (__builtin_expect(vow_load(&vow__alloc_mode, RELAXED) & MODE_TRACK, 0))
		free_slow(p);
	else
		fns.free_fn(p);
}

void vow__alloc_fail_at(uint64_t n)
{
	vow_store(&fail_countdown, n, RELAXED);
	if (n != 0)
		vow_fetch_or(&vow__alloc_mode, MODE_FAIL, RELAXED);
	else
		vow_fetch_and(&vow__alloc_mode, ~(unsigned)MODE_FAIL, RELAXED);
}

bool vow__alloc_fail_pending(void)
{
	return vow_load(&fail_countdown, RELAXED) != 0;
}

void vow__alloc_track(bool on)
{
	if (on)
		vow_fetch_or(&vow__alloc_mode, MODE_TRACK, RELAXED);
	else
		vow_fetch_and(&vow__alloc_mode, ~(unsigned)MODE_TRACK, RELAXED);
}

uint64_t vow__alloc_count(void)
{
	return vow_load(&calls, RELAXED);
}

int64_t vow__alloc_live(void)
{
	return vow_load(&live, RELAXED);
}
