/*
 * small_cache.h - the per-thread cache of small blocks (core-internal).
 *
 * Promises, then()'s promise-and-reaction blocks and reactions are made and
 * freed at high rates, often on different threads (a promise made on one
 * worker is released on another).  Each thread keeps, per 8-byte size
 * class up to SMALL_MAX bytes, a LIFO list of freed blocks.  Blocks carry
 * no owner: one freed on another thread joins that thread's list, so
 * freeing anywhere is safe, and the lists are not shared, so their paths
 * are not atomic.
 *
 * MAGAZINES AND THE DEPOT.  A class holds at most two magazines of
 * SMALL_MAGAZINE_BYTES each: the active one, the list the inline paths
 * push to and pop from (room counts what it can still take), and one full
 * magazine set aside (full).  When the active one is full, the one set
 * aside goes to the depot and the active one takes its place; when the
 * active one is empty, the one set aside, or else a full one from the
 * depot, becomes active, before the allocator is asked.  The depot holds
 * up to SMALL_DEPOT_MAGAZINES full magazines per class for every thread
 * (small_cache.c): a thread that frees more than it allocates (a consumer)
 * feeds one that allocates more than it frees (a producer) instead of
 * both going through malloc, and what the depot has no room for goes back
 * to the allocator.  Between two trips of a thread to the depot it has
 * made more than a magazine's worth of allocations or frees of the class,
 * so the trips cannot oscillate at the boundary (swapping the thread's own
 * two magazines is a few stores).
 *
 * A thread's active lists go back to the allocator when it exits (a
 * pthread key destructor), and its full magazines to the depot; the main
 * thread's stay reachable from its TLS at exit, the depot's from a static.
 *
 * The fast paths are inline so that the class and the cap fold into
 * constants; the TLS block uses the initial-exec model, because the default
 * model for a shared library calls __tls_get_addr on every access.  It is
 * small enough for glibc's static TLS surplus, which also serves libvow
 * linked into a dlopen()ed module.
 *
 * The cache is bypassed while the test hooks count or fail allocations (so
 * their counts stay exact), in AddressSanitizer builds and when built with
 * VOW_ALLOC_CACHE=OFF (for valgrind): a cached block would hide a use after
 * free from them.  ThreadSanitizer builds keep it, so that the hand-overs
 * of blocks between threads (through the program's own synchronisation,
 * or the depot's mutex) are checked with everything else.
 */
#ifndef VOW_SMALL_CACHE_H
#define VOW_SMALL_CACHE_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "asan.h"
#include "atomics.h"

#if defined(VOW_ASAN) || defined(VOW_NO_ALLOC_CACHE)
#define VOW_SMALL_CACHE 0
#else
#define VOW_SMALL_CACHE 1
#endif

enum {
	SMALL_MAX = 128,
	SMALL_CLASS_BYTES = 8, /* malloc rounds to 16 with its 8-byte header: 40 -> 48 */
	SMALL_CLASSES = SMALL_MAX / SMALL_CLASS_BYTES,
	SMALL_MAGAZINE_BYTES = 128 * 1024, /* a thread holds two per class, at most */
	SMALL_DEPOT_MAGAZINES = 32,        /* per class: 4 MiB */
};

struct vow__free_block {
	struct vow__free_block *next;
};

struct vow__small_cache {
	struct vow__free_block *head[SMALL_CLASSES]; /* the active magazines */
	/*
	 * How many more blocks each active magazine may take: 0 until the
	 * exit flush is armed and again once it has run, so that the free
	 * path's one test covers a full magazine, arming and the flush.
	 */
	uint32_t room[SMALL_CLASSES];
	struct vow__free_block *full[SMALL_CLASSES]; /* a full magazine set aside, or NULL */
	bool armed;      /* the exit flush is armed and has not run */
	bool flushed;    /* the exit flush has run: cache nothing more */
};

extern _Thread_local struct vow__small_cache vow__cache __attribute__((tls_model("initial-exec")));

void *vow__malloc(size_t size);
void vow__free(void *p);

/*
 * alloc.c's mode word (MODE_STARTED alone: no test hook is on), read here
 * so that the fast paths stay inline.  Relaxed, as in vow__malloc: a hook
 * turned on by another thread is seen soon, which is all the tests need.
 */
extern _Atomic unsigned vow__alloc_mode;
#define VOW__ALLOC_MODE_PLAIN 1u

static inline bool vow__small_cache_hooks_off(void)
{
	return VOW_SMALL_CACHE &&
	       vow_load(&vow__alloc_mode, RELAXED) == VOW__ALLOC_MODE_PLAIN;
}

/*
 * The slow paths (small_cache.c): a block for class c when the active
 * magazine is empty, and a free when it is full, not armed yet (arm this
 * thread's exit flush) or bypassed.
 */
void *vow__small_cache_refill(unsigned c);
void vow__small_cache_free_slow(void *p, unsigned c);

static inline unsigned vow__small_class(size_t size)
{
	assert(size > 0 && size <= SMALL_MAX);
	return (unsigned)((size + SMALL_CLASS_BYTES - 1) / SMALL_CLASS_BYTES - 1);
}

/*
 * vow__small_cache_take - a cached block for size, or NULL (none cached,
 * or the cache is bypassed) without calling anything: callers whose fast
 * path must stay a leaf take, and call vow__malloc_small only on NULL.
 */
static inline void *vow__small_cache_take(size_t size)
{
	unsigned c = vow__small_class(size);
	struct vow__free_block *b = vow__cache.head[c];

	/* A non-empty list means this thread's cache is armed. */
	if (b == NULL || !vow__small_cache_hooks_off())
		return NULL;
	vow__cache.head[c] = b->next;
	vow__cache.room[c]++;
	return b;
}

/*
 * vow__malloc_small / vow__free_small - blocks of at most SMALL_MAX bytes
 * through this thread's cache.  Free with the size that was allocated; any
 * thread may free.  The fault-injection hooks see these as vow__malloc
 * calls whenever they are on.
 */
static inline void *vow__malloc_small(size_t size)
{
	void *b = vow__small_cache_take(size);

	return b != NULL ? b : vow__small_cache_refill(vow__small_class(size));
}

static inline void vow__free_small(void *p, size_t size)
{
	unsigned c = vow__small_class(size);
	struct vow__free_block *b = p;
	bool plain = vow__small_cache_hooks_off();

	if (vow__cache.room[c] != 0 && plain) {
		b->next = vow__cache.head[c];
		vow__cache.head[c] = b;
		vow__cache.room[c]--;
		return;
	}
	vow__small_cache_free_slow(p, c);
}

/*
 * vow__malloc_sized / vow__free_sized - a block of any size: through the
 * cache when it is small, from the allocator otherwise.  Free with the
 * size that was allocated.
 */
static inline void *vow__malloc_sized(size_t size)
{
	return size <= SMALL_MAX ? vow__malloc_small(size) : vow__malloc(size);
}

static inline void vow__free_sized(void *p, size_t size)
{
	if (size <= SMALL_MAX)
		vow__free_small(p, size);
	else
		vow__free(p);
}

/*
 * Hand this thread's cached blocks and the depot's back to the allocator
 * (tests), and in assertion builds the blocks held in quarantine
 * (ownership.h).
 */
void vow__small_cache_flush(void);

#endif /* VOW_SMALL_CACHE_H */
