/*
 * test_fiber.c - fibers (src/fiber.h): switching, values through
 * suspend/resume, nesting, extra memory, migration between threads, many
 * fibers suspended at once, the stack pool and its release rule, stack
 * sizes, the stack-overflow report, running out of memory, and promises
 * used from inside a fiber.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <vow/vow.h>

#include "fiber.h"

#if defined(__SANITIZE_ADDRESS__)
#define TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEST_ASAN 1
#endif
#endif
#if defined(__SANITIZE_THREAD__)
#define TEST_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define TEST_TSAN 1
#endif
#endif

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define TEST_VALGRIND() RUNNING_ON_VALGRIND
#endif
#endif
#ifndef TEST_VALGRIND
#define TEST_VALGRIND() 0
#endif

/*
 * A thread-local read after a suspend must not reuse an address computed
 * before it (fiber.h): this accessor is how fiber code in these tests
 * asks "which thread am I on".
 */
static _Thread_local int thread_index = -1;

VOW__FIBER_OPAQUE static int my_thread_index(void)
{
	VOW__FIBER_OPAQUE_BODY();
	return thread_index;
}

/* ---- run to finish --------------------------------------------------------- */

struct once {
	int ran;
	struct vow__fiber *self;
};

static void run_once(void *arg)
{
	struct once *o = arg;

	o->ran++;
	o->self = vow__fiber_current();
}

static void run_to_finish(void **state)
{
	(void)state;
	struct once o = { 0, NULL };
	struct vow__fiber *f = vow__fiber_new(run_once, &o, 0);

	assert_non_null(f);
	assert_int_equal(o.ran, 0); /* not started by new */
	assert_null(vow__fiber_current());
	assert_true(vow__fiber_resume(f));
	assert_int_equal(o.ran, 1);
	assert_ptr_equal(o.self, f);
	assert_null(vow__fiber_current());
	vow__fiber_free(f);
	vow__fiber_free(NULL); /* no-op */
}

static void never_started(void **state)
{
	(void)state;
	struct once o = { 0, NULL };

	for (int i = 0; i < 100; i++)
		vow__fiber_free(vow__fiber_new(run_once, &o, 64));
	assert_int_equal(o.ran, 0);
}

/* ---- values through suspend / resume: a generator ----------------------- */

enum { GEN_STEPS = 1000 };

struct gen {
	int64_t in;  /* written by the resumer before each resume */
	int64_t out; /* written by the fiber before each suspend */
	int64_t sum; /* the fiber's running sum of what it was given */
};

static void generator(void *arg)
{
	struct gen *g = arg;

	for (int64_t i = 1; i <= GEN_STEPS; i++) {
		g->sum += g->in;
		g->out = i * i;
		vow__fiber_suspend();
	}
	g->sum += g->in;
	g->out = -1;
}

static void generator_sequence(void **state)
{
	(void)state;
	struct gen g = { 0, 0, 0 };
	struct vow__fiber *f = vow__fiber_new(generator, &g, 0);
	int64_t want_sum = 0;

	assert_non_null(f);
	for (int64_t i = 1; i <= GEN_STEPS; i++) {
		g.in = 3 * i;
		want_sum += 3 * i;
		assert_false(vow__fiber_resume(f));
		assert_int_equal(g.out, i * i);
		assert_int_equal(g.sum, want_sum);
	}
	g.in = 7;
	assert_true(vow__fiber_resume(f));
	assert_int_equal(g.out, -1);
	assert_int_equal(g.sum, want_sum + 7);
	vow__fiber_free(f);
}

/* ---- nesting: A resumes B, B suspends back to A ---------------------------- */

struct nest {
	char trace[32];
	int len;
	struct vow__fiber *a, *b;
	int wrong;
};

static void nest_mark(struct nest *n, char c, struct vow__fiber *want_current)
{
	n->trace[n->len++] = c;
	if (vow__fiber_current() != want_current)
		n->wrong++;
}

static void nest_b(void *arg)
{
	struct nest *n = arg;

	nest_mark(n, 'b', n->b);
	vow__fiber_suspend(); /* back to A */
	nest_mark(n, 'd', n->b);
	vow__fiber_suspend(); /* back to main, which resumed it this time */
	nest_mark(n, 'h', n->b);
}

static void nest_a(void *arg)
{
	struct nest *n = arg;

	nest_mark(n, 'a', n->a);
	if (vow__fiber_resume(n->b)) /* B suspends: false */
		n->wrong++;
	nest_mark(n, 'c', n->a);
	if (vow__fiber_resume(n->b))
		n->wrong++;
	nest_mark(n, 'e', n->a);
	vow__fiber_suspend(); /* to main */
	nest_mark(n, 'g', n->a);
}

static void nested(void **state)
{
	(void)state;
	struct nest n;

	memset(&n, 0, sizeof n);
	n.a = vow__fiber_new(nest_a, &n, 0);
	n.b = vow__fiber_new(nest_b, &n, 0);
	assert_non_null(n.a);
	assert_non_null(n.b);
	assert_false(vow__fiber_resume(n.a));
	nest_mark(&n, 'f', NULL);
	assert_true(vow__fiber_resume(n.a));  /* A finishes */
	assert_true(vow__fiber_resume(n.b));  /* B, suspended under A, resumed by main */
	nest_mark(&n, 'i', NULL);
	assert_string_equal(n.trace, "abcdefghi");
	assert_int_equal(n.wrong, 0);
	vow__fiber_free(n.a);
	vow__fiber_free(n.b);
}

/* ---- extra memory ---------------------------------------------------------- */

struct extra_check {
	size_t size;
	int wrong;
};

static void extra_body(void *arg)
{
	struct extra_check *c = arg;
	unsigned char *x = vow__fiber_extra(vow__fiber_current());

	for (size_t round = 0; round < 3; round++) {
		for (size_t i = 0; i < c->size; i++)
			if (x[i] != (unsigned char)(i * 7 + round))
				c->wrong++;
		/* The fiber's turn to write the next round's pattern... */
		for (size_t i = 0; i < c->size; i++)
			x[i] = (unsigned char)(i * 7 + round + 100);
		vow__fiber_suspend();
	}
}

static void extra_memory(void **state)
{
	(void)state;
	static const size_t sizes[] = { 0, 1, 8, 15, 16, 17, 100, 1000, 4096, 16384 };

	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		struct extra_check c = { sizes[k], 0 };
		struct vow__fiber *f = vow__fiber_new(extra_body, &c, c.size);
		unsigned char *x;

		assert_non_null(f);
		x = vow__fiber_extra(f);
		assert_int_equal((uintptr_t)x % 16, 0);
		for (size_t round = 0; round < 3; round++) {
			for (size_t i = 0; i < c.size; i++)
				x[i] = (unsigned char)(i * 7 + round);
			assert_false(vow__fiber_resume(f));
			/* ...and the resumer's to check it. */
			for (size_t i = 0; i < c.size; i++)
				if (x[i] != (unsigned char)(i * 7 + round + 100))
					c.wrong++;
		}
		assert_true(vow__fiber_resume(f));
		assert_int_equal(c.wrong, 0);
		vow__fiber_free(f);
	}
	/* More than a quarter of the stack: refused, nothing made. */
	assert_null(vow__fiber_new(extra_body, NULL, vow__fiber_stack_size() / 4 + 1));
	assert_int_equal(vow_last_error(), VOW_EINVAL);
}

/* ---- migration, hand-off through mutex and condition variable ------------ */

enum { RING_THREADS = 3, RING_FIBERS = 2, RING_STEPS = 300 };

struct ring_log {
	int visits[RING_STEPS + 1];
	int wrong;
};

struct ring {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct vow__fiber *inbox[RING_THREADS][RING_FIBERS];
	int inbox_len[RING_THREADS];
	int finished;
	struct ring_log logs[RING_FIBERS];
};

struct ring_arg {
	struct ring *ring;
	int index;
};

static void ring_body(void *arg)
{
	struct ring_log *log = arg;
	volatile uint64_t canary = 0x5eed0000u + (uint64_t)(uintptr_t)log % 977;
	uint64_t want = canary;
	struct vow__fiber *self = vow__fiber_current();

	for (int k = 0; k < RING_STEPS; k++) {
		log->visits[k] = my_thread_index();
		vow__fiber_suspend();
		if (canary != want || vow__fiber_current() != self)
			log->wrong++;
	}
	log->visits[RING_STEPS] = my_thread_index();
}

static void *ring_thread(void *p)
{
	struct ring_arg *a = p;
	struct ring *r = a->ring;

	thread_index = a->index;
	pthread_mutex_lock(&r->mu);
	for (;;) {
		struct vow__fiber *f;
		bool done;

		while (r->inbox_len[a->index] == 0 && r->finished < RING_FIBERS)
			pthread_cond_wait(&r->cv, &r->mu);
		if (r->inbox_len[a->index] == 0)
			break;
		f = r->inbox[a->index][--r->inbox_len[a->index]];
		pthread_mutex_unlock(&r->mu);
		/* The mutex is the hand-off: the last runner's unlock, our lock. */
		done = vow__fiber_resume(f);
		if (done)
			vow__fiber_free(f);
		pthread_mutex_lock(&r->mu);
		if (done) {
			r->finished++;
		} else {
			int next = (a->index + 1) % RING_THREADS;

			r->inbox[next][r->inbox_len[next]++] = f;
		}
		pthread_cond_broadcast(&r->cv);
	}
	pthread_mutex_unlock(&r->mu);
	return NULL;
}

static void migrate_ring(void **state)
{
	(void)state;
	struct ring *r = calloc(1, sizeof *r);
	pthread_t th[RING_THREADS];
	struct ring_arg args[RING_THREADS];

	assert_non_null(r);
	pthread_mutex_init(&r->mu, NULL);
	pthread_cond_init(&r->cv, NULL);
	/* Fiber i starts on thread i. */
	for (int i = 0; i < RING_FIBERS; i++) {
		struct vow__fiber *f = vow__fiber_new(ring_body, &r->logs[i], 0);

		assert_non_null(f);
		r->inbox[i][r->inbox_len[i]++] = f;
	}
	for (int i = 0; i < RING_THREADS; i++) {
		args[i] = (struct ring_arg){ r, i };
		assert_int_equal(pthread_create(&th[i], NULL, ring_thread, &args[i]), 0);
	}
	for (int i = 0; i < RING_THREADS; i++)
		pthread_join(th[i], NULL);
	assert_int_equal(r->finished, RING_FIBERS);
	/* Each fiber visited the threads in ring order, every time. */
	for (int i = 0; i < RING_FIBERS; i++) {
		assert_int_equal(r->logs[i].wrong, 0);
		for (int k = 0; k <= RING_STEPS; k++)
			assert_int_equal(r->logs[i].visits[k], (i + k) % RING_THREADS);
	}
	pthread_cond_destroy(&r->cv);
	pthread_mutex_destroy(&r->mu);
	free(r);
}

/* ---- migration, hand-off through atomic slots (acquire / release) -------- */

enum { SLOT_THREADS = 4, SLOT_FIBERS = 6, SLOT_STEPS = 2000 };

struct slot_fiber {
	int id;
	int resumes;  /* counted by the fiber itself */
	int moves;    /* times it continued on another thread than it suspended on */
	int wrong;
};

struct slots {
	_Atomic(struct vow__fiber *) slot[SLOT_FIBERS];
	atomic_int finished;
	int resumes_seen[SLOT_FIBERS]; /* copied out by whoever finished it */
	int moves_seen[SLOT_FIBERS];
	int wrong_seen[SLOT_FIBERS];
};

static void slot_body(void *arg)
{
	(void)arg;
	struct slot_fiber *sf = vow__fiber_extra(vow__fiber_current());
	volatile uint32_t canary[4] = { 0xdead0000u + (uint32_t)sf->id, 1, 2, 3 };

	sf->resumes = 1;
	for (int k = 0; k < SLOT_STEPS; k++) {
		int before = my_thread_index();

		vow__fiber_suspend();
		sf->resumes++;
		if (my_thread_index() != before)
			sf->moves++;
		if (canary[0] != 0xdead0000u + (uint32_t)sf->id || canary[3] != 3)
			sf->wrong++;
	}
}

struct slot_arg {
	struct slots *s;
	int index;
};

static void *slot_thread(void *p)
{
	struct slot_arg *a = p;
	struct slots *s = a->s;
	uint64_t rng = 0x9e3779b97f4a7c15ull * (uint64_t)(a->index + 1);

	thread_index = a->index;
	while (atomic_load_explicit(&s->finished, memory_order_acquire) < SLOT_FIBERS) {
		struct vow__fiber *f;
		int i;

		rng ^= rng << 13;
		rng ^= rng >> 7;
		rng ^= rng << 17;
		i = (int)(rng % SLOT_FIBERS);
		/* Acquire: pairs with the release store that put the fiber back. */
		f = atomic_exchange_explicit(&s->slot[i], NULL, memory_order_acquire);
		if (f == NULL) {
			sched_yield();
			continue;
		}
		if (vow__fiber_resume(f)) {
			struct slot_fiber *sf = vow__fiber_extra(f);

			s->resumes_seen[sf->id] = sf->resumes;
			s->moves_seen[sf->id] = sf->moves;
			s->wrong_seen[sf->id] = sf->wrong;
			vow__fiber_free(f);
			/* Release: pairs with the acquire loads of the loop and the test. */
			atomic_fetch_add_explicit(&s->finished, 1, memory_order_release);
		} else {
			/* Release: the fiber's writes go with it to the next thread. */
			atomic_store_explicit(&s->slot[i], f, memory_order_release);
		}
	}
	return NULL;
}

static void migrate_slots(void **state)
{
	(void)state;
	struct slots *s = calloc(1, sizeof *s);
	pthread_t th[SLOT_THREADS];
	struct slot_arg args[SLOT_THREADS];
	long total = 0;

	assert_non_null(s);
	for (int i = 0; i < SLOT_FIBERS; i++) {
		struct vow__fiber *f = vow__fiber_new(slot_body, NULL, sizeof(struct slot_fiber));
		struct slot_fiber *sf;

		assert_non_null(f);
		sf = vow__fiber_extra(f);
		memset(sf, 0, sizeof *sf);
		sf->id = i;
		atomic_store_explicit(&s->slot[i], f, memory_order_relaxed);
	}
	for (int i = 0; i < SLOT_THREADS; i++) {
		args[i] = (struct slot_arg){ s, i };
		assert_int_equal(pthread_create(&th[i], NULL, slot_thread, &args[i]), 0);
	}
	for (int i = 0; i < SLOT_THREADS; i++)
		pthread_join(th[i], NULL);
	assert_int_equal(atomic_load(&s->finished), SLOT_FIBERS);
	for (int i = 0; i < SLOT_FIBERS; i++) {
		assert_null(atomic_load(&s->slot[i]));
		assert_int_equal(s->resumes_seen[i], SLOT_STEPS + 1);
		assert_int_equal(s->wrong_seen[i], 0);
		total += s->moves_seen[i];
	}
	print_message("migrate_slots: %ld of %d continuations on another thread\n", total,
		      SLOT_FIBERS * SLOT_STEPS);
	free(s);
}

/* ---- many fibers suspended at once ------------------------------------------ */

struct many_result {
	int started, finished, wrong;
};

static void many_body(void *arg)
{
	struct many_result *r = arg;
	volatile uint64_t frame[16]; /* a small frame, touched */

	for (int i = 0; i < 16; i++)
		frame[i] = (uint64_t)(uintptr_t)r * 16 + (uint64_t)i;
	r->started++;
	vow__fiber_suspend();
	for (int i = 0; i < 16; i++)
		if (frame[i] != (uint64_t)(uintptr_t)r * 16 + (uint64_t)i)
			r->wrong++;
	r->finished++;
}

static size_t count_mappings(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	size_t n = 0;
	int c;

	if (f == NULL)
		return 0;
	while ((c = fgetc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

static void run_many(size_t n)
{
	struct vow__fiber **fs = calloc(n, sizeof *fs);
	struct many_result *rs = calloc(n, sizeof *rs);
	struct vow__fiber_stats st;
	size_t maps0 = count_mappings(), maps1;

	assert_non_null(fs);
	assert_non_null(rs);
	for (size_t i = 0; i < n; i++) {
		fs[i] = vow__fiber_new(many_body, &rs[i], 0);
		assert_non_null(fs[i]);
		assert_false(vow__fiber_resume(fs[i]));
	}
	maps1 = count_mappings();
	vow__fiber_stats_read(&st);
	print_message("%zu suspended fibers: %zu mappings before, %zu with them%s\n", n, maps0,
		      maps1, st.guard_mprotect ? " (mprotect guards)" : "");
	/*
	 * Guards must not split the slabs' mappings (fiber.h, the VMA
	 * argument).  Not under TSan, which maps memory for each TSan fiber.
	 */
#ifndef TEST_TSAN
	if (!st.guard_mprotect)
		assert_true(maps1 - maps0 < n / 20 + 16);
#endif
	for (size_t i = n; i-- > 0;) {
		assert_true(vow__fiber_resume(fs[i]));
		vow__fiber_free(fs[i]);
	}
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(rs[i].started, 1);
		assert_int_equal(rs[i].finished, 1);
		assert_int_equal(rs[i].wrong, 0);
	}
	vow__fiber_pool_flush();
	free(fs);
	free(rs);
}

static void ten_thousand_suspended(void **state)
{
	(void)state;
#ifdef TEST_TSAN
	/* A TSan fiber costs ~0.8 MB and TSan allows 8128 at once (fiber.h). */
	run_many(500);
#else
	run_many(10000);
#endif
}

static void hundred_thousand_suspended(void **state)
{
	(void)state;
#ifdef TEST_TSAN
	print_message("skipped: TSan allows 8128 threads and fibers at once\n");
	skip();
#endif
	if (TEST_VALGRIND()) {
		/* memcheck searches its list of registered stacks on each switch. */
		print_message("skipped under valgrind: 100,000 registered stacks (10,000 run above)\n");
		skip();
	}
	run_many(100000);
}

/* ---- the stack pool ----------------------------------------------------------- */

static void noop(void *arg)
{
	(void)arg;
}

static void pool_reuse(void **state)
{
	(void)state;
	struct vow__fiber_stats s0, s1;
	struct vow__fiber *f, *g;

	vow__fiber_pool_flush();
	f = vow__fiber_new(noop, NULL, 32);
	assert_non_null(f);
	assert_true(vow__fiber_resume(f));
	vow__fiber_free(f);
	vow__fiber_stats_read(&s0);
	/* LIFO: the stack just freed comes back, control block at the same place. */
	g = vow__fiber_new(noop, NULL, 32);
	assert_ptr_equal(g, f);
	vow__fiber_stats_read(&s1);
	assert_int_equal(s1.stacks_carved, s0.stacks_carved);
	assert_int_equal(s1.slabs_mapped, s0.slabs_mapped);
	assert_true(vow__fiber_resume(g));
	vow__fiber_free(g);
	vow__fiber_pool_flush();
}

/* A stack freed on another thread joins the freeing thread's pool. */
static void *make_on_thread(void *arg)
{
	return vow__fiber_new(noop, arg, 0);
}

static void pool_cross_thread(void **state)
{
	(void)state;
	pthread_t th;
	void *made;
	struct vow__fiber *g;
	struct vow__fiber_stats s0, s1, s2;

	vow__fiber_pool_flush();
	vow__fiber_stats_read(&s0);
	assert_int_equal(pthread_create(&th, NULL, make_on_thread, NULL), 0);
	pthread_join(th, &made);
	assert_non_null(made);
	vow__fiber_free(made); /* never started; its maker has exited */
	vow__fiber_stats_read(&s1);
	g = vow__fiber_new(noop, NULL, 0);
	assert_ptr_equal(g, made);
	vow__fiber_stats_read(&s2);
	assert_int_equal(s2.stacks_carved, s1.stacks_carved);
	assert_true(vow__fiber_resume(g));
	vow__fiber_free(g);
	vow__fiber_pool_flush();
	/* The maker's slab: mapped for that one stack, unmapped with it. */
	vow__fiber_stats_read(&s2);
	assert_int_equal(s2.slabs_mapped - s0.slabs_mapped, 1);
	assert_int_equal(s2.slabs_unmapped - s0.slabs_unmapped, 1);
	assert_int_equal(s2.stacks_carved - s0.stacks_carved, 1);
	assert_int_equal(s2.stacks_released - s0.stacks_released, 1);
}

/*
 * The pool keeps 16 stacks (64 KiB each) and the depot 64 more; the rest
 * go back at once, and a flush empties both.
 */
static void pool_cap_and_flush(void **state)
{
	(void)state;
	enum { N = 16 + 64 + 20 };
	static struct vow__fiber *fs[N];
	struct vow__fiber_stats s0, s1, s2;

	vow__fiber_pool_flush();
	for (int i = 0; i < N; i++) {
		fs[i] = vow__fiber_new(noop, NULL, 0);
		assert_non_null(fs[i]);
	}
	vow__fiber_stats_read(&s0);
	for (int i = 0; i < 20; i++)
		vow__fiber_free(fs[i]);
	vow__fiber_stats_read(&s1);
	assert_int_equal(s1.stacks_released - s0.stacks_released, 0); /* 4 went to the depot */
	for (int i = 20; i < N; i++)
		vow__fiber_free(fs[i]);
	vow__fiber_stats_read(&s1);
	assert_int_equal(s1.stacks_released - s0.stacks_released, N - 16 - 64);
	vow__fiber_pool_flush();
	vow__fiber_stats_read(&s2);
	assert_int_equal(s2.stacks_released - s1.stacks_released, 16 + 64);
}

/*
 * Fibers made on one thread and freed on another: the freeing thread's
 * full pool passes stacks to the depot, and the making thread takes them
 * from there instead of carving new ones.
 */
struct migrate_arg {
	struct vow__fiber *fs[40];
	int n;
};

static void *free_on_thread(void *arg)
{
	struct migrate_arg *m = arg;

	for (int i = 0; i < m->n; i++)
		vow__fiber_free(m->fs[i]);
	/* Exit flushes this thread's pool; the depot keeps what it was given. */
	return NULL;
}

static void pool_depot_between_threads(void **state)
{
	(void)state;
	static struct migrate_arg m = { .n = 40 };
	struct vow__fiber_stats s0, s1, s2;
	pthread_t th;

	vow__fiber_pool_flush();
	for (int i = 0; i < m.n; i++) {
		m.fs[i] = vow__fiber_new(noop, NULL, 0);
		assert_non_null(m.fs[i]);
	}
	vow__fiber_stats_read(&s0);
	assert_int_equal(pthread_create(&th, NULL, free_on_thread, &m), 0);
	pthread_join(th, NULL);
	vow__fiber_stats_read(&s1);
	/* 40 freed there: 16 stayed in its pool until its exit, 24 reached the depot. */
	assert_int_equal(s1.stacks_released - s0.stacks_released, 16);
	for (int i = 0; i < 24; i++) {
		m.fs[i] = vow__fiber_new(noop, NULL, 0);
		assert_non_null(m.fs[i]);
	}
	vow__fiber_stats_read(&s2);
	assert_int_equal(s2.stacks_carved, s1.stacks_carved);
	for (int i = 0; i < 24; i++)
		vow__fiber_free(m.fs[i]);
	vow__fiber_pool_flush();
	vow__fiber_stats_read(&s2);
	assert_int_equal(s2.stacks_released - s1.stacks_released, 24);
}

/* A thread's exit releases its pool and gives up its slab: nothing is left. */
static void *pool_thread(void *arg)
{
	struct vow__fiber *fs[5];

	(void)arg;
	for (int i = 0; i < 5; i++)
		fs[i] = vow__fiber_new(noop, NULL, 0);
	for (int i = 0; i < 5; i++) {
		if (fs[i] == NULL || !vow__fiber_resume(fs[i]))
			return (void *)1;
		vow__fiber_free(fs[i]);
	}
	return NULL;
}

static void pool_thread_exit(void **state)
{
	(void)state;
	struct vow__fiber_stats s0, s1;
	pthread_t th;
	void *rc;

	vow__fiber_pool_flush();
	vow__fiber_stats_read(&s0);
	assert_int_equal(pthread_create(&th, NULL, pool_thread, NULL), 0);
	pthread_join(th, &rc);
	assert_null(rc);
	vow__fiber_stats_read(&s1);
	assert_int_equal(s1.stacks_carved - s0.stacks_carved, 5);
	assert_int_equal(s1.stacks_released - s0.stacks_released, 5);
	assert_int_equal(s1.slabs_mapped - s0.slabs_mapped, 1);
	assert_int_equal(s1.slabs_unmapped - s0.slabs_unmapped, 1);
}

/* ---- stack sizes --------------------------------------------------------------- */

static volatile int recurse_limit = 1 << 30;

/* ~300 bytes of frame per call; volatile keeps the frame and the call. */
static int recurse(int depth, int until)
{
	volatile char frame[256];

	frame[0] = (char)depth;
	frame[255] = (char)(depth >> 8);
	if (depth >= until || depth >= recurse_limit)
		return frame[0];
	return recurse(depth + 1, until) + frame[255];
}

struct deep {
	int depth;
	int result;
};

static void deep_body(void *arg)
{
	struct deep *d = arg;

	d->result = recurse(0, d->depth);
}

static void stack_size_limits(void **state)
{
	(void)state;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	struct deep d = { 2000, -1 }; /* ~600 KiB of frames, more under ASan */
	int want = recurse(0, d.depth); /* on this thread's 8 MiB stack */
	struct vow__fiber *f;

	assert_int_equal(vow__fiber_stack_size(), VOW__FIBER_STACK_DEFAULT);
	assert_int_equal(vow__fiber_set_stack_size(0), VOW_EINVAL);
	assert_int_equal(vow__fiber_set_stack_size(VOW__FIBER_STACK_MIN - 1), VOW_EINVAL);
	assert_int_equal(vow__fiber_set_stack_size(VOW__FIBER_STACK_MAX + 1), VOW_EINVAL);
	assert_int_equal(vow__fiber_set_stack_size(SIZE_MAX), VOW_EINVAL);
	assert_int_equal(vow__fiber_stack_size(), VOW__FIBER_STACK_DEFAULT);

	assert_int_equal(vow__fiber_set_stack_size(VOW__FIBER_STACK_MIN), 0);
	assert_int_equal(vow__fiber_stack_size(), VOW__FIBER_STACK_MIN);
	assert_int_equal(vow__fiber_set_stack_size(20000), 0);
	assert_int_equal(vow__fiber_stack_size(), (20000 + page - 1) / page * page);
	f = vow__fiber_new(noop, NULL, 0); /* a small stack works */
	assert_non_null(f);
	assert_true(vow__fiber_resume(f));
	vow__fiber_free(f);
	assert_int_equal(vow__fiber_set_stack_size(VOW__FIBER_STACK_MAX), 0);
	assert_int_equal(vow__fiber_stack_size(), VOW__FIBER_STACK_MAX);

	/* 4 MiB: room for frames that 64 KiB could not hold. */
	assert_int_equal(vow__fiber_set_stack_size(4 << 20), 0);
	f = vow__fiber_new(deep_body, &d, 0);
	assert_non_null(f);
	assert_true(vow__fiber_resume(f));
	assert_int_equal(d.result, want);
	vow__fiber_free(f);
	assert_int_equal(vow__fiber_set_stack_size(VOW__FIBER_STACK_DEFAULT), 0);
	vow__fiber_pool_flush();
}

/* ---- stack overflow: reported, then abort ------------------------------------ */

static void overflow_body(void *arg)
{
	(void)arg;
	(void)recurse(0, 1 << 30); /* far past any stack */
}

static void *overflow_on_thread(void *arg)
{
	struct vow__fiber *f = vow__fiber_new(overflow_body, NULL, 0);

	(void)arg;
	if (f != NULL)
		vow__fiber_resume(f);
	return NULL;
}

static volatile uintptr_t wild_address = 16;

static void wild_body(void *arg)
{
	(void)arg;
	*(volatile int *)wild_address = 1; /* not an overflow */
}

enum child_kind { CHILD_OVERFLOW, CHILD_OVERFLOW_THREAD, CHILD_WILD };

/*
 * SIGSEGV's disposition once vow installed its handler (main() makes a
 * fiber before cmocka starts).  cmocka replaces it with its own for the
 * length of each test, without chaining, so a child puts it back.
 */
static struct sigaction vow_segv_action;

/* Runs kind in a child; returns its wait status, its stderr in err. */
static int run_child(enum child_kind kind, char *err, size_t err_size)
{
	int fd[2], status;
	size_t len = 0;
	ssize_t got;
	pid_t pid;

	assert_int_equal(pipe(fd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		pthread_t th;

		dup2(fd[1], STDERR_FILENO);
		close(fd[0]);
		sigaction(SIGSEGV, &vow_segv_action, NULL);
		switch (kind) {
		case CHILD_OVERFLOW:
			overflow_on_thread(NULL);
			break;
		case CHILD_OVERFLOW_THREAD:
			if (pthread_create(&th, NULL, overflow_on_thread, NULL) == 0)
				pthread_join(th, NULL);
			break;
		case CHILD_WILD: {
			struct vow__fiber *f = vow__fiber_new(wild_body, NULL, 0);

			if (f != NULL)
				vow__fiber_resume(f);
			break;
		}
		}
		_exit(0); /* only if nothing killed it */
	}
	close(fd[1]);
	while (len + 1 < err_size && (got = read(fd[0], err + len, err_size - 1 - len)) > 0)
		len += (size_t)got;
	err[len] = '\0';
	close(fd[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

/*
 * The child's end: vow's report and SIGABRT; under ASan (which gets no vow
 * handler) ASan's own report and its exit code 1.
 */
static void check_overflow_child(int status, const char *err)
{
#ifdef TEST_ASAN
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 1);
	assert_non_null(strstr(err, "ERROR: AddressSanitizer: stack-overflow on address"));
	assert_null(strstr(err, "vow: fiber stack overflow"));
#else
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
	assert_non_null(strstr(err, "vow: fiber stack overflow (stack of 65536 bytes)\n"));
#endif
}

static void overflow_reported(void **state)
{
	(void)state;
	char err[16384];

	check_overflow_child(run_child(CHILD_OVERFLOW, err, sizeof err), err);
	/* On a thread of its own: that thread gets its own alternate stack. */
#ifdef TEST_TSAN
	print_message("not under TSan: a forked child of a threaded process may not start threads\n");
#else
	check_overflow_child(run_child(CHILD_OVERFLOW_THREAD, err, sizeof err), err);
#endif
}

static void wild_fault_not_overflow(void **state)
{
	(void)state;
	char err[16384];
	int status;

	/* A fault outside the guard goes on to what was there before. */
	status = run_child(CHILD_WILD, err, sizeof err);
	assert_null(strstr(err, "vow: fiber stack overflow"));
#if defined(TEST_ASAN)
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 1);
	assert_non_null(strstr(err, "ERROR: AddressSanitizer: SEGV on unknown address"));
#elif defined(TEST_TSAN)
	/* vow restored the default; TSan catches the repeated fault. */
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 66);
	assert_non_null(strstr(err, "ERROR: ThreadSanitizer: SEGV on unknown address"));
#else
	/* The default action. */
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGSEGV);
#endif
}

/* ---- running out of address space --------------------------------------------- */

static void out_of_memory(void **state)
{
	(void)state;
	pid_t pid;
	int status;

#if defined(TEST_ASAN) || defined(TEST_TSAN)
	print_message("skipped under sanitizers: they reserve terabytes of address space\n");
	skip();
#endif
	if (TEST_VALGRIND()) {
		print_message("skipped under valgrind: it manages the address space itself\n");
		skip();
	}
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* Room for a few slabs, then mmap fails. */
		enum { MAX = 4096 };
		static struct vow__fiber *fs[MAX];
		long pages = 0, resident = 0;
		FILE *statm = fopen("/proc/self/statm", "r");
		struct rlimit rl;
		int n = 0, code = 0;

		if (statm == NULL || fscanf(statm, "%ld %ld", &pages, &resident) != 2)
			_exit(10);
		fclose(statm);
		rl.rlim_cur = rl.rlim_max = (rlim_t)pages * 4096 + (16u << 20);
		if (setrlimit(RLIMIT_AS, &rl) != 0)
			_exit(11);
		while (n < MAX && (fs[n] = vow__fiber_new(noop, NULL, 0)) != NULL)
			n++;
		if (n == 0 || n == MAX)
			code = 12; /* it never failed, or failed at once */
		else if (vow_last_error() != VOW_ENOMEM)
			code = 13;
		for (int i = 0; i < n; i++) {
			if (!vow__fiber_resume(fs[i]))
				code = 14;
			vow__fiber_free(fs[i]);
		}
		/* Everything made could be used and freed; one can be made again. */
		fs[0] = vow__fiber_new(noop, NULL, 0);
		if (code == 0 && (fs[0] == NULL || !vow__fiber_resume(fs[0])))
			code = 15;
		_exit(code);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* ---- promises used from inside a fiber ---------------------------------------- */

struct awaiting {
	vow_loop *loop;
	struct vow__fiber *fiber;
	char trace[16];
	int len;
	int64_t got;
	vow_promise *inner;
};

static vow_outcome wake_fiber(void *ctx, vow_value v)
{
	struct awaiting *w = ctx;

	w->got = v.as.i;
	w->trace[w->len++] = 'h';
	/* The loop's job continues the fiber: an await, by hand. */
	if (!vow__fiber_resume(w->fiber))
		w->trace[w->len++] = '?';
	w->trace[w->len++] = 'j';
	return vow_return(vow_int(v.as.i + 1));
}

static vow_outcome add_one(void *ctx, vow_value v)
{
	(void)ctx;
	return vow_return(vow_int(v.as.i + 1));
}

static void awaiting_body(void *arg)
{
	struct awaiting *w = arg;
	vow_resolver *r;
	vow_promise *p = vow_promise_with_resolvers(vow_loop_executor(w->loop), &r);
	vow_promise *q;

	w->trace[w->len++] = 'a';
	q = vow_promise_then(p, wake_fiber, NULL, w, NULL);
	vow_promise_release(q);
	vow_resolver_resolve(r, vow_int(41));
	vow_resolver_release(r);
	vow_promise_release(p);
	w->trace[w->len++] = 's';
	vow__fiber_suspend(); /* resumed by wake_fiber, inside the loop */
	w->trace[w->len++] = 'i';
	/* Still on the loop's thread: make and chain another promise. */
	p = vow_promise_resolve(vow_loop_executor(w->loop), vow_int(w->got));
	w->inner = vow_promise_then(p, add_one, NULL, NULL, NULL);
	vow_promise_release(p);
}

static void promises_in_fiber(void **state)
{
	(void)state;
	struct awaiting w;

	memset(&w, 0, sizeof w);
	w.loop = vow_loop_new(0);
	assert_non_null(w.loop);
	w.fiber = vow__fiber_new(awaiting_body, &w, 0);
	assert_non_null(w.fiber);
	assert_false(vow__fiber_resume(w.fiber));
	w.trace[w.len++] = 'm';
	assert_int_equal(vow_loop_run(w.loop), 0);
	assert_string_equal(w.trace, "asmhij");
	assert_int_equal(w.got, 41);
	assert_non_null(w.inner);
	assert_int_equal(vow_promise_state(w.inner), VOW_FULFILLED);
	assert_int_equal(vow_promise_result(w.inner).as.i, 42);
	vow_promise_release(w.inner);
	/* The fiber finished inside wake_fiber; free it now. */
	vow__fiber_free(w.fiber);
	vow_loop_free(w.loop);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(run_to_finish),
		cmocka_unit_test(never_started),
		cmocka_unit_test(generator_sequence),
		cmocka_unit_test(nested),
		cmocka_unit_test(extra_memory),
		cmocka_unit_test(migrate_ring),
		cmocka_unit_test(migrate_slots),
		cmocka_unit_test(ten_thousand_suspended),
		cmocka_unit_test(hundred_thousand_suspended),
		cmocka_unit_test(pool_reuse),
		cmocka_unit_test(pool_cross_thread),
		cmocka_unit_test(pool_cap_and_flush),
		cmocka_unit_test(pool_depot_between_threads),
		cmocka_unit_test(pool_thread_exit),
		cmocka_unit_test(stack_size_limits),
		cmocka_unit_test(overflow_reported),
		cmocka_unit_test(wild_fault_not_overflow),
		cmocka_unit_test(out_of_memory),
		cmocka_unit_test(promises_in_fiber),
	};

	/* The first fiber installs vow's SIGSEGV handler (see vow_segv_action). */
	vow__fiber_free(vow__fiber_new(noop, NULL, 0));
	sigaction(SIGSEGV, NULL, &vow_segv_action);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
