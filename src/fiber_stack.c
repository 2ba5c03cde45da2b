/*
 * fiber_stack.c - the stacks fibers run on: slabs of guarded slots, each
 * thread's pool of free stacks, and the rule that gives memory back
 * (fiber.h has the design and the VMA argument; fiber_stack.h the record).
 *
 * A SLAB is one mmap (addresses grow to the right):
 *
 *   | header page | guard | stack 0 | guard | stack 1 | ... | guard | stack n-1 |
 *
 * n = 4 MiB / (guard + stack size), at least 1 and at most 64.  The
 * header (struct vow__fiber_slab) is written by the thread that maps the
 * slab, before any of its stacks is handed out, and only read afterwards,
 * except for the live count.  A thread carves fresh stacks from one slab
 * at a time, in order, installing each guard as it goes.
 *
 * THE LIVE COUNT: slab->live is the number of slots not yet released
 * (carved ones in use or pooled, plus the uncarved ones while a thread is
 * still carving).  It starts at n and only goes down:
 *
 *   who                               does
 *   releasing a stack (any thread)    MADV_DONTNEED its pages, then live -= 1
 *   the carver giving the slab up     live -= the slots it did not carve
 *   whoever brings live to 0          munmaps the slab (no madvise needed)
 *
 * Both decrements are acq_rel RMWs: each thread's last use of the slab's
 * memory comes before its decrement (release), and the decrement that
 * reaches 0 reads the end of the release sequence of all earlier ones
 * (acquire), so the munmap comes after every use.  As nobody increments,
 * a holder that loads 1 (acquire, pairing with the same decrements) is the
 * last one and unmaps without the useless madvise.
 *
 * THE POOL is per thread and touched by its thread alone: no atomics.  At
 * most POOL_MAX_STACKS stacks and POOL_MAX_BYTES of stack size (but always
 * room for one).  Thread exit flushes it (a pthread key destructor, like
 * the small-block cache in alloc.c); a stack given back by a later
 * destructor of the same thread is released at once.  The main thread's
 * pool stays mapped at exit.
 *
 * THE DEPOT catches what the pools' caps would release.  Fibers migrate
 * (one made on worker A often finishes on worker B), so B's pool fills
 * while A's runs dry; without the depot B would release a stack (madvise,
 * later page faults) for every one A carves.  A thread whose pool is full
 * moves half of it to the depot; a thread whose pool is empty takes up to
 * half a pool from it before carving.  The depot is a LIFO of at most
 * DEPOT_MAX_STACKS stacks under one mutex, touched only when a pool
 * overflows or runs dry, never on a warm create or free; beyond its cap
 * stacks are released as before.  vow__fiber_pool_flush empties it.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "atomics.h"
#include "core.h"
#include "fiber.h"
#include "fiber_stack.h"

#ifdef VOW_ASAN
#include <sanitizer/asan_interface.h>
#endif

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>) && __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#include <valgrind/valgrind.h>
#define FIBER_STACK_VALGRIND 1
#endif
#endif

/* Linux >= 6.13 (uapi asm-generic/mman-common.h); older headers lack it. */
#ifndef MADV_GUARD_INSTALL
#define MADV_GUARD_INSTALL 102
#endif

enum {
	SLAB_BYTES = 4 << 20,       /* a slab holds as many slots as fit in this */
	SLAB_MAX_SLOTS = 64,
	GUARD_MIN_BYTES = 16 << 10, /* fiber.h says why more than a page */
	POOL_MAX_STACKS = 16,
	POOL_MAX_BYTES = 4 << 20,
	DEPOT_BATCH = POOL_MAX_STACKS / 2, /* stacks moved per trip to the depot */
	DEPOT_MAX_STACKS = 64,
};

struct vow__fiber_slab {
	_Atomic size_t live;  /* slots not yet released (THE LIVE COUNT) */
	size_t map_bytes;     /* the whole mapping, header page included */
	size_t stack_bytes;   /* the size of each of its stacks */
	size_t slot_bytes;    /* guard + stack */
	unsigned nslots;
};

/* ---- process-wide: stack size, guard mode, counters -------------------- */

static _Atomic size_t stack_size = VOW__FIBER_STACK_DEFAULT;

/* How guards are installed: GUARD_MADVISE until it fails with EINVAL. */
enum { GUARD_MADVISE, GUARD_MPROTECT };
static _Atomic int guard_mode;

/* Relaxed counters (struct vow__fiber_stats): they only count. */
static _Atomic uint64_t n_slabs_mapped, n_slabs_unmapped, n_carved, n_released;

static size_t page_bytes(void)
{
	return (size_t)sysconf(_SC_PAGESIZE); /* glibc: a load, no system call */
}

static size_t round_up(size_t n, size_t to)
{
	return (n + to - 1) / to * to;
}

static size_t guard_bytes(void)
{
	return round_up(GUARD_MIN_BYTES, page_bytes());
}

int vow__fiber_set_stack_size(size_t bytes)
{
	if (bytes < VOW__FIBER_STACK_MIN || bytes > VOW__FIBER_STACK_MAX)
		return VOW_EINVAL;
	bytes = round_up(bytes, page_bytes());
	if (bytes > VOW__FIBER_STACK_MAX)
		return VOW_EINVAL;
	/* Relaxed: a size, not a publication; fiber.h. */
	vow_store(&stack_size, bytes, RELAXED);
	return 0;
}

size_t vow__fiber_stack_size(void)
{
	return vow_load(&stack_size, RELAXED);
}

void vow__fiber_stats_read(struct vow__fiber_stats *out)
{
	out->slabs_mapped = vow_load(&n_slabs_mapped, RELAXED);
	out->slabs_unmapped = vow_load(&n_slabs_unmapped, RELAXED);
	out->stacks_carved = vow_load(&n_carved, RELAXED);
	out->stacks_released = vow_load(&n_released, RELAXED);
	out->guard_mprotect = vow_load(&guard_mode, RELAXED) == GUARD_MPROTECT;
}

/* ---- what the sanitizers and valgrind must hear about a stack --------- */

/* A stack was carved: valgrind learns it is a stack (switches onto it are switches). */
static void stack_note_carved(struct vow__fiber_stack *s)
{
#ifdef FIBER_STACK_VALGRIND
	s->vg_id = VALGRIND_STACK_REGISTER(s->lo, s->lo + s->size);
#else
	s->vg_id = 0;
#endif
#ifdef VOW_TSAN
	s->tsan_fiber = __tsan_create_fiber(0);
#endif
}

/*
 * A pooled stack is reused: it is fresh memory again, below its record.
 * ASan may still have redzones of the last fiber's frames poisoned, and
 * memcheck has marked every frame the last fiber popped as unaddressable
 * (where the next fiber's control block and extra memory may now lie).
 */
static void stack_note_reused(struct vow__fiber_stack *s)
{
#ifdef VOW_ASAN
	__asan_unpoison_memory_region(s->lo, s->size);
#endif
#ifdef FIBER_STACK_VALGRIND
	VALGRIND_MAKE_MEM_UNDEFINED(s->lo, s->size - sizeof *s);
#endif
	(void)s;
}

/* A stack is released: forget it, before its pages go. */
static void stack_note_released(struct vow__fiber_stack *s)
{
#ifdef FIBER_STACK_VALGRIND
	VALGRIND_STACK_DEREGISTER(s->vg_id);
#endif
#ifdef VOW_ASAN
	__asan_unpoison_memory_region(s->lo, s->size);
#endif
#ifdef VOW_TSAN
	__tsan_destroy_fiber(s->tsan_fiber);
#endif
	(void)s;
}

/* ---- slabs --------------------------------------------------------------- */

static struct vow__fiber_slab *slab_map(size_t size)
{
	size_t page = page_bytes(), slot = guard_bytes() + size;
	size_t n = SLAB_BYTES / slot, bytes;
	struct vow__fiber_slab *sl;
	void *p;

	if (n < 1)
		n = 1;
	if (n > SLAB_MAX_SLOTS)
		n = SLAB_MAX_SLOTS;
	bytes = page + n * slot;
	/*
	 * MAP_NORESERVE: pages are committed as they are touched.  MAP_STACK:
	 * on Linux >= 6.7 also no transparent huge pages (a 2 MiB page would
	 * make every fiber cost 2 MiB); older kernels get the madvise.
	 */
	p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	(void)madvise(p, bytes, MADV_NOHUGEPAGE);
	sl = p;
	/*
	 * Relaxed: the slab is this thread's until one of its stacks goes to
	 * another thread, inside a fiber that the caller hands over (with its
	 * own release/acquire, which carries the header along).
	 */
	vow_store(&sl->live, n, RELAXED);
	sl->map_bytes = bytes;
	sl->stack_bytes = size;
	sl->slot_bytes = slot;
	sl->nslots = (unsigned)n;
	vow_fetch_add(&n_slabs_mapped, 1, RELAXED);
	return sl;
}

static void slab_unmap(struct vow__fiber_slab *sl)
{
	vow_fetch_add(&n_slabs_unmapped, 1, RELAXED);
	(void)munmap(sl, sl->map_bytes);
}

/* Drop n of sl's live slots (THE LIVE COUNT); the last one out unmaps. */
static void slab_drop(struct vow__fiber_slab *sl, size_t n)
{
	/*
	 * acq_rel.  Release: this thread's use of the slab (its stack's
	 * pages, the header) comes before the drop.  Acquire: pairs with the
	 * release half of every earlier drop, so the unmap below comes after
	 * their uses.
	 */
	if (vow_fetch_sub(&sl->live, n, ACQ_REL) == n)
		slab_unmap(sl);
}

static int guard_install(char *p, size_t len)
{
	/* Relaxed: a latch that only ever goes from MADVISE to MPROTECT. */
	if (vow_load(&guard_mode, RELAXED) == GUARD_MADVISE) {
		if (madvise(p, len, MADV_GUARD_INSTALL) == 0)
			return 0;
		if (errno != EINVAL)
			return -1;
		/* Before Linux 6.13 (or a mapping it refuses, e.g. under mlockall). */
		vow_store(&guard_mode, GUARD_MPROTECT, RELAXED);
	}
	return mprotect(p, len, PROT_NONE);
}

/* Release a stack no fiber uses, pooled or not: its pages go back. */
static void stack_release(struct vow__fiber_stack *s)
{
	struct vow__fiber_slab *sl = s->slab;
	char *lo = s->lo;
	size_t size = s->size;

	stack_note_released(s);
	vow_fetch_add(&n_released, 1, RELAXED);
	/*
	 * Acquire: pairs with the release half of the other holders' drops in
	 * slab_drop (THE LIVE COUNT): reading 1 means they are all done.
	 */
	if (vow_load(&sl->live, ACQUIRE) == 1) {
		slab_unmap(sl);
		return;
	}
	/* The guard is below lo and stays installed. */
	(void)madvise(lo, size, MADV_DONTNEED);
	slab_drop(sl, 1);
}

/* ---- the calling thread's pool and carving slab ------------------------- */

struct stack_thread {
	struct vow__fiber_stack *pool; /* LIFO of free stacks */
	unsigned pool_count;
	size_t pool_bytes;             /* sum of their sizes */
	struct vow__fiber_slab *carve; /* slab this thread carves from, or NULL */
	unsigned carve_next;           /* its next uncarved slot */
	bool armed;                    /* the exit flush is registered and has not run */
	bool flushed;                  /* the exit flush has run: pool nothing */
};

static _Thread_local struct stack_thread stack_thread __attribute__((tls_model("initial-exec")));
static pthread_key_t stack_key;
static pthread_once_t stack_key_once = PTHREAD_ONCE_INIT;
static bool stack_key_ok;

VOW__FIBER_OPAQUE static struct stack_thread *stack_thread_get(void)
{
	VOW__FIBER_OPAQUE_BODY();
	return &stack_thread;
}

/* Stop carving t->carve: its uncarved slots are given up at once. */
static void slab_give_up(struct stack_thread *t)
{
	struct vow__fiber_slab *sl = t->carve;

	t->carve = NULL;
	slab_drop(sl, sl->nslots - t->carve_next);
}

static void stack_thread_flush(struct stack_thread *t)
{
	while (t->pool != NULL) {
		struct vow__fiber_stack *s = t->pool;

		t->pool = s->next;
		stack_release(s);
	}
	t->pool_count = 0;
	t->pool_bytes = 0;
	if (t->carve != NULL)
		slab_give_up(t);
}

static void stack_thread_exit(void *arg)
{
	struct stack_thread *t = arg;

	t->armed = false;
	t->flushed = true;
	stack_thread_flush(t);
}

static void stack_key_create(void)
{
	stack_key_ok = pthread_key_create(&stack_key, stack_thread_exit) == 0;
}

/* Register the exit flush, once per thread (never again after it ran). */
static void stack_thread_arm(struct stack_thread *t)
{
	if (t->flushed)
		return;
	pthread_once(&stack_key_once, stack_key_create);
	if (stack_key_ok && pthread_setspecific(stack_key, t) == 0)
		t->armed = true;
}

/* ---- the depot ------------------------------------------------------------ */

static struct {
	pthread_mutex_t lock;
	struct vow__fiber_stack *top; /* LIFO through ->next */
	unsigned count;
} depot = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* Move up to DEPOT_BATCH of t's pooled stacks into the depot, room allowing. */
static void depot_fill_from(struct stack_thread *t)
{
	pthread_mutex_lock(&depot.lock);
	for (unsigned i = 0; i < DEPOT_BATCH && t->pool != NULL && depot.count < DEPOT_MAX_STACKS;
	     i++) {
		struct vow__fiber_stack *s = t->pool;

		t->pool = s->next;
		t->pool_count--;
		t->pool_bytes -= s->size;
		s->next = depot.top;
		depot.top = s;
		depot.count++;
	}
	pthread_mutex_unlock(&depot.lock);
}

/* Refill t's empty pool with up to DEPOT_BATCH stacks from the depot. */
static void depot_refill(struct stack_thread *t)
{
	pthread_mutex_lock(&depot.lock);
	for (unsigned i = 0; i < DEPOT_BATCH && depot.top != NULL; i++) {
		struct vow__fiber_stack *s = depot.top;

		depot.top = s->next;
		depot.count--;
		s->next = t->pool;
		t->pool = s;
		t->pool_count++;
		t->pool_bytes += s->size;
	}
	pthread_mutex_unlock(&depot.lock);
}

static void depot_flush(void)
{
	struct vow__fiber_stack *s;

	pthread_mutex_lock(&depot.lock);
	s = depot.top;
	depot.top = NULL;
	depot.count = 0;
	pthread_mutex_unlock(&depot.lock);
	while (s != NULL) {
		struct vow__fiber_stack *next = s->next;

		stack_release(s);
		s = next;
	}
}

void vow__fiber_pool_flush(void)
{
	stack_thread_flush(stack_thread_get());
	depot_flush();
}

/* A fresh stack from t's carving slab (mapping one if needed), or NULL. */
static struct vow__fiber_stack *stack_carve(struct stack_thread *t, size_t size)
{
	struct vow__fiber_slab *sl = t->carve;
	struct vow__fiber_stack *s;
	char *guard, *lo;
	size_t gb = guard_bytes();

	if (sl != NULL && sl->stack_bytes != size) {
		slab_give_up(t);
		sl = NULL;
	}
	if (sl == NULL) {
		if (!t->armed)
			stack_thread_arm(t);
		sl = slab_map(size);
		if (sl == NULL)
			return NULL;
		t->carve = sl;
		t->carve_next = 0;
	}
	guard = (char *)sl + page_bytes() + (size_t)t->carve_next * sl->slot_bytes;
	lo = guard + gb;
	t->carve_next++;
	if (t->carve_next == sl->nslots)
		t->carve = NULL; /* fully carved: live now counts carved slots alone */
	else if (!t->armed)
		slab_give_up(t); /* nothing would give it up at this thread's exit */
	if (guard_install(guard, gb) != 0) {
		slab_drop(sl, 1); /* the slot was never used */
		return NULL;
	}
	s = (struct vow__fiber_stack *)(lo + size) - 1;
	s->next = NULL;
	s->slab = sl;
	s->guard = guard;
	s->lo = lo;
	s->size = size;
	stack_note_carved(s);
	vow_fetch_add(&n_carved, 1, RELAXED);
	return s;
}

struct vow__fiber_stack *vow__fiber_stack_take(size_t size)
{
	struct stack_thread *t = stack_thread_get();
	struct vow__fiber_stack *s;

	if (t->pool == NULL) {
		if (__builtin_expect(!t->armed, 0))
			stack_thread_arm(t);
		if (t->armed) /* else its pool could not be flushed at exit */
			depot_refill(t);
	}
	while ((s = t->pool) != NULL) {
		t->pool = s->next;
		t->pool_count--;
		t->pool_bytes -= s->size;
		if (__builtin_expect(s->size == size, 1)) {
			stack_note_reused(s);
			return s;
		}
		stack_release(s); /* made before the stack size changed */
	}
	return stack_carve(t, size);
}

void vow__fiber_stack_give(struct vow__fiber_stack *s)
{
	struct stack_thread *t = stack_thread_get();

	if (__builtin_expect(!t->armed, 0))
		stack_thread_arm(t);
	if (!t->armed) {
		stack_release(s);
		return;
	}
	if (t->pool_count >= POOL_MAX_STACKS ||
	    (t->pool_count > 0 && t->pool_bytes + s->size > POOL_MAX_BYTES)) {
		depot_fill_from(t);
		if (t->pool_count >= POOL_MAX_STACKS ||
		    (t->pool_count > 0 && t->pool_bytes + s->size > POOL_MAX_BYTES)) {
			stack_release(s); /* the depot is full too */
			return;
		}
	}
	s->next = t->pool;
	t->pool = s;
	t->pool_count++;
	t->pool_bytes += s->size;
}
