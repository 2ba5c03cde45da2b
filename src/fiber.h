/*
 * fiber.h - stackful coroutines (core-internal): a function that runs on a
 * stack of its own and can stop in the middle (vow__fiber_suspend) and be
 * continued later (vow__fiber_resume), by the same thread or another one.
 * async/await and the waits that suspend instead of blocking are built on
 * this; nothing here knows about promises or executors.
 *
 * THE SWITCH.  A switch saves the callee-saved registers, the SSE control
 * word and the x87 control word on the stack being left, and loads the
 * ones saved on the stack being entered: boost.context's fcontext
 * (jump_fcontext / make_fcontext, assembly with C linkage in Debian's
 * libboost-context-dev; declared in fiber.c).  No system call, no lock,
 * no allocation and no atomic read-modify-write.  swapcontext is not used
 * because it also saves and restores the signal mask, a sigprocmask
 * system call per switch (its round trip costs ~45 times two fcontext
 * jumps here; bench/README.md); fcontext is maintained per architecture
 * by boost, so vow carries no assembly.
 *
 * A resume plus the matching suspend is two jumps, and a little more:
 * both are out-of-line functions (they must be, see THREAD-LOCALS below),
 * so each returns to its caller right after a switch, while the CPU's
 * return predictor still holds the other context's return addresses.
 * Those two mispredicted returns cost about as much as the two jumps
 * (bench/README.md has the numbers); a switch inlined into its caller, as
 * C++'s boost::context::fiber does, would avoid them but would expose the
 * layout and the thread-local hazard to every caller.
 *
 * STATES.  A fiber's state is a plain field: a fiber belongs to one thread
 * at a time (the one running it, or the one holding it while suspended),
 * and handing it to another thread is the caller's synchronisation.
 *
 *   state      meaning                          who moves it out, and how
 *   NEW        made, fn not yet called          resume: -> RUNNING (fn starts)
 *                                               free:   gone (fn never runs)
 *   RUNNING    on some thread's CPU; the        suspend (from inside): -> SUSPENDED
 *              resumer waits in resume          fn returns:            -> FINISHED
 *   SUSPENDED  stopped inside suspend           resume (any thread):   -> RUNNING
 *   FINISHED   fn returned                      free:   gone
 *
 * Which operations may run at the same time on ONE fiber: none.  Resume,
 * free and extra-memory access must be ordered by the caller (the fiber
 * is handed over through a queue, a lock, a CAS...).  Different fibers are
 * independent: any number of threads may create, resume and free
 * different fibers at once.
 *
 * NESTING.  A fiber may resume another fiber: the inner one suspends back
 * to the outer one (whoever resumed it last), and vow__fiber_current()
 * names the innermost.  A RUNNING fiber cannot be resumed (not even by a
 * fiber it resumed).
 *
 * THREADS AND WHAT SYNCHRONISES WHAT.  A fiber suspended on thread X may be
 * resumed on thread Y; that is how work-stealing moves it.  Inside resume
 * and suspend everything happens on one thread, in program order, so:
 *   - what the resuming thread wrote before vow__fiber_resume happens-
 *     before the fiber continues, and
 *   - what the fiber wrote before vow__fiber_suspend (or before fn
 *     returned) happens-before vow__fiber_resume returns,
 * and across threads the chain is closed by the hand-off: if X's suspend
 * returned to X's resume, X then released the fiber to Y (a queue, a
 * mutex, a release store or CAS that Y reads with acquire), and Y resumes
 * it, then everything the fiber did on X happens-before everything it
 * does on Y.  Without such a hand-off two threads could touch the fiber
 * at once, which is a race (and undefined).  TSan sees the same edges:
 * each switch is announced to it as a synchronising fiber switch (below),
 * and the hand-off is the caller's own atomic or lock.
 *
 * THREAD-LOCALS ACROSS A SUSPEND.  After vow__fiber_suspend returns the
 * fiber may be on another thread, but gcc computes the address of a
 * _Thread_local from the thread pointer (%fs) and may keep that address
 * in a register across any call in the same function, including this one;
 * glibc declares errno's __errno_location const, with the same effect.
 * So in a function that suspends (directly, or through a callee that the
 * compiler may inline): never keep a pointer to a thread-local across the
 * suspend, and read thread-locals (errno, vow_last_error's record, your
 * own) only through a function that is not inlined into it
 * (VOW__FIBER_OPAQUE, below).  fiber.c reads its own thread-locals
 * only through such accessors, re-reads them after every switch, and
 * keeps compiler barriers around the jump.
 *
 * STACKS: SLABS, GUARDS AND THE VMA ARGUMENT.  100,000 fibers may be
 * suspended at once, and Linux caps a process's mappings (VMAs) at
 * vm.max_map_count, 65530 by default.  One mmap per stack with an
 * mprotect()ed guard page costs two VMAs a stack and would stop at ~32,000
 * fibers.  So stacks are carved from slabs: one mmap (MAP_NORESERVE |
 * MAP_STACK, huge pages off) holds a header page and several slots of
 * [guard | stack] (as many as fit in 4 MiB, at most 64), and each guard is
 * installed with madvise(MADV_GUARD_INSTALL) (Linux >= 6.13), which marks
 * page-table entries and does not split the VMA.  Slabs are mapped one at
 * a time as threads need them and the kernel merges neighbouring ones:
 * 100,000 suspended fibers added one VMA when measured (test_fiber,
 * bench/fiber_vow), and could add at most one per slab (~2,000).  On an
 * older kernel the madvise fails with EINVAL and the guard is mprotect()ed
 * instead (decided once per process); each stack then splits its slab's
 * VMA, two VMAs a stack, and with the default map count no more than
 * ~32,000 fibers can exist at once (vow__fiber_new returns NULL past
 * that).
 *
 * The guard is 16 KiB (at least one page), not one page: it costs address
 * space only, and a frame larger than the guard could jump over it into
 * the control block of the stack below (gcc's -fstack-clash-protection,
 * off by default on Debian, closes that hole for larger frames).
 *
 * Pages of a stack are touched only as the fiber uses them, so a
 * suspended fiber costs the stack pages it touched: its control block and
 * extra memory sit at the top of its own stack (below), and nothing else
 * is allocated per fiber.
 *
 * THE STACK POOL.  Each thread keeps a LIFO of free stacks: vow__fiber_free
 * pushes the stack on the freeing thread's pool (wherever the fiber was
 * made), vow__fiber_new pops from the calling thread's pool, so a warm
 * create is a pop and a few stores, no system call.  A pooled stack keeps
 * its touched pages.  The pool holds at most 16 stacks and at most 4 MiB
 * of stack size (at least one stack); a thread whose pool is full passes
 * half of it to a process-wide depot of at most 64 stacks, and a thread
 * whose pool is empty refills it from there before carving, so fibers that
 * migrate between workers do not turn into a release on one thread and a
 * carve on the other.  A stack freed when both are full is released: its
 * pages are given back (MADV_DONTNEED, guard kept).  Stacks
 * of another size than the current one (see vow__fiber_set_stack_size)
 * are released when the pool meets them.
 *
 * WHEN SLABS GO BACK TO THE SYSTEM.  A slab counts its slots not yet
 * released (an atomic, touched only on the cold paths: release and
 * abandon).  A thread carves fresh slots from one slab at a time; a slot,
 * once carved, is used, pooled and reused until it is released, and never
 * returns to the slab's carving.  A slab is unmapped by whoever releases
 * its last slot.  When a thread stops carving a slab before it is full
 * (pool flush, thread exit, a new stack size), it gives up the uncarved
 * slots at once; they stay unused address space until the slab goes.
 * vow__fiber_pool_flush (and thread exit) releases the pooled stacks and
 * gives up the slab being carved, so once every fiber is freed, every
 * thread has exited or flushed, and one flush has emptied the depot, no
 * slab is left.
 *
 * STACK OVERFLOW.  A fiber that runs into its guard gets SIGSEGV; vow
 * reports it as "vow: fiber stack overflow (stack of N bytes)" on stderr
 * and aborts.  The SIGSEGV handler is installed once per process, when the
 * first fiber is made (SA_ONSTACK | SA_SIGINFO), and runs on an alternate
 * signal stack (the fiber's own is exhausted) that each thread gets the
 * first time it resumes a fiber, unless it already has one, and frees at
 * exit.  A fault elsewhere goes to the handler that was installed before
 * (or, if that was the default, the default action is restored and the
 * fault repeats).  A SIGSEGV handler installed later replaces vow's, and
 * overflows then die as plain SIGSEGVs.  Under ASan no handler is
 * installed: ASan reports "AddressSanitizer: stack-overflow on address
 * ..." itself (it knows the fiber's stack from the switch annotations).
 *
 * WHAT A FIBER MUST NOT DO.
 *   - keep thread-local addresses across a suspend (above);
 *   - hold a mutex across a suspend: the fiber may continue on another
 *     thread, and a pthread mutex must be unlocked by the thread that
 *     locked it (and a thread that blocks on it may be the one that
 *     should resume the fiber);
 *   - block its thread for long where other work waits for that thread
 *     (a fiber is just code running on it; suspend instead);
 *   - longjmp, or let a C++ exception unwind, out of its fn or into
 *     another fiber's stack, or call pthread_exit (which unwinds the
 *     thread): each stack unwinds only its own frames, and fn must return
 *     for the fiber to finish;
 *   - switch fibers from a signal handler.
 * And whoever holds a fiber frees it once, when it is NEW or FINISHED;
 * a SUSPENDED fiber cannot be freed (its frames would never unwind).
 *
 * SANITIZERS AND VALGRIND.  Every stack and every switch is announced:
 *   - ASan: __sanitizer_start_switch_fiber before each jump and
 *     __sanitizer_finish_switch_fiber after it, on both sides; the fiber
 *     learns its resumer's stack bounds from finish's out-parameters
 *     (ASan's own record of the stack just left: a thread's stack or an
 *     outer fiber's), and a finished fiber leaves with a NULL fake-stack
 *     save, which frees its fake frames.  Stacks are unpoisoned when they
 *     are reused and released.
 *   - TSan: each stack has a TSan fiber (__tsan_create_fiber(0) when it is
 *     carved, destroyed when it is released), which every fiber that runs
 *     on the stack uses in turn: creating one zeroes ~0.8 MB, too much per
 *     async call.  Each jump is preceded by __tsan_switch_to_fiber
 *     with flags 0, which makes the switch a synchronising edge, and a
 *     resume remembers the resumer's TSan fiber (__tsan_get_current_fiber)
 *     to switch back to.  TSan treats a stack's fiber as one logical
 *     thread wherever it runs, so a missing hand-off shows up through what the
 *     resuming threads touch (the control block, the extra memory): with
 *     relaxed instead of acquire/release hand-offs TSan reports races in
 *     vow__fiber_resume.  A TSan fiber costs ~0.8 MB and gcc 12's TSan
 *     allows 8128 threads and fibers at once: TSan builds cannot hold
 *     thousands of suspended fibers.
 *   - valgrind: every carved stack is registered (VALGRIND_STACK_REGISTER),
 *     so that a jump onto it is seen as a stack switch, not a huge frame,
 *     and stays registered while it sits in a pool; released stacks are
 *     deregistered.  A reused stack is marked undefined for memcheck (it
 *     had marked the last fiber's popped frames unaddressable).  memcheck
 *     searches its list of registered stacks on switches, so tens of
 *     thousands of live stacks make it slow.
 */
#ifndef VOW_FIBER_H
#define VOW_FIBER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Functions that read a thread-local must not be inlined into a function
 * that switches fibers, nor be assumed by the compiler to return the same
 * value twice (THREAD-LOCALS ACROSS A SUSPEND, above).  gcc: noipa
 * hides the body from every interprocedural analysis; clang has no noipa,
 * so each such function also starts with an empty volatile asm, which
 * keeps clang from treating it as free of side effects.
 */
#if defined(__clang__)
#define VOW__FIBER_OPAQUE __attribute__((noinline))
#else
#define VOW__FIBER_OPAQUE __attribute__((noinline, noipa))
#endif
#define VOW__FIBER_OPAQUE_BODY() __asm__ __volatile__("")

struct vow__fiber; /* opaque outside fiber.c */
typedef void (*vow__fiber_fn)(void *arg);

/* Stack sizes (vow__fiber_set_stack_size): limits and default, in bytes. */
#define VOW__FIBER_STACK_MIN ((size_t)16 * 1024)
#define VOW__FIBER_STACK_MAX ((size_t)64 * 1024 * 1024)
#define VOW__FIBER_STACK_DEFAULT ((size_t)64 * 1024)

/*
 * vow__fiber_new - a fiber that will run fn(arg) on a stack of its own
 * (from the calling thread's stack pool), not started yet (NEW).
 * extra_size bytes of memory, 16-aligned, are reserved for the caller
 * inside the fiber's control block (vow__fiber_extra), which itself lives
 * at the top of the fiber's stack, so a suspended fiber costs only the
 * stack pages it touched; the extra memory is not initialised.
 * Any thread.  Returns NULL on ENOMEM (no stack could be mapped or
 * guarded), or VOW_EINVAL if extra_size exceeds a quarter of the stack
 * size; the code is recorded for vow_last_error() and nothing is left
 * behind.
 */
struct vow__fiber *vow__fiber_new(vow__fiber_fn fn, void *arg, size_t extra_size);

/* The extra memory of f (16-aligned, extra_size bytes; valid until free). */
void *vow__fiber_extra(struct vow__fiber *f);

/*
 * vow__fiber_resume - switch from the calling context (the thread's own
 * stack, or another fiber) into f, which must be NEW or SUSPENDED and not
 * running anywhere.  Returns when f calls vow__fiber_suspend() (false) or
 * fn returns (true: f is FINISHED; free it with vow__fiber_free).
 * Any thread, given the hand-off described above: what the resuming
 * thread wrote before the resume happens-before the fiber continues, and
 * what the fiber wrote before it suspended or finished happens-before
 * this returns.  No system call, lock, allocation or atomic RMW (the
 * first resume on a thread sets up its alternate signal stack).
 */
bool vow__fiber_resume(struct vow__fiber *f);

/*
 * vow__fiber_suspend - from inside a fiber: switch back to the context
 * that resumed it (its vow__fiber_resume returns false).  Returns when
 * some thread resumes the fiber again, maybe another thread: do not keep
 * pointers to thread-locals across this call (see above).  Calling it
 * outside a fiber is a bug (assertion).
 */
void vow__fiber_suspend(void);

/*
 * The fiber running on the calling thread (the innermost one), or NULL on
 * a thread's own stack.  Never inlined: it reads the thread-local afresh.
 */
struct vow__fiber *vow__fiber_current(void);

/*
 * vow__fiber_stack_left - bytes of stack left below the calling frame in
 * the fiber running on this thread (SIZE_MAX on a thread's own stack), for
 * code that decides whether it can afford to nest more work here.
 */
size_t vow__fiber_stack_left(void);

/*
 * vow__fiber_free - free a fiber that is FINISHED, or NEW (its fn never
 * runs).  Any thread; its stack goes to the calling thread's pool.  NULL
 * is a no-op.
 */
void vow__fiber_free(struct vow__fiber *f);

/*
 * vow__fiber_set_stack_size - stack size for fibers created from now on,
 * rounded up to whole pages; VOW__FIBER_STACK_MIN (16 KiB) to
 * VOW__FIBER_STACK_MAX (64 MiB); default 64 KiB.  It includes the control
 * block and extra memory at its top; the guard comes on top of it.
 * Returns 0, or VOW_EINVAL (out of range: nothing changes).  Any thread
 * (a relaxed global: a thread sees the new size soon, and a fiber always
 * gets a stack of the size its vow__fiber_new read).
 */
int vow__fiber_set_stack_size(size_t bytes);
size_t vow__fiber_stack_size(void);

/*
 * vow__fiber_pool_flush - release this thread's pooled stacks and the
 * depot's, and give up the slab this thread carves from (tests).  Thread
 * exit releases the exiting thread's pool alone.  Fibers in use are not
 * affected.
 */
void vow__fiber_pool_flush(void);

/*
 * Process-wide counters (relaxed; exact once the threads that moved them
 * are joined).  Only the cold paths count: a warm vow__fiber_new touches
 * none of them.
 */
struct vow__fiber_stats {
	uint64_t slabs_mapped;    /* mmap calls for slabs */
	uint64_t slabs_unmapped;  /* munmap calls for slabs */
	uint64_t stacks_carved;   /* fresh stacks taken from slabs */
	uint64_t stacks_released; /* stacks whose pages went back to the system */
	bool guard_mprotect;      /* guards fell back to mprotect (old kernel) */
};
void vow__fiber_stats_read(struct vow__fiber_stats *out);

#endif /* VOW_FIBER_H */
