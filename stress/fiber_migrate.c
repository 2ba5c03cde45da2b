/*
 * fiber_migrate - suspended fibers passed among --threads threads (default
 * 4) through one shared queue, in random order, so that each continues on
 * whichever thread picks it next.  Each round makes --n fibers (default
 * 64); each suspends a random number of times (1-100), at a random depth
 * of recursion, and checks canaries in every frame of its own stack after
 * every switch; one in eight also makes a child fiber, which it resumes a
 * few times between its own suspensions (so the child, suspended under its
 * parent, moves with it and is resumed on other threads).  At the end of
 * each round the totals must be exact: every fiber finished once, and the
 * resumes each fiber counted itself equal the suspensions it planned.
 *
 * The queue is a mutex-protected array (the mutex is the hand-off that
 * fiber.h requires); the random pick makes the order of continuations,
 * and so the thread each one lands on, unpredictable.
 */
#include <pthread.h>
#include <stdint.h>

#include "fiber.h"
#include "stress_common.h"

enum { MAX_DEPTH = 12, MAX_STEPS = 100, CHILD_STEPS = 5 };

/* The extra memory of each fiber: its plan and what it saw. */
struct plan {
	uint32_t id;
	uint32_t steps;   /* suspensions planned */
	uint32_t depth;   /* recursion depth at which it suspends */
	uint32_t resumes; /* counted by the fiber: must end at steps + 1 */
	uint32_t moves;   /* continuations on another thread than it suspended on */
	bool with_child;
	uint32_t child_resumes; /* counted by the child */
};

static _Thread_local int thread_index = -1;

/* A thread-local read after a suspend goes through an opaque call (fiber.h). */
VOW__FIBER_OPAQUE static int my_thread_index(void)
{
	VOW__FIBER_OPAQUE_BODY();
	return thread_index;
}

static uint64_t canary_of(uint32_t id, uint32_t level)
{
	return 0x9e3779b97f4a7c15ull * (id + 1) ^ ((uint64_t)level << 40);
}

/* Suspends once at the bottom of depth frames, checking each frame's canary. */
static void deep_suspend(struct plan *p, uint32_t level, uint32_t depth)
{
	volatile uint64_t canary[3];

	canary[0] = canary[2] = canary_of(p->id, level);
	canary[1] = ~canary[0];
	if (level < depth) {
		deep_suspend(p, level + 1, depth);
	} else {
		int before = my_thread_index();

		vow__fiber_suspend();
		p->resumes++;
		if (my_thread_index() != before)
			p->moves++;
	}
	if (canary[0] != canary_of(p->id, level) || canary[2] != canary[0] ||
	    canary[1] != ~canary[0])
		stress_violation("fiber %u: canary at depth %u overwritten", p->id, level);
}

static void child_body(void *arg)
{
	struct plan *p = arg;
	volatile uint64_t canary = canary_of(p->id, 99);

	p->child_resumes = 1;
	for (int i = 0; i < CHILD_STEPS; i++) {
		vow__fiber_suspend(); /* back to its parent, wherever that runs */
		p->child_resumes++;
		if (canary != canary_of(p->id, 99))
			stress_violation("fiber %u: child's canary overwritten", p->id);
	}
}

static void fiber_body(void *arg)
{
	(void)arg;
	struct vow__fiber *self = vow__fiber_current();
	struct plan *p = vow__fiber_extra(self);
	struct vow__fiber *child = NULL;

	p->resumes = 1;
	if (p->with_child) {
		child = vow__fiber_new(child_body, p, 0);
		if (child == NULL)
			stress_violation("fiber %u: no child fiber", p->id);
	}
	for (uint32_t i = 0; i < p->steps; i++) {
		deep_suspend(p, 0, (p->depth + i) % MAX_DEPTH);
		if (vow__fiber_current() != self)
			stress_violation("fiber %u: vow__fiber_current() is wrong", p->id);
		if (child != NULL && vow__fiber_resume(child)) {
			vow__fiber_free(child);
			child = NULL;
		}
	}
	while (child != NULL) {
		if (vow__fiber_resume(child)) {
			vow__fiber_free(child);
			child = NULL;
		}
	}
}

/* ---- the shared queue and the threads -------------------------------------- */

static struct {
	pthread_mutex_t mu;
	pthread_cond_t work;  /* a fiber was queued, or stop */
	pthread_cond_t done;  /* a round finished */
	struct vow__fiber **q;
	size_t len;
	uint64_t rng;
	size_t finished;      /* fibers of this round that finished */
	uint64_t resumes, moves, child_resumes, planned, child_planned;
	bool stop;
} g = { .mu = PTHREAD_MUTEX_INITIALIZER, .work = PTHREAD_COND_INITIALIZER, .done = PTHREAD_COND_INITIALIZER };

static uint64_t next_random(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static void *runner(void *arg)
{
	thread_index = (int)(intptr_t)arg;
	pthread_mutex_lock(&g.mu);
	for (;;) {
		struct vow__fiber *f;
		size_t i;

		while (g.len == 0 && !g.stop)
			pthread_cond_wait(&g.work, &g.mu);
		if (g.stop)
			break;
		i = (size_t)(next_random(&g.rng) % g.len);
		f = g.q[i];
		g.q[i] = g.q[--g.len];
		pthread_mutex_unlock(&g.mu);

		if (vow__fiber_resume(f)) {
			struct plan *p = vow__fiber_extra(f);

			if (p->resumes != p->steps + 1)
				stress_violation("fiber %u: %u resumes, planned %u", p->id,
						 p->resumes, p->steps + 1);
			pthread_mutex_lock(&g.mu);
			g.resumes += p->resumes;
			g.moves += p->moves;
			g.child_resumes += p->child_resumes;
			g.finished++;
			pthread_cond_signal(&g.done);
			pthread_mutex_unlock(&g.mu);
			vow__fiber_free(f);
			pthread_mutex_lock(&g.mu);
		} else {
			pthread_mutex_lock(&g.mu);
			g.q[g.len++] = f;
			pthread_cond_signal(&g.work);
		}
	}
	pthread_mutex_unlock(&g.mu);
	vow__fiber_pool_flush();
	return NULL;
}

int main(int argc, char **argv)
{
	struct stress_args a = stress_parse(argc, argv, (struct stress_args){ .threads = 4, .n = 64 });
	struct stress_clock c = stress_clock_start();
	size_t n = a.n ? (size_t)a.n : 64;
	unsigned nthreads = a.threads ? a.threads : 4;
	pthread_t *th = calloc(nthreads, sizeof *th);
	uint64_t rounds = 0, fibers = 0, rng = 0x2545f4914f6cdd1dull;
	char extra[200];

	g.q = calloc(n, sizeof *g.q);
	g.rng = 0x9e3779b97f4a7c15ull;
	if (th == NULL || g.q == NULL)
		return 2;
	for (unsigned i = 0; i < nthreads; i++)
		if (pthread_create(&th[i], NULL, runner, (void *)(intptr_t)i) != 0)
			return 2;

	while (stress_continue(&c, &a, "fiber_migrate", rounds)) {
		pthread_mutex_lock(&g.mu);
		g.finished = 0;
		for (size_t i = 0; i < n; i++) {
			struct vow__fiber *f = vow__fiber_new(fiber_body, NULL, sizeof(struct plan));
			struct plan *p;

			if (f == NULL) {
				stress_violation("round %llu: vow__fiber_new failed",
						 (unsigned long long)rounds);
				break;
			}
			p = vow__fiber_extra(f);
			memset(p, 0, sizeof *p);
			p->id = (uint32_t)(fibers + i);
			p->steps = 1 + (uint32_t)(next_random(&rng) % MAX_STEPS);
			p->depth = (uint32_t)(next_random(&rng) % MAX_DEPTH);
			p->with_child = next_random(&rng) % 8 == 0;
			g.planned += p->steps + 1;
			g.child_planned += p->with_child ? CHILD_STEPS + 1 : 0;
			g.q[g.len++] = f;
		}
		size_t made = g.len;
		pthread_cond_broadcast(&g.work);
		while (g.finished < made)
			pthread_cond_wait(&g.done, &g.mu);
		/* Exact totals, every round. */
		if (g.resumes != g.planned || g.child_resumes != g.child_planned)
			stress_violation("round %llu: %llu resumes (planned %llu), child %llu (planned %llu)",
					 (unsigned long long)rounds, (unsigned long long)g.resumes,
					 (unsigned long long)g.planned,
					 (unsigned long long)g.child_resumes,
					 (unsigned long long)g.child_planned);
		pthread_mutex_unlock(&g.mu);
		fibers += made;
		rounds++;
	}

	pthread_mutex_lock(&g.mu);
	g.stop = true;
	pthread_cond_broadcast(&g.work);
	pthread_mutex_unlock(&g.mu);
	for (unsigned i = 0; i < nthreads; i++)
		pthread_join(th[i], NULL);
	snprintf(extra, sizeof extra, "%llu fibers, %llu resumes, %llu on another thread, %llu child resumes",
		 (unsigned long long)fibers, (unsigned long long)g.resumes,
		 (unsigned long long)g.moves, (unsigned long long)g.child_resumes);
	free(g.q);
	free(th);
	return stress_finish(&c, "fiber_migrate", rounds, extra);
}
