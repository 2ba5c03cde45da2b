/*
 * clock.h - the loop's clock, in whole milliseconds since the loop was
 * created.
 *
 * Real: CLOCK_MONOTONIC, floored to the millisecond like libuv's uv_now().
 * Virtual: starts at 0 and moves only when the owner advances it (run.c
 * jumps it to the next timer's deadline when nothing else can happen).
 *
 * Threads: vow__clock_now_any() from any thread; the rest owner-only.
 */
#ifndef VOW_LOOP_CLOCK_H
#define VOW_LOOP_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

struct vow__clock {
	bool virtual_time;   /* fixed at init */
	uint64_t base_ns;    /* real: CLOCK_MONOTONIC at init */
	/*
	 * virtual_ms - the virtual "now".  Written by the owner only, read by
	 * any thread through vow_loop_now(); it is a sample of time that
	 * publishes nothing, so relaxed on both sides (no pairing needed).
	 */
	_Atomic uint64_t virtual_ms;
};

void vow__clock_init(struct vow__clock *c, bool virtual_time);
bool vow__clock_is_virtual(const struct vow__clock *c);
/* Milliseconds since init.  Any thread. */
uint64_t vow__clock_now_any(const struct vow__clock *c);
/* Virtual clock only: move now forward to ms (never backwards).  Owner. */
void vow__clock_advance(struct vow__clock *c, uint64_t ms);
/*
 * Real clock only: a poll() timeout, in ms, that does not wake before
 * deadline_ms is reached on this clock (rounds up; 0 if already due;
 * clamped to INT32_MAX).
 */
int vow__clock_timeout_until(const struct vow__clock *c, uint64_t deadline_ms);
/*
 * Real clock only: the CLOCK_MONOTONIC time, in ns, at which this clock
 * reaches deadline_ms (a timerfd's absolute time); UINT64_MAX when that is
 * beyond INT64_MAX ns (never, in practice).
 */
uint64_t vow__clock_monotonic_at(const struct vow__clock *c, uint64_t deadline_ms);

#endif /* VOW_LOOP_CLOCK_H */
