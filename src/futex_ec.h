/*
 * futex_ec.h - the ck_ec (Concurrency Kit eventcount) operations vow uses
 * to block: Linux futexes on the 32-bit counter, CLOCK_MONOTONIC deadlines.
 *
 * ck_ec32 gives "wait until the count changes" without lost wake-ups: a
 * waiter snapshots ck_ec32_value(), re-checks its condition, then calls
 * ck_ec32_wait() with the snapshot; any ck_ec32_inc() after the snapshot
 * makes the wait return.  Waiters sleep in the kernel (no CPU) and an
 * increment with no sleeper is one atomic add, no system call.
 *
 * Deadlines passed to ck_ec32_wait() are absolute CLOCK_MONOTONIC times;
 * vow__ec_deadline() builds one.  Any thread.
 */
#ifndef VOW_FUTEX_EC_H
#define VOW_FUTEX_EC_H

#include <stdint.h>
#include <time.h>
#include <ck_ec.h>

/* Several threads may increment the same eventcount. */
extern const struct ck_ec_mode vow__ec_mode_mp;

/* *out = now + timeout_ms (timeout_us) on CLOCK_MONOTONIC. */
void vow__ec_deadline(struct timespec *out, int64_t timeout_ms);
void vow__ec_deadline_us(struct timespec *out, int64_t timeout_us);
/* True if CLOCK_MONOTONIC is at or past *deadline. */
bool vow__ec_past(const struct timespec *deadline);

#endif /* VOW_FUTEX_EC_H */
