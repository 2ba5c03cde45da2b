/*
 * libuv_embed.c - vow's loop inside a libuv loop.
 *
 * The thread belongs to libuv (uv_run).  vow's loop is driven by two
 * libuv handles, the way one event loop is embedded in another:
 *
 *   - a uv_poll on vow_loop_backend_fd(), readable when another thread
 *     posts to the vow loop, a watched fd is ready, or a vow timer is due;
 *   - a uv_timer armed to vow_loop_backend_timeout(), for the work vow's
 *     own thread queued and for the next vow timer.
 *
 * Either one calls drive(): every vow turn that can run now, then the
 * timeout again.  Timers of the two libraries interleave by their
 * deadlines (50 ms apart, so the order holds on a busy machine too).  A
 * libuv timer starts a thread that posts to the vow loop; until it has,
 * a vow_loop_ref keeps the vow loop from counting as idle.  When the vow
 * loop has nothing left, drive() closes the two handles and uv_run
 * returns.
 */
#include <pthread.h>
#include <stdio.h>
#include <uv.h>
#include <vow/vow.h>

static vow_loop *vloop;
static uv_poll_t vow_fd;
static uv_timer_t vow_wakeup;

static void drive(void);

static void on_vow_fd(uv_poll_t *handle, int status, int events)
{
	(void)handle;
	(void)status;
	(void)events;
	drive();
}

static void on_vow_wakeup(uv_timer_t *handle)
{
	(void)handle;
	drive();
}

static void drive(void)
{
	int64_t timeout;
	int rc;

	while ((rc = vow_loop_run_once(vloop, false)) == VOW_LOOP_RAN)
		;
	if (rc == 0) { /* idle: nothing left for vow to do */
		uv_close((uv_handle_t *)&vow_fd, NULL);
		uv_close((uv_handle_t *)&vow_wakeup, NULL);
		return;
	}
	timeout = vow_loop_backend_timeout(vloop);
	if (timeout < 0)
		uv_timer_stop(&vow_wakeup);
	else
		uv_timer_start(&vow_wakeup, on_vow_wakeup, (uint64_t)timeout, 0);
}

/* ---- the vow side ------------------------------------------------------------ */

static void last_vow_timer(void *ctx)
{
	(void)ctx;
	printf("vow: the timer it set fires; nothing is left for vow to do\n");
}

static void posted(void *ctx)
{
	(void)ctx;
	printf("vow: the posted task runs on libuv's thread and sets a timer for 50 ms\n");
	vow_loop_set_timeout(vloop, last_vow_timer, NULL, NULL, 50);
}

static void *poster(void *arg)
{
	(void)arg;
	vow_loop_post(vloop, posted, NULL, NULL);
	vow_loop_unref(vloop); /* the post is queued: the loop may go idle after it */
	return NULL;
}

static void resolve_it(void *ctx)
{
	printf("vow: timer at 100 ms resolves a promise\n");
	vow_resolver_resolve(ctx, vow_str("hello from vow"));
	vow_resolver_release(ctx);
}

static vow_outcome fulfilled(void *ctx, vow_value v)
{
	(void)ctx;
	printf("vow: its then() runs in the same turn: \"%s\"\n", vow_str_cstr(v));
	return vow_return(vow_undefined());
}

/* ---- the libuv side ------------------------------------------------------------ */

static void uv_at_50(uv_timer_t *handle)
{
	(void)handle;
	printf("uv:  timer at 50 ms\n");
}

static void uv_at_150(uv_timer_t *handle)
{
	pthread_t thread;

	(void)handle;
	printf("uv:  timer at 150 ms starts a thread that posts to vow\n");
	pthread_create(&thread, NULL, poster, NULL);
	pthread_join(thread, NULL);
}

int main(void)
{
	uv_loop_t uvloop;
	uv_timer_t at_50, at_150;
	vow_resolver *r;
	vow_promise *p, *q;

	vloop = vow_loop_new(0);
	p = vow_promise_with_resolvers(vow_loop_executor(vloop), &r);
	q = vow_promise_then(p, fulfilled, NULL, NULL, NULL);
	vow_loop_set_timeout(vloop, resolve_it, r, NULL, 100);
	vow_loop_ref(vloop); /* for the thread that will post */

	uv_loop_init(&uvloop);
	uv_timer_init(&uvloop, &at_50);
	uv_timer_init(&uvloop, &at_150);
	uv_timer_start(&at_50, uv_at_50, 50, 0);
	uv_timer_start(&at_150, uv_at_150, 150, 0);
	uv_poll_init(&uvloop, &vow_fd, vow_loop_backend_fd(vloop));
	uv_poll_start(&vow_fd, UV_READABLE, on_vow_fd);
	uv_timer_init(&uvloop, &vow_wakeup);
	drive(); /* the first turn, and the first timeout */

	uv_run(&uvloop, UV_RUN_DEFAULT);
	printf("main: uv_run returned; both loops are done\n");

	uv_close((uv_handle_t *)&at_50, NULL);
	uv_close((uv_handle_t *)&at_150, NULL);
	uv_run(&uvloop, UV_RUN_DEFAULT); /* the close callbacks */
	uv_loop_close(&uvloop);
	vow_promise_release(p);
	vow_promise_release(q);
	vow_loop_free(vloop);
	return 0;
}
