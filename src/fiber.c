/*
 * fiber.c - the fiber object, the switch, and the stack-overflow report
 * (fiber.h has the design; fiber_stack.c provides the stacks).
 *
 * LAYOUT of a fiber's stack (addresses grow upwards):
 *
 *   top      struct vow__fiber_stack   the stack's record (fiber_stack.h)
 *            struct vow__fiber         the control block (16-aligned size)
 *            extra memory              extra_size rounded up to 16
 *   sp ->    the fiber's frames, growing down
 *   lo       ...
 *            guard
 *
 * THE SWITCH.  resume jumps to f->ctx passing f; the fiber either starts
 * in fiber_main (first time), which receives the resumer's context, or
 * returns from the jump inside suspend, which receives it the same way:
 * either way it lands in f->resumer.  suspend (and a returning fn) jumps
 * back to f->resumer; the resumer's jump returns the fiber's context,
 * kept in f->ctx for the next resume.  Who does what, in order:
 *
 *   resumer (resume)                    fiber (fiber_main / suspend)
 *   state = RUNNING, current = f
 *   note_switch_to_fiber  -------- jump -------->  resumer = the context it came from
 *                                                  note_in_fiber
 *                                                  ... runs ...
 *                                                  state = SUSPENDED / FINISHED
 *   ctx = the fiber's context   <---- jump ------  note_switch_to_resumer
 *   note_back_in_resumer
 *   current = the previous current
 *
 * A resume runs entirely on its caller's thread (the caller waits in it,
 * it cannot be suspended meanwhile), so the resumer's side never moves.
 * The fiber's side may: suspend can return on another thread.  Neither
 * side keeps a thread-local address across the jump: the accessors are
 * opaque calls, made again after every switch (fiber_stack.h).
 *
 * The compiler barriers around each jump keep the stores before it (the
 * state, current) from being sunk past it and loads after it from being
 * hoisted above it; jump_fcontext is an external call, which already
 * orders memory the compiler can see escaping, and the barriers say so
 * for everything else.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core.h"
#include "debug_yield.h"
#include "fcontext.h"
#include "fiber.h"
#include "fiber_stack.h"
#include "tsan_hb.h"

#ifdef VOW_ASAN
#include <sanitizer/common_interface_defs.h>
#define FIBER_OVERFLOW_HANDLER 0 /* ASan reports stack overflows itself (fiber.h) */
#else
#define FIBER_OVERFLOW_HANDLER 1
#endif

/* Values from 1: a released stack reads as zeros, which is no state. */
enum fiber_state {
	FIBER_NEW = 1,
	FIBER_RUNNING,
	FIBER_SUSPENDED,
	FIBER_FINISHED,
	FIBER_FREED, /* only for assertions: freed, its stack maybe reused */
};

struct vow__fiber {
	_Alignas(16) fcontext_t ctx; /* NEW, SUSPENDED: where the fiber goes on */
	fcontext_t resumer;          /* RUNNING: where suspend jumps back to */
	vow__fiber_fn fn;
	void *arg;
	struct vow__fiber_stack *stack;
	size_t extra_bytes; /* the extra memory below this block */
	enum fiber_state state;
#ifdef VOW_ASAN
	void *asan_fake_stack;          /* the fiber's fake frames while switched out */
	const void *asan_resumer_stack; /* the resumer's stack bounds, for switching back */
	size_t asan_resumer_size;
#endif
#ifdef VOW_TSAN
	void *tsan_resumer; /* the resumer's TSan context, while RUNNING */
#endif
};

#define compiler_barrier() __asm__ __volatile__("" ::: "memory")

/* ---- the calling thread ------------------------------------------------- */

struct fiber_thread {
	struct vow__fiber *current; /* innermost fiber running here, or NULL */
	bool ready;                 /* prepared to run fibers (fiber_thread_prepare) */
	void *altstack;             /* our alternate signal stack, freed at exit */
};

/*
 * initial-exec: a %fs-relative access, which the SIGSEGV handler may make
 * (the default model for a shared library may call __tls_get_addr, which
 * can allocate).  Read it only through the opaque accessors below, except
 * in the handler, which runs between no switches.
 */
static _Thread_local struct fiber_thread fiber_thread __attribute__((tls_model("initial-exec")));

VOW__FIBER_OPAQUE static struct fiber_thread *fiber_thread_get(void)
{
	VOW__FIBER_OPAQUE_BODY();
	return &fiber_thread;
}

VOW__FIBER_OPAQUE struct vow__fiber *vow__fiber_current(void)
{
	VOW__FIBER_OPAQUE_BODY();
	return fiber_thread.current;
}

/* ---- switch annotations: ASan and TSan (no code in other builds) ----- */

static void note_fiber_created(struct vow__fiber *f)
{
#ifdef VOW_ASAN
	f->asan_fake_stack = NULL;
#endif
	/* TSan's fiber context comes with the stack (fiber_stack.h). */
	(void)f;
}

/* The resumer, right before jumping into f; *fake keeps its fake stack (ASan). */
static inline void note_switch_to_fiber(struct vow__fiber *f, void **fake)
{
#ifdef VOW_ASAN
	__sanitizer_start_switch_fiber(fake, f->stack->lo, f->stack->size);
#endif
#ifdef VOW_TSAN
	/* Flags 0: the switch is a happens-before edge (fiber.h). */
	f->tsan_resumer = __tsan_get_current_fiber();
	__tsan_switch_to_fiber(f->stack->tsan_fiber, 0);
#endif
	(void)f;
	(void)fake;
}

/* The resumer, back from f. */
static inline void note_back_in_resumer(void *fake)
{
#ifdef VOW_ASAN
	__sanitizer_finish_switch_fiber(fake, NULL, NULL);
#endif
	(void)fake;
}

/* The fiber, just entered (first time or after a suspend). */
static inline void note_in_fiber(struct vow__fiber *f)
{
#ifdef VOW_ASAN
	/* ASan says which stack was left: the resumer's, a thread's or a fiber's. */
	__sanitizer_finish_switch_fiber(f->asan_fake_stack, &f->asan_resumer_stack,
					&f->asan_resumer_size);
#endif
	(void)f;
}

/* The fiber, right before jumping back; a finished one never comes back. */
static inline void note_switch_to_resumer(struct vow__fiber *f, bool finished)
{
#ifdef VOW_ASAN
	/* NULL frees a finished fiber's fake frames. */
	__sanitizer_start_switch_fiber(finished ? NULL : &f->asan_fake_stack,
				       f->asan_resumer_stack, f->asan_resumer_size);
#endif
#ifdef VOW_TSAN
	__tsan_switch_to_fiber(f->tsan_resumer, 0);
#endif
	(void)f;
	(void)finished;
}

/* ---- stack overflow: the SIGSEGV handler --------------------------------- */

/*
 * THE HANDLER'S CONSTRAINTS.  It runs on the thread's alternate signal
 * stack (the fiber's own is exhausted; SA_ONSTACK), possibly in the
 * middle of anything, so it may only:
 *   - read fiber_thread.current (initial-exec TLS: one %fs-relative load)
 *     and that fiber's stack record (the top of its stack: mapped, far
 *     from the guard), and segv_previous (written before the handler was
 *     installed);
 *   - call async-signal-safe functions: write, abort, sigaction, raise;
 * no stdio, no malloc, no locks, and errno is saved and restored.  An
 * overflow is a fault whose address lies in the guard of the fiber
 * running on the faulting thread; anything else is not ours and goes to
 * the previous disposition.
 */
static struct sigaction segv_previous;
static bool segv_installed;
static pthread_once_t fiber_once = PTHREAD_ONCE_INIT;

static void overflow_report(size_t stack_bytes)
{
	static const char head[] = "vow: fiber stack overflow (stack of ";
	static const char tail[] = " bytes)\n";
	char msg[sizeof head + 24 + sizeof tail], digits[24];
	size_t n = 0, d = 0;

	memcpy(msg, head, sizeof head - 1);
	n = sizeof head - 1;
	do {
		digits[d++] = (char)('0' + stack_bytes % 10);
		stack_bytes /= 10;
	} while (stack_bytes != 0);
	while (d > 0)
		msg[n++] = digits[--d];
	memcpy(msg + n, tail, sizeof tail - 1);
	n += sizeof tail - 1;
	(void)!write(STDERR_FILENO, msg, n);
	abort();
}

static void segv_handler(int sig, siginfo_t *si, void *ucontext)
{
	int saved_errno = errno;
	struct vow__fiber *f = fiber_thread.current;

	if (f != NULL) {
		uintptr_t a = (uintptr_t)si->si_addr;

		if (a >= (uintptr_t)f->stack->guard && a < (uintptr_t)f->stack->lo)
			overflow_report(f->stack->size);
	}
	if (segv_previous.sa_flags & SA_SIGINFO) {
		segv_previous.sa_sigaction(sig, si, ucontext);
	} else if (segv_previous.sa_handler != SIG_DFL && segv_previous.sa_handler != SIG_IGN) {
		segv_previous.sa_handler(sig);
	} else {
		/*
		 * The default action (the kernel does not let a fault be
		 * ignored): a fault repeats when we return; a SIGSEGV that was
		 * sent, not caused, is raised again (it stays pending until
		 * this handler returns).
		 */
		struct sigaction dfl;

		memset(&dfl, 0, sizeof dfl);
		dfl.sa_handler = SIG_DFL;
		sigemptyset(&dfl.sa_mask);
		(void)sigaction(SIGSEGV, &dfl, NULL);
		if (si->si_code <= 0)
			(void)raise(SIGSEGV);
	}
	errno = saved_errno;
}

/* Once per process, from the first vow__fiber_new. */
static void fiber_process_init(void)
{
	struct sigaction sa;

	if (!FIBER_OVERFLOW_HANDLER)
		return;
	/* The previous disposition is read first, so the handler never sees it unset. */
	if (sigaction(SIGSEGV, NULL, &segv_previous) != 0)
		return;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = segv_handler;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	segv_installed = sigaction(SIGSEGV, &sa, NULL) == 0;
}

/* ---- the alternate signal stack of a thread that runs fibers ------------ */

enum { ALTSTACK_BYTES = 64 << 10 };

static pthread_key_t altstack_key;
static pthread_once_t altstack_key_once = PTHREAD_ONCE_INIT;
static bool altstack_key_ok;

static void fiber_thread_exit(void *arg)
{
	struct fiber_thread *t = arg;
	stack_t cur;

	if (t->altstack == NULL)
		return;
	if (sigaltstack(NULL, &cur) == 0 && cur.ss_sp == t->altstack) {
		stack_t off;

		memset(&off, 0, sizeof off);
		off.ss_flags = SS_DISABLE;
		if (sigaltstack(&off, NULL) != 0)
			return; /* still in use: keep it mapped */
	}
	(void)munmap(t->altstack, ALTSTACK_BYTES);
	t->altstack = NULL;
}

static void altstack_key_create(void)
{
	altstack_key_ok = pthread_key_create(&altstack_key, fiber_thread_exit) == 0;
}

/*
 * The first resume on a thread: give it an alternate signal stack for the
 * overflow report, unless it has one already or the handler is not in
 * place.  Failure only means that overflows on this thread die as plain
 * SIGSEGVs.
 */
static void fiber_thread_prepare(struct fiber_thread *t)
{
	stack_t cur, ss;
	void *mem;

	t->ready = true;
	/* Orders this thread after the handler's installation (a load if done). */
	pthread_once(&fiber_once, fiber_process_init);
	if (!segv_installed)
		return;
	if (sigaltstack(NULL, &cur) != 0 || !(cur.ss_flags & SS_DISABLE))
		return;
	pthread_once(&altstack_key_once, altstack_key_create);
	if (!altstack_key_ok || pthread_setspecific(altstack_key, t) != 0)
		return; /* it could not be freed at exit */
	mem = mmap(NULL, ALTSTACK_BYTES, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (mem == MAP_FAILED)
		return;
	memset(&ss, 0, sizeof ss);
	ss.ss_sp = mem;
	ss.ss_size = ALTSTACK_BYTES;
	if (sigaltstack(&ss, NULL) != 0) {
		(void)munmap(mem, ALTSTACK_BYTES);
		return;
	}
	t->altstack = mem;
}

/* ---- fibers --------------------------------------------------------------- */

static struct vow__fiber *fiber_of_stack(struct vow__fiber_stack *s)
{
	return (struct vow__fiber *)((char *)s - sizeof(struct vow__fiber));
}

/* Where a fiber lands after every jump into it: it learns who resumed it. */
static inline void fiber_entered(struct vow__fiber *f, transfer_t from)
{
	f->resumer = from.fctx;
	note_in_fiber(f);
}

static void fiber_main(transfer_t from)
{
	struct vow__fiber *f = from.data;

	fiber_entered(f, from);
	f->fn(f->arg);
	/* Maybe on another thread now: f is a local, nothing here is thread-local. */
	f->state = FIBER_FINISHED;
	note_switch_to_resumer(f, true);
	compiler_barrier();
	jump_fcontext(f->resumer, NULL);
	abort(); /* a finished fiber is never resumed */
}

struct vow__fiber *vow__fiber_new(vow__fiber_fn fn, void *arg, size_t extra_size)
{
	size_t size = vow__fiber_stack_size();
	struct vow__fiber_stack *s;
	struct vow__fiber *f;
	size_t extra_bytes;
	char *sp;

	assert(fn != NULL);
	if (extra_size > size / 4) {
		vow__set_last_error(VOW_EINVAL);
		return NULL;
	}
	extra_bytes = (extra_size + 15) & ~(size_t)15;
	pthread_once(&fiber_once, fiber_process_init);
	s = vow__fiber_stack_take(size);
	if (s == NULL) {
		vow__set_last_error(VOW_ENOMEM);
		return NULL;
	}
	f = fiber_of_stack(s);
	sp = (char *)f - extra_bytes;
	f->ctx = make_fcontext(sp, (size_t)(sp - s->lo), fiber_main);
	f->resumer = NULL;
	f->fn = fn;
	f->arg = arg;
	f->stack = s;
	f->extra_bytes = extra_bytes;
	f->state = FIBER_NEW;
	note_fiber_created(f);
	return f;
}

void *vow__fiber_extra(struct vow__fiber *f)
{
	return (char *)f - f->extra_bytes;
}

VOW__FIBER_OPAQUE bool vow__fiber_resume(struct vow__fiber *f)
{
	struct fiber_thread *t = fiber_thread_get();
	struct vow__fiber *outer = t->current;
	transfer_t back;
	void *fake = NULL;

	assert(f->state == FIBER_NEW || f->state == FIBER_SUSPENDED);
	if (__builtin_expect(!t->ready, 0))
		fiber_thread_prepare(t);
	vow__debug_yield();
	f->state = FIBER_RUNNING;
	t->current = f;
	note_switch_to_fiber(f, &fake);
	compiler_barrier();
	back = jump_fcontext(f->ctx, f);
	compiler_barrier();
	note_back_in_resumer(fake);
	f->ctx = back.fctx;
	/* The same thread (THE SWITCH), but the rule is: re-read after a switch. */
	t = fiber_thread_get();
	t->current = outer;
	assert(f->state == FIBER_SUSPENDED || f->state == FIBER_FINISHED);
	return f->state == FIBER_FINISHED;
}

VOW__FIBER_OPAQUE void vow__fiber_suspend(void)
{
	struct vow__fiber *f = fiber_thread_get()->current;
	transfer_t from;

	assert(f != NULL && f->state == FIBER_RUNNING);
	f->state = FIBER_SUSPENDED;
	note_switch_to_resumer(f, false);
	compiler_barrier();
	from = jump_fcontext(f->resumer, NULL);
	compiler_barrier();
	/* Resumed, maybe on another thread: only f (a local) is used from here. */
	fiber_entered(f, from);
	vow__debug_yield();
}

VOW__FIBER_OPAQUE size_t vow__fiber_stack_left(void)
{
	struct vow__fiber *f = fiber_thread_get()->current;
	/* The real frame, not a local: under ASan locals may live elsewhere. */
	char *sp = __builtin_frame_address(0);

	if (f == NULL)
		return SIZE_MAX;
	return sp > f->stack->lo ? (size_t)(sp - f->stack->lo) : 0;
}

void vow__fiber_free(struct vow__fiber *f)
{
	if (f == NULL)
		return;
	assert(f->state == FIBER_NEW || f->state == FIBER_FINISHED);
	f->state = FIBER_FREED;
	vow__fiber_stack_give(f->stack);
}
