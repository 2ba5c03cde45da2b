/*
 * atomics.h - every atomic operation in vow goes through here and names its
 * memory order; nothing relies on the seq_cst default.  Each call site says
 * in a comment what its acquire/release pairs with.
 */
#ifndef VOW_ATOMICS_H
#define VOW_ATOMICS_H

#include <stdatomic.h>

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
/* Strong CAS: *expected is updated on failure (with the failure order). */
#define vow_cas(p, expected, desired, success, failure)                       \
	atomic_compare_exchange_strong_explicit((p), (expected), (desired),   \
						ORDER_##success, ORDER_##failure)
#define vow_cas_weak(p, expected, desired, success, failure)                  \
	atomic_compare_exchange_weak_explicit((p), (expected), (desired),     \
					      ORDER_##success, ORDER_##failure)
#define vow_fence(order) atomic_thread_fence(ORDER_##order)

#endif /* VOW_ATOMICS_H */
