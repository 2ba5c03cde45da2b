/* debug_yield.c - the random yields behind vow__debug_yield() (see debug_yield.h). */
#include "debug_yield.h"

#if defined(VOW_DEBUG_YIELD) && VOW_DEBUG_YIELD
#include <sched.h>
#include <stdint.h>
#include <time.h>

static _Thread_local uint64_t yield_rng;

void vow__debug_yield_at(void)
{
	uint64_t x = yield_rng;

	if (x == 0)
		x = (uint64_t)(uintptr_t)&yield_rng | 1; /* per-thread seed */
	/* xorshift64 */
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	yield_rng = x;
	switch (x % 16) {
	case 0:
	case 1:
	case 2:
		sched_yield();
		break;
	case 3: {
		struct timespec ts = { 0, (long)(1000 + (x >> 8) % 20000) };

		nanosleep(&ts, NULL);
		break;
	}
	default:
		break;
	}
}
#else
/* ISO C wants at least one declaration in a translation unit. */
typedef int vow__debug_yield_disabled;
#endif
