/*
 * io.h - the loop's poller: one epoll set holding the inbox's eventfd,
 * every watched file descriptor (vow_loop_watch_fd) and, once the loop is
 * embedded (backend.c), a timerfd armed to its earliest timer.  The loop
 * sleeps here until its next timer, a post from another thread, or a ready
 * fd; another event loop sleeps on the set itself (vow_loop_backend_fd).
 *
 * Owner only, like everything of the loop but the inbox's push side.
 *
 * BATCHES.  A wait keeps the watch events epoll reported as a batch, and
 * each turn of the loop runs the next one's callback (turn.c).  A batch
 * ends when its last callback ran, or when the driving call returns with
 * some not run (vow__io_drop_owner): epoll is level-triggered, so an fd
 * that is still ready is reported again by the next wait.
 *
 * WATCH LIFETIME.  A watch is in the epoll set and the watch list from
 * vow_loop_watch_fd until it is cleared.  Its callback may clear any
 * watch, itself included, while a batch is being run: a watch cleared
 * then leaves the set at once but is freed (and its ctx_dtor run) when
 * the batch ends, so later events of the same batch can still see that it
 * is cleared and skip it.
 */
#ifndef VOW_LOOP_IO_H
#define VOW_LOOP_IO_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/epoll.h>

#include "core.h"

struct vow_fd_watch {
	vow_loop *loop;
	int fd;
	unsigned events;            /* VOW_FD_READABLE | VOW_FD_WRITABLE */
	vow_fd_fn fn;
	void *ctx;
	vow_dtor_fn ctx_dtor;
	bool cleared;
	struct vow_fd_watch *next;  /* the live list, then the graveyard */
	struct vow_fd_watch **prev_next;
};

enum { VOW__IO_BATCH = 64 };

/*
 * epoll data.ptr of the set's own fds: the inbox's eventfd is NULL, the
 * backend's timerfd the address of the loop's timer_fd field (it needs
 * nothing from io.c: backend.c re-arms it whenever the earliest timer
 * changes); a watch is its pointer.
 */
#define VOW__IO_TIMER_FD(loop) ((void *)&(loop)->timer_fd)

struct vow__io {
	int epfd;
	struct vow_fd_watch *watches;   /* live */
	struct vow_fd_watch *graveyard; /* cleared during a batch */
	size_t count;                   /* live watches (they keep the loop alive) */
	bool dispatching;               /* a batch of ready events is running */
	int nready, next_ready;         /* the batch: ready[next_ready..nready) are left */
	struct epoll_event ready[VOW__IO_BATCH];
};

/* Returns 0 or VOW_ENOMEM (no epoll instance: out of fds or memory). */
int vow__io_init(struct vow__io *io, int inbox_fd);
/* Drop every watch (their ctx_dtors run) and close the epoll fd. */
void vow__io_fini(struct vow__io *io);

/*
 * Wait up to timeout_ns (-1: no limit, 0: just look) for the inbox, the
 * timerfd or a watched fd; drain the inbox's eventfd if it fired, and keep
 * the ready watches' events as the batch (BATCHES above).  Returns true if
 * the batch has any.  No batch may be pending.
 */
bool vow__io_wait_owner(vow_loop *loop, int64_t timeout_ns);
/*
 * Run the callback of the batch's next watch that is not cleared, then a
 * checkpoint: a macrotask.  Returns false (and ends the batch) when none
 * is left.
 */
bool vow__io_dispatch_owner(vow_loop *loop);
/* End the batch now, its events not run (a driving call returns). */
void vow__io_drop_owner(struct vow__io *io);

#endif /* VOW_LOOP_IO_H */
