/*
 * deque.c - Chase-Lev deque (see deque.h for the state table, the
 * concurrency table and the reclamation scheme).
 *
 * Differences from the paper's C11 code, each at most stronger:
 *   - take: "store bottom relaxed; fence seq_cst; load top relaxed" is
 *     "exchange bottom seq_cst; load top seq_cst".
 *   - steal: "load top acquire; fence seq_cst; load bottom acquire" is
 *     "load top seq_cst; load bottom seq_cst".
 *   The fences exist to forbid the store-buffering outcome in which take
 *   misses a thief's top and the thief misses take's bottom.  With the four
 *   accesses seq_cst they lie in the single total order S, so at least one
 *   side sees the other, as in the paper's proof.  We use this form because
 *   ThreadSanitizer does not model atomic_thread_fence (it would neither
 *   check the fence nor derive happens-before from it), while it models
 *   seq_cst RMWs and loads exactly; on x86-64 it compiles to the same
 *   code (xchg instead of mov+mfence; seq_cst loads are plain movs).
 *   - push: "release fence; store bottom relaxed" is "store bottom release",
 *     and every other owner store of bottom is release too (see deque.h).
 *   - the buffer pointer is stored with release and loaded with acquire
 *     (the paper: relaxed store covered by the push fence, consume load).
 */
#include <stddef.h>

#include "atomics.h"
#include "core.h"
#include "debug_yield.h"
#include "deque.h"
#include "tsan_hb.h"

struct vow__deque_buf {
	int64_t mask;                 /* capacity - 1; capacity is a power of two */
	ck_epoch_entry_t retire;      /* for ck_epoch_call once replaced */
	_Atomic(vow_job *) slot[];
};

static struct vow__deque_buf *buf_new(int64_t cap)
{
	struct vow__deque_buf *a = vow__malloc(sizeof *a + (size_t)cap * sizeof a->slot[0]);

	if (a == NULL)
		return NULL;
	a->mask = cap - 1;
	for (int64_t i = 0; i < cap; i++)
		atomic_init(&a->slot[i], NULL);
	return a;
}

static void buf_free_cb(ck_epoch_entry_t *e)
{
	struct vow__deque_buf *a = (struct vow__deque_buf *)((char *)e - offsetof(struct vow__deque_buf, retire));

	/*
	 * ck_epoch has established that every thief that could read a has
	 * left its section; make that edge visible to TSan (pairs with the
	 * vow_hb_release after the last read of a in vow__deque_steal_any).
	 */
	vow_hb_acquire(a);
	vow__free(a);
}

int vow__deque_init(struct vow__deque *q, unsigned log2_cap, ck_epoch_record_t *epoch)
{
	struct vow__deque_buf *a = buf_new((int64_t)1 << log2_cap);

	if (a == NULL)
		return VOW_ENOMEM;
	atomic_init(&q->top, 0);
	atomic_init(&q->bottom, 0);
	atomic_init(&q->buf, a);
	q->epoch = epoch;
	q->top_seen = 0;
	return 0;
}

void vow__deque_fini(struct vow__deque *q)
{
	/* Relaxed: the owner (or the thread that joined it) is alone here. */
	vow__free(vow_load(&q->buf, RELAXED));
}

static inline vow_job *slot_load(struct vow__deque_buf *a, int64_t i)
{
	/* Relaxed: ordered by bottom's release/acquire (push -> steal). */
	return vow_load(&a->slot[i & a->mask], RELAXED);
}

static inline void slot_store(struct vow__deque_buf *a, int64_t i, vow_job *job)
{
	/* Relaxed: published by the release store of bottom that follows. */
	vow_store(&a->slot[i & a->mask], job, RELAXED);
}

/* Owner: copy [t, b) into a buffer twice as large and publish it. */
static struct vow__deque_buf *grow(struct vow__deque *q, struct vow__deque_buf *a, int64_t t,
				   int64_t b)
{
	struct vow__deque_buf *na = buf_new((a->mask + 1) * 2);

	if (na == NULL)
		return NULL;
	for (int64_t i = t; i < b; i++)
		slot_store(na, i, slot_load(a, i));
	/*
	 * Release: a thief that loads the new pointer (acquire, in steal) sees
	 * the copied slots.  A thief that still holds the old pointer reads
	 * the old buffer, whose slots [t, b) are unchanged: the owner never
	 * writes an old buffer again.
	 */
	vow_store(&q->buf, na, RELEASE);
	ck_epoch_call(q->epoch, &a->retire, buf_free_cb);
	return na;
}

/* Owner: store job in slot b of a and make it visible. */
static inline void push_publish(struct vow__deque *q, struct vow__deque_buf *a, int64_t b,
				vow_job *job)
{
	slot_store(a, b, job);
	vow__debug_yield();
	/*
	 * Release: publishes the slot and the job's contents to a thief whose
	 * seq_cst (hence acquire) load of bottom reads this or any later owner
	 * store of bottom (all of which are release).
	 */
	vow_store(&q->bottom, b + 1, RELEASE);
}

/*
 * push, when the room check against top_seen failed: load top again, and
 * grow if the buffer is really full.  Out of line, so that the common push
 * is a leaf.
 */
static __attribute__((noinline)) bool push_full(struct vow__deque *q, vow_job *job)
{
	int64_t b = vow_load(&q->bottom, RELAXED);
	struct vow__deque_buf *a = vow_load(&q->buf, RELAXED);
	/* Acquire: pairs with the thieves' seq_cst CAS on top (above). */
	int64_t t = vow_load(&q->top, ACQUIRE);

	q->top_seen = t;
	if (b - t > a->mask) {
		a = grow(q, a, t, b);
		if (a == NULL)
			return false;
	}
	push_publish(q, a, b, job);
	return true;
}

bool vow__deque_push_owner(struct vow__deque *q, vow_job *job)
{
	/* Relaxed: only the owner writes bottom. */
	int64_t b = vow_load(&q->bottom, RELAXED);
	struct vow__deque_buf *a = vow_load(&q->buf, RELAXED); /* owner's own store */

	/*
	 * Room check against top_seen, a value of top this owner loaded
	 * earlier.  top only grows, so top_seen <= top and the check can only
	 * err towards "full"; then we load top again (push_full).  Slot b
	 * overwrites slot b - capacity < top_seen, whose taker's CAS (or a
	 * later one, in its release sequence: every write of top is a CAS)
	 * our acquire load of top_seen synchronised with, so that taker is
	 * done reading it.  Not loading top on every push keeps the line the
	 * thieves CAS out of the owner's way (it is read once per capacity's
	 * worth of pushes).
	 */
	if (b - q->top_seen > a->mask)
		return push_full(q, job);
	push_publish(q, a, b, job);
	return true;
}

vow_job *vow__deque_take_owner(struct vow__deque *q)
{
	int64_t b = vow_load(&q->bottom, RELAXED) - 1; /* only the owner writes it */
	struct vow__deque_buf *a = vow_load(&q->buf, RELAXED); /* owner's own store */
	int64_t t;
	vow_job *job;

	/*
	 * seq_cst exchange + seq_cst load replace the paper's relaxed store,
	 * seq_cst fence, relaxed load (see the top of this file): pairs with
	 * the seq_cst loads of top and bottom in vow__deque_steal_any.
	 */
	(void)vow_exchange(&q->bottom, b, SEQ_CST);
	vow__debug_yield();
	t = vow_load(&q->top, SEQ_CST);
	q->top_seen = t; /* seq_cst, hence acquire: good for push's room check */
	if (t > b) {
		/* Empty: restore bottom (release: see deque.h, MEMORY ORDER). */
		vow_store(&q->bottom, b + 1, RELEASE);
		return NULL;
	}
	job = slot_load(a, b);
	if (t == b) {
		/*
		 * The last job: race the thieves for it.  seq_cst as in the
		 * paper; relaxed on failure (we then return nothing).
		 */
		if (!vow_cas(&q->top, &t, t + 1, SEQ_CST, RELAXED))
			job = NULL;
		vow_store(&q->bottom, b + 1, RELEASE);
	}
	return job;
}

vow_job *vow__deque_steal_any(struct vow__deque *q)
{
	/* seq_cst pair in place of the paper's acquire + fence + acquire. */
	int64_t t = vow_load(&q->top, SEQ_CST);
	int64_t b;
	struct vow__deque_buf *a;
	vow_job *job;

	vow__debug_yield();
	b = vow_load(&q->bottom, SEQ_CST);
	if (t >= b)
		return VOW__DEQUE_EMPTY;
	/* Acquire: pairs with the release store in grow(). */
	a = vow_load(&q->buf, ACQUIRE);
	job = slot_load(a, t);
	/* Our last access to a: see buf_free_cb (TSan builds only). */
	vow_hb_release(a);
	vow__debug_yield();
	/*
	 * seq_cst as in the paper: the one CAS that elects the taker of slot
	 * t among thieves and the owner's last-job CAS.  Relaxed on failure.
	 */
	if (!vow_cas(&q->top, &t, t + 1, SEQ_CST, RELAXED))
		return VOW__DEQUE_ABORT;
	return job;
}

bool vow__deque_nonempty_any(struct vow__deque *q)
{
	/*
	 * seq_cst (plain loads on x86-64): the parking protocol and the DRAIN
	 * check in park.c reason about these reads in the seq_cst total order.
	 */
	int64_t t = vow_load(&q->top, SEQ_CST);
	int64_t b = vow_load(&q->bottom, SEQ_CST);

	return t < b;
}

void vow__deque_reclaim_owner(struct vow__deque *q)
{
	(void)ck_epoch_poll(q->epoch);
}
