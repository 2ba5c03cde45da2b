/*
 * small_cache.c - the slow paths of the per-thread small-block cache: its
 * magazines, the depot they share, arming the exit flush (small_cache.h
 * says how and why).
 *
 * THE DEPOT.  Per class, a stack of at most SMALL_DEPOT_MAGAZINES full
 * magazines, all classes under one mutex: a thread takes it once per
 * magazine's worth of blocks at most, so it is not contended.  The blocks
 * of a magazine are handed from one thread to another by the mutex (the
 * putter's writes to them happen before its unlock, the taker's reads after
 * its lock).  count[c] is written under the mutex and also read without
 * it, relaxed, as a hint: a thread whose cache is empty looks there before
 * it locks, so that a run of fresh allocations (an empty depot) does not
 * take the mutex for each block.  A stale hint costs a lock for nothing
 * or one malloc that a magazine could have served; it is never trusted
 * for the stack itself.
 *
 *   operation        runs on          takes the mutex
 *   depot_put        any thread       always (a full magazine to park)
 *   depot_take       any thread       only if the hint says non-empty
 *   depot_drain      a test's thread  always
 */
#include <pthread.h>

#include "core.h"
#include "ownership.h"
#include "small_cache.h"

_Thread_local struct vow__small_cache vow__cache __attribute__((tls_model("initial-exec")));
static pthread_key_t cache_key;
static pthread_once_t cache_key_once = PTHREAD_ONCE_INIT;

static struct {
	pthread_mutex_t lock;
	_Atomic unsigned count[SMALL_CLASSES];
	struct vow__free_block *magazines[SMALL_CLASSES][SMALL_DEPOT_MAGAZINES];
} depot = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* Blocks in a magazine of class c. */
static uint32_t magazine_blocks(unsigned c)
{
	return SMALL_MAGAZINE_BYTES / ((c + 1) * SMALL_CLASS_BYTES);
}

static void free_list(struct vow__free_block *b)
{
	while (b != NULL) {
		struct vow__free_block *next = b->next;

		vow__free(b);
		b = next;
	}
}

/* ---- the depot --------------------------------------------------------------- */

/* Park full magazine m of class c, or hand its blocks back if there is no room. */
static void depot_put(unsigned c, struct vow__free_block *m)
{
	unsigned n;

	pthread_mutex_lock(&depot.lock);
	n = vow_load(&depot.count[c], RELAXED); /* the mutex orders it */
	if (n < SMALL_DEPOT_MAGAZINES) {
		depot.magazines[c][n] = m;
		vow_store(&depot.count[c], n + 1, RELAXED);
		m = NULL;
	}
	pthread_mutex_unlock(&depot.lock);
	free_list(m);
}

/* A full magazine of class c, or NULL. */
static struct vow__free_block *depot_take(unsigned c)
{
	struct vow__free_block *m = NULL;
	unsigned n;

	/* Relaxed: a hint only (THE DEPOT); what counts is read under the mutex. */
	if (vow_load(&depot.count[c], RELAXED) == 0)
		return NULL;
	pthread_mutex_lock(&depot.lock);
	n = vow_load(&depot.count[c], RELAXED);
	if (n != 0) {
		m = depot.magazines[c][n - 1];
		vow_store(&depot.count[c], n - 1, RELAXED);
	}
	pthread_mutex_unlock(&depot.lock);
	return m;
}

static void depot_drain(void)
{
	pthread_mutex_lock(&depot.lock);
	for (unsigned c = 0; c < SMALL_CLASSES; c++) {
		unsigned n = vow_load(&depot.count[c], RELAXED);

		while (n != 0)
			free_list(depot.magazines[c][--n]);
		vow_store(&depot.count[c], 0, RELAXED);
	}
	pthread_mutex_unlock(&depot.lock);
}

/* ---- this thread's cache ------------------------------------------------------- */

/*
 * The exit flush: full magazines to the depot, for the threads that go on;
 * the rest to the allocator.  A block freed by a later destructor of this
 * thread goes to the allocator (flushed keeps the cache from arming again).
 */
static void cache_flush(void *arg)
{
	struct vow__small_cache *k = arg;

	k->armed = false;
	k->flushed = true;
	for (unsigned c = 0; c < SMALL_CLASSES; c++) {
		if (k->room[c] == 0 && k->head[c] != NULL)
			depot_put(c, k->head[c]);
		else
			free_list(k->head[c]);
		if (k->full[c] != NULL)
			depot_put(c, k->full[c]);
		k->head[c] = NULL;
		k->full[c] = NULL;
		k->room[c] = 0;
	}
}

/* An empty, armed cache: every active magazine may take a magazine's worth. */
static void cache_open(struct vow__small_cache *k)
{
	for (unsigned c = 0; c < SMALL_CLASSES; c++)
		k->room[c] = magazine_blocks(c);
}

static void cache_key_create(void)
{
	if (pthread_key_create(&cache_key, cache_flush) != 0)
		cache_key = (pthread_key_t)-1;
}

/*
 * May this thread's cache hold blocks now?  Not while bypassed or after
 * the exit flush; arms the flush the first time (once per thread).
 */
static bool cache_ready(void)
{
	if (!vow__small_cache_hooks_off())
		return false;
	if (vow__cache.armed)
		return true;
	if (vow__cache.flushed)
		return false;
	pthread_once(&cache_key_once, cache_key_create);
	if (cache_key == (pthread_key_t)-1 || pthread_setspecific(cache_key, &vow__cache) != 0)
		return false;
	vow__cache.armed = true;
	cache_open(&vow__cache);
	return true;
}

/* A magazine for the empty active one of class c, if this thread may cache. */
__attribute__((noinline)) static void *refill_from_magazine(unsigned c)
{
	struct vow__free_block *b = NULL;

	if (cache_ready()) {
		b = vow__cache.full[c];
		if (b != NULL)
			vow__cache.full[c] = NULL;
		else
			b = depot_take(c);
	}
	if (b == NULL)
		return vow__malloc((size_t)(c + 1) * SMALL_CLASS_BYTES);
	/* A full magazine is the active one now, less the block handed out. */
	vow__cache.head[c] = b->next;
	vow__cache.room[c] = 1;
	return b;
}

void *vow__small_cache_refill(unsigned c)
{
	/*
	 * Nothing set aside and (the hint says) nothing in the depot: fresh
	 * memory, without a look at anything else.  Whole classes only, so
	 * that any block of a class serves any request.
	 */
	if (vow__cache.full[c] == NULL && vow_load(&depot.count[c], RELAXED) == 0)
		return vow__malloc((size_t)(c + 1) * SMALL_CLASS_BYTES);
	return refill_from_magazine(c);
}

void vow__small_cache_free_slow(void *p, unsigned c)
{
	struct vow__free_block *b = p;

	if (!cache_ready()) {
		vow__free(p);
		return;
	}
	if (vow__cache.room[c] == 0) {
		/* The active magazine is full: it is set aside, the one set aside goes. */
		if (vow__cache.full[c] != NULL)
			depot_put(c, vow__cache.full[c]);
		vow__cache.full[c] = vow__cache.head[c];
		vow__cache.head[c] = NULL;
		vow__cache.room[c] = magazine_blocks(c);
	}
	b->next = vow__cache.head[c];
	vow__cache.head[c] = b;
	vow__cache.room[c]--;
}

/* Hands everything back but leaves the cache armed (tests). */
void vow__small_cache_flush(void)
{
	bool armed = vow__cache.armed, flushed = vow__cache.flushed;

	vow__own_quarantine_flush(); /* into this cache first */
	cache_flush(&vow__cache);
	depot_drain();
	vow__cache.armed = armed;
	vow__cache.flushed = flushed;
	if (armed)
		cache_open(&vow__cache);
}
