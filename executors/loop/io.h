/*
 * io.h - the loop's poller: one epoll set holding the inbox's eventfd and
 * every watched file descriptor (vow_loop_watch_fd).  The loop sleeps here
 * until its next timer, a post from another thread, or a ready fd.
 *
 * Owner only, like everything of the loop but the inbox's push side.
 *
 * WATCH LIFETIME.  A watch is in the epoll set and the watch list from
 * vow_loop_watch_fd until it is cleared.  Its callback may clear any
 * watch, itself included, while a batch of ready events is being run:
 * a watch cleared then leaves the set at once but is freed (and its
 * ctx_dtor run) when the batch ends, so later events of the same batch
 * can still see that it is cleared and skip it.
 */
#ifndef VOW_LOOP_IO_H
#define VOW_LOOP_IO_H

#include <stdbool.h>
#include <stdint.h>

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

struct vow__io {
	int epfd;
	struct vow_fd_watch *watches;   /* live */
	struct vow_fd_watch *graveyard; /* cleared during a batch */
	size_t count;                   /* live watches (they keep the loop alive) */
	bool dispatching;               /* a batch of ready events is running */
};

/* Returns 0 or VOW_ENOMEM (no epoll instance: out of fds or memory). */
int vow__io_init(struct vow__io *io, int inbox_fd);
/* Drop every watch (their ctx_dtors run) and close the epoll fd. */
void vow__io_fini(struct vow__io *io);

/*
 * Wait up to timeout_ns (-1: no limit, 0: just look) for the inbox or a
 * watched fd; drain the inbox's eventfd if it fired, and run the callback
 * of every ready watch as a macrotask followed by a checkpoint.  Returns
 * true if a watch's callback ran.
 */
bool vow__io_wait_owner(vow_loop *loop, int64_t timeout_ns);

#endif /* VOW_LOOP_IO_H */
