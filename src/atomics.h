/*
 * atomics.h - every atomic operation in vow goes through here and names its
 * memory order; nothing relies on the seq_cst default.  Each call site says
 * in a comment what its acquire/release pairs with.
 */
#ifndef VOW_ATOMICS_H
#define VOW_ATOMICS_H

#include <stdatomic.h>

#include "tsan_hb.h"

#define ORDER_RELAXED memory_order_relaxed
#define ORDER_ACQUIRE memory_order_acquire
#define ORDER_RELEASE memory_order_release
#define ORDER_ACQ_REL memory_order_acq_rel
#define ORDER_SEQ_CST memory_order_seq_cst

#define vow_load(p, order) atomic_load_explicit((p), ORDER_##order)
#define vow_store(p, v, order) atomic_store_explicit((p), (v), ORDER_##order)
#define vow_exchange(p, v, order) atomic_exchange_explicit((p), (v), ORDER_##order)
#define vow_fetch_add(p, v, order) atomic_fetch_add_explicit((p), (v), ORDER_##order)
#define vow_fetch_sub(p, v, order) atomic_fetch_sub_explicit((p), (v), ORDER_##order)
#define vow_fetch_or(p, v, order) atomic_fetch_or_explicit((p), (v), ORDER_##order)
#define vow_fetch_and(p, v, order) atomic_fetch_and_explicit((p), (v), ORDER_##order)
/* Strong CAS: *expected is updated on failure (with the failure order). */
#define vow_cas(p, expected, desired, success, failure)                       \
	atomic_compare_exchange_strong_explicit((p), (expected), (desired),   \
						ORDER_##success, ORDER_##failure)
#define vow_cas_weak(p, expected, desired, success, failure)                  \
	atomic_compare_exchange_weak_explicit((p), (expected), (desired),     \
					      ORDER_##success, ORDER_##failure)
/*
 * Fences.  ThreadSanitizer does not model atomic_thread_fence (gcc rejects
 * it under -Werror=tsan), so each fence is named for its job and TSan
 * builds express that job in a form TSan understands:
 *
 * vow_fence_sc(z) - the seq_cst fence of a Dekker pair: each side stores,
 *   fences, then loads what the other side stores.  Every party of the pair
 *   names the same atomic uint32_t z.  Under TSan it is a seq_cst RMW on z:
 *   of two such RMWs the later reads the earlier and synchronises with it,
 *   so the first side's store happens-before the second side's load, which
 *   is exactly what the two fences guarantee.
 *
 * vow_fence_acquire_foreign() - the acquire fence after a hand-off through
 *   liburcu, whose barriers TSan cannot see; TSan builds annotate that edge
 *   with vow_hb_acquire (tsan_hb.h) instead, so here it is only a compiler
 *   barrier.
 */
#ifdef VOW_TSAN
#define vow_fence_sc(z) ((void)atomic_fetch_add_explicit((z), 0, ORDER_SEQ_CST))
#define vow_fence_acquire_foreign() atomic_signal_fence(ORDER_ACQUIRE)
#else
#define vow_fence_sc(z) ((void)(z), atomic_thread_fence(ORDER_SEQ_CST))
#define vow_fence_acquire_foreign() atomic_thread_fence(ORDER_ACQUIRE)
#endif

#endif /* VOW_ATOMICS_H */
