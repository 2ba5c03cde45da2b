/*
 * vow/alloc.h - choosing the allocator vow uses (jemalloc, an arena, a
 * counting wrapper...).
 */
#ifndef VOW_ALLOC_H
#define VOW_ALLOC_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#pragma GCC visibility push(default)

/*
 * vow_set_allocator - every block vow allocates from now on comes from
 * malloc_fn (or calloc_fn) and goes back through free_fn.  calloc_fn may be
 * NULL (vow then uses malloc_fn and zeroes the block).  All three NULL
 * restores libc's malloc, calloc and free.  free_fn is never given NULL.
 *
 * THREADS.  Call it once, before any other vow call in the process (before
 * the first promise, loop, pool or heap value exists) and before starting
 * any thread that uses vow; the functions are then called from any thread
 * at once and must be thread-safe.  vow borrows them: they must stay valid
 * until vow is no longer used.  vow never calls them from a signal handler.
 *
 * CACHING.  Each thread keeps a bounded cache (256 KiB per size class) of
 * freed small blocks (promises, reactions) for reuse, and the threads share
 * a depot of up to 4 MiB per size class, through which blocks freed on one
 * thread serve allocations on another.  Freed blocks that find both full
 * reach free_fn at once; a thread's cached blocks reach it when the thread
 * exits, except the full batches it hands to the depot; the main thread's
 * and the depot's never.
 *
 * Errors (nothing is changed): VOW_EINVAL (exactly one of malloc_fn and
 * free_fn is NULL, or calloc_fn without them; checked first, so also after
 * vow has allocated), VOW_EBUSY (vow has already allocated).
 */
int vow_set_allocator(void *(*malloc_fn)(size_t size),
		      void *(*calloc_fn)(size_t n, size_t size),
		      void (*free_fn)(void *p));

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif /* VOW_ALLOC_H */
