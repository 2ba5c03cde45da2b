/*
 * tsan_hb.h - happens-before annotations for synchronisation that
 * ThreadSanitizer cannot see.
 *
 * TSan tracks C11 atomics in instrumented code only.  Two libraries the pool
 * relies on synchronise out of its sight:
 *   - liburcu's wfcqueue (inject.c): the enqueue's full barrier and the
 *     dequeue happen inside uninstrumented liburcu-cds;
 *   - ck_epoch (deque.c): a grace period ends through ck_pr inline asm.
 * At exactly those two places the pool states the edge the library really
 * provides: pool_hb_release(addr) where the library publishes, and
 * pool_hb_acquire(addr) where the other side is guaranteed to see it.
 * Outside TSan builds both compile to nothing.  They are never used to hide
 * a race in vow's own atomics.
 */
#ifndef VOW_POOL_TSAN_HB_H
#define VOW_POOL_TSAN_HB_H

#if defined(__SANITIZE_THREAD__)
#define POOL_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define POOL_TSAN 1
#endif
#endif

#ifdef POOL_TSAN
#include <sanitizer/tsan_interface.h>
#define pool_hb_release(addr) __tsan_release((void *)(addr))
#define pool_hb_acquire(addr) __tsan_acquire((void *)(addr))
#else
#define pool_hb_release(addr) ((void)(addr))
#define pool_hb_acquire(addr) ((void)(addr))
#endif

#endif /* VOW_POOL_TSAN_HB_H */
