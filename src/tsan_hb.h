/*
 * tsan_hb.h - happens-before annotations for synchronisation that
 * ThreadSanitizer cannot see.
 *
 * TSan tracks C11 atomics in instrumented code only.  Two libraries vow
 * relies on synchronise out of its sight:
 *   - liburcu's wfcqueue (the pool's inject.c, the loop's inbox.c): the
 *     enqueue's full barrier and the dequeue happen inside uninstrumented
 *     liburcu;
 *   - ck_epoch (the pool's deque.c): a grace period ends through ck_pr
 *     inline asm.
 * At exactly those places vow states the edge the library really provides:
 * vow_hb_release(addr) where the library publishes, and vow_hb_acquire(addr)
 * where the other side is guaranteed to see it.  Outside TSan builds both
 * compile to nothing.  They are never used to hide a race in vow's own
 * atomics.  VOW_TSAN is also what src/atomics.h keys its fences on.
 */
#ifndef VOW_TSAN_HB_H
#define VOW_TSAN_HB_H

#if defined(__SANITIZE_THREAD__)
#define VOW_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define VOW_TSAN 1
#endif
#endif

#ifdef VOW_TSAN
#include <sanitizer/tsan_interface.h>
#define vow_hb_release(addr) __tsan_release((void *)(addr))
#define vow_hb_acquire(addr) __tsan_acquire((void *)(addr))
#else
#define vow_hb_release(addr) ((void)(addr))
#define vow_hb_acquire(addr) ((void)(addr))
#endif

#endif /* VOW_TSAN_HB_H */
