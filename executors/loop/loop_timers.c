/*
 * loop_timers.c - setTimeout / setInterval / clearTimeout on the loop, and
 * firing the timers that are due.
 *
 * Node semantics reproduced here (checked against Node 20):
 *   - a delay of 0 is 1 ms;
 *   - a timer's deadline is the loop clock at the call + ms.  On the real
 *     clock that is a fresh reading (Node's getLibuvNow() updates the
 *     loop time), on the virtual clock it is the virtual now, which inside
 *     a timer callback is that timer's deadline;
 *   - equal deadlines fire in the order set (FIFO);
 *   - an interval's next deadline is the clock when its callback started +
 *     interval (Node: insert(timer, repeat, start)), and it goes after
 *     timers already set for that deadline;
 *   - every timer callback is a macrotask: a checkpoint follows it.
 *
 * KNOWN DIVERGENCE.  Node keeps one list per duration and orders the lists
 * by (expiry, list id), and a list takes a NEW id when its head changes
 * after firing.  So for two timers with equal deadlines and different
 * durations Node may fire the later-set one first, e.g. (virtual times)
 * x = setTimeout(50) set at 30, y = setTimeout(40) set at 40, with the 50 ms
 * list re-keyed at 50 by another timer: Node fires y, x; we fire x, y
 * (set order).  Only exact-millisecond coincidences of this shape differ.
 */
#include "loop_impl.h"

/* The end of a timer's life: free it, then its ctx_dtor. */
static void timer_free(struct vow__timer *tm)
{
	vow_dtor_fn dtor = tm->ctx_dtor;
	void *ctx = tm->ctx;

	vow__free(tm);
	if (dtor != NULL)
		dtor(ctx);
}

static vow_timer_id timer_set(vow_loop *loop, vow_task_fn fn, void *ctx, vow_dtor_fn ctx_dtor,
			      uint64_t ms, bool repeat)
{
	struct vow__timer *tm = NULL;
	uint64_t now;
	int err = 0;

	if (loop == NULL || fn == NULL)
		err = VOW_EINVAL;
	else if (!vow__loop_is_owner_any(loop))
		err = VOW_ETHREAD;
	else if ((tm = vow__malloc(sizeof *tm)) == NULL)
		err = VOW_ENOMEM;
	else if ((err = vow__timers_reserve(&loop->timers)) != 0)
		vow__free(tm);
	if (err != 0) {
		if (ctx_dtor != NULL)
			ctx_dtor(ctx);
		vow__set_last_error(err);
		return 0;
	}
	if (ms == 0)
		ms = 1;
	now = vow__clock_now_any(&loop->clock);
	tm->deadline = ms > UINT64_MAX - now ? UINT64_MAX : now + ms;
	tm->interval = repeat ? ms : 0;
	tm->fn = fn;
	tm->ctx = ctx;
	tm->ctx_dtor = ctx_dtor;
	vow__timers_add(&loop->timers, tm);
	return tm->id;
}

vow_timer_id vow_loop_set_timeout(vow_loop *loop, vow_task_fn fn, void *ctx,
				  vow_dtor_fn ctx_dtor, uint64_t ms)
{
	return timer_set(loop, fn, ctx, ctx_dtor, ms, false);
}

vow_timer_id vow_loop_set_interval(vow_loop *loop, vow_task_fn fn, void *ctx,
				   vow_dtor_fn ctx_dtor, uint64_t ms)
{
	return timer_set(loop, fn, ctx, ctx_dtor, ms, true);
}

int vow_loop_clear_timer(vow_loop *loop, vow_timer_id id)
{
	struct vow__timer *tm;

	if (loop == NULL)
		return VOW_EINVAL;
	if (!vow__loop_is_owner_any(loop))
		return VOW_ETHREAD;
	tm = id == 0 ? NULL : vow__timers_find(&loop->timers, id);
	if (tm == NULL)
		return VOW_ENOTFOUND;
	if (tm->heap_pos == VOW__TIMER_NOT_IN_HEAP) {
		/* An interval clearing itself from its callback: fire_one frees it. */
		vow__timers_forget(&loop->timers, tm);
		tm->cleared = true;
		return 0;
	}
	vow__timers_forget(&loop->timers, tm);
	timer_free(tm);
	return 0;
}

static void fire_one(vow_loop *loop, struct vow__timer *tm)
{
	uint64_t start;

	if (tm->interval == 0) {
		vow_task_fn fn = tm->fn;
		vow_dtor_fn dtor = tm->ctx_dtor;
		void *ctx = tm->ctx;

		/* A timeout is no longer active once it fires (clear: ENOTFOUND). */
		vow__timers_forget(&loop->timers, tm);
		vow__free(tm);
		fn(ctx);
		if (dtor != NULL)
			dtor(ctx);
		return;
	}
	start = vow__clock_now_any(&loop->clock);
	tm->fn(tm->ctx);
	if (tm->cleared) {
		timer_free(tm);
		return;
	}
	tm->deadline = tm->interval > UINT64_MAX - start ? UINT64_MAX : start + tm->interval;
	vow__timers_rearm(&loop->timers, tm); /* cannot fail: timers.h INVARIANT */
}

void vow__loop_fire_timers_owner(vow_loop *loop, uint64_t now)
{
	struct vow__timer *tm;

	assert(vow__loop_is_owner_any(loop));
	while ((tm = vow__timers_peek(&loop->timers)) != NULL && tm->deadline <= now) {
		(void)vow__timers_pop(&loop->timers);
		fire_one(loop, tm);
		vow__loop_checkpoint_owner(loop);
	}
}

void vow__loop_drop_timers_owner(vow_loop *loop)
{
	vow__timers_fini(&loop->timers, timer_free);
}
