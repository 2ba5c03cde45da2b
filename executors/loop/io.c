/* io.c - the loop's epoll set and fd watches (io.h). */
#include <errno.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "loop_impl.h"

int vow__io_init(struct vow__io *io, int inbox_fd)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };

	io->watches = io->graveyard = NULL;
	io->count = 0;
	io->dispatching = false;
	io->nready = io->next_ready = 0;
	io->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (io->epfd < 0)
		return VOW_ENOMEM;
	/* data.ptr NULL: the inbox. */
	if (epoll_ctl(io->epfd, EPOLL_CTL_ADD, inbox_fd, &ev) != 0) {
		close(io->epfd);
		return VOW_ENOMEM;
	}
	return 0;
}

static void watch_free(struct vow_fd_watch *w)
{
	vow_dtor_fn dtor = w->ctx_dtor;
	void *ctx = w->ctx;

	vow__free(w);
	if (dtor != NULL)
		dtor(ctx);
}

static void bury_graveyard(struct vow__io *io)
{
	struct vow_fd_watch *w;

	while ((w = io->graveyard) != NULL) {
		io->graveyard = w->next;
		watch_free(w);
	}
}

void vow__io_fini(struct vow__io *io)
{
	struct vow_fd_watch *w;

	while ((w = io->watches) != NULL) {
		io->watches = w->next;
		watch_free(w);
	}
	bury_graveyard(io);
	io->count = 0;
	close(io->epfd);
	io->epfd = -1;
}

static uint32_t epoll_events_of(unsigned events)
{
	return ((events & VOW_FD_READABLE) ? (uint32_t)EPOLLIN : 0) |
	       ((events & VOW_FD_WRITABLE) ? (uint32_t)EPOLLOUT : 0);
}

vow_fd_watch *vow_loop_watch_fd(vow_loop *loop, int fd, unsigned events, vow_fd_fn fn,
				void *ctx, vow_dtor_fn ctx_dtor)
{
	struct epoll_event ev;
	struct vow_fd_watch *w;
	int err = 0;

	if (loop == NULL || fn == NULL || fd < 0 ||
	    (events & (VOW_FD_READABLE | VOW_FD_WRITABLE)) == 0 ||
	    (events & ~(unsigned)(VOW_FD_READABLE | VOW_FD_WRITABLE)) != 0)
		err = VOW_EINVAL;
	else if (!vow__loop_is_owner_any(loop))
		err = VOW_ETHREAD;
	else if ((w = vow__malloc(sizeof *w)) == NULL)
		err = VOW_ENOMEM;
	if (err != 0) {
		if (ctx_dtor != NULL)
			ctx_dtor(ctx);
		return vow__fail(err);
	}
	w->loop = loop;
	w->fd = fd;
	w->events = events;
	w->fn = fn;
	w->ctx = ctx;
	w->ctx_dtor = ctx_dtor;
	w->cleared = false;
	ev.events = epoll_events_of(events);
	ev.data.ptr = w;
	if (epoll_ctl(loop->io.epfd, EPOLL_CTL_ADD, fd, &ev) != 0) {
		/* EPERM: a regular file; EEXIST: watched already; EBADF. */
		err = errno == ENOMEM || errno == ENOSPC ? VOW_ENOMEM : VOW_EINVAL;
		watch_free(w);
		return vow__fail(err);
	}
	w->next = loop->io.watches;
	w->prev_next = &loop->io.watches;
	if (w->next != NULL)
		w->next->prev_next = &w->next;
	loop->io.watches = w;
	loop->io.count++;
	return w;
}

int vow_loop_unwatch_fd(vow_fd_watch *w)
{
	struct vow__io *io;

	if (w == NULL)
		return VOW_EINVAL;
	if (!vow__loop_is_owner_any(w->loop))
		return VOW_ETHREAD;
	io = &w->loop->io;
	assert(!w->cleared);
	(void)epoll_ctl(io->epfd, EPOLL_CTL_DEL, w->fd, NULL);
	*w->prev_next = w->next;
	if (w->next != NULL)
		w->next->prev_next = w->prev_next;
	io->count--;
	w->cleared = true;
	if (io->dispatching) {
		w->next = io->graveyard;
		io->graveyard = w;
	} else {
		watch_free(w);
	}
	return 0;
}

/*
 * Cleared once epoll_pwait2 says ENOSYS (kernels before 5.11, valgrind), so
 * the syscall is not retried on every wait.  Relaxed: any thread may see
 * the old value and retry once more, which is harmless.
 */
static _Atomic bool have_pwait2 = true;

static int io_epoll_wait(struct vow__io *io, struct epoll_event *evs, int64_t timeout_ns)
{
	struct timespec ts, *tsp = NULL;
	int n = -1;

	if (timeout_ns >= 0) {
		ts.tv_sec = (time_t)(timeout_ns / 1000000000);
		ts.tv_nsec = (long)(timeout_ns % 1000000000);
		tsp = &ts;
	}
	if (vow_load(&have_pwait2, RELAXED)) {
		n = epoll_pwait2(io->epfd, evs, VOW__IO_BATCH, tsp, NULL);
		if (n < 0 && errno == ENOSYS)
			vow_store(&have_pwait2, false, RELAXED);
	}
	if (!vow_load(&have_pwait2, RELAXED)) {
		/* Kernels before 5.11: millisecond timeouts, rounded up. */
		int ms = timeout_ns < 0 ? -1 : (int)((timeout_ns + 999999) / 1000000);

		n = epoll_wait(io->epfd, evs, VOW__IO_BATCH, ms);
	}
	return n; /* < 0 (EINTR): nothing ready; the caller re-checks */
}

bool vow__io_wait_owner(vow_loop *loop, int64_t timeout_ns)
{
	struct vow__io *io = &loop->io;
	struct epoll_event evs[VOW__IO_BATCH];
	int n = io_epoll_wait(io, evs, timeout_ns);

	assert(!io->dispatching);
	io->nready = io->next_ready = 0;
	for (int i = 0; i < n; i++) {
		/* The inbox, the timerfd (nothing to do: backend.c), or a watch. */
		if (evs[i].data.ptr == NULL)
			vow__inbox_drain_owner(&loop->inbox);
		else if (evs[i].data.ptr != VOW__IO_TIMER_FD(loop))
			io->ready[io->nready++] = evs[i];
	}
	io->dispatching = io->nready > 0;
	return io->dispatching;
}

void vow__io_drop_owner(struct vow__io *io)
{
	io->nready = io->next_ready = 0;
	io->dispatching = false;
	bury_graveyard(io);
}

bool vow__io_dispatch_owner(vow_loop *loop)
{
	struct vow__io *io = &loop->io;

	while (io->next_ready < io->nready) {
		struct epoll_event *ev = &io->ready[io->next_ready++];
		struct vow_fd_watch *w = ev->data.ptr;
		unsigned got = 0;

		if (w->cleared)
			continue;
		if (ev->events & EPOLLIN)
			got |= VOW_FD_READABLE;
		if (ev->events & EPOLLOUT)
			got |= VOW_FD_WRITABLE;
		if (ev->events & (EPOLLERR | EPOLLHUP))
			got |= VOW_FD_ERROR;
		w->fn(w->ctx, w->fd, got);
		vow__loop_checkpoint_owner(loop);
		return true;
	}
	vow__io_drop_owner(io);
	return false;
}
