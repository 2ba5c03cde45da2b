/*
 * small_cache.h - the per-thread cache of small blocks (core-internal).
 *
 * Promises, then()'s promise-and-reaction blocks and reactions are made and
 * freed at high rates, often on different threads (a promise made on one
 * worker is released on another).  Each thread keeps, per 8-byte size
 * class up to SMALL_MAX bytes, a LIFO list of freed blocks, capped at
 * SMALL_CACHE_BYTES per class; a block freed past the cap goes back to the
 * allocator.  Blocks carry no owner: one freed on another thread joins that
 * thread's list, so freeing anywhere is safe, and nothing is shared, so
 * nothing is atomic.  A thread's lists go back to the allocator when it
 * exits (a pthread key destructor); the main thread's stay reachable from
 * its TLS at exit.
 *
 * The fast paths are inline so that the class and the cap fold into
 * constants; the TLS block uses the initial-exec model, because the default
 * model for a shared library calls __tls_get_addr on every access.  It is
 * small enough for glibc's static TLS surplus, which also serves libvow
 * linked into a dlopen()ed module.
 *
 * The cache is bypassed while the test hooks count or fail allocations (so
 * their counts stay exact), in sanitizer builds and when built with
 * VOW_ALLOC_CACHE=OFF (for valgrind): a cached block would hide a use after
 * free from them.
 */
#ifndef VOW_SMALL_CACHE_H
#define VOW_SMALL_CACHE_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "asan.h"
#include "atomics.h"

#if defined(VOW_ASAN) || defined(VOW_TSAN) || defined(VOW_NO_ALLOC_CACHE)
#define VOW_SMALL_CACHE 0
#else
#define VOW_SMALL_CACHE 1
#endif

enum {
	SMALL_MAX = 128,
	SMALL_CLASS_BYTES = 8, /* malloc rounds to 16 with its 8-byte header: 40 -> 48 */
	SMALL_CLASSES = SMALL_MAX / SMALL_CLASS_BYTES,
	SMALL_CACHE_BYTES = 256 * 1024,
};

struct vow__free_block {
	struct vow__free_block *next;
};

struct vow__small_cache {
	struct vow__free_block *head[SMALL_CLASSES];
	/*
	 * How many more blocks each class may take before the cap: 0 until
	 * the exit flush is armed and again once it has run, so that the
	 * free path's one test covers the cap, arming and the flush.
	 */
	uint32_t room[SMALL_CLASSES];
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
 * The cache is not armed: arm this thread's exit flush, then cache p if
 * that worked, else free it.
 */
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

	/* Whole classes only, so that any block of a class serves any request. */
	return b != NULL ? b : vow__malloc((size_t)(vow__small_class(size) + 1) * SMALL_CLASS_BYTES);
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
	/* Full, or bypassed: to the allocator; not armed yet: arm. */
	if (__builtin_expect(vow__cache.armed || !plain, 1))
		vow__free(p);
	else
		vow__small_cache_free_slow(p, c);
}

/*
 * Hand this thread's cached blocks back to the allocator (tests, exit),
 * and in assertion builds the blocks held in quarantine (ownership.h).
 */
void vow__small_cache_flush(void);

#endif /* VOW_SMALL_CACHE_H */
