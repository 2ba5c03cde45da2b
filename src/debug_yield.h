/*
 * debug_yield.h - yield injection for stress runs (liburcu's debug-yield).
 *
 * vow__debug_yield() marks a point where a context switch is most likely to
 * expose a race: between a claim and its publication, between reading a
 * deque index and the CAS on it, and so on.  Under the CMake option
 * VOW_DEBUG_YIELD (which defines VOW_DEBUG_YIELD=1) each call, at random,
 * does nothing, calls sched_yield(), or sleeps for a few microseconds, so
 * that interleavings which are rare on a 2-core machine happen often.
 * Otherwise the macro compiles to nothing.
 *
 * Any thread; no locks; the random state is thread-local.
 */
#ifndef VOW_DEBUG_YIELD_H
#define VOW_DEBUG_YIELD_H

#if defined(VOW_DEBUG_YIELD) && VOW_DEBUG_YIELD
void vow__debug_yield_at(void);
#define vow__debug_yield() vow__debug_yield_at()
#else
#define vow__debug_yield() ((void)0)
#endif

#endif /* VOW_DEBUG_YIELD_H */
