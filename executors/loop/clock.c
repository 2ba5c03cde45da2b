/* clock.c - real or virtual milliseconds for the loop (see clock.h). */
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>

#include "atomics.h"
#include "clock.h"

#define NS_PER_MS UINT64_C(1000000)

static uint64_t monotonic_ns(void)
{
	struct timespec ts;

	/* CLOCK_MONOTONIC cannot fail with a valid pointer on Linux. */
	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * UINT64_C(1000000000) + (uint64_t)ts.tv_nsec;
}

void vow__clock_init(struct vow__clock *c, bool virtual_time)
{
	c->virtual_time = virtual_time;
	c->base_ns = virtual_time ? 0 : monotonic_ns();
	atomic_init(&c->virtual_ms, 0);
}

bool vow__clock_is_virtual(const struct vow__clock *c)
{
	return c->virtual_time;
}

uint64_t vow__clock_now_any(const struct vow__clock *c)
{
	if (c->virtual_time)
		/* Relaxed: a time sample, publishes nothing (see clock.h). */
		return vow_load(&((struct vow__clock *)c)->virtual_ms, RELAXED);
	return (monotonic_ns() - c->base_ns) / NS_PER_MS;
}

void vow__clock_advance(struct vow__clock *c, uint64_t ms)
{
	/* Only the owner writes, so load-then-store is not a lost update. */
	if (ms > vow_load(&c->virtual_ms, RELAXED))
		vow_store(&c->virtual_ms, ms, RELAXED);
}

int vow__clock_timeout_until(const struct vow__clock *c, uint64_t deadline_ms)
{
	uint64_t now_ns = monotonic_ns() - c->base_ns;
	uint64_t due_ns;
	uint64_t wait_ms;

	if (deadline_ms > UINT64_MAX / NS_PER_MS)
		return INT32_MAX;
	due_ns = deadline_ms * NS_PER_MS;
	if (due_ns <= now_ns)
		return 0;
	wait_ms = (due_ns - now_ns + NS_PER_MS - 1) / NS_PER_MS;
	return wait_ms > INT32_MAX ? INT32_MAX : (int)wait_ms;
}

uint64_t vow__clock_monotonic_at(const struct vow__clock *c, uint64_t deadline_ms)
{
	if (deadline_ms > ((uint64_t)INT64_MAX - c->base_ns) / NS_PER_MS)
		return UINT64_MAX;
	return c->base_ns + deadline_ms * NS_PER_MS;
}
