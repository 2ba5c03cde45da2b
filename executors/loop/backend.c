/*
 * backend.c - the loop inside another event loop, as libuv's
 * uv_backend_fd / uv_backend_timeout put one libuv loop inside another.
 *
 * The fd is the loop's epoll set (io.h): readable when the inbox's eventfd
 * was written (a post or wake from another thread), a watched fd is ready,
 * or - once this file has added it - the timerfd says the earliest timer
 * is due.  The timerfd exists only on the real clock (virtual time moves
 * when the loop runs, never by itself) and only once vow_loop_backend_fd
 * was called, so a loop that is not embedded pays nothing for it.  It is
 * armed, with an absolute CLOCK_MONOTONIC time, to the earliest deadline
 * of the timer store whenever that changes (loop_timers.c calls
 * vow__loop_timers_changed_owner); arming resets its expiry count, so it
 * is readable exactly while the earliest timer is due.
 *
 * Work that the owner itself queued (microtasks, its own posts, the rest
 * of an inbox batch) does not make the fd readable: vow_loop_backend_timeout
 * reports it as 0, as uv_backend_timeout does.
 */
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "loop_impl.h"

#define NO_DEADLINE UINT64_MAX
#define NS_PER_S UINT64_C(1000000000)

/* Arm the timerfd to deadline_ms on the loop's clock; NO_DEADLINE disarms. */
static void timer_fd_arm(vow_loop *loop, uint64_t deadline_ms)
{
	struct itimerspec its = {0};
	uint64_t at_ns = deadline_ms == NO_DEADLINE
				 ? UINT64_MAX
				 : vow__clock_monotonic_at(&loop->clock, deadline_ms);

	if (at_ns != UINT64_MAX) {
		its.it_value.tv_sec = (time_t)(at_ns / NS_PER_S);
		its.it_value.tv_nsec = (long)(at_ns % NS_PER_S);
		/* An all-zero time disarms: 1 ns is as good as 0 (due already). */
		if (at_ns == 0)
			its.it_value.tv_nsec = 1;
	}
	/* Cannot fail with a valid fd and a normalised time. */
	(void)timerfd_settime(loop->timer_fd, TFD_TIMER_ABSTIME, &its, NULL);
}

void vow__loop_timers_changed_owner(vow_loop *loop)
{
	struct vow__timer *next;
	uint64_t deadline;

	if (loop->timer_fd < 0)
		return;
	next = vow__timers_peek(&loop->timers);
	deadline = next != NULL ? next->deadline : NO_DEADLINE;
	if (deadline == loop->timer_fd_deadline)
		return;
	loop->timer_fd_deadline = deadline;
	timer_fd_arm(loop, deadline);
}

void vow__loop_backend_fini_owner(vow_loop *loop)
{
	if (loop->timer_fd >= 0)
		close(loop->timer_fd); /* leaves the epoll set with it */
	loop->timer_fd = -1;
}

/* Make the timerfd and add it to the epoll set; 0 or VOW_ENOMEM. */
static int timer_fd_open(vow_loop *loop)
{
	struct epoll_event ev = {.events = EPOLLIN, .data.ptr = VOW__IO_TIMER_FD(loop)};
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);

	if (fd < 0)
		return VOW_ENOMEM;
	if (epoll_ctl(loop->io.epfd, EPOLL_CTL_ADD, fd, &ev) != 0) {
		close(fd);
		return VOW_ENOMEM;
	}
	loop->timer_fd = fd;
	loop->timer_fd_deadline = NO_DEADLINE;
	vow__loop_timers_changed_owner(loop);
	return 0;
}

int vow_loop_backend_fd(vow_loop *loop)
{
	if (loop == NULL)
		return VOW_EINVAL;
	if (!vow__loop_is_owner_any(loop))
		return VOW_ETHREAD;
	if (loop->timer_fd < 0 && !vow__clock_is_virtual(&loop->clock)) {
		int err = timer_fd_open(loop);

		if (err != 0)
			return err;
	}
	return loop->io.epfd;
}

int64_t vow_loop_backend_timeout(vow_loop *loop)
{
	struct vow__timer *next;
	int64_t ms;
	long refs;
	int due;

	if (loop == NULL || !vow__loop_is_owner_any(loop)) {
		vow__set_last_error(loop == NULL ? VOW_EINVAL : VOW_ETHREAD);
		return 0;
	}
	/*
	 * The embedder sleeps on the fd after this, so this is the loop's
	 * "check, then sleep" (inbox.h, NO LOST WAKE-UP) with one step in
	 * front: drain the eventfd, THEN arm, THEN check.  Draining first
	 * drops stale wake-ups (an idle loop's turns do not reach epoll, and
	 * the fd would stay readable for ever); a post whose write it drains
	 * exchanged wake_pending before our arm, so the check sees its job;
	 * a post after the arm writes the eventfd again.  Acquire on refs: as
	 * in turn.c's wait, pairs with the release decrement of vow_loop_unref.
	 */
	vow__inbox_drain_owner(&loop->inbox);
	vow__inbox_arm_owner(&loop->inbox);
	refs = vow_load(&loop->refs, ACQUIRE);
	if (loop->micro_head != NULL || vow__inbox_pending_owner(&loop->inbox) ||
	    !vow__inbox_batch_empty_owner(&loop->inbox))
		return 0;
	/* An active poll source: polled again after its back-off (at most 1 ms). */
	ms = loop->polled == VOW_POLL_IDLE ? -1 : loop->poll_backoff_us == 0 ? 0 : 1;
	next = vow__timers_peek(&loop->timers);
	if (next == NULL)
		return ms;
	if (vow__clock_is_virtual(&loop->clock))
		/* Time jumps to the timer, unless the loop is idle. */
		return vow__loop_idle_owner(loop, refs) ? -1 : 0;
	due = vow__clock_timeout_until(&loop->clock, next->deadline);
	return ms >= 0 && ms < due ? ms : due;
}
