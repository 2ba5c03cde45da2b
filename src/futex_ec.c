/* futex_ec.c - futex-based ck_ec_ops (see futex_ec.h). */
#include <errno.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "futex_ec.h"

static int ec_gettime(const struct ck_ec_ops *ops, struct timespec *out)
{
	(void)ops;
	return clock_gettime(CLOCK_MONOTONIC, out);
}

static void ec_wait32(const struct ck_ec_wait_state *state, const uint32_t *addr,
		      uint32_t expected, const struct timespec *deadline)
{
	(void)state;
	/*
	 * FUTEX_WAIT_BITSET takes an absolute CLOCK_MONOTONIC timeout, which
	 * is what ck_ec hands us.  The kernel re-checks *addr == expected
	 * under its hash-bucket lock, so an increment between ck_ec's check
	 * and this call makes it return at once (EAGAIN).  Early returns
	 * (EINTR, EAGAIN, ETIMEDOUT) are allowed: ck_ec re-checks.
	 */
	(void)syscall(SYS_futex, addr, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, expected,
		      deadline, NULL, FUTEX_BITSET_MATCH_ANY);
}

static void ec_wake32(const struct ck_ec_ops *ops, const uint32_t *addr)
{
	(void)ops;
	(void)syscall(SYS_futex, addr, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, INT32_MAX, NULL,
		      NULL, 0);
}

static const struct ck_ec_ops futex_ec_ops = {
	.gettime = ec_gettime,
	.wait32 = ec_wait32,
	.wake32 = ec_wake32,
	/* Short busy phase: parking is for idle threads, not for latency. */
	.busy_loop_iter = 64,
};

const struct ck_ec_mode vow__ec_mode_mp = {
	.ops = &futex_ec_ops,
	.single_producer = false,
};

/* now + sec seconds + nsec nanoseconds (0 <= nsec < 10^9). */
static void deadline_after(struct timespec *out, int64_t sec, long nsec)
{
	clock_gettime(CLOCK_MONOTONIC, out);
	out->tv_sec += (time_t)sec;
	out->tv_nsec += nsec;
	if (out->tv_nsec >= 1000000000L) {
		out->tv_sec++;
		out->tv_nsec -= 1000000000L;
	}
}

void vow__ec_deadline_us(struct timespec *out, int64_t timeout_us)
{
	deadline_after(out, timeout_us / 1000000, (long)(timeout_us % 1000000) * 1000L);
}

void vow__ec_deadline(struct timespec *out, int64_t timeout_ms)
{
	/* Split before scaling: timeout_ms * 1000 overflows past INT64_MAX / 1000. */
	deadline_after(out, timeout_ms / 1000, (long)(timeout_ms % 1000) * 1000000L);
}

bool vow__ec_past(const struct timespec *deadline)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > deadline->tv_sec ||
	       (now.tv_sec == deadline->tv_sec && now.tv_nsec >= deadline->tv_nsec);
}
